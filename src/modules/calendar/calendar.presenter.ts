// Schemas of the calendar routes (TypeBox): a year's notice as sent and served, its versions, a working-day answer.
import { Type } from '@sinclair/typebox'
import { NullableString, Shape } from '../policies/index.js'

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2200 }) })

/** A State Council notice for one year (the body of an edit, and `data` of a served version). */
export const YearData = Type.Object(
  {
    source: Type.String({ minLength: 4, maxLength: 500 }),
    holidays: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 50 }),
          dates: Type.Array(DateString, { minItems: 1, maxItems: 40 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    workdays: Type.Array(DateString, { maxItems: 40 }),
  },
  { additionalProperties: false },
)

/** One version of a year without its notice, in the order served. */
const versionProperties = {
  year: Type.Integer(),
  version: Type.Integer(),
  source: Type.String(),
  isCurrent: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: NullableString,
  reason: NullableString,
  hash: Type.String(),
}
export const YearVersionInfo = Shape(versionProperties)

/** One version of a year with its notice. */
export const YearVersion = Shape({ ...versionProperties, data: YearData })

/** The answer of a year's edit: changed false when the notice equals the current version. */
export const YearEditOutcome = Shape({ year: Type.Integer(), version: Type.Integer(), changed: Type.Boolean() })

export const WorkingDaysQuery = Type.Object({
  from: DateString,
  add: Type.Optional(Type.Integer({ minimum: -366, maximum: 366 })),
})

/** A day's kind, and the N-th working day after it when asked. */
export const WorkingDayAnswer = Shape({
  date: Type.String(),
  working: Type.Boolean(),
  kind: Type.String(),
  holiday: Type.String(),
  add: Type.Integer(),
  result: Type.String(),
})

/** Whether next year's notice is loaded, and the console's warning. */
export const CalendarStatusSchema = Shape({
  today: Type.String(),
  lastYear: Type.Union([Type.Integer(), Type.Null()]),
  nextYearMissing: Type.Boolean(),
  warn: Type.Boolean(),
  message: NullableString,
})
