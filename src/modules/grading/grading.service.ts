// Credit evaluation (公共信用综合评价): the models (a versioned policy kind), grading runs (full and incremental),
// the queue of entities to grade again, and the read path that never serves a stale grade (docs/grading.md).
import { performance } from 'node:perf_hooks'
import type { Insertable } from 'kysely'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { FieldChange } from '../../core/diff.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import {
  type CoveredEntity,
  countCoveredEntities,
  coveredEntitiesPage,
  entitiesFacts,
  entityVersionsInRange,
  entityVersionsOf,
  type GradingRecordRow,
  gradingRecordsInRange,
  gradingRecordsOf,
  objectedRecordsInRange,
  objectedRecordsOf,
} from '../../read-models/grading-sources/index.js'
import { recordAudit } from '../audit/index.js'
import { currentClasses } from '../catalog/index.js'
import { getEntity } from '../entities/index.js'
import { emitWatchEvents, type WatchEventInput } from '../watches/index.js'
import { readDefaultModels } from './grading.defaults.js'
import { gradingError } from './grading.errors.js'
import { classInfo, gradingPolicy } from './grading.policy.js'
import type { GradeRow } from './grading.repository.js'
import * as repo from './grading.repository.js'
import { type ItemIndex, itemIndex, scoreEntity } from './grading.score.js'
import type { GradesTable } from './grading.tables.js'
import type { GradeReason, GradeResult, GradingModel, ScoredRecord } from './grading.types.js'

// ------------------------------------------------------------------------------------------------ models

export async function getModel(db: Db, code: string, version?: number): Promise<GradingModel> {
  return (await gradingPolicy.definition(db, code, version)) as GradingModel
}

/** The current version of every model (retired ones included), by code. */
export async function currentModels(db: Db): Promise<GradingModel[]> {
  return (await gradingPolicy.current(db)).map((r) => r.def as GradingModel).sort((a, b) => (a.code < b.code ? -1 : 1))
}

export async function listModelVersions(db: Db, code: string): Promise<Record<string, unknown>[]> {
  return gradingPolicy.versions(db, code)
}

export interface ModelDiff {
  code: string
  from: number
  to: number
  changes: FieldChange[]
}

export async function diffModelVersions(db: Db, code: string, from: number, to: number): Promise<ModelDiff> {
  return (await gradingPolicy.diff(db, code, from, to)) as ModelDiff
}

/** An operator's edit: checked (every problem listed), a new current version, audited in one transaction. */
export async function updateModel(
  ctx: Ctx,
  actor: Actor,
  code: string,
  definition: unknown,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<GradingModel> {
  const { version } = await gradingPolicy.edit(ctx, actor, code, definition, reason, options)
  return getModel(ctx.db, code, version)
}

/** Loads the default models of data/grading/ (migrate, start): new versions, never over an operator's edit. */
export async function loadDefaultModels(ctx: Ctx, options: { dir?: string; actor?: Actor } = {}) {
  const { added, updated, kept, unchanged } = await gradingPolicy.loadDefaults(
    ctx,
    options.actor ?? systemActor('migrate'),
    async () => readDefaultModels(options.dir, await classInfo(ctx.db)).map((d) => [d.code, d] as const),
  )
  return { added, updated, kept, unchanged }
}

/** Whether a model grades the entity (its kind and, when the model names sections, its industry). */
export function covers(model: GradingModel, e: Pick<CoveredEntity, 'kind' | 'industry'>): boolean {
  if (model.status !== 'active' || !model.subjectKinds.includes(e.kind)) return false
  return model.industries.length === 0 || (e.industry !== null && model.industries.includes(e.industry))
}

/** The entity's default model: an active model naming its industry first, then one for every industry. */
export function defaultModelFor(
  models: readonly GradingModel[],
  e: Pick<CoveredEntity, 'kind' | 'industry'>,
): GradingModel | undefined {
  const fit = models.filter((m) => covers(m, e))
  return fit.find((m) => m.industries.length > 0) ?? fit[0]
}

// ------------------------------------------------------------------------------------------------ compiled models

/** A model ready to score: the item index and the payload fields its amount rules read. */
interface Compiled {
  model: GradingModel
  index: ItemIndex
  /** class -> the payload field codes amount rules read. */
  fields: Map<string, string[]>
}

const compiledCache = new Map<string, Compiled>()

async function compile(db: Db, model: GradingModel): Promise<Compiled> {
  const key = `${model.code}@${model.version}#${gradingPolicy.hash(model)}`
  const hit = compiledCache.get(key)
  if (hit) return hit
  const classes = new Map((await currentClasses(db)).map((c) => [c.code, c]))
  const amountFields = new Map<string, string>()
  const fields = new Map<string, string[]>()
  for (const item of model.items) {
    if (!item.amount) continue
    for (const c of item.classes) {
      const f = classes.get(c)?.fields.find((x) => x.code === item.amount?.field || x.role === item.amount?.field)
      if (!f) continue
      amountFields.set(`${c}\u0000${item.amount.field}`, f.code)
      fields.set(c, [...new Set([...(fields.get(c) ?? []), f.code])])
    }
  }
  const out = { model, index: itemIndex(model, amountFields), fields }
  if (compiledCache.size > 100) compiledCache.clear()
  compiledCache.set(key, out)
  return out
}

function amountOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN
  return Number.isFinite(n) ? n : null
}

