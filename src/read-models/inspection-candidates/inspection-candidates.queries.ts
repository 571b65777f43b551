// Read model "inspection candidates": the organisations an inspection plan may draw (entities of the kinds, sections
// and districts, in business) with their current grade by one model (grades). Used by the inspections module when it
// freezes a plan; it never writes.
import type { Db } from '../../db/database.js'

export interface CandidateRow {
  id: string
  district: string | null
  /** The current grade by the model; null when the entity has none. */
  grade: string | null
  /** The model version of that grade. */
  model_version: number | null
}

export interface CandidateScope {
  kinds: readonly string[]
  /** GB/T 4754 sections; empty: any (entities without one included). */
  industries: readonly string[]
  /** GB/T 2260 district codes; empty: any. */
  districts: readonly string[]
  model: string
}

/**
 * The active organisations of the scope with their current grade by the model, a page after `after` (by id). The
 * caller sorts (collations differ between the databases).
 */
export async function candidatesPage(
  db: Db,
  scope: CandidateScope,
  after: string | null,
  limit: number,
): Promise<CandidateRow[]> {
  let q = db
    .selectFrom('entities as e')
    .leftJoin('grades as g', (j) =>
      j.onRef('g.entity_id', '=', 'e.id').on('g.model_code', '=', scope.model).on('g.is_current', '=', 1),
    )
    .select(['e.id as id', 'e.district as district', 'g.grade as grade', 'g.model_version as model_version'])
    .where('e.kind', 'in', scope.kinds.length ? [...scope.kinds] : ['-'])
    .where('e.status', '=', 'active')
  if (scope.industries.length) q = q.where('e.industry', 'in', [...scope.industries])
  if (scope.districts.length) q = q.where('e.district', 'in', [...scope.districts])
  if (after !== null) q = q.where('e.id', '>', after)
  const rows = await q.orderBy('e.id').limit(limit).execute()
  return rows.map((r) => ({
    id: r.id,
    district: r.district,
    grade: r.grade,
    model_version: r.model_version === null ? null : Number(r.model_version),
  }))
}
