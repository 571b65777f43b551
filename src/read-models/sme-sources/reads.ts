// The tables the sme-sources read model reads (the boundary tests hold it to this list).
export const reads = ['entities', 'grades', 'records'] as const