/** A record row as scoring reads it. */
function scored(row: GradingRecordRow, fields: Map<string, string[]>, objected: ReadonlySet<string>): ScoredRecord {
  const amounts: Record<string, number | null> = {}
  const wanted = fields.get(row.class_code)
  if (wanted && row.payload) {
    const data = JSON.parse(row.payload) as Record<string, unknown>
    for (const f of wanted) amounts[f] = amountOf(data[f])
  }
  return {
    id: row.id,
    classCode: row.class_code,
    severity: row.severity,
    state: row.state,
    decidedOn: row.decided_on,
    publishFrom: row.publish_from,
    publishMaxUntil: row.publish_max_until,
    listKind: row.list_kind,
    listUntil: row.list_until,
    repairedOn: row.state === 'repaired' ? civilDate(new Date(row.updated_at)) : null,
    amounts,
    underObjection: objected.has(row.id),
  }
}

/** Several models read as one: the union of their classes and payload fields. */
function union(models: readonly Compiled[]): { classes: string[]; fields: Map<string, string[]> } {
  const classes = new Set<string>()
  const fields = new Map<string, string[]>()
  for (const m of models) {
    for (const c of m.index.classes) classes.add(c)
    for (const [c, f] of m.fields) fields.set(c, [...new Set([...(fields.get(c) ?? []), ...f])])
  }
  return { classes: [...classes].sort(), fields }
}

// ------------------------------------------------------------------------------------------------ storing grades

const compactDimensions = (r: GradeResult) => JSON.stringify(r.dimensions.map((d) => [d.code, d.score]))
const compactReasons = (r: GradeResult) => JSON.stringify(r.reasons.map((x) => [x.code, x.points, x.records]))

function rowOf(entityId: string, r: GradeResult, entityVersion: number, at: string): Insertable<GradesTable> {
  return {
    id: newId(),
    entity_id: entityId,
    model_code: r.model,
    model_version: r.version,
    as_of: r.asOf,
    valid_until: r.validUntil,
    base: r.base,
    score: r.score,
    grade: r.grade,
    dimensions: compactDimensions(r),
    reasons: compactReasons(r),
    under_objection: r.underObjection ? 1 : 0,
    entity_version: entityVersion,
    graded_at: at,
    is_current: 1,
  }
}

