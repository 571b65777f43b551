// The public read model: the reads behind the public API (社会公开) - entity files, records, lists and figures -
// spanning records, their versions and entities for speed. Used by the public module (src/modules/public) only. It
// only reads (its tables: reads.ts); what may be shown is decided by the disclosure module.
export {
  type CategoryGroup,
  candidateRecordsOfEntity,
  countListEntries,
  countOrganisations,
  type DistrictGroup,
  entityHeads,
  type ListEntryRow,
  listEntries,
  type PublicityFilter,
  type PublicityRow,
  publicityDepartments,
  publicityEntries,
  type RecordWithPayload,
  recordsByCategory,
  recordsByDistrict,
  recordWithPayload,
} from './queries.js'
export { reads } from './reads.js'
