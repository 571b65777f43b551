// Response shapes of the sme routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { Type } from '@sinclair/typebox'
import { Shape, StringEnum } from '../policies/index.js'
import { EXCLUDING_LISTS } from './sme.types.js'

const Str = Type.String()
const StrOrNull = Type.Union([Type.String(), Type.Null()])

export const ScreeningRuleSchema = Shape({
  code: Str,
  version: Type.Integer(),
  name: Str,
  description: Str,
  status: StringEnum(['active', 'retired']),
  models: Type.Array(Shape({ model: Str, minGrade: Str, redListMinGrade: StrOrNull })),
  excludeLists: Type.Array(StringEnum(EXCLUDING_LISTS)),
  excludeSerious: Type.Boolean(),
  basis: Type.Array(Str),
})

export const ScreeningRuleDiff = Shape({
  code: Str,
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Shape({ property: Str, before: Type.Unknown(), after: Type.Unknown() })),
})

export const ScreenedEntitySchema = Shape({
  entityId: Str,
  name: Str,
  kind: Str,
  uscc: StrOrNull,
  district: StrOrNull,
  districtName: StrOrNull,
  industry: StrOrNull,
  model: Str,
  modelName: Str,
  modelVersion: Type.Integer(),
  grade: Str,
  gradeLabel: Str,
  score: Type.Number(),
  asOf: Str,
  redList: Type.Boolean(),
  reasons: Type.Array(Shape({ code: Str, label: Str, records: Type.Array(Str) })),
})

const page = {
  rule: Str,
  ruleVersion: Type.Integer(),
  asOf: Str,
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(ScreenedEntitySchema),
  districts: Type.Array(Shape({ code: Str, name: Str, count: Type.Integer() })),
}

export const ScreenPageSchema = Shape(page)

export const AgencyScreenPageSchema = Shape({
  ...page,
  purpose: Str,
  agency: Shape({ id: Str, name: Str, filingNo: Str }),
  authorised: Type.Integer(),
})

export const ScreenQuerySchema = Type.Object({
  rule: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' })),
  district: Type.Optional(Type.String({ pattern: '^\\d{2,6}$' })),
  industry: Type.Optional(Type.String({ pattern: '^[A-T]$' })),
  grade: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9+-]{0,3}$' })),
  redList: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
})