/** The same grade as the current row (the history keeps a row only when something a reader sees changed). */
function sameGrade(row: GradeRow, r: GradeResult): boolean {
  return (
    Number(row.model_version) === r.version &&
    Number(row.score) === r.score &&
    row.grade === r.grade &&
    Number(row.base) === r.base &&
    Number(row.under_objection) === (r.underObjection ? 1 : 0) &&
    row.dimensions === compactDimensions(r) &&
    row.reasons === compactReasons(r)
  )
}

/** What storing a page of results does: rows to retire, rows to insert, rows that hold longer. */
interface Writes {
  retire: string[]
  insert: Insertable<GradesTable>[]
  extend: { id: string; validUntil: string | null; entityVersion: number }[]
  /** Grades whose letter changed: `grade.changed` for watchers (docs/watches.md). */
  changed: WatchEventInput[]
}

function plan(writes: Writes, current: GradeRow | undefined, entityId: string, r: GradeResult, ev: number, at: string) {
  if (current && sameGrade(current, r)) {
    if (current.valid_until !== r.validUntil || Number(current.entity_version) !== ev)
      writes.extend.push({ id: current.id, validUntil: r.validUntil, entityVersion: ev })
    return
  }
  if (current) writes.retire.push(current.id)
  writes.insert.push(rowOf(entityId, r, ev, at))
  if (current && current.grade !== r.grade)
    writes.changed.push({
      type: 'grade.changed',
      entityId,
      // grades are not published by default: government readers only
      scope: 'government',
      data: { model: r.model, version: r.version, asOf: r.asOf, from: current.grade, to: r.grade, score: r.score },
    })
}

async function applyWrites(db: Db, w: Writes): Promise<void> {
  await repo.retireCurrent(db, w.retire)
  await repo.insertGrades(db, w.insert)
  for (const e of w.extend) await repo.extendGrade(db, e.id, e.validUntil, e.entityVersion)
  const at = w.insert[0]?.graded_at
  if (w.changed.length > 0 && at) await emitWatchEvents(db, new Date(at), w.changed)
}

// ------------------------------------------------------------------------------------------------ grading runs

export interface RunSummary {
  model: string
  version: number
  graded: number
  seconds: number
  distribution: Record<string, number>
}

export interface RunOptions {
  /** One model (by code); default: every active model. */
  model?: string | undefined
  /** Only the entities marked since they were graded (and grades whose validity ended). */
  incremental?: boolean | undefined
  /** Entities per page (full runs). */
  pageSize?: number | undefined
  onProgress?: ((done: number, total: number) => void) | undefined
}

async function modelsToRun(db: Db, code: string | undefined): Promise<Compiled[]> {
  if (code) {
    const m = await getModel(db, code)
    if (m.status !== 'active') throw gradingError('grading.model_retired', { code })
    return [await compile(db, m)]
  }
  const out: Compiled[] = []
  for (const m of await currentModels(db)) if (m.status === 'active') out.push(await compile(db, m))
  return out
}

const distributionOf = (model: GradingModel, counts: Map<string, number>) =>
  Object.fromEntries(
    [...model.bands].sort((a, b) => b.min - a.min).map((b) => [b.grade, counts.get(b.grade) ?? 0] as const),
  )

/**
 * Grades every entity the models cover as of today (`gongxin grade run`), or with `incremental` only the marked
 * ones. One summary per model, its distribution that of the grades the run gave. A run of every model also clears the
 * marks it graded.
 */
export async function runGrading(ctx: Ctx, actor: Actor, options: RunOptions = {}): Promise<RunSummary[]> {
  const started = performance.now()
  const models = await modelsToRun(ctx.db, options.model)
  const counts = new Map(models.map((m) => [m.model.code, { graded: 0, grades: new Map<string, number>() }]))
  const clearsMarks = options.model === undefined
  if (options.incremental) await incrementalPass(ctx, models, counts, clearsMarks, options)
  else await fullPass(ctx, models, counts, clearsMarks, options)
  const seconds = Math.round((performance.now() - started) / 10) / 100
  const out: RunSummary[] = []
  for (const m of models) {
    const c = counts.get(m.model.code) as { graded: number; grades: Map<string, number> }
    out.push({
      model: m.model.code,
      version: m.model.version,
      graded: c.graded,
      seconds,
      distribution: distributionOf(m.model, c.grades),
    })
  }
  if (!options.incremental || out.some((s) => s.graded > 0))
    await runCommand(ctx, actor, ({ trx, clock }) =>
      recordAudit(trx, clock, actor, {
        action: 'grading.run',
        targetType: 'grading_models',
        targetId: options.model ?? null,
        details: {
          incremental: options.incremental === true,
          runs: out.map((s) => ({ model: s.model, version: s.version, graded: s.graded })),
          seconds,
        },
      }),
    )
  return out
}

