// Response shapes of the deadline routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { Type } from '@sinclair/typebox'
import { Shape } from '../policies/index.js'

/** A deadline code in an address: `<case>.<step>`, e.g. objection.accept. */
export const DeadlineCodeParams = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}\\.[a-z][a-z0-9_]{1,31}$' }),
})

export const DeadlinePolicySchema = Shape({
  code: Type.String(),
  version: Type.Integer(),
  nameZh: Type.String(),
  workingDays: Type.Integer(),
  from: Type.String(),
  basis: Type.Array(Type.String()),
  source: Type.String(),
  updatedAt: Type.String(),
})

export const DeadlineDiff = Shape({
  code: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Shape({ property: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
})

export const ComputeQuery = Type.Object({
  start: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  workingDays: Type.Integer({ minimum: 0, maximum: 365 }),
})

export const DeadlineAnswer = Shape({ due: Type.String(), provisional: Type.Boolean() })
