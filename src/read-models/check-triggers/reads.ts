// The tables the check-triggers read model reads (checked by test/architecture): records (owned by modules/records)
// and record_marks (owned by modules/marks).
export const reads = ['records', 'record_marks'] as const