type Counts = Map<string, { graded: number; grades: Map<string, number> }>

function count(counts: Counts, r: GradeResult): void {
  const c = counts.get(r.model)
  if (!c) return
  c.graded++
  c.grades.set(r.grade, (c.grades.get(r.grade) ?? 0) + 1)
}

async function fullPass(
  ctx: Ctx,
  models: Compiled[],
  counts: Counts,
  clearsMarks: boolean,
  options: RunOptions,
): Promise<void> {
  if (models.length === 0) return
  const pageSize = options.pageSize ?? 2000
  const today = civilDate(ctx.clock.now())
  const at = ctx.clock.now().toISOString()
  const kinds = [...new Set(models.flatMap((m) => m.model.subjectKinds))].sort()
  const industries = models.some((m) => m.model.industries.length === 0)
    ? []
    : [...new Set(models.flatMap((m) => m.model.industries))].sort()
  const { classes, fields } = union(models)
  const total = await countCoveredEntities(ctx.db, { kinds, industries })
  const actor = systemActor('grading')
  let after: string | null = null
  let done = 0
  options.onProgress?.(0, total)
  for (;;) {
    const page = await coveredEntitiesPage(ctx.db, { kinds, industries }, after, pageSize)
    if (page.length === 0) break
    const first = (page[0] as CoveredEntity).id
    const last = (page[page.length - 1] as CoveredEntity).id
    // marks and change counters are read before the records: a change committed after this is graded again
    const marks = clearsMarks ? await repo.queuedInRange(ctx.db, first, last) : []
    const versions = await entityVersionsInRange(ctx.db, first, last)
    const rows = await gradingRecordsInRange(ctx.db, first, last, classes, [...fields.keys()])
    const objected = new Set(await objectedRecordsInRange(ctx.db, first, last))
    const byEntity = new Map<string, ScoredRecord[]>()
    for (const row of rows) {
      let list = byEntity.get(row.entity_id)
      if (!list) {
        list = []
        byEntity.set(row.entity_id, list)
      }
      list.push(scored(row, fields, objected))
    }
    const writes: Writes = { retire: [], insert: [], extend: [], changed: [] }
    for (const m of models) {
      const current = new Map(
        (await repo.currentGradesInRange(ctx.db, m.model.code, first, last)).map((g) => [g.entity_id, g]),
      )
      for (const e of page) {
        if (!covers(m.model, e)) continue
        const r = scoreEntity(m.model, m.index, byEntity.get(e.id) ?? [], today)
        plan(writes, current.get(e.id), e.id, r, versions.get(e.id) ?? 0, at)
        count(counts, r)
      }
    }
    await runCommand(ctx, actor, async ({ trx }) => {
      await applyWrites(trx, writes)
      if (marks.length) await repo.unmark(trx, marks)
    })
    done += page.length
    after = last
    options.onProgress?.(done, total)
  }
}

