// The tables the record-search read model reads (checked by test/architecture): records and record_versions (owned by modules/records)
// and entities (owned by modules/entities).
export const reads = ['records', 'record_versions', 'entities'] as const
