import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { AppError } from '../../core/errors.js'
import { newId } from '../../core/ids.js'
import { checkCode, isResidentIdShaped, maskPersonalText, maskResidentId } from '../../identifiers/index.js'
import type { Db } from '../../db/database.js'
import { cleanPurpose } from '../access/index.js'
import { auditRead, recordAudit } from '../audit/index.js'
import { loadCalendar, workingDaysBetween } from '../calendar/index.js'
import type { SubjectRow } from '../entities/index.js'
import { currentGradeViews } from '../grading/index.js'
import {
  assertScenario,
  checkPolicy,
  currentMeasures,
  type Measure,
  type ScenarioInfo,
  scenariosInForce,
} from '../measures/index.js'
import type { TriggerRow } from '../../read-models/check-triggers/index.js'
import { checkError } from './checks.errors.js'
import { type CheckBreakdown, checkBreakdown } from './checks.stats.js'
import {
  type CheckExclusion,
  type CheckHit,
  type CheckOutcome,
  candidateMeasures,
  type Evaluation,
  evaluate,
  exclusionReads,
  type GradeRef,
  gradeModels,
  outcomeOf,
} from './checks.evaluate.js'
import { resolveSubjects, type SubjectInput, triggerInputs } from './checks.load.js'
import { groupRepeats, repeatGroupsById } from './checks.repeats.js'
import { numberChecks, storeChecks } from './checks.writer.js'
import {
  type CheckRow,
  checksForStats,
  checksWithHits,
  checksWithHitsOfEntity,
  clearCurrentFeedback,
  currentFeedback,
  type FeedbackRow,
  feedbackOf,
  feedbackOfChecks,
  findCheck,
  insertCheckBatch,
  insertChecks,
  insertFeedback,
  maxFeedbackVersion,
  checksNamingRecord,
} from './checks.repository.js'
import type { ChecksTable } from './checks.tables.js'

export type { SubjectInput }

export interface CheckInput {
  subject: SubjectInput
  scenario: string
  purpose?: string | undefined
  allMeasures?: boolean | undefined
}

export interface CheckSubject {
  entityId: string
  name: string
  kind: string
  uscc: string | null
  idMasked: string | null
  district: string | null
  status: string
}

export interface CheckResult {
  checkId: string
  /** The readable number (核查编号, HC-YYYYMMDD-NNNNNN), given when the check is stored. */
  number: string
  at: string
  scenario: string
  subject: CheckSubject
  outcome: CheckOutcome
  hits: CheckHit[]
  /** Measures a record took away (a reward for a subject with an active serious record, on a black or focus list). */
  exclusions: CheckExclusion[]
}

export function presentSubject(e: SubjectRow): CheckSubject {
  return {
    entityId: e.id,
    name: e.name,
    kind: e.kind,
    uscc: e.uscc,
    idMasked: e.id_masked,
    district: e.district,
    status: e.status,
  }
}

interface Evaluated {
  result: CheckResult
  row: ChecksTable
}

type EvaluatedOrError = Evaluated | { error: AppError }

/**
 * The hits and exclusions of one subject. Minors are protected: a record of a natural person decided before the
 * person turned 18 never counts against them - it triggers no punishment and excludes no reward (it may still count
 * for a reward); see docs/decisions.md.
 */
function evaluateSubject(
  entity: SubjectRow,
  measures: readonly Measure[],
  records: readonly TriggerRow[],
  today: string,
  underObjection: ReadonlySet<string>,
  policy: 'mark' | 'suspend',
  grades?: ReadonlyMap<string, GradeRef>,
): Evaluation {
  const adultOn = entity.adult_on
  const adverse = adultOn ? records.filter((r) => r.decided_on !== null && r.decided_on >= adultOn) : records
  return evaluate({ measures, records, adverse, today, underObjection, policy, ...(grades ? { grades } : {}) })
}

/**
 * The current grades the candidate measures' grade triggers ask about, per entity and model (公共信用综合评价; the
 * stored grade while it holds, else graded again). Entities a model does not grade have no grade by it.
 */
