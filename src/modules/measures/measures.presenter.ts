// Response shapes of the measure routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { Type } from '@sinclair/typebox'
import { NullableString, Shape, StringEnum } from '../policies/index.js'

const Strings = Type.Array(Type.String())

/** A trigger: its type, and whatever else that type of trigger names. */
export const Trigger = Type.Object({ type: Type.String() }, { additionalProperties: true })

export const Exclusion = Type.Object({
  type: StringEnum(['list', 'record']),
  listKind: Type.Optional(StringEnum(['red', 'black', 'focus'])),
  class: Type.Optional(Type.String()),
  minSeverity: Type.Optional(StringEnum(['minor', 'general', 'serious'])),
  reason: Type.String(),
})

export const MeasureSchema = Shape({
  code: Type.String(),
  version: Type.Integer(),
  nameZh: Type.String(),
  kind: StringEnum(['reward', 'punish']),
  content: Type.String(),
  basis: Strings,
  departments: Strings,
  scenarios: Strings,
  triggers: Type.Array(Trigger),
  exclusions: Type.Array(Exclusion),
  subjectKinds: Strings,
  effectiveFrom: Type.String(),
  effectiveTo: NullableString,
  scope: StringEnum(['general', 'field']),
  field: NullableString,
  status: StringEnum(['active', 'retired']),
  source: Type.String(),
  updatedAt: Type.String(),
})

export const MeasureDiff = Shape({
  code: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Shape({ property: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
})
