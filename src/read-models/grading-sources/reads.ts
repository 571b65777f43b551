// The tables the grading-sources read model reads (the boundary tests hold it to this list).
export const reads = ['entities', 'entity_changes', 'records', 'record_versions', 'record_marks'] as const
