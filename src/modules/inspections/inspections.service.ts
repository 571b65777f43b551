// 双随机、一公开 inspections (docs/grading.md): the departments' inspector pools and declared conflicts, inspection
// plans and their commit-reveal draws (freeze: candidate document and seed commitment published; draw: seed revealed,
// targets and inspectors drawn from it), the results stored per target, and the verification anyone can repeat.
import { randomBytes } from 'node:crypto'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import { INDUSTRY_SECTIONS, isIsoDate, isKnownRegion, regionFullName } from '../../identifiers/index.js'
import { type CandidateRow, candidatesPage } from '../../read-models/inspection-candidates/index.js'
import { listDepartments } from '../access/index.js'
import { recordAudit, searchAuditEvents } from '../audit/index.js'
import { findSubjectRows, getEntity } from '../entities/index.js'
import { getModel, publishedModels, runGrading } from '../grading/index.js'
import { basisPoints, getSupervisionPolicy, type SupervisionPolicy, UNGRADED } from '../supervision/index.js'
import {
  computeDraw,
  DRAW_FORMAT,
  drawDifferences,
  type FrozenDocument,
  type FrozenStratum,
  frozenText,
  isSeed,
  requestedOf,
  seedCommitment,
  textHash,
} from './inspections.draw.js'
import { inspectionError } from './inspections.errors.js'
import * as repo from './inspections.repository.js'

export const PLAN_STATUSES = ['draft', 'frozen', 'drawn', 'completed'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  draft: '草稿',
  frozen: '已冻结（已公布承诺）',
  drawn: '已抽取（已揭示种子）',
  completed: '已完成（结果已公示）',
}
/** The statuses the public sees (a draft is the department's own). */
export const PUBLIC_STATUSES: readonly PlanStatus[] = ['frozen', 'drawn', 'completed']

const DISTRICT_RE = /^\d{6}$/
const BADGE_RE = /^[A-Za-z0-9-]{2,32}$/

function bad(problems: string[]): never {
  throw inspectionError('inspections.bad_input', { problems })
}

function needDept(actor: Actor): string {
  if (!actor.dept) throw inspectionError('inspections.dept_required')
  return actor.dept
}

const parseList = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : [])

// ------------------------------------------------------------------------------------------------ inspectors

export interface InspectorView {
  id: string
  dept: string
  name: string
  badgeNo: string
  district: string
  districtName: string | null
  status: 'active' | 'inactive'
  createdAt: string
  updatedAt: string
}

function inspectorView(r: repo.InspectorRow): InspectorView {
  return {
    id: r.id,
    dept: r.dept_code,
    name: r.name,
    badgeNo: r.badge_no,
    district: r.district,
    districtName: regionFullName(r.district) ?? null,
    status: r.status === 'inactive' ? 'inactive' : 'active',
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export interface InspectorInput {
  name: string
  badgeNo: string
  district: string
  status?: 'active' | 'inactive' | undefined
}

function checkInspector(input: Partial<InspectorInput>, p: string[]): void {
  if (input.name !== undefined && (input.name.trim().length < 2 || [...input.name].length > 50))
    p.push('name（姓名）为 2 到 50 个字')
  if (input.badgeNo !== undefined && !BADGE_RE.test(input.badgeNo))
    p.push('badgeNo（执法证号）为 2 到 32 位字母、数字或连字符')
  if (input.district !== undefined && (!DISTRICT_RE.test(input.district) || !isKnownRegion(input.district)))
    p.push(`district（所在区县）「${input.district}」不是有效的行政区划代码`)
}

/** The actor's department's inspectors (every department's for an actor without one). */
export async function listInspectorsFor(ctx: Ctx, actor: Actor): Promise<InspectorView[]> {
  return (await repo.listInspectors(ctx.db, actor.dept)).map(inspectorView)
}

async function ownInspector(db: Db, actor: Actor, id: string): Promise<repo.InspectorRow> {
  const row = await repo.findInspector(db, id)
  if (!row || (actor.dept !== null && row.dept_code !== actor.dept))
    throw inspectionError('inspections.inspector_not_found', { id })
  return row
}

/** Adds an inspector to the actor's department's pool (audited). */
export async function createInspector(ctx: Ctx, actor: Actor, input: InspectorInput): Promise<InspectorView> {
  const dept = needDept(actor)
  const p: string[] = []
  checkInspector(input, p)
  if (p.length) bad(p)
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    if (await repo.findInspectorByBadge(trx, dept, input.badgeNo))
      throw inspectionError('inspections.badge_taken', { badgeNo: input.badgeNo })
    const at = now.toISOString()
    const row = {
      id: newId(),
      dept_code: dept,
      name: input.name.trim(),
      badge_no: input.badgeNo,
      district: input.district,
      status: input.status ?? 'active',
      created_at: at,
      updated_at: at,
    }
    await repo.insertInspector(trx, row)
    await recordAudit(trx, clock, actor, {
      action: 'inspection.inspector_added',
      targetType: 'inspector',
      targetId: row.id,
      details: { dept, badgeNo: row.badge_no, district: row.district, status: row.status },
    })
    return inspectorView(row)
  })
}