async function gradesFor(
  ctx: Ctx,
  measuresOf: (e: SubjectRow) => readonly Measure[],
  entities: readonly SubjectRow[],
): Promise<Map<string, Map<string, GradeRef>>> {
  const out = new Map<string, Map<string, GradeRef>>()
  const byModel = new Map<string, string[]>()
  for (const e of entities)
    for (const model of gradeModels(measuresOf(e))) byModel.set(model, [...(byModel.get(model) ?? []), e.id])
  for (const [model, ids] of byModel)
    for (const [id, g] of await currentGradeViews(ctx, model, ids)) {
      const mine = out.get(id) ?? new Map<string, GradeRef>()
      mine.set(model, {
        model: g.model,
        modelName: g.modelName,
        version: g.version,
        asOf: g.asOf,
        score: g.score,
        grade: g.grade,
        gradeLabel: g.gradeLabel,
        underObjection: g.underObjection,
        reasons: g.reasons.map((r) => ({ code: r.code, label: r.label, points: r.points, records: [...r.records] })),
      })
      out.set(id, mine)
    }
  return out
}

/** The scenarios of the measure list in force today: what a check may ask for. */
export async function checkScenarios(ctx: Ctx): Promise<ScenarioInfo[]> {
  return scenariosInForce(await currentMeasures(ctx.db), civilDate(ctx.clock.now()))
}

/**
 * Throws checks.scenario_unknown unless a measure of the list in force today names the scenario: an unknown
 * scenario (a typo, a retired scenario) is refused before anything is read, never answered `none`.
 */
export async function requireScenario(ctx: Ctx, scenario: string): Promise<void> {
  assertScenario(scenario, await checkScenarios(ctx))
}

/** What a check (or a comparison) found for one entity: the measures of the scenario and the records it read. */
export interface EntityEvaluation {
  hits: CheckHit[]
  exclusions: CheckExclusion[]
  outcome: CheckOutcome
  /** The records read for it (triggers, exclusions and `alsoRead`), newest decision first. */
  records: TriggerRow[]
}

/**
 * The measures of the requester's department (all with allMeasures) for the scenario and each entity's kind, and the
 * records that trigger them today, for entities already resolved: the one evaluation of checks, batch checks and
 * comparisons (批量比对). Without a scenario no measure applies; `alsoRead` adds records of other list kinds and
 * severities to each entity's `records` (a comparison's lists and serious records) in the same read. Nothing stored.
 */
export async function evaluateEntities(
  ctx: Ctx,
  actor: Actor,
  entities: readonly SubjectRow[],
  input: {
    scenario: string | null
    allMeasures?: boolean | undefined
    alsoRead?: { listKinds?: readonly string[]; severities?: readonly string[] }
  },
): Promise<Map<string, EntityEvaluation>> {
  const today = civilDate(ctx.clock.now())
  const all = await currentMeasures(ctx.db)
  if (input.scenario !== null) assertScenario(input.scenario, scenariosInForce(all, today))
  const policy = checkPolicy().objections
  const selections = new Map<string, ReturnType<typeof candidateMeasures>>()
  const measuresFor = (kind: string) => {
    if (input.scenario === null) return []
    let m = selections.get(kind)
    if (!m) {
      m = candidateMeasures(all, {
        scenario: input.scenario,
        entityKind: kind,
        today,
        dept: actor.dept,
        allMeasures: input.allMeasures === true,
      })
      selections.set(kind, m)
    }
    return m
  }
  const extra = input.alsoRead !== undefined
  const needed = entities.flatMap((e) => (extra || measuresFor(e.kind).length > 0 ? [e.id] : []))
  // only records of the classes the candidate measures name can trigger them: read just those
  // (and the records their exclusions name: list kinds, severities)
  const classes = new Set<string>()
  const candidates = new Set<Measure>()
  for (const e of entities)
    for (const m of measuresFor(e.kind)) {
      candidates.add(m)
      for (const t of m.triggers) if ('class' in t && typeof t.class === 'string') classes.add(t.class)
    }
  const excluding = exclusionReads([...candidates])
  const { records, underObjection } = await triggerInputs(ctx, needed, {
    ...excluding,
    classes: [...classes, ...excluding.classes],
    listKinds: [...excluding.listKinds, ...(input.alsoRead?.listKinds ?? [])],
    severities: [...excluding.severities, ...(input.alsoRead?.severities ?? [])],
  })
  const grades = await gradesFor(ctx, (e) => measuresFor(e.kind), entities)
  const out = new Map<string, EntityEvaluation>()
  for (const entity of entities) {
    if (out.has(entity.id)) continue
    const measures = measuresFor(entity.kind)
    const own = records.get(entity.id) ?? []
    const { hits, exclusions } = measures.length
      ? evaluateSubject(entity, measures, own, today, underObjection, policy, grades.get(entity.id))
      : { hits: [], exclusions: [] }
    out.set(entity.id, { hits, exclusions, outcome: outcomeOf(hits), records: own })
  }
  return out
}

