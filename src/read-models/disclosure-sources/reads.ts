// The tables the disclosure-sources read model reads (the boundary tests hold it to this list).
export const reads = ['records', 'record_marks'] as const
