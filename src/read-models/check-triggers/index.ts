// Read model for joint checks (src/modules/checks): the active records that trigger or exclude a measure for a set of
// entities, each with whether an objection is open on it. Reads records and record_marks (see reads.ts); never writes.
export { TRIGGER_COLUMNS, type TriggerRow, triggerRowsOf } from './check-triggers.queries.js'