/**
 * Checks subjects (one, or a batch): resolves them in bulk, then evaluates them (evaluateEntities). Nothing is
 * stored here. A subject that cannot be checked gets its coded error in its place.
 */
async function evaluateSubjects(
  ctx: Ctx,
  actor: Actor,
  input: Omit<CheckInput, 'subject'> & { subjects: readonly SubjectInput[] },
  batchId: string | null,
): Promise<EvaluatedOrError[]> {
  const purpose = cleanPurpose(input.purpose)
  const now = ctx.clock.now()
  assertScenario(input.scenario, scenariosInForce(await currentMeasures(ctx.db), civilDate(now)))
  const resolved = (await resolveSubjects(ctx, { ...actor, purpose }, input.subjects, { batchId })).map((r) =>
    'entity' in r && r.entity.kind === 'natural_person' && !purpose
      ? { error: checkError('checks.purpose_required') }
      : r,
  )
  const evaluations = await evaluateEntities(
    ctx,
    actor,
    resolved.flatMap((r) => ('entity' in r ? [r.entity] : [])),
    { scenario: input.scenario, allMeasures: input.allMeasures },
  )
  return resolved.map((r) => {
    if ('error' in r) return r
    const entity = r.entity
    const { hits, exclusions, outcome } = evaluations.get(entity.id) as EntityEvaluation
    const subject = presentSubject(entity)
    const result: CheckResult = {
      checkId: newId(),
      // numbered when stored (numberChecks)
      number: '',
      at: now.toISOString(),
      scenario: input.scenario,
      subject,
      outcome,
      hits,
      exclusions,
    }
    return {
      result,
      row: {
        id: result.checkId,
        at: result.at,
        requester_kind: actor.kind,
        requester_id: actor.id,
        dept: actor.dept,
        entity_id: entity.id,
        scenario: input.scenario,
        purpose: purpose ?? null,
        all_measures: input.allMeasures === true ? 1 : 0,
        outcome: result.outcome,
        hit_count: hits.length,
        subject: JSON.stringify(subject),
        hits: JSON.stringify(hits),
        exclusions: JSON.stringify(exclusions),
        batch_id: batchId,
        number: null,
      },
    }
  })
}

/**
 * One check (联合奖惩核查): resolves the subject, selects the measures of the requester's department (all with
 * allMeasures) for the scenario, finds the records that trigger them now, stores the result and its audit event
 * (group commit: answered only once both are committed).
 */
export async function runCheck(ctx: Ctx, actor: Actor, input: CheckInput): Promise<CheckResult> {
  const [one] = await evaluateSubjects(
    ctx,
    actor,
    { scenario: input.scenario, purpose: input.purpose, allMeasures: input.allMeasures, subjects: [input.subject] },
    null,
  )
  if (!one) throw checkError('checks.subject_invalid')
  if ('error' in one) throw one.error
  const { result, row } = one
  await storeChecks(
    ctx,
    [row],
    { ...actor, purpose: row.purpose ?? undefined },
    {
      action: 'check.run',
      targetType: 'check',
      targetId: row.id,
      subjects: [row.entity_id],
      details: {
        entityId: row.entity_id,
        scenario: row.scenario,
        outcome: row.outcome,
        allMeasures: row.all_measures === 1,
        measures: result.hits.map((h) => h.measure),
        excluded: result.exclusions.map((x) => x.measure),
      },
    },
  )
  return { ...result, number: row.number ?? '' }
}

