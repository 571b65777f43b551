// Response shapes of the grading routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { Type } from '@sinclair/typebox'
import { NullableString, Shape, StringEnum, versionInfoProperties } from '../policies/index.js'

const Strings = Type.Array(Type.String())

export const GradingModelSchema = Shape({
  code: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  status: StringEnum(['active', 'retired']),
  subjectKinds: Strings,
  industries: Strings,
  objections: StringEnum(['count', 'exclude']),
  dimensions: Type.Array(
    Shape({ code: Type.String(), label: Type.String(), base: Type.Integer(), max: Type.Integer() }),
  ),
  items: Type.Array(
    Shape({
      code: Type.String(),
      label: Type.String(),
      dimension: Type.String(),
      classes: Strings,
      severities: Strings,
      points: Type.Integer(),
      amount: Type.Union([
        Shape({ field: Type.String(), step: Type.Integer(), points: Type.Integer(), maxPoints: Type.Integer() }),
        Type.Null(),
      ]),
      decay: Type.Array(Shape({ fromMonths: Type.Integer(), percent: Type.Integer() })),
      cap: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  bands: Type.Array(Shape({ grade: Type.String(), label: Type.String(), min: Type.Integer(), max: Type.Integer() })),
  basis: Strings,
})

export const GradingModelDiff = Shape({
  code: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Shape({ property: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
})

const gradeProperties = {
  model: Type.String(),
  modelName: Type.String(),
  version: Type.Integer(),
  asOf: Type.String(),
  base: Type.Integer(),
  score: Type.Integer(),
  grade: Type.String(),
  gradeLabel: Type.String(),
  underObjection: Type.Boolean(),
  dimensions: Type.Array(
    Shape({ code: Type.String(), label: Type.String(), score: Type.Integer(), max: Type.Integer() }),
  ),
  reasons: Type.Array(Shape({ code: Type.String(), label: Type.String(), points: Type.Integer(), records: Strings })),
  stored: Type.Boolean(),
  gradedAt: NullableString,
}

/** An entity's grade with every reason (base + Σ reasons[].points = score). */
export const GradeSchema = Shape(gradeProperties)

export const WhatIfSchema = Shape({
  ...gradeProperties,
  excluded: Strings,
  actual: Shape({ score: Type.Integer(), grade: Type.String() }),
})

export const GradeHistorySchema = Shape({
  items: Type.Array(
    Shape({
      model: Type.String(),
      version: Type.Integer(),
      asOf: Type.String(),
      score: Type.Integer(),
      grade: Type.String(),
      current: Type.Boolean(),
      gradedAt: Type.String(),
    }),
  ),
})

/** One version of the grade publication policy (its bookkeeping and the models it publishes). */
export const PublicationVersionSchema = Shape({
  ...versionInfoProperties,
  publication: Shape({ models: Strings, basis: Strings }),
})

export const PublicationDiff = Shape({
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Shape({ property: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
})

export const ModelCheckSchema = Shape({
  problems: Type.Array(Shape({ path: Type.String(), message: Type.String() })),
})

const counts = Type.Record(Type.String(), Type.Integer())
const group = Shape({ code: NullableString, name: NullableString, total: Type.Integer(), counts })

export const GradeStatsSchema = Shape({
  model: Type.String(),
  modelName: Type.String(),
  version: Type.Integer(),
  grades: Type.Array(Shape({ grade: Type.String(), label: Type.String() })),
  today: Type.String(),
  total: Type.Integer(),
  queued: Type.Integer(),
  byGrade: Type.Array(Shape({ grade: Type.String(), n: Type.Integer() })),
  byDistrict: Type.Array(group),
  byIndustry: Type.Array(group),
  overTime: Type.Array(Shape({ month: Type.String(), day: Type.String(), total: Type.Integer(), counts })),
})
