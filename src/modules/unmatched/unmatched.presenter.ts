// Response shapes of the queue of unmatched subjects (JSON Schema: serialisation whitelist and OpenAPI).
import { Type } from '@sinclair/typebox'
import { UNRESOLVED_CAUSES } from '../entities/index.js'
import { Fields, FieldsOrNull, StringEnum, StringOrNull } from '../../http/typed.js'
import { ENTRY_STATUSES, ROW_STATUSES } from './unmatched.types.js'

const str = Type.String()
const strOrNull = StringOrNull()
const int = Type.Integer()
const strings = Type.Array(str)

export const candidateSchema = Fields({
  entityId: str,
  name: str,
  uscc: strOrNull,
  kind: str,
  district: strOrNull,
  districtName: strOrNull,
  status: str,
  codes: Type.Array(Fields({ scheme: str, value: str })),
  matchedBy: strings,
})

const entryProperties = {
  id: str,
  status: StringEnum(ENTRY_STATUSES),
  cause: StringEnum(UNRESOLVED_CAUSES),
  message: str,
  subject: Fields({
    name: strOrNull,
    uscc: strOrNull,
    codes: strings,
    kind: strOrNull,
    district: strOrNull,
    districtName: strOrNull,
    category: strOrNull,
    legalRep: strOrNull,
  }),
  rows: Fields({
    pending: int,
    released: int,
    resubmitted: int,
    withdrawn: int,
    batches: int,
    depts: strings,
    classes: strings,
  }),
  firstSeenAt: str,
  lastSeenAt: str,
  entity: FieldsOrNull({ id: str, name: str, uscc: strOrNull }),
  decidedAt: strOrNull,
  decidedBy: strOrNull,
  reason: strOrNull,
  candidates: Type.Array(candidateSchema),
}

export const entrySchema = Fields(entryProperties)

export const queueRowSchema = Fields({
  batchId: str,
  rowNo: int,
  dept: str,
  class: str,
  classVersion: int,
  documentNo: strOrNull,
  decidedOn: strOrNull,
  fileName: strOrNull,
  submittedAt: str,
  status: StringEnum(ROW_STATUSES),
  outcome: strOrNull,
  outcomeMessage: strOrNull,
  recordId: strOrNull,
  resubmittedBatchId: strOrNull,
  settledAt: strOrNull,
})

/** An entry with its rows (the response schema of an entry; typed routes take their handler types from it). */
export const EntryDetailSchema = Fields({ ...entryProperties, items: Type.Array(queueRowSchema) })

/** A page of entries. */
export const EntryPageSchema = Fields({ total: int, page: int, pageSize: int, items: Type.Array(entrySchema) })

/** What a match or a registration did: the entry as it is now, and each released row's outcome. */
export const ReleaseSchema = Fields({
  entry: EntryDetailSchema,
  released: int,
  added: int,
  corrected: int,
  revoked: int,
  duplicates: int,
  rejected: int,
  withdrawn: int,
  /** Codes the registered entity does not claim (another entity holds them). */
  leftCodes: Type.Array(Fields({ scheme: str, value: str, entityId: str })),
})
