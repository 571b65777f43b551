// The tables the grade-stats read model reads (the boundary tests hold it to this list).
export const reads = ['grades', 'entities'] as const
