// Response shapes of the supervision routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { Type } from '@sinclair/typebox'
import { Shape, StringEnum } from '../policies/index.js'
import { FREQUENCIES } from './supervision.types.js'

const Strings = Type.Array(Type.String())
const ratio = {
  percent: Type.Number(),
  minimum: Type.Integer(),
  frequency: StringEnum(FREQUENCIES),
}

export const SupervisionPolicySchema = Shape({
  code: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  status: StringEnum(['active', 'retired']),
  model: Type.String(),
  strata: Type.Array(Shape({ grade: Type.String(), ...ratio, measures: Strings })),
  ungraded: Type.Union([Shape(ratio), Type.Null()]),
  inspectorsPerTarget: Type.Integer(),
  excludeSameDistrict: Type.Boolean(),
  basis: Strings,
})

export const SupervisionPolicyDiff = Shape({
  code: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Shape({ property: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
})
