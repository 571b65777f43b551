// Every SQL statement on the inspections module's tables: inspectors, declared conflicts, plans and targets.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type {
  InspectionPlansTable,
  InspectionTargetsTable,
  InspectorConflictsTable,
  InspectorsTable,
} from './inspections.tables.js'

export type InspectorRow = Selectable<InspectorsTable>
export type ConflictRow = Selectable<InspectorConflictsTable>
export type PlanRow = Selectable<InspectionPlansTable>
export type TargetRow = Selectable<InspectionTargetsTable>

// ------------------------------------------------------------------------------------------------ inspectors

export async function insertInspector(db: Db, row: Insertable<InspectorsTable>): Promise<void> {
  await db.insertInto('inspectors').values(row).execute()
}

export async function updateInspector(db: Db, id: string, patch: Updateable<InspectorsTable>): Promise<void> {
  await db.updateTable('inspectors').set(patch).where('id', '=', id).execute()
}

export async function findInspector(db: Db, id: string): Promise<InspectorRow | undefined> {
  return db.selectFrom('inspectors').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findInspectorByBadge(db: Db, dept: string, badgeNo: string): Promise<InspectorRow | undefined> {
  return db
    .selectFrom('inspectors')
    .selectAll()
    .where('dept_code', '=', dept)
    .where('badge_no', '=', badgeNo)
    .executeTakeFirst()
}

/** A department's inspectors (every department's when dept is null), by badge number. */
export async function listInspectors(
  db: Db,
  dept: string | null,
  options: { activeOnly?: boolean } = {},
): Promise<InspectorRow[]> {
  let q = db.selectFrom('inspectors').selectAll()
  if (dept !== null) q = q.where('dept_code', '=', dept)
  if (options.activeOnly) q = q.where('status', '=', 'active')
  return q.orderBy('dept_code').orderBy('badge_no').execute()
}

export async function inspectorsByIds(db: Db, ids: readonly string[]): Promise<InspectorRow[]> {
  const out: InspectorRow[] = []
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('inspectors')
        .selectAll()
        .where('id', 'in', unique.slice(i, i + 500))
        .execute()),
    )
  return out
}

// ------------------------------------------------------------------------------------------------ conflicts

export async function insertConflict(db: Db, row: Insertable<InspectorConflictsTable>): Promise<void> {
  await db.insertInto('inspector_conflicts').values(row).execute()
}

export async function findConflict(db: Db, id: string): Promise<ConflictRow | undefined> {
  return db.selectFrom('inspector_conflicts').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function openConflict(db: Db, inspectorId: string, entityId: string): Promise<ConflictRow | undefined> {
  return db
    .selectFrom('inspector_conflicts')
    .selectAll()
    .where('inspector_id', '=', inspectorId)
    .where('entity_id', '=', entityId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
}

export async function withdrawConflict(db: Db, id: string, at: string, by: string | null): Promise<void> {
  await db
    .updateTable('inspector_conflicts')
    .set({ withdrawn_at: at, withdrawn_by: by })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .execute()
}

/** The conflicts of the inspectors (open ones only unless `all`), newest first. */
export async function conflictsOf(
  db: Db,
  inspectorIds: readonly string[],
  options: { all?: boolean } = {},
): Promise<ConflictRow[]> {
  const out: ConflictRow[] = []
  const unique = [...new Set(inspectorIds)]
  for (let i = 0; i < unique.length; i += 500) {
    let q = db
      .selectFrom('inspector_conflicts')
      .selectAll()
      .where('inspector_id', 'in', unique.slice(i, i + 500))
    if (!options.all) q = q.where('withdrawn_at', 'is', null)
    out.push(...(await q.orderBy('created_at', 'desc').execute()))
  }
  return out
}

// ------------------------------------------------------------------------------------------------ plans

export async function insertPlan(db: Db, row: Insertable<InspectionPlansTable>): Promise<void> {
  await db.insertInto('inspection_plans').values(row).execute()
}

export async function findPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findPlanByNumber(db: Db, number: string): Promise<PlanRow | undefined> {
  return db.selectFrom('inspection_plans').selectAll().where('number', '=', number).executeTakeFirst()
}

/** The numbers of plans starting with the prefix (a department's plans of a year). */
export async function planNumbersLike(db: Db, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('inspection_plans')
    .select('number')
    .where((eb) => eb(eb.fn<string>('substr', ['number', eb.lit(1), eb.lit(prefix.length)]), '=', prefix))
    .execute()
  return rows.map((r) => r.number)
}

/**
 * A change of a plan's state, only from the expected status (a concurrent change leaves it untouched): answers
 * whether the row was changed.
 */
export async function updatePlanFrom(
  db: Db,
  id: string,
  fromStatus: string,
  patch: Updateable<InspectionPlansTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('inspection_plans')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function updatePlan(db: Db, id: string, patch: Updateable<InspectionPlansTable>): Promise<void> {
  await db.updateTable('inspection_plans').set(patch).where('id', '=', id).execute()
}

const PLAN_LIST_COLUMNS = [
  'id',
  'number',
  'dept_code',
  'name',
  'matter',
  'industries',
  'districts',
  'period_from',
  'period_to',
  'policy_code',
  'policy_version',
  'status',
  'frozen_hash',
  'seed_hash',
  'seed',
  'candidates',
  'targets',
  'results',
  'strata',
  'created_at',
  'created_by',
  'updated_at',
  'frozen_at',
  'drawn_at',
  'completed_at',
] as const

export type PlanListRow = Pick<PlanRow, (typeof PLAN_LIST_COLUMNS)[number]>

/** Plans, newest first: of a department (or all), of some statuses (or all); a page and the total. */
export async function listPlans(
  db: Db,
  filter: { dept?: string | null; statuses?: readonly string[] },
  offset: number,
  limit: number,
): Promise<{ total: number; rows: PlanListRow[] }> {
  let q = db.selectFrom('inspection_plans')
  if (filter.dept) q = q.where('dept_code', '=', filter.dept)
  if (filter.statuses?.length) q = q.where('status', 'in', [...filter.statuses])
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await q
    .select(PLAN_LIST_COLUMNS)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total, rows }
}

// ------------------------------------------------------------------------------------------------ targets

export async function insertTargets(db: Db, rows: Insertable<InspectionTargetsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('inspection_targets')
      .values(rows.slice(i, i + 200))
      .execute()
}

export async function targetsOf(db: Db, planId: string): Promise<TargetRow[]> {
  return db.selectFrom('inspection_targets').selectAll().where('plan_id', '=', planId).orderBy('position').execute()
}

/** Records a target's result, only if it has none yet: answers whether it did. */
export async function setTargetResult(
  db: Db,
  planId: string,
  position: number,
  patch: Pick<
    Updateable<InspectionTargetsTable>,
    'result' | 'result_detail' | 'inspected_on' | 'document_no' | 'record_id' | 'recorded_at' | 'recorded_by'
  >,
): Promise<boolean> {
  const r = await db
    .updateTable('inspection_targets')
    .set(patch)
    .where('plan_id', '=', planId)
    .where('position', '=', position)
    .where('result', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** The plans (of the given statuses) in which the entity is a target, with its row. */
export async function targetsOfEntity(db: Db, entityId: string): Promise<TargetRow[]> {
  return db.selectFrom('inspection_targets').selectAll().where('entity_id', '=', entityId).execute()
}