/** Changes an inspector's name, district office or status (audited with what changed). */
export async function updateInspectorOf(
  ctx: Ctx,
  actor: Actor,
  id: string,
  patch: Partial<Omit<InspectorInput, 'badgeNo'>>,
): Promise<InspectorView> {
  needDept(actor)
  const p: string[] = []
  checkInspector(patch, p)
  if (p.length) bad(p)
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    const row = await ownInspector(trx, actor, id)
    const changes: Record<string, { from: string; to: string }> = {}
    const next = { ...row }
    for (const k of ['name', 'district', 'status'] as const) {
      const v = patch[k]
      if (v === undefined || v === row[k]) continue
      changes[k] = { from: row[k], to: v }
      next[k] = k === 'name' ? v.trim() : v
    }
    if (Object.keys(changes).length === 0) return inspectorView(row)
    next.updated_at = now.toISOString()
    await repo.updateInspector(trx, id, {
      name: next.name,
      district: next.district,
      status: next.status,
      updated_at: next.updated_at,
    })
    await recordAudit(trx, clock, actor, {
      action: 'inspection.inspector_updated',
      targetType: 'inspector',
      targetId: id,
      details: { dept: row.dept_code, badgeNo: row.badge_no, ...changes },
    })
    return inspectorView(next)
  })
}

// ------------------------------------------------------------------------------------------------ conflicts

export interface ConflictView {
  id: string
  inspectorId: string
  entityId: string
  entityName: string | null
  reason: string
  createdAt: string
  withdrawnAt: string | null
}

async function conflictViews(db: Db, rows: readonly repo.ConflictRow[]): Promise<ConflictView[]> {
  const names = new Map(
    (
      await findSubjectRows(
        db,
        'id',
        rows.map((r) => r.entity_id),
      )
    ).map((e) => [e.id, e.name]),
  )
  return rows.map((r) => ({
    id: r.id,
    inspectorId: r.inspector_id,
    entityId: r.entity_id,
    entityName: names.get(r.entity_id) ?? null,
    reason: r.reason,
    createdAt: r.created_at,
    withdrawnAt: r.withdrawn_at,
  }))
}

/** An inspector's conflicts (withdrawn ones too), newest first. */
export async function listConflictsFor(ctx: Ctx, actor: Actor, inspectorId: string): Promise<ConflictView[]> {
  await ownInspector(ctx.db, actor, inspectorId)
  return conflictViews(ctx.db, await repo.conflictsOf(ctx.db, [inspectorId], { all: true }))
}

/** Declares a conflict of interest: the inspector is never drawn for the entity while it is open (audited). */
export async function declareConflict(
  ctx: Ctx,
  actor: Actor,
  inspectorId: string,
  input: { entityId: string; reason: string },
): Promise<ConflictView> {
  needDept(actor)
  const reason = input.reason.trim()
  if (reason.length < 2 || [...reason].length > 500) bad(['reason（回避理由）为 2 到 500 个字'])
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    const inspector = await ownInspector(trx, actor, inspectorId)
    const entity = await getEntity(trx, input.entityId)
    if (await repo.openConflict(trx, inspectorId, entity.id)) throw inspectionError('inspections.conflict_exists')
    const row = {
      id: newId(),
      inspector_id: inspectorId,
      entity_id: entity.id,
      reason,
      created_at: now.toISOString(),
      created_by: actor.id,
      withdrawn_at: null,
      withdrawn_by: null,
    }
    try {
      await repo.insertConflict(trx, row)
    } catch (e) {
      if (isUniqueViolation(e)) throw inspectionError('inspections.conflict_exists')
      throw e
    }
    await recordAudit(trx, clock, actor, {
      action: 'inspection.conflict_declared',
      targetType: 'inspector',
      targetId: inspectorId,
      details: { conflictId: row.id, dept: inspector.dept_code, entityId: entity.id, reason },
    })
    return (await conflictViews(trx, [row]))[0] as ConflictView
  })
}

/** Withdraws an open conflict (audited): the inspector may be drawn for the entity again. */
export async function withdrawConflictOf(
  ctx: Ctx,
  actor: Actor,
  conflictId: string,
  reason: string | undefined,
): Promise<ConflictView> {
  needDept(actor)
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    const row = await repo.findConflict(trx, conflictId)
    if (!row || row.withdrawn_at !== null) throw inspectionError('inspections.conflict_not_found', { id: conflictId })
    await ownInspector(trx, actor, row.inspector_id).catch(() => {
      throw inspectionError('inspections.conflict_not_found', { id: conflictId })
    })
    const at = now.toISOString()
    await repo.withdrawConflict(trx, conflictId, at, actor.id)
    await recordAudit(trx, clock, actor, {
      action: 'inspection.conflict_withdrawn',
      targetType: 'inspector',
      targetId: row.inspector_id,
      details: { conflictId, entityId: row.entity_id, reason: reason?.trim() || null },
    })
    return (await conflictViews(trx, [{ ...row, withdrawn_at: at, withdrawn_by: actor.id }]))[0] as ConflictView
  })
}

