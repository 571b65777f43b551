// Response shapes of the escalation rule routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { Type } from '@sinclair/typebox'
import { NullableString, Shape, StringEnum } from '../policies/index.js'

export const RuleSchema = Shape({
  enabled: Type.Boolean(),
  generalRecords: Type.Integer(),
  withinMonths: Type.Integer(),
  classes: Type.Array(Type.String()),
  focusMonths: Type.Integer(),
  department: NullableString,
  basis: Type.Array(Type.String()),
})

/** One version of the rule: the rule with the shared version bookkeeping (the versions list serves the same), in the order served. */
export const RuleVersionSchema = Shape({
  version: Type.Integer(),
  rule: RuleSchema,
  source: StringEnum(['default', 'operator']),
  hash: Type.String(),
  isCurrent: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: NullableString,
  reason: NullableString,
})
