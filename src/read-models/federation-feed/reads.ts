// The tables the federation-feed read model reads (checked by test/architecture): the change feed, records and their
// versions (owned by modules/records) and the provenance of peers' records (owned by modules/federation).
export const reads = ['record_changes', 'records', 'record_versions', 'federation_records'] as const