// ------------------------------------------------------------------------------------------------ plans

export interface StratumView {
  grade: string
  candidates: number
  requested: number
  /** null until the draw. */
  drawn: number | null
  takeAll: boolean
  /** Chinese note when the stratum takes all its candidates. */
  note: string | null
}

export interface PlanView {
  id: string
  number: string
  dept: string
  deptName: string | null
  name: string
  matter: string
  industries: string[]
  districts: string[]
  period: { from: string; to: string }
  policy: { code: string; version: number | null }
  status: PlanStatus
  statusLabel: string
  /** Published at the freeze: SHA-256 of the seed's 32 bytes and of the frozen document. */
  commitment: { seedHash: string; frozenHash: string; frozenAt: string } | null
  /** Revealed by the draw. */
  seed: string | null
  candidates: number
  targets: number
  results: number
  strata: StratumView[]
  createdAt: string
  drawnAt: string | null
  completedAt: string | null
}

function takeAllNote(s: { grade: string; candidates: number; requested: number }): string {
  const g = s.grade === UNGRADED ? '未评价主体' : `${s.grade} 级`
  return `${g}层应抽 ${s.requested} 户，不少于候选的 ${s.candidates} 户：全部抽取`
}

function strataOf(row: Pick<repo.PlanRow, 'strata'>): StratumView[] {
  if (!row.strata) return []
  return (
    JSON.parse(row.strata) as {
      grade: string
      candidates: number
      requested: number
      drawn?: number
      takeAll: boolean
    }[]
  ).map((s) => ({
    grade: s.grade,
    candidates: s.candidates,
    requested: s.requested,
    drawn: s.drawn ?? null,
    takeAll: s.takeAll,
    note: s.takeAll ? takeAllNote(s) : null,
  }))
}

function planView(row: repo.PlanListRow, deptNames: ReadonlyMap<string, string>): PlanView {
  const status = row.status as PlanStatus
  return {
    id: row.id,
    number: row.number,
    dept: row.dept_code,
    deptName: deptNames.get(row.dept_code) ?? null,
    name: row.name,
    matter: row.matter,
    industries: parseList(row.industries),
    districts: parseList(row.districts),
    period: { from: row.period_from, to: row.period_to },
    policy: { code: row.policy_code, version: row.policy_version === null ? null : Number(row.policy_version) },
    status,
    statusLabel: PLAN_STATUS_LABELS[status] ?? status,
    commitment:
      row.seed_hash && row.frozen_hash && row.frozen_at
        ? { seedHash: row.seed_hash, frozenHash: row.frozen_hash, frozenAt: row.frozen_at }
        : null,
    seed: row.seed,
    candidates: Number(row.candidates),
    targets: Number(row.targets),
    results: Number(row.results),
    strata: strataOf(row),
    createdAt: row.created_at,
    drawnAt: row.drawn_at,
    completedAt: row.completed_at,
  }
}

async function deptNames(ctx: Ctx): Promise<Map<string, string>> {
  return new Map((await listDepartments(ctx)).map((d) => [d.code, d.name]))
}

export interface PlanInput {
  name: string
  matter: string
  industries?: string[] | undefined
  districts?: string[] | undefined
  period: { from: string; to: string }
  policy: string
}

function checkPlan(input: PlanInput): string[] {
  const p: string[] = []
  if (input.name.trim().length < 2 || [...input.name].length > 200) p.push('name（计划名称）为 2 到 200 个字')
  if (input.matter.trim().length < 2 || [...input.matter].length > 500) p.push('matter（检查事项）为 2 到 500 个字')
  for (const s of input.industries ?? [])
    if (!INDUSTRY_SECTIONS.includes(s)) p.push(`industries：「${s}」不是国民经济行业门类（A 到 T）`)
  for (const d of input.districts ?? [])
    if (!DISTRICT_RE.test(d) || !isKnownRegion(d)) p.push(`districts：「${d}」不是有效的行政区划代码`)
  const { from, to } = input.period
  if (!isIsoDate(from) || !isIsoDate(to)) p.push('period.from、period.to（检查期间）应为 YYYY-MM-DD')
  else if (to < from) p.push('period.to（检查期间止）不得早于 period.from')
  return p
}

async function numberFor(db: Db, dept: string, year: string): Promise<string> {
  const prefix = `${dept}-${year}-`
  const taken = (await repo.planNumbersLike(db, prefix))
    .map((n) => Number(n.slice(prefix.length)))
    .filter(Number.isFinite)
  return `${prefix}${String(Math.max(0, ...taken) + 1).padStart(3, '0')}`
}