/** What the user gave for one subject of a batch: the code (ID numbers masked) and the name. */
export interface BatchInput {
  /** The file's row number (uploads). */
  row?: number
  code: string | null
  name: string | null
}

/** One stored row of a batch (check_batches.items). */
export interface BatchInputRow extends BatchInput {
  index: number
  checkId: string | null
  error: { code: string; message: string } | null
}

/**
 * A code as it may be kept (batch inputs, the result file): an ID number, in whatever form and valid or not, only
 * masked, and so is a value shaped like one that passes the USCC check (a mistyped number, docs/identifiers.md); any
 * other code with every ID number inside it masked.
 */
export function keptCode(raw: string): string {
  return checkCode(raw).scheme === 'resident_id' || isResidentIdShaped(raw)
    ? maskResidentId(raw)
    : maskPersonalText(raw)
}

/** The code and name of a JSON subject as they may be kept: an ID number only masked, whatever field carried it. */
export function batchInputOf(s: SubjectInput): BatchInput {
  const code = s.uscc ?? s.code ?? s.entityId
  return { code: code ? keptCode(code) : s.idNumber ? maskResidentId(s.idNumber) : null, name: s.name ?? null }
}

export type BatchItem =
  | ({ index: number } & CheckResult)
  | { index: number; error: { code: string; message: string; details: Record<string, unknown> } }

/**
 * Up to 1,000 subjects in one request: each is checked on its own (a subject that cannot be resolved gets an inline
 * error, the batch goes on); the results are stored in one transaction with one audit event for the batch.
 */
export async function runCheckBatch(
  ctx: Ctx,
  actor: Actor,
  input: {
    subjects: SubjectInput[]
    scenario: string
    purpose?: string | undefined
    allMeasures?: boolean | undefined
  },
  options: {
    /** How the list came: a JSON list (api, default) or an uploaded file. */
    source?: 'api' | 'upload'
    fileName?: string | null
    /** Per subject, the code and name as the user gave them (default: taken from the subject, ID numbers masked). */
    inputs?: BatchInput[]
    /** Subjects rejected before checking (a bad row in the file): reported inline at their index. */
    rejected?: Map<number, { code: string; message: string; details: Record<string, unknown> }>
  } = {},
): Promise<{ batchId: string; items: BatchItem[] }> {
  const batchId = newId()
  const items: BatchItem[] = []
  const rows: ChecksTable[] = []
  const evaluated = await evaluateSubjects(
    ctx,
    actor,
    { scenario: input.scenario, purpose: input.purpose, allMeasures: input.allMeasures, subjects: input.subjects },
    batchId,
  )
  for (const [index, one] of evaluated.entries()) {
    const rejected = options.rejected?.get(index)
    if (rejected) {
      items.push({ index, error: rejected })
      continue
    }
    if ('error' in one) {
      items.push({ index, error: { code: one.error.code, message: one.error.message, details: one.error.details } })
      continue
    }
    items.push({ index, ...one.result })
    rows.push(one.row)
  }
  const outcomes: Record<string, number> = {}
  for (const r of rows) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1
  const today = civilDate(ctx.clock.now())
  const stored: BatchInputRow[] = items.map((item) => {
    const given = options.inputs?.[item.index] ?? batchInputOf(input.subjects[item.index] ?? {})
    return {
      index: item.index,
      ...given,
      // what the user typed is kept only with resident ID numbers masked, however it came (JSON list or file)
      name: maskPersonalText(given.name, { today }),
      checkId: 'checkId' in item ? item.checkId : null,
      error: 'error' in item ? { code: item.error.code, message: item.error.message } : null,
    }
  })
  await runCommand(ctx, actor, async ({ trx, now }) => {
    await numberChecks(trx, rows)
    await insertChecks(trx, rows)
    await insertCheckBatch(trx, {
      id: batchId,
      at: now.toISOString(),
      requester_kind: actor.kind,
      requester_id: actor.id,
      dept: actor.dept,
      scenario: input.scenario,
      purpose: cleanPurpose(input.purpose) ?? null,
      all_measures: input.allMeasures === true ? 1 : 0,
      source: options.source ?? 'api',
      file_name: maskPersonalText(options.fileName ?? null, { today }),
      total: input.subjects.length,
      checked: rows.length,
      failed: input.subjects.length - rows.length,
      items: JSON.stringify(stored),
    })
    await recordAudit(
      trx,
      ctx.clock,
      { ...actor, purpose: cleanPurpose(input.purpose) },
      {
        action: 'check.batch',
        targetType: 'check_batch',
        targetId: batchId,
        // one event for the batch, indexed under each subject checked (each one's access log lists it)
        subjects: rows.map((r) => r.entity_id),
        details: {
          scenario: input.scenario,
          subjects: input.subjects.length,
          checked: rows.length,
          failed: input.subjects.length - rows.length,
          outcomes,
          allMeasures: input.allMeasures === true,
          source: options.source ?? 'api',
          ...(options.fileName ? { fileName: options.fileName } : {}),
        },
      },
    )
  })
  const numbers = new Map(rows.map((r) => [r.id, r.number ?? '']))
  for (const item of items) if ('checkId' in item) item.number = numbers.get(item.checkId) ?? ''
  return { batchId, items }
}

