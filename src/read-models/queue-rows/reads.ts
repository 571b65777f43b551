/** The tables the queue-rows read model reads (never writes). */
export const reads = ['unmatched_rows', 'batches'] as const