/** A new plan of the actor's department (draft; audited). The policy must be an active supervision policy. */
export async function createPlan(ctx: Ctx, actor: Actor, input: PlanInput): Promise<PlanView> {
  const dept = needDept(actor)
  const problems = checkPlan(input)
  if (problems.length) bad(problems)
  const policy = await getSupervisionPolicy(ctx.db, input.policy)
  if (policy.status !== 'active') throw inspectionError('inspections.policy_retired', { code: policy.code })
  const names = await deptNames(ctx)
  for (let attempt = 0; ; attempt++) {
    try {
      return await runCommand(ctx, actor, async ({ trx, clock, now }) => {
        const at = now.toISOString()
        const row: repo.PlanRow = {
          id: newId(),
          number: await numberFor(trx, dept, civilDate(now).slice(0, 4)),
          dept_code: dept,
          name: input.name.trim(),
          matter: input.matter.trim(),
          industries: JSON.stringify([...new Set(input.industries ?? [])].sort()),
          districts: JSON.stringify([...new Set(input.districts ?? [])].sort()),
          period_from: input.period.from,
          period_to: input.period.to,
          policy_code: policy.code,
          policy_version: null,
          status: 'draft',
          frozen: null,
          frozen_hash: null,
          seed_hash: null,
          seed_sealed: null,
          seed: null,
          candidates: 0,
          targets: 0,
          results: 0,
          strata: null,
          created_at: at,
          created_by: actor.id,
          updated_at: at,
          frozen_at: null,
          drawn_at: null,
          completed_at: null,
        }
        await repo.insertPlan(trx, row)
        await recordAudit(trx, clock, actor, {
          action: 'inspection.plan_created',
          targetType: 'inspection_plan',
          targetId: row.id,
          details: {
            number: row.number,
            dept,
            name: row.name,
            policy: policy.code,
            industries: parseList(row.industries),
            districts: parseList(row.districts),
            period: input.period,
          },
        })
        return planView(row, names)
      })
    } catch (e) {
      // two plans numbered at once: number again
      if (attempt < 3 && isUniqueViolation(e)) continue
      throw e
    }
  }
}

/** A plan the actor may see: its department's, or any for an actor without a department. */
async function visiblePlan(db: Db, actor: Actor, id: string): Promise<repo.PlanRow> {
  const row = await repo.findPlan(db, id)
  if (!row || (actor.dept !== null && row.dept_code !== actor.dept))
    throw inspectionError('inspections.plan_not_found', { id })
  return row
}

/** A plan the actor's department runs (changes need a department). */
async function ownPlan(db: Db, actor: Actor, id: string): Promise<repo.PlanRow> {
  needDept(actor)
  return visiblePlan(db, actor, id)
}

function expectStatus(row: repo.PlanRow, expected: PlanStatus, action: string): void {
  if (row.status !== expected)
    throw inspectionError('inspections.wrong_status', { status: row.status, expected, action })
}

export interface PlanPage {
  total: number
  items: PlanView[]
}

/** Plans the actor may see, newest first (a status filter, a page). */
export async function listPlansFor(
  ctx: Ctx,
  actor: Actor,
  query: { status?: PlanStatus | undefined; page?: number | undefined; pageSize?: number | undefined },
): Promise<PlanPage> {
  const page = query.page ?? 1
  const size = query.pageSize ?? 20
  const { total, rows } = await repo.listPlans(
    ctx.db,
    { dept: actor.dept, ...(query.status ? { statuses: [query.status] } : {}) },
    (page - 1) * size,
    size,
  )
  const names = await deptNames(ctx)
  return { total, items: rows.map((r) => planView(r, names)) }
}

export interface TargetView {
  position: number
  entityId: string
  name: string | null
  uscc: string | null
  district: string | null
  stratum: string
  inspectors: { id: string; name: string | null; badgeNo: string | null }[]
  result: string | null
  resultDetail: string | null
  inspectedOn: string | null
  documentNo: string | null
  recordId: string | null
}

async function targetViews(db: Db, rows: readonly repo.TargetRow[]): Promise<TargetView[]> {
  const entities = new Map(
    (
      await findSubjectRows(
        db,
        'id',
        rows.map((r) => r.entity_id),
      )
    ).map((e) => [e.id, e]),
  )
  const inspectorIds = rows.flatMap((r) => JSON.parse(r.inspectors) as string[])
  const inspectors = new Map((await repo.inspectorsByIds(db, inspectorIds)).map((i) => [i.id, i]))
  return rows.map((r) => {
    const e = entities.get(r.entity_id)
    return {
      position: Number(r.position),
      entityId: r.entity_id,
      name: e?.name ?? null,
      uscc: e?.uscc ?? null,
      district: e?.district ?? null,
      stratum: r.stratum,
      inspectors: (JSON.parse(r.inspectors) as string[]).map((id) => ({
        id,
        name: inspectors.get(id)?.name ?? null,
        badgeNo: inspectors.get(id)?.badge_no ?? null,
      })),
      result: r.result,
      resultDetail: r.result_detail,
      inspectedOn: r.inspected_on,
      documentNo: r.document_no,
      recordId: r.record_id,
    }
  })
}

