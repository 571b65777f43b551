/** The tables the public read model reads (never writes). */
export const reads = ['records', 'record_versions', 'entities'] as const
