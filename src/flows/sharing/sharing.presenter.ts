// Response schemas (whitelists) of the sharing query.
import { Type } from '@sinclair/typebox'
import { Fields, StringOrNull } from '../../http/typed.js'
import { recordSummarySchema } from '../../modules/public/index.js'

const str = Type.String()
const nstr = StringOrNull()
const int = Type.Integer()

export const SharedRecordSchema = Type.Composite([recordSummarySchema, Fields({ scope: str, provider: str })])

export const SharedEntitySchema = Fields({
  id: str,
  kind: str,
  name: str,
  uscc: nstr,
  idMasked: nstr,
  district: nstr,
  status: str,
})

const ShareRowSchema = Fields({
  index: int,
  status: Type.Union([Type.Literal('matched'), Type.Literal('unresolved'), Type.Literal('refused')]),
  entity: SharedEntitySchema,
  total: int,
  records: Type.Array(SharedRecordSchema),
  reason: str,
  cause: nstr,
  message: str,
  candidates: Type.Array(Fields({ entityId: str, name: str, uscc: nstr })),
  error: Fields({ code: str, message: str }),
})

export const ShareAnswerSchema = Fields({
  purpose: str,
  asOf: str,
  classes: Type.Union([Type.Array(str), Type.Null()]),
  matched: int,
  unresolved: int,
  items: Type.Array(ShareRowSchema),
})

export const EntityShareSchema = Fields({
  purpose: str,
  asOf: str,
  entity: SharedEntitySchema,
  total: int,
  records: Type.Array(SharedRecordSchema),
})