export interface PlanDetail extends PlanView {
  items: TargetView[]
}

/** One plan the actor may see, with its targets, inspectors and results once drawn. */
export async function getPlanFor(ctx: Ctx, actor: Actor, id: string): Promise<PlanDetail> {
  const row = await visiblePlan(ctx.db, actor, id)
  return {
    ...planView(row, await deptNames(ctx)),
    items: await targetViews(ctx.db, await repo.targetsOf(ctx.db, id)),
  }
}

/** Industries a plan draws from: the plan's, within the model's (empty: any). Null: the two do not meet. */
function industriesOf(plan: readonly string[], model: readonly string[]): string[] | null {
  if (model.length === 0) return [...plan]
  if (plan.length === 0) return [...model]
  const both = plan.filter((s) => model.includes(s))
  return both.length ? both : null
}

async function allCandidates(db: Db, scope: Parameters<typeof candidatesPage>[1]): Promise<CandidateRow[]> {
  const out: CandidateRow[] = []
  let after: string | null = null
  for (;;) {
    const page = await candidatesPage(db, scope, after, 5000)
    out.push(...page)
    if (page.length < 5000) break
    after = (page[page.length - 1] as CandidateRow).id
  }
  return out
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The frozen document of a plan as of now: strata of the scope's candidates by grade, the pool and its conflicts. */
async function buildFrozen(
  ctx: Ctx,
  plan: repo.PlanRow,
  policy: SupervisionPolicy,
  modelVersion: number,
  kinds: readonly string[],
  industries: readonly string[],
): Promise<FrozenDocument> {
  const rows = await allCandidates(ctx.db, {
    kinds,
    industries,
    districts: parseList(plan.districts),
    model: policy.model,
  })
  const grades = new Set(policy.strata.map((s) => s.grade))
  const byGrade = new Map<string, CandidateRow[]>()
  for (const r of rows) {
    const g = r.grade !== null && grades.has(r.grade) ? r.grade : UNGRADED
    byGrade.set(g, [...(byGrade.get(g) ?? []), r])
  }
  const strata: FrozenStratum[] = policy.strata.map((s) => ({
    grade: s.grade,
    basisPoints: basisPoints(s.percent),
    minimum: s.minimum,
    candidates: (byGrade.get(s.grade) ?? []).map((c) => ({ id: c.id, district: c.district })).sort(byId),
  }))
  if (policy.ungraded)
    strata.push({
      grade: UNGRADED,
      basisPoints: basisPoints(policy.ungraded.percent),
      minimum: policy.ungraded.minimum,
      candidates: (byGrade.get(UNGRADED) ?? []).map((c) => ({ id: c.id, district: c.district })).sort(byId),
    })
  const pool = (await repo.listInspectors(ctx.db, plan.dept_code, { activeOnly: true }))
    .map((i) => ({ id: i.id, district: i.district }))
    .sort(byId)
  const inScope = new Set(strata.flatMap((s) => s.candidates.map((c) => c.id)))
  const conflicts = (
    await repo.conflictsOf(
      ctx.db,
      pool.map((i) => i.id),
    )
  )
    .filter((c) => inScope.has(c.entity_id))
    .map((c) => [c.inspector_id, c.entity_id] as [string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
  const unique = conflicts.filter((c, i) => i === 0 || c.join() !== conflicts[i - 1]?.join())
  return {
    format: DRAW_FORMAT,
    plan: {
      id: plan.id,
      number: plan.number,
      dept: plan.dept_code,
      name: plan.name,
      matter: plan.matter,
      periodFrom: plan.period_from,
      periodTo: plan.period_to,
      industries: parseList(plan.industries),
      districts: parseList(plan.districts),
    },
    policy: {
      code: policy.code,
      version: policy.version,
      model: policy.model,
      modelVersion,
      inspectorsPerTarget: policy.inspectorsPerTarget,
      excludeSameDistrict: policy.excludeSameDistrict,
    },
    gradesAsOf: civilDate(ctx.clock.now()),
    strata,
    inspectors: pool,
    conflicts: unique,
  }
}

/**
 * Freezes a draft plan (commit): the current grades are brought up to date (an incremental grading pass), the
 * candidates of its scope are read into strata by grade, the department's active inspectors and their open conflicts
 * with those candidates are added, and the document is fixed with its SHA-256. A 32-byte seed is drawn from the
 * system's random source (`seed` only in tests and the demo), sealed with the key ring, and its SHA-256 published
 * as the commitment. The plan, the hashes and the audit event commit together; nothing of it can change afterwards.
 */
export async function freezePlan(
  ctx: Ctx,
  actor: Actor,
  id: string,
  options: { seed?: string } = {},
): Promise<PlanView> {
  const plan = await ownPlan(ctx.db, actor, id)
  expectStatus(plan, 'draft', '冻结')
  const policy = await getSupervisionPolicy(ctx.db, plan.policy_code)
  const model = await getModel(ctx.db, policy.model)
  if (policy.status !== 'active' || model.status !== 'active')
    throw inspectionError('inspections.policy_retired', { code: policy.code })
  // grades of entities changed since the last pass are brought up to date before they are read
  await runGrading(ctx, systemActor('grading'), { incremental: true })
  const industries = industriesOf(parseList(plan.industries), model.industries)
  const doc =
    industries === null ? null : await buildFrozen(ctx, plan, policy, model.version, model.subjectKinds, industries)
  const candidates = doc ? doc.strata.reduce((n, s) => n + s.candidates.length, 0) : 0
  if (!doc || candidates === 0) throw inspectionError('inspections.no_candidates')
  if (doc.inspectors.length === 0) throw inspectionError('inspections.no_inspectors')
  const seed = options.seed ?? randomBytes(32).toString('hex')
  if (!isSeed(seed)) throw new Error('a seed is 64 lower-case hex digits')
  const text = frozenText(doc)
  const frozenHash = textHash(text)
  const seedHash = seedCommitment(seed)
  const strata = doc.strata.map((s) => {
    const requested = requestedOf(s.candidates.length, s.basisPoints, s.minimum)
    return {
      grade: s.grade,
      candidates: s.candidates.length,
      requested,
      takeAll: s.candidates.length > 0 && requested >= s.candidates.length,
    }
  })
  const names = await deptNames(ctx)
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    const at = now.toISOString()
    const patch = {
      status: 'frozen',
      policy_version: policy.version,
      frozen: text,
      frozen_hash: frozenHash,
      seed_hash: seedHash,
      seed_sealed: ctx.keys.encrypt(seed),
      candidates,
      strata: JSON.stringify(strata),
      frozen_at: at,
      updated_at: at,
    }
    if (!(await repo.updatePlanFrom(trx, plan.id, 'draft', patch)))
      throw inspectionError('inspections.wrong_status', { status: 'frozen', expected: 'draft', action: '冻结' })
    await recordAudit(trx, clock, actor, {
      action: 'inspection.plan_frozen',
      targetType: 'inspection_plan',
      targetId: plan.id,
      details: {
        number: plan.number,
        policy: policy.code,
        policyVersion: policy.version,
        model: policy.model,
        modelVersion: model.version,
        candidates,
        inspectors: doc.inspectors.length,
        conflicts: doc.conflicts.length,
        strata: strata.map((s) => [s.grade, s.candidates, s.requested]),
        frozenHash,
        seedHash,
      },
    })
    return planView({ ...plan, ...patch, seed: null }, names)
  })
}

export interface DrawView extends PlanView {
  items: TargetView[]
}

/**
 * Draws a frozen plan (reveal): the sealed seed is opened and checked against its commitment, the frozen document
 * against its hash; the draw is computed from the two (inspections.draw.ts) and stored with the revealed seed and
 * the audit event in one transaction.
 */
export async function drawPlan(ctx: Ctx, actor: Actor, id: string): Promise<DrawView> {
  const plan = await ownPlan(ctx.db, actor, id)
  expectStatus(plan, 'frozen', '抽取')
  const seed = plan.seed_sealed ? ctx.keys.decrypt(plan.seed_sealed) : ''
  if (!isSeed(seed) || seedCommitment(seed) !== plan.seed_hash || textHash(plan.frozen ?? '') !== plan.frozen_hash)
    throw inspectionError('inspections.seed_mismatch')
  const doc = JSON.parse(plan.frozen as string) as FrozenDocument
  const draw = computeDraw(seed, doc)
  const strata = draw.strata.map((s) => ({ ...s }))
  const names = await deptNames(ctx)
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    const at = now.toISOString()
    const patch = {
      status: 'drawn',
      seed,
      seed_sealed: null,
      targets: draw.targets.length,
      strata: JSON.stringify(strata),
      drawn_at: at,
      updated_at: at,
    }
    if (!(await repo.updatePlanFrom(trx, plan.id, 'frozen', patch)))
      throw inspectionError('inspections.wrong_status', { status: 'drawn', expected: 'frozen', action: '抽取' })
    await repo.insertTargets(
      trx,
      draw.targets.map((t) => ({
        plan_id: plan.id,
        position: t.position,
        entity_id: t.entityId,
        stratum: t.stratum,
        inspectors: JSON.stringify(t.inspectors),
        result: null,
        result_detail: null,
        inspected_on: null,
        document_no: null,
        record_id: null,
        recorded_at: null,
        recorded_by: null,
      })),
    )
    await recordAudit(trx, clock, actor, {
      action: 'inspection.plan_drawn',
      targetType: 'inspection_plan',
      targetId: plan.id,
      details: {
        number: plan.number,
        seed,
        seedHash: plan.seed_hash,
        frozenHash: plan.frozen_hash,
        targets: draw.targets.length,
        strata: strata.map((s) => [s.grade, s.candidates, s.drawn, s.takeAll]),
        short: draw.targets.filter((t) => t.inspectors.length < doc.policy.inspectorsPerTarget).length,
      },
    })
    const view = planView({ ...plan, ...patch }, names)
    return { ...view, items: await targetViews(trx, await repo.targetsOf(trx, plan.id)) }
  })
}