/** Grades of one entity by several models as of `asOf` (the entity's records read once). */
async function gradeOne(
  db: Db,
  models: readonly Compiled[],
  entityId: string,
  asOf: string,
  exclude: ReadonlySet<string> = new Set(),
): Promise<{ results: GradeResult[]; entityVersion: number; recordIds: Set<string> }> {
  const entityVersion = (await entityVersionsInRange(db, entityId, entityId)).get(entityId) ?? 0
  const { classes, fields } = union(models)
  const rows = await gradingRecordsInRange(db, entityId, entityId, classes, [...fields.keys()])
  const objected = new Set(await objectedRecordsInRange(db, entityId, entityId))
  const records = rows.filter((r) => !exclude.has(r.id)).map((r) => scored(r, fields, objected))
  return {
    results: models.map((m) => scoreEntity(m.model, m.index, records, asOf)),
    entityVersion,
    recordIds: new Set(rows.map((r) => r.id)),
  }
}

const INCREMENTAL_BATCH = 500

async function incrementalPass(
  ctx: Ctx,
  models: Compiled[],
  counts: Counts,
  clearsMarks: boolean,
  options: RunOptions,
): Promise<void> {
  const today = civilDate(ctx.clock.now())
  const at = ctx.clock.now().toISOString()
  const actor = systemActor('grading')
  // the marks as they are now (a run that clears them takes them page by page; one that does not, once)
  const marks = await repo.queued(ctx.db, 100_000)
  const expired = new Set<string>()
  for (const m of models)
    for (const id of await repo.expiredGrades(ctx.db, m.model.code, today, 100_000)) expired.add(id)
  const marked = new Map(marks.map((q) => [q.entity_id, q]))
  const ids = [...new Set([...marked.keys(), ...expired])].sort()
  options.onProgress?.(0, ids.length)
  for (let i = 0; i < ids.length; i += INCREMENTAL_BATCH) {
    const part = ids.slice(i, i + INCREMENTAL_BATCH)
    const facts = new Map((await entitiesFacts(ctx.db, part)).map((e) => [e.id, e]))
    // change counters before records (a change committed in between is graded again), then one read per batch
    const versions = await entityVersionsOf(ctx.db, part)
    const { classes, fields } = union(models)
    const objected = new Set(await objectedRecordsOf(ctx.db, part))
    const byEntity = new Map<string, ScoredRecord[]>()
    for (const row of await gradingRecordsOf(ctx.db, part, classes, [...fields.keys()])) {
      const list = byEntity.get(row.entity_id) ?? []
      list.push(scored(row, fields, objected))
      byEntity.set(row.entity_id, list)
    }
    const writes: Writes = { retire: [], insert: [], extend: [], changed: [] }
    for (const m of models) {
      const current = new Map((await repo.currentGradesOf(ctx.db, m.model.code, part)).map((g) => [g.entity_id, g]))
      for (const id of part) {
        const e = facts.get(id)
        if (!e || !covers(m.model, e)) continue
        const r = scoreEntity(m.model, m.index, byEntity.get(id) ?? [], today)
        plan(writes, current.get(id), id, r, versions.get(id) ?? 0, at)
        count(counts, r)
      }
    }
    const done = part.map((id) => marked.get(id)).filter((q): q is repo.QueueRow => q !== undefined)
    await runCommand(ctx, actor, async ({ trx }) => {
      await applyWrites(trx, writes)
      if (clearsMarks && done.length) await repo.unmark(trx, done)
    })
    options.onProgress?.(Math.min(i + INCREMENTAL_BATCH, ids.length), ids.length)
  }
}

// ------------------------------------------------------------------------------------------------ marks

type Wake = () => void
const wakers = new Set<Wake>()

/**
 * Marks entities for grading again: call it in the transaction of the change (the records module does for every
 * record written, the marks module for every objection mark). This process's grading worker wakes shortly after.
 */
export async function markForGrading(trx: Db, entityIds: Iterable<string>, at: Date | string): Promise<void> {
  const ids = [...new Set(entityIds)].filter(Boolean)
  if (ids.length === 0) return
  await repo.markEntities(trx, ids, typeof at === 'string' ? at : at.toISOString())
  for (const w of wakers) w()
}

/** How many entities wait to be graded again. */
export function gradingQueueLength(db: Db): Promise<number> {
  return repo.queueLength(db)
}

