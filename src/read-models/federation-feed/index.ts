// Read model of the federation feed (src/modules/federation): pages of the record change feed for a peer. Reads
// record_changes, records, record_versions and federation_records (see reads.ts); never writes.
export {
  type ExportRow,
  type FeedRow,
  feedHead,
  feedPage,
  feedPendingCount,
  ownRecordsChanged,
} from './federation-feed.queries.js'