// ------------------------------------------------------------------------------------------------ results

/** What the results flow needs of a plan it records results for: the plan (drawn, the actor's) and its targets. */
export async function planForResults(
  ctx: Ctx,
  actor: Actor,
  id: string,
): Promise<{ plan: repo.PlanRow; targets: repo.TargetRow[] }> {
  const plan = await ownPlan(ctx.db, actor, id)
  expectStatus(plan, 'drawn', '登记检查结果')
  return { plan, targets: await repo.targetsOf(ctx.db, id) }
}

export interface StoredResult {
  position: number
  entityId: string
  result: string
  resultDetail: string | null
  inspectedOn: string
  documentNo: string
  recordId: string | null
}

/**
 * Stores results of a drawn plan's targets (in the caller's transaction: the results flow also sends their records
 * through the collection pipeline) and completes the plan once every target has one; audited.
 */
export async function storeResults(
  ctx: Ctx,
  actor: Actor,
  planId: string,
  results: readonly StoredResult[],
): Promise<PlanView> {
  return runCommand(ctx, actor, async ({ trx, clock, now, ctx: scoped }) => {
    const plan = await ownPlan(trx, actor, planId)
    expectStatus(plan, 'drawn', '登记检查结果')
    const at = now.toISOString()
    for (const r of results)
      if (
        !(await repo.setTargetResult(trx, planId, r.position, {
          result: r.result,
          result_detail: r.resultDetail,
          inspected_on: r.inspectedOn,
          document_no: r.documentNo,
          record_id: r.recordId,
          recorded_at: at,
          recorded_by: actor.id,
        }))
      )
        throw inspectionError('inspections.result_exists', { entityId: r.entityId })
    const done = Number(plan.results) + results.length
    const completed = done >= Number(plan.targets)
    const patch = {
      results: done,
      updated_at: at,
      ...(completed ? { status: 'completed', completed_at: at } : {}),
    }
    await repo.updatePlan(trx, planId, patch)
    await recordAudit(trx, clock, actor, {
      action: 'inspection.results_recorded',
      targetType: 'inspection_plan',
      targetId: planId,
      details: {
        number: plan.number,
        results: results.map((r) => [r.position, r.result, r.recordId]),
        recorded: done,
        targets: Number(plan.targets),
        completed,
      },
      subjects: results.map((r) => r.entityId),
    })
    return planView({ ...plan, ...patch }, await deptNames(scoped))
  })
}

