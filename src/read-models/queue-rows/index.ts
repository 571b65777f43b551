// The queue-rows read model: the rows of an entry of the queue of unmatched subjects (待匹配主体) with the batch each
// came in (its time, file and status), in submission order. Used by the unmatched module (entry detail, release).
// It only reads (its tables: reads.ts).
export { type QueueRowOfBatch, rowsOfEntry } from './queries.js'
export { reads } from './reads.js'