export interface FeedbackJson {
  checkId: string
  measure: string
  version: number
  action: string
  reason: string | null
  effect: string | null
  startedOn: string | null
  endedOn: string | null
  dept: string | null
  at: string
  current: boolean
}

function presentFeedback(f: FeedbackRow): FeedbackJson {
  return {
    checkId: f.check_id,
    measure: f.measure,
    version: Number(f.version),
    action: f.action,
    reason: f.reason,
    effect: f.effect,
    startedOn: f.started_on,
    endedOn: f.ended_on,
    dept: f.dept,
    at: f.created_at,
    current: Number(f.is_current) === 1,
  }
}

export interface CheckReceipt extends CheckResult {
  requester: { kind: string; id: string | null; dept: string | null }
  purpose: string | null
  allMeasures: boolean
  batchId: string | null
  feedback: FeedbackJson[]
}

/** Whether the actor may see the check: its own department's checks; everything with `all`. */
async function ownCheck(db: Db, actor: Actor, id: string, all: boolean): Promise<CheckRow> {
  const row = await findCheck(db, id)
  if (!row || (!all && (actor.dept === null || row.dept !== actor.dept))) throw checkError('checks.not_found', { id })
  return row
}

/** The stored check (a receipt for the approval file: check id, time, subject, hits with bases, feedback). */
/** What re-reading a check's receipt or a batch's results (not the run itself) is audited as. */
export const CHECK_READ_ACTION = 'check.read'

export async function getCheck(
  ctx: Ctx,
  actor: Actor,
  id: string,
  options: { all?: boolean } = {},
): Promise<CheckReceipt> {
  const row = await ownCheck(ctx.db, actor, id, options.all === true)
  const subject = JSON.parse(row.subject) as CheckSubject
  // re-reading a receipt is a read of the subject's check result (the run itself is audited as check.run)
  await auditRead(ctx, actor, {
    action: CHECK_READ_ACTION,
    targetType: 'check',
    targetId: row.id,
    subjects: [subject.entityId],
    details: { via: 'receipt', scenario: row.scenario },
  })
  return {
    checkId: row.id,
    number: row.number ?? '',
    at: row.at,
    scenario: row.scenario,
    subject,
    outcome: row.outcome as CheckOutcome,
    hits: JSON.parse(row.hits) as CheckHit[],
    exclusions: JSON.parse(row.exclusions) as CheckExclusion[],
    requester: { kind: row.requester_kind, id: row.requester_id, dept: row.dept },
    purpose: row.purpose,
    allMeasures: Number(row.all_measures) === 1,
    batchId: row.batch_id,
    feedback: (await feedbackOf(ctx.db, id)).map(presentFeedback),
  }
}

export interface FeedbackInput {
  measure: string
  action: 'applied' | 'not_applied' | 'partial'
  reason?: string | undefined
  effect?: string | undefined
  startedOn?: string | undefined
  endedOn?: string | undefined
}