/**
 * The server's background grading: every `intervalSeconds` (default 60), and shortly after a change of this
 * process marked an entity, an incremental run of every model. Returns the function that stops it.
 */
export function startGradingWorker(ctx: Ctx, options: { intervalSeconds?: number; wakeMs?: number } = {}) {
  const interval = (options.intervalSeconds ?? 60) * 1000
  if (interval <= 0) return async () => {}
  let running: Promise<void> | null = null
  let again = false
  let stopped = false
  let wakeTimer: NodeJS.Timeout | null = null
  const actor = systemActor('grading')
  const tick = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = runGrading(ctx, actor, { incremental: true })
      .then((r) => {
        const graded = r.reduce((s, x) => s + x.graded, 0)
        if (graded) ctx.logger.info({ graded }, 'grading: marked entities graded again')
      })
      .catch((e: unknown) => ctx.logger.error({ err: e }, 'grading: incremental run failed'))
      .finally(() => {
        running = null
        if (again && !stopped) {
          again = false
          wake()
        }
      })
  }
  const wake: Wake = () => {
    if (stopped || wakeTimer) return
    wakeTimer = setTimeout(() => {
      wakeTimer = null
      tick()
    }, options.wakeMs ?? 250)
    wakeTimer.unref()
  }
  wakers.add(wake)
  const timer = setInterval(tick, interval)
  timer.unref()
  const first = setTimeout(tick, 0)
  first.unref()
  return async () => {
    stopped = true
    wakers.delete(wake)
    clearInterval(timer)
    clearTimeout(first)
    if (wakeTimer) clearTimeout(wakeTimer)
    await running
  }
}

// ------------------------------------------------------------------------------------------------ reading a grade

export interface GradeView {
  model: string
  modelName: string
  version: number
  asOf: string
  base: number
  score: number
  grade: string
  gradeLabel: string
  underObjection: boolean
  dimensions: { code: string; label: string; score: number; max: number }[]
  reasons: GradeReason[]
  /** Whether the answer is the stored grade (true) or computed for this request (a past date, a what-if). */
  stored: boolean
  gradedAt: string | null
}

function capLabel(model: GradingModel, code: string): string {
  const dim = model.dimensions.find((d) => `cap.${d.code}` === code)
  return dim ? `「${dim.label}」维度得分以 0 到 ${dim.max} 分为限` : code
}

function viewOf(model: GradingModel, r: GradeResult, stored: boolean, gradedAt: string | null): GradeView {
  return {
    model: model.code,
    modelName: model.name,
    version: model.version,
    asOf: r.asOf,
    base: r.base,
    score: r.score,
    grade: r.grade,
    gradeLabel: model.bands.find((b) => b.grade === r.grade)?.label ?? r.grade,
    underObjection: r.underObjection,
    dimensions: r.dimensions,
    reasons: r.reasons,
    stored,
    gradedAt,
  }
}