// ------------------------------------------------------------------------------------------------ verification

export interface DrawVerification {
  plan: string
  number: string
  status: PlanStatus
  /** Every check passed. */
  matches: boolean
  checks: {
    /** SHA-256 of the revealed seed equals the published commitment. */
    seedCommitment: boolean
    /** SHA-256 of the frozen document equals the published hash. */
    frozenHash: boolean
    /** The freeze's audit event published the same two hashes (the hash-chained log). */
    auditEvent: boolean
    /** The draw recomputed from seed and document equals the stored targets and inspectors. */
    targets: boolean
  }
  targets: number
  differences: string[]
}

/**
 * Recomputes a drawn plan's draw from its revealed seed and frozen document (`gongxin inspections verify-draw`):
 * the seed against its commitment, the document against its hash, both against the freeze's audit event, and the
 * recomputed targets and inspectors against the stored ones. A plan not yet drawn is a coded error.
 */
export async function verifyDraw(ctx: Ctx, idOrNumber: string): Promise<DrawVerification> {
  const plan = (await repo.findPlan(ctx.db, idOrNumber)) ?? (await repo.findPlanByNumber(ctx.db, idOrNumber))
  if (!plan) throw inspectionError('inspections.plan_not_found', { id: idOrNumber })
  if (plan.status !== 'drawn' && plan.status !== 'completed')
    throw inspectionError('inspections.wrong_status', { status: plan.status, expected: 'drawn', action: '核验抽取' })
  const differences: string[] = []
  const seed = plan.seed ?? ''
  const seedOk = isSeed(seed) && seedCommitment(seed) === plan.seed_hash
  if (!seedOk) differences.push('揭示的随机种子与冻结时公布的承诺（SHA-256）不符')
  const frozenOk = plan.frozen !== null && textHash(plan.frozen) === plan.frozen_hash
  if (!frozenOk) differences.push('冻结的候选名单文档与公布的 SHA-256 不符')
  const events = await searchAuditEvents(
    ctx.db,
    { action: 'inspection.plan_frozen', targetType: 'inspection_plan', targetId: plan.id },
    1,
    10,
  )
  const details = (events.items[0]?.details ?? {}) as Record<string, unknown>
  const auditOk = events.total === 1 && details.seedHash === plan.seed_hash && details.frozenHash === plan.frozen_hash
  if (!auditOk) differences.push('冻结时的审计事件中的承诺或名单哈希与计划记录不符')
  let targetsOk = false
  const stored = (await repo.targetsOf(ctx.db, plan.id)).map((t) => ({
    position: Number(t.position),
    entityId: t.entity_id,
    stratum: t.stratum,
    inspectors: JSON.parse(t.inspectors) as string[],
  }))
  if (isSeed(seed) && plan.frozen) {
    let doc: FrozenDocument | null = null
    try {
      doc = JSON.parse(plan.frozen) as FrozenDocument
    } catch {
      differences.push('冻结的候选名单文档不是有效的 JSON')
    }
    if (doc) {
      const diff = drawDifferences(computeDraw(seed, doc), stored)
      targetsOk = diff.length === 0
      differences.push(...diff)
    }
  } else differences.push('缺少揭示的随机种子或冻结的候选名单，无法重算')
  return {
    plan: plan.id,
    number: plan.number,
    status: plan.status as PlanStatus,
    matches: seedOk && frozenOk && auditOk && targetsOk,
    checks: { seedCommitment: seedOk, frozenHash: frozenOk, auditEvent: auditOk, targets: targetsOk },
    targets: stored.length,
    differences,
  }
}