/** The repeats of a check (itself included, oldest first): the group groupRepeats puts it in. */
async function repeatsOf(db: Db, row: CheckRow): Promise<CheckRow[]> {
  if (!row.dept) return [row]
  const rows = await checksWithHitsOfEntity(db, row.dept, row.entity_id, row.scenario)
  return groupRepeats(rows).find((g) => g.some((r) => r.id === row.id)) ?? [row]
}

/**
 * Feedback on one hit of the department's own check; a repost is a new version (history kept), audited. The same
 * feedback is given on the check's repeats (REPEAT_CHECK_MINUTES) in the same transaction, one audit event each.
 */
export async function submitFeedback(
  ctx: Ctx,
  actor: Actor,
  checkId: string,
  input: FeedbackInput,
): Promise<FeedbackJson> {
  const today = civilDate(ctx.clock.now())
  // notes of the department: stored with resident ID numbers masked
  const reason = maskPersonalText(input.reason?.trim() || null, { today })
  if (input.action !== 'applied' && (!reason || [...reason].length < 2)) throw checkError('checks.reason_required')
  const row = await ownCheck(ctx.db, actor, checkId, false)
  // a code the measure list never had is named as such (retired measures stay in the list)
  if (!(await currentMeasures(ctx.db)).some((m) => m.code === input.measure))
    throw checkError('checks.measure_unknown', { measure: input.measure })
  const hits = JSON.parse(row.hits) as CheckHit[]
  if (!hits.some((h) => h.measure === input.measure))
    throw checkError('checks.measure_not_hit', { measure: input.measure })
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const repeats = (await repeatsOf(trx, row)).filter((r) => r.id !== checkId)
    let given: FeedbackJson | undefined
    for (const target of [row, ...repeats]) {
      const previous = await currentFeedback(trx, target.id, input.measure)
      const version = (await maxFeedbackVersion(trx, target.id, input.measure)) + 1
      await clearCurrentFeedback(trx, target.id, input.measure)
      const fb = {
        check_id: target.id,
        measure: input.measure,
        version,
        action: input.action,
        reason,
        effect: maskPersonalText(input.effect?.trim() || null, { today }),
        started_on: input.startedOn ?? null,
        ended_on: input.endedOn ?? null,
        dept: actor.dept,
        actor_kind: actor.kind,
        actor_id: actor.id,
        created_at: now.toISOString(),
        is_current: 1,
      }
      await insertFeedback(trx, fb)
      await recordAudit(trx, ctx.clock, actor, {
        action: 'check.feedback',
        targetType: 'check',
        targetId: target.id,
        details: {
          measure: input.measure,
          version,
          action: input.action,
          previous: previous?.action ?? null,
          // a repeat of the check the feedback was given on
          ...(target.id === checkId ? {} : { sameAs: checkId }),
        },
      })
      given ??= presentFeedback(fb)
    }
    return given as FeedbackJson
  })
}

export interface PendingItem {
  /** The newest check of the to-do (its repeats, if any, in `repeats`): feedback is given on it. */
  checkId: string
  number: string
  at: string
  scenario: string
  subject: CheckSubject
  pendingMeasures: string[]
  /** Working days since the first check of the to-do. */
  workingDays: number
  /** The earlier checks of the same entity, scenario and measures within REPEAT_CHECK_MINUTES (one to-do). */
  repeats: { checkId: string; number: string; at: string }[]
}

/**
 * The department's feedback to-dos: checks with hits and a hit without feedback after `days` working days (oldest
 * first); repeats of a check (REPEAT_CHECK_MINUTES) are one to-do, counted from the first of them.
 */
