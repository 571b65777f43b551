// The tables the check-triggers read model reads (checked by test/architecture): records (owned by modules/records)
// record_marks (owned by modules/marks) and federation_records (owned by modules/federation: a peer's record whose
// class is not one of the peer's measure classes does not count in local checks).
export const reads = ['records', 'record_marks', 'federation_records'] as const