// ------------------------------------------------------------------------------------------------ public

export interface PublicTarget {
  position: number
  entityId: string
  name: string | null
  uscc: string | null
  /** The grade stratum; null while the model's grades are not public (grade publication policy). */
  stratum: string | null
  /** Inspector ids as in the frozen document (names are not published). */
  inspectors: string[]
  result: string | null
  inspectedOn: string | null
  recordId: string | null
}

/** Published plans (frozen or later), newest first. */
export async function publicPlans(
  ctx: Ctx,
  query: { page?: number | undefined; pageSize?: number | undefined },
): Promise<PlanPage> {
  const page = query.page ?? 1
  const size = query.pageSize ?? 20
  const { total, rows } = await repo.listPlans(ctx.db, { statuses: PUBLIC_STATUSES }, (page - 1) * size, size)
  const names = await deptNames(ctx)
  return { total, items: rows.map((r) => planView(r, names)) }
}

async function publishedPlan(db: Db, id: string): Promise<repo.PlanRow> {
  const row = await repo.findPlan(db, id)
  if (!row || !PUBLIC_STATUSES.includes(row.status as PlanStatus))
    throw inspectionError('inspections.plan_not_found', { id })
  return row
}

/**
 * Whether the public may see which grade a plan's candidates and targets had: only while the grades of the policy's
 * model are published (the grade publication policy, off by default). Strata counts stay public either way.
 */
async function gradesPublic(ctx: Ctx, row: repo.PlanRow): Promise<boolean> {
  const policy = await getSupervisionPolicy(ctx.db, row.policy_code)
  return (await publishedModels(ctx.db)).includes(policy.model)
}

/** A published plan with its targets (once drawn) and results; a target's stratum only where grades are public. */
export async function publicPlan(
  ctx: Ctx,
  id: string,
): Promise<PlanView & { frozenPublic: boolean; items: PublicTarget[] }> {
  const row = await publishedPlan(ctx.db, id)
  const targets = await targetViews(ctx.db, await repo.targetsOf(ctx.db, id))
  const frozenPublic = await gradesPublic(ctx, row)
  return {
    ...planView(row, await deptNames(ctx)),
    frozenPublic,
    items: targets.map((t) => ({
      position: t.position,
      entityId: t.entityId,
      name: t.name,
      uscc: t.uscc,
      stratum: frozenPublic ? t.stratum : null,
      inspectors: t.inspectors.map((i) => i.id),
      result: t.result,
      inspectedOn: t.inspectedOn,
      recordId: t.recordId,
    })),
  }
}

/** The frozen document of a published plan, exactly as hashed (its SHA-256 is the published frozenHash). */
export async function publicFrozenDocument(ctx: Ctx, id: string): Promise<string> {
  const row = await publishedPlan(ctx.db, id)
  // the document groups every candidate by its grade: public only where the model's grades are
  if (!(await gradesPublic(ctx, row))) throw inspectionError('inspections.frozen_not_public', { id })
  return row.frozen as string
}