/** A stored row read back as a result (labels and maxima from its model version). */
function resultOf(model: GradingModel, row: GradeRow): GradeResult {
  const dims = new Map(JSON.parse(row.dimensions) as [string, number][])
  const items = new Map(model.items.map((i) => [i.code, i.label]))
  return {
    model: model.code,
    version: model.version,
    asOf: row.as_of,
    base: Number(row.base),
    score: Number(row.score),
    grade: row.grade,
    underObjection: Number(row.under_objection) === 1,
    dimensions: model.dimensions.map((d) => ({
      code: d.code,
      label: d.label,
      score: dims.get(d.code) ?? 0,
      max: d.max,
    })),
    reasons: (JSON.parse(row.reasons) as [string, number, string[]][]).map(([code, points, records]) => ({
      code,
      label: items.get(code) ?? capLabel(model, code),
      points,
      records,
    })),
    validUntil: row.valid_until,
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

function checkAsOf(asOf: string | undefined, today: string): string {
  if (asOf === undefined) return today
  const ok = DATE_RE.test(asOf) && new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) === asOf
  if (!ok || asOf > today) throw gradingError('grading.bad_date', { value: asOf, today })
  return asOf
}

const KIND_LABELS: Record<string, string> = {
  natural_person: '自然人',
  legal_person: '企业法人',
  unincorporated_org: '非法人组织',
  individual_business: '个体工商户',
  farmer_coop: '农民专业合作社',
  government_body: '机关',
  public_institution: '事业单位',
  social_org: '社会组织',
}

/** The model a request means (given, or the entity's default); coded errors when none grades the entity. */
async function modelFor(db: Db, e: CoveredEntity, code: string | undefined): Promise<GradingModel> {
  const kindLabel = KIND_LABELS[e.kind] ?? e.kind
  if (code) {
    const m = await getModel(db, code)
    if (m.status !== 'active') throw gradingError('grading.model_retired', { code })
    if (!covers(m, e))
      throw gradingError('grading.not_covered', {
        model: code,
        kind: e.kind,
        kindLabel,
        industry: m.industries.length ? e.industry : null,
        covers:
          m.subjectKinds.map((k) => KIND_LABELS[k] ?? k).join('、') +
          (m.industries.length ? `（行业门类 ${m.industries.join('、')}）` : ''),
      })
    return m
  }
  const m = defaultModelFor(await currentModels(db), e)
  if (!m) throw gradingError('grading.not_covered', { kind: e.kind, kindLabel })
  return m
}

export interface GradeQuery {
  model?: string | undefined
  asOf?: string | undefined
}

/**
 * The entity's grade by a model (default: its own) as of a day (default: today), with every reason. Today's grade
 * is the stored one while it still holds: same model version, the entity's change counter unchanged since it was
 * graded, and today inside its validity. Otherwise it is graded again before the answer (stored as the new current
 * grade when it is today's), so no grade older than an answered change is ever served. Past days are computed.
 */
export async function entityGrade(ctx: Ctx, entityId: string, query: GradeQuery = {}): Promise<GradeView> {
  const entity = await getEntity(ctx.db, entityId)
  const facts: CoveredEntity = { id: entity.id, kind: entity.kind, industry: entity.industry }
  const model = await modelFor(ctx.db, facts, query.model)
  const today = civilDate(ctx.clock.now())
  const asOf = checkAsOf(query.asOf, today)
  const stored = await repo.currentGrade(ctx.db, model.code, entityId)
  if (stored && Number(stored.model_version) === model.version && stored.as_of <= asOf) {
    const holds = stored.valid_until === null || asOf < stored.valid_until
    const version = (await entityVersionsInRange(ctx.db, entityId, entityId)).get(entityId) ?? 0
    if (holds && Number(stored.entity_version) === version)
      return viewOf(model, { ...resultOf(model, stored), asOf }, true, stored.graded_at)
  }
  const compiled = await compile(ctx.db, model)
  if (asOf !== today) {
    const { results } = await gradeOne(ctx.db, [compiled], entityId, asOf)
    return viewOf(model, results[0] as GradeResult, false, null)
  }
  // today's grade is stale or missing: grade again and store it before answering
  return runCommand(ctx, systemActor('grading'), async ({ trx, now }) => {
    const { results, entityVersion } = await gradeOne(trx, [compiled], entityId, today)
    const r = results[0] as GradeResult
    const writes: Writes = { retire: [], insert: [], extend: [], changed: [] }
    const current = await repo.currentGrade(trx, model.code, entityId)
    plan(writes, current, entityId, r, entityVersion, now.toISOString())
    await applyWrites(trx, writes)
    const row = await repo.currentGrade(trx, model.code, entityId)
    return viewOf(model, r, true, row?.graded_at ?? now.toISOString())
  })
}

export interface WhatIf extends GradeView {
  excluded: string[]
  /** The grade on that day without leaving anything out. */
  actual: { score: number; grade: string }
}

/**
 * What-if (模拟修复): the grade on `asOf` (default today) if the records `exclude` were repaired or expired; nothing is
 * stored. Every excluded record must be the entity's (grading.unknown_records).
 */
export async function whatIfGrade(
  ctx: Ctx,
  entityId: string,
  input: { exclude: string[]; asOf?: string | undefined; model?: string | undefined },
): Promise<WhatIf> {
  const entity = await getEntity(ctx.db, entityId)
  const model = await modelFor(ctx.db, { id: entity.id, kind: entity.kind, industry: entity.industry }, input.model)
  const asOf = checkAsOf(input.asOf, civilDate(ctx.clock.now()))
  const compiled = await compile(ctx.db, model)
  const exclude = new Set(input.exclude)
  const actual = await gradeOne(ctx.db, [compiled], entityId, asOf)
  const unknown = [...exclude].filter((id) => !actual.recordIds.has(id))
  if (unknown.length) throw gradingError('grading.unknown_records', { ids: unknown })
  const { results } = await gradeOne(ctx.db, [compiled], entityId, asOf, exclude)
  const a = actual.results[0] as GradeResult
  return {
    ...viewOf(model, results[0] as GradeResult, false, null),
    excluded: [...exclude].sort(),
    actual: { score: a.score, grade: a.grade },
  }
}

/** Today's grade of the entity by every model that covers it (the subject's own file); empty for persons. */
export async function entityGrades(ctx: Ctx, entityId: string): Promise<GradeView[]> {
  const entity = await getEntity(ctx.db, entityId)
  const out: GradeView[] = []
  for (const m of await currentModels(ctx.db))
    if (covers(m, { kind: entity.kind, industry: entity.industry }))
      out.push(await entityGrade(ctx, entityId, { model: m.code }))
  return out
}

/** The entity's stored grades by a model, oldest first (history): as of, score, grade, model version. */
export async function gradeHistoryOf(
  db: Db,
  entityId: string,
  model?: string,
): Promise<
  { model: string; version: number; asOf: string; score: number; grade: string; current: boolean; gradedAt: string }[]
> {
  return (await repo.gradeHistory(db, entityId, model)).map((r) => ({
    model: r.model_code,
    version: Number(r.model_version),
    asOf: r.as_of,
    score: Number(r.score),
    grade: r.grade,
    current: Number(r.is_current) === 1,
    gradedAt: r.graded_at,
  }))
}

/**
 * Today's grade by one model of each of the entities it covers (a check's grade triggers, an inspection plan's
 * strata), read in bulk: the stored grade where it still holds (as entityGrade decides), else graded again one by
 * one (and stored). Entities the model does not cover are left out; a retired or unknown model gives none.
 */
export async function currentGradeViews(
  ctx: Ctx,
  modelCode: string,
  entityIds: readonly string[],
): Promise<Map<string, GradeView>> {
  const out = new Map<string, GradeView>()
  const ids = [...new Set(entityIds)]
  if (ids.length === 0) return out
  const model = (await gradingPolicy.find(ctx.db, modelCode)) as GradingModel | undefined
  if (model?.status !== 'active') return out
  const today = civilDate(ctx.clock.now())
  const covered = (await entitiesFacts(ctx.db, ids)).filter((e) => covers(model, e)).map((e) => e.id)
  const versions = await entityVersionsOf(ctx.db, covered)
  const stored = new Map((await repo.currentGradesOf(ctx.db, model.code, covered)).map((g) => [g.entity_id, g]))
  for (const id of covered) {
    const row = stored.get(id)
    const holds =
      row !== undefined &&
      Number(row.model_version) === model.version &&
      row.as_of <= today &&
      (row.valid_until === null || today < row.valid_until) &&
      Number(row.entity_version) === (versions.get(id) ?? 0)
    if (row && holds) out.set(id, viewOf(model, { ...resultOf(model, row), asOf: today }, true, row.graded_at))
    else out.set(id, await entityGrade(ctx, id, { model: model.code }))
  }
  return out
}