export async function pendingFeedback(
  ctx: Ctx,
  dept: string | null,
  days: number,
  limit = 500,
): Promise<PendingItem[]> {
  if (!dept) return []
  const now = ctx.clock.now()
  const today = civilDate(now)
  // read up to now: a repeat made after the cut-off still belongs to an earlier check's to-do
  const rows = await checksWithHits(ctx.db, dept, now.toISOString(), 5000)
  if (rows.length === 0) return []
  const cal = await loadCalendar(ctx.db)
  const fed = new Set(
    (
      await feedbackOfChecks(
        ctx.db,
        rows.map((r) => r.id),
      )
    )
      .filter((f) => Number(f.is_current) === 1)
      .map((f) => `${f.check_id}|${f.measure}`),
  )
  const out: PendingItem[] = []
  for (const group of groupRepeats(rows)) {
    const first = group[0] as CheckRow
    const newest = group.at(-1) as CheckRow
    const elapsed = workingDaysBetween(cal, civilDate(new Date(first.at)), today)
    if (elapsed < days) continue
    // a measure answered on any check of the to-do is answered
    const pending = (JSON.parse(newest.hits) as CheckHit[])
      .map((h) => h.measure)
      .filter((m) => !group.some((r) => fed.has(`${r.id}|${m}`)))
    if (pending.length === 0) continue
    out.push({
      checkId: newest.id,
      number: newest.number ?? '',
      at: newest.at,
      scenario: newest.scenario,
      subject: JSON.parse(newest.subject) as CheckSubject,
      pendingMeasures: pending,
      workingDays: elapsed,
      repeats: group.slice(0, -1).map((r) => ({ checkId: r.id, number: r.number ?? '', at: r.at })),
    })
    if (out.length >= limit) break
  }
  return out
}

export interface DeptStats {
  dept: string | null
  checks: number
  checksWithHits: number
  hits: number
  hitsWithFeedback: number
  /** checksWithHits / checks (0 when no checks). */
  hitRate: number
  /** hitsWithFeedback / hits (0 when no hits). */
  feedbackRate: number
  /** Mean working days from the check to the first feedback on a hit; null without feedback. */
  avgDelayWorkingDays: number | null
  actions: { applied: number; not_applied: number; partial: number }
}

/** Feedback rate and delay per department (one department, or all). */
export async function checkStats(
  ctx: Ctx,
  filter: { dept?: string | null; from?: string; to?: string },
): Promise<DeptStats[]> {
  const rows = await checksForStats(ctx.db, filter)
  const withHits = rows.filter((r) => Number(r.hit_count) > 0)
  const feedback = await feedbackOfChecks(
    ctx.db,
    withHits.map((r) => r.id),
  )
  const cal = feedback.length ? await loadCalendar(ctx.db) : undefined
  const byCheck = new Map<string, FeedbackRow[]>()
  for (const f of feedback) byCheck.set(f.check_id, [...(byCheck.get(f.check_id) ?? []), f])
  // a hit answered on a repeat of the check is answered (REPEAT_CHECK_MINUTES)
  const groups = repeatGroupsById(withHits)
  const stats = new Map<string, DeptStats & { delaySum: number; delayN: number }>()
  for (const r of rows) {
    const key = r.dept ?? ''
    let s = stats.get(key)
    if (!s) {
      s = {
        dept: r.dept,
        checks: 0,
        checksWithHits: 0,
        hits: 0,
        hitsWithFeedback: 0,
        hitRate: 0,
        feedbackRate: 0,
        avgDelayWorkingDays: null,
        actions: { applied: 0, not_applied: 0, partial: 0 },
        delaySum: 0,
        delayN: 0,
      }
      stats.set(key, s)
    }
    s.checks += 1
    const hits = Number(r.hit_count)
    if (hits === 0) continue
    s.checksWithHits += 1
    s.hits += hits
    const fbs = (groups.get(r.id) ?? [r.id]).flatMap((id) => byCheck.get(id) ?? [])
    const measures = new Set((JSON.parse(r.hits) as CheckHit[]).map((h) => h.measure))
    for (const m of measures) {
      const versions = fbs.filter((f) => f.measure === m)
      if (versions.length === 0) continue
      s.hitsWithFeedback += 1
      // the newest current answer of the group (copies given together carry the same time)
      const current = versions
        .filter((f) => Number(f.is_current) === 1)
        .reduce<FeedbackRow | undefined>((a, b) => (a && a.created_at >= b.created_at ? a : b), undefined)
      if (current && current.action in s.actions) s.actions[current.action as keyof DeptStats['actions']] += 1
      const first = versions.reduce((a, b) => (a.created_at <= b.created_at ? a : b))
      if (cal) {
        s.delaySum += Math.max(
          0,
          workingDaysBetween(cal, civilDate(new Date(r.at)), civilDate(new Date(first.created_at))),
        )
        s.delayN += 1
      }
    }
  }
  return [...stats.values()]
    .map(({ delaySum, delayN, ...s }) => ({
      ...s,
      hitRate: s.checks ? Math.round((s.checksWithHits / s.checks) * 10000) / 10000 : 0,
      feedbackRate: s.hits ? Math.round((s.hitsWithFeedback / s.hits) * 10000) / 10000 : 0,
      avgDelayWorkingDays: delayN ? Math.round((delaySum / delayN) * 100) / 100 : null,
    }))
    .sort((a, b) => (a.dept ?? '').localeCompare(b.dept ?? ''))
}

