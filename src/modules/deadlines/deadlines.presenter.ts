// Response shapes of the deadline routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { type Static, Type } from '@sinclair/typebox'
import { Shape } from '../policies/index.js'

/** A deadline code in an address: `<case>.<step>`, e.g. objection.accept. */
export const DeadlineCodeParams = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}\\.[a-z][a-z0-9_]{1,31}$' }),
})

const policyProperties = {
  code: Type.String(),
  version: Type.Integer(),
  nameZh: Type.String(),
  workingDays: Type.Integer(),
  from: Type.String(),
  basis: Type.Array(Type.String()),
}

/** One version of a deadline policy (its definition with its version number). */
export const DeadlinePolicySchema = Shape(policyProperties)

/** A current policy in the list, with who made it current and when. */
export const DeadlineSummarySchema = Shape({ ...policyProperties, source: Type.String(), updatedAt: Type.String() })

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

/** What the public may read of a current policy: the step, its working days and where the count starts. */
export const PublicDeadlineSchema = Shape({
  code: Type.String(),
  nameZh: Type.String(),
  workingDays: Type.Integer(),
  from: Type.String(),
  version: Type.Integer(),
})
export type PublicDeadlineJson = Static<typeof PublicDeadlineSchema>

export function presentPublicDeadline(p: {
  code: string
  nameZh: string
  workingDays: number
  from: string
  version: number
}): PublicDeadlineJson {
  return { code: p.code, nameZh: p.nameZh, workingDays: p.workingDays, from: p.from, version: p.version }
}
