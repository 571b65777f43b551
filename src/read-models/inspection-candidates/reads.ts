// The tables the inspection-candidates read model reads (the boundary tests hold it to this list).
export const reads = ['entities', 'grades'] as const