/** Who asks for statistics: with `all` (stats.read) any department or every one, else only its own department. */
export interface StatsViewer {
  all: boolean
  dept: string | null
}

export interface StatsQuery {
  from?: string | undefined
  to?: string | undefined
  dept?: string | undefined
}

/** Civil dates (Asia/Shanghai) -> instants: from 00:00 of `from` to 00:00 after `to`. */
function instantRange(q: StatsQuery): { from?: string; to?: string } {
  if (q.from && q.to && q.from > q.to) throw checkError('checks.stats_range_invalid')
  const from = q.from ? new Date(`${q.from}T00:00:00+08:00`).toISOString() : undefined
  const to = q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString() : undefined
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) }
}

/** The department filter a viewer may use: its choice (or all) with `all`, else its own (none: matches nothing). */
function viewedDept(viewer: StatsViewer, q: StatsQuery): string | undefined {
  return viewer.all ? q.dept : (viewer.dept ?? '\u0000')
}

/** Per-department check and feedback statistics over a civil-date range, as the viewer may see them. */
export async function checkStatsView(ctx: Ctx, viewer: StatsViewer, q: StatsQuery): Promise<{ items: DeptStats[] }> {
  return { items: await checkStats(ctx, { dept: viewedDept(viewer, q), ...instantRange(q) }) }
}

/** The chart data (by scenario, by department) over a civil-date range, with the range and department it covers. */
export async function checkBreakdownView(
  ctx: Ctx,
  viewer: StatsViewer,
  q: StatsQuery,
): Promise<CheckBreakdown & { from: string | null; to: string | null; dept: string | null }> {
  const range = instantRange(q)
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    dept: viewer.all ? (q.dept ?? null) : viewer.dept,
    ...(await checkBreakdown(ctx, { dept: viewedDept(viewer, q), ...range })),
  }
}

/** The reminder list of a department: checks with a hit still without feedback after `days` working days. */
export async function pendingFeedbackView(
  ctx: Ctx,
  dept: string | null,
  days: number,
): Promise<{ days: number; items: PendingItem[] }> {
  return { days, items: await pendingFeedback(ctx, dept, days) }
}

/**
 * The departments that received a record through checks: those whose check of the entity returned it as a trigger
 * of a measure (or of an exclusion), with the first time each did. Who must learn that the record was repaired.
 */
export async function departmentsThatReceived(
  db: Db,
  entityId: string,
  recordId: string,
): Promise<{ dept: string; firstAt: string }[]> {
  const seen = new Map<string, string>()
  const names = (json: string): boolean => {
    try {
      const list = JSON.parse(json) as { triggeredBy?: { recordId?: string }[]; excludedBy?: { recordId?: string }[] }[]
      return list.some((h) =>
        [...(h.triggeredBy ?? []), ...(h.excludedBy ?? [])].some((t) => t && t.recordId === recordId),
      )
    } catch {
      return false
    }
  }
  for (const c of await checksNamingRecord(db, entityId, recordId))
    if (c.dept && !seen.has(c.dept) && (names(c.hits) || names(c.exclusions))) seen.set(c.dept, c.at)
  return [...seen].map(([dept, firstAt]) => ({ dept, firstAt }))
}
