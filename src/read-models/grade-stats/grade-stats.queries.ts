// Read model "grade stats": the distribution of a model's grades (the console's 评价分布) - the current grades by
// grade, by the entities' district and GB/T 4754 section, and the grade each entity had at the end of past months,
// read from the grades history. One query per figure, the same SQL on SQLite and PostgreSQL; it never writes.
import type { Db } from '../../db/database.js'

export interface GradeCount {
  grade: string
  n: number
}

export interface GroupedGradeCount extends GradeCount {
  /** District code or GB/T 4754 section; null when the entity has none. */
  key: string | null
}

/** The current grades of a model by grade. */
export async function currentByGrade(db: Db, model: string): Promise<GradeCount[]> {
  const rows = await db
    .selectFrom('grades')
    .select(['grade', (eb) => eb.fn.countAll<number>().as('n')])
    .where('model_code', '=', model)
    .where('is_current', '=', 1)
    .groupBy('grade')
    .execute()
  return rows.map((r) => ({ grade: r.grade, n: Number(r.n) }))
}

/** The current grades of a model by the entities' district (`district`) or industry section (`industry`). */
export async function currentByEntityColumn(
  db: Db,
  model: string,
  column: 'district' | 'industry',
): Promise<GroupedGradeCount[]> {
  const rows = await db
    .selectFrom('grades as g')
    .innerJoin('entities as e', 'e.id', 'g.entity_id')
    .select([`e.${column} as key`, 'g.grade as grade', (eb) => eb.fn.countAll<number>().as('n')])
    .where('g.model_code', '=', model)
    .where('g.is_current', '=', 1)
    .groupBy([`e.${column}`, 'g.grade'])
    .execute()
  return rows.map((r) => ({ key: (r.key as string | null) ?? null, grade: r.grade, n: Number(r.n) }))
}

/**
 * The grades of a model as of the end of a day `day` (YYYY-MM-DD): per entity the latest history row whose as-of
 * date is on or before it (later as-of first, then the later grading, then the id), counted by grade.
 */
export async function gradesAsOf(db: Db, model: string, day: string): Promise<GradeCount[]> {
  const rows = await db
    .selectFrom('grades as g')
    .select(['g.grade', (eb) => eb.fn.countAll<number>().as('n')])
    .where('g.model_code', '=', model)
    .where('g.as_of', '<=', day)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('grades as h')
            .select('h.id')
            .whereRef('h.model_code', '=', 'g.model_code')
            .whereRef('h.entity_id', '=', 'g.entity_id')
            .where('h.as_of', '<=', day)
            .where((eb) =>
              eb.or([
                eb('h.as_of', '>', eb.ref('g.as_of')),
                eb.and([eb('h.as_of', '=', eb.ref('g.as_of')), eb('h.graded_at', '>', eb.ref('g.graded_at'))]),
                eb.and([
                  eb('h.as_of', '=', eb.ref('g.as_of')),
                  eb('h.graded_at', '=', eb.ref('g.graded_at')),
                  eb('h.id', '>', eb.ref('g.id')),
                ]),
              ]),
            ),
        ),
      ),
    )
    .groupBy('g.grade')
    .execute()
  return rows.map((r) => ({ grade: r.grade, n: Number(r.n) }))
}

/** The earliest as-of date of a model's grades (null: never graded). */
export async function firstGradedOn(db: Db, model: string): Promise<string | null> {
  const row = await db
    .selectFrom('grades')
    .select((eb) => eb.fn.min('as_of').as('first'))
    .where('model_code', '=', model)
    .executeTakeFirst()
  return (row?.first as string | null | undefined) ?? null
}
