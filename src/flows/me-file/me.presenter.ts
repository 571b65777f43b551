// The response schemas of the subject's file and the access logs (TypeBox): a field not named here is not sent.
import { Type } from '@sinclair/typebox'
import { Nullable } from '../../http/typed.js'
import { commitmentSchema, summarySchema } from '../../modules/commitments/index.js'
import { EntitySchema } from '../../modules/entities/index.js'
import { GradeSchema } from '../../modules/grading/index.js'

const Str = Type.String()
const NStr = Nullable(Type.String())
const Int = Type.Integer()
const Counts = Type.Record(Type.String(), Type.Integer())

const FieldSchema = Type.Object({ code: Str, label: Str, value: Type.Unknown(), type: Str })

const VersionSchema = Type.Object({
  version: Int,
  op: Str,
  state: Str,
  current: Type.Boolean(),
  at: Str,
  reason: NStr,
  fields: Type.Array(FieldSchema),
})

export const MeRecordSchema = Type.Object({
  id: Str,
  class: Str,
  className: Str,
  category: Str,
  categoryLabel: Str,
  scope: Str,
  state: Str,
  expired: Type.Boolean(),
  corrected: Type.Boolean(),
  status: Str,
  polarity: Str,
  severity: NStr,
  decidedOn: NStr,
  documentNo: NStr,
  authority: NStr,
  provider: Str,
  providerName: NStr,
  publication: Nullable(Type.Object({ from: Str, until: Str })),
  list: Nullable(Type.Object({ kind: Str, until: NStr })),
  version: Int,
  marks: Type.Array(Str),
  fields: Type.Array(FieldSchema),
  history: Type.Array(VersionSchema),
})

const MarkSchema = Type.Object({
  recordId: Str,
  kind: Str,
  label: Str,
  open: Type.Boolean(),
  openedAt: Str,
  openReason: Str,
  closedAt: NStr,
  closeReason: NStr,
})

const ListEntrySchema = Type.Object({
  kind: Str,
  class: Str,
  className: Str,
  recordId: Str,
  listedOn: NStr,
  until: NStr,
  basis: NStr,
  authority: NStr,
  legalBasis: Type.Array(Str),
  state: Str,
  status: Str,
})

const CheckSchema = Type.Object({
  checkId: Str,
  at: Str,
  scenario: Str,
  dept: NStr,
  deptName: NStr,
  purpose: NStr,
  outcome: Str,
  hitCount: Int,
  measures: Type.Array(Str),
})

const CaseSchema = Type.Object({
  kind: Str,
  id: Str,
  number: NStr,
  recordId: NStr,
  state: Str,
  openedAt: Str,
  dueOn: NStr,
  closedAt: NStr,
})

/** GET /api/v1/me/file */
export const MeFileSchema = Type.Object({
  entity: EntitySchema,
  generatedAt: Str,
  records: Type.Object({
    total: Int,
    byScope: Counts,
    byStatus: Counts,
    categories: Type.Array(Type.Object({ code: Str, label: Str, count: Int, records: Type.Array(MeRecordSchema) })),
  }),
  marks: Type.Array(MarkSchema),
  lists: Type.Array(ListEntrySchema),
  commitments: Type.Object({
    summary: Type.Unsafe(summarySchema),
    items: Type.Array(Type.Unsafe(commitmentSchema)),
  }),
  checks: Type.Object({ total: Int, items: Type.Array(CheckSchema) }),
  cases: Type.Array(CaseSchema),
  grades: Type.Array(GradeSchema),
})

const entryProps = {
  eventId: Str,
  at: Str,
  date: Str,
  kind: Str,
  kindLabel: Str,
  what: Str,
  dept: NStr,
  deptName: NStr,
  role: NStr,
  roleLabel: NStr,
  purpose: NStr,
  scenario: NStr,
  recordId: NStr,
  checkId: NStr,
  batchId: NStr,
}

export const AccessLogEntrySchema = Type.Object(entryProps)
export const OperatorAccessLogEntrySchema = Type.Object({
  ...entryProps,
  actor: NStr,
  actorKind: Str,
  requestId: NStr,
})

const pageProps = { entityId: Str, from: NStr, to: NStr, total: Int, page: Int, pageSize: Int }

/** GET /api/v1/me/access-log */
export const AccessLogSchema = Type.Object({ ...pageProps, items: Type.Array(AccessLogEntrySchema) })
/** GET /api/v1/entities/:id/access-log */
export const OperatorAccessLogSchema = Type.Object({ ...pageProps, items: Type.Array(OperatorAccessLogEntrySchema) })
