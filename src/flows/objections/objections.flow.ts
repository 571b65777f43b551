// Objections (异议) end to end: a subject (or an operator at the window on its behalf) objects to a record; the
// credit office accepts (the record is marked 「异议处理中」 everywhere it shows), rejects (不予受理) or forwards it
// to the department that provided the record (谁提供谁核实), which decides: corrected (a new version through the
// collection pipeline), revoked (the pipeline's revoke path) or upheld (the mark closed with the reasons). Each step
// is one runCommand: the case's transition, its clocks, the mark, the record change, the audit events and the
// applicant's notice commit together or not at all.
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { type CommandScope, runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { isAppError } from '../../core/errors.js'
import type { Db } from '../../db/database.js'
import { can, type Principal } from '../../modules/access/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import {
  type CaseRow,
  caseHistory,
  getCase,
  listCases,
  moveCase,
  openCase,
  openCasesAbout,
} from '../../modules/cases/index.js'
import { getClass } from '../../modules/catalog/index.js'
import { attachFiles, filesOf } from '../../modules/files/index.js'
import { checkMarkRequest, openMarksOfRecords } from '../../modules/marks/index.js'
import { closeMarkStep, openMarkStep } from '../record-marks/index.js'
import {
  checkFiling,
  checkText,
  closeObjection,
  OBJECTION_DEADLINES,
  OBJECTION_STATES,
  type ObjectionAction,
  type ObjectionDetailJson,
  type ObjectionFacts,
  type ObjectionJson,
  type ObjectionOutcome,
  type ObjectionPageJson,
  OUTCOME_LABELS,
  objectionClearTexts,
  objectionError,
  objectionFacts,
  objectionFactsOf,
  objectionMachine,
  presentObjection,
  presentObjectionHistory,
  storeObjection,
} from '../../modules/objections/index.js'
import { getRecordRow, type RecordRow } from '../../modules/records/index.js'
import { changeRecordIn, objectionRefusals } from './correction.js'
import { notifyApplicant, notifyHandler } from './notify.js'
import { clockReader, objectionPolicyNow, objectionPolicyOf, startClock } from './objection-deadlines.js'

const machine = objectionMachine
const MARK = 'under_objection'

// ------------------------------------------------------------------ who may do what

/** The credit office: accepts, rejects, forwards; sees every case. */
const isOffice = (p: Principal): boolean => can(p, 'objection.review')
const isSubject = (p: Principal): boolean => p.role === 'subject' && p.entityId !== null
/** The department that provided the record (谁提供谁核实). */
const isProvider = (p: Principal, f: ObjectionFacts): boolean =>
  p.dept !== null && p.dept === f.providerDept && can(p, 'record.correct')

/** Whether the caller may see the case: the office, the subject itself, the provider once the case reached it. */
function maySee(p: Principal, row: CaseRow, f: ObjectionFacts): boolean {
  if (isOffice(p)) return true
  if (isSubject(p)) return p.entityId === f.entityId
  return isProvider(p, f) && row.handler_dept === p.dept
}

/** Handlers see the applicant's contact. */
const isHandler = (p: Principal, f: ObjectionFacts): boolean => isOffice(p) || isProvider(p, f)

/** The actions the machine allows now that this caller may take. */
function actionsFor(p: Principal, row: CaseRow, f: ObjectionFacts): ObjectionAction[] {
  const out: ObjectionAction[] = []
  for (const [a, t] of Object.entries(machine.actions) as [ObjectionAction, { from: readonly string[] }][]) {
    if (!t.from.includes(row.state)) continue
    if ((a === 'accept' || a === 'reject' || a === 'forward') && isOffice(p)) out.push(a)
    if (a === 'decide' && isProvider(p, f)) out.push(a)
    if (a === 'withdraw' && mayWithdraw(p, f)) out.push(a)
  }
  return out
}

function mayWithdraw(p: Principal, f: ObjectionFacts): boolean {
  return (isSubject(p) && p.entityId === f.entityId) || (isOffice(p) && f.onBehalf)
}

async function loadVisible(
  ctx: Pick<Ctx, 'db' | 'keys'>,
  p: Principal,
  id: string,
): Promise<{ row: CaseRow; facts: ObjectionFacts }> {
  const view = await getCase(ctx.db, machine, id)
  const facts = await objectionFacts(ctx, id)
  if (!maySee(p, view.row, facts)) throw objectionError('objections.not_found', { id })
  return { row: view.row, facts }
}

/**
 * Who may read the evidence attached to an objection (besides its uploader): the credit office and the providing
 * department once the case reached it - the case's handlers (the files routes ask it, by case kind).
 */
export async function objectionFileAccess(ctx: Ctx, p: Principal, caseId: string): Promise<boolean> {
  try {
    const { row, facts } = await loadVisible(ctx, p, caseId)
    return isOffice(p) || (isProvider(p, facts) && row.handler_dept === p.dept)
  } catch {
    return false
  }
}

// ------------------------------------------------------------------ reads

/**
 * The reason and contact as the applicant typed them (answers show them masked): for the case's handlers only, with
 * a stated purpose (the actor's), one audit event in the same command, indexed under the entity (its access log).
 */
export async function readObjectionTexts(
  ctx: Ctx,
  p: Principal,
  actor: Actor,
  id: string,
): Promise<{ reason: string; contact: string | null }> {
  const { row, facts } = await loadVisible(ctx, p, id)
  if (!(isOffice(p) || (isProvider(p, facts) && row.handler_dept === p.dept)))
    throw objectionError('objections.not_found', { id })
  return runCommand(ctx, actor, async ({ trx, ctx: scoped }) => {
    await recordAudit(trx, ctx.clock, actor, {
      action: 'objection.read_texts',
      targetType: 'case',
      targetId: id,
      subjects: [facts.entityId],
      details: { number: row.number },
    })
    return objectionClearTexts(scoped, id)
  })
}

async function present(ctx: Ctx, p: Principal, row: CaseRow, facts: ObjectionFacts): Promise<ObjectionJson> {
  const view = await getCase(ctx.db, machine, row.id)
  const read = await clockReader(ctx, civilDate(ctx.clock.now()))
  return presentObjection(view.row, view.deadlines, facts, read, { handler: isHandler(p, facts) })
}

/** One case: the record it is about, its evidence, history, clocks and what the caller may do next. */
export async function getObjection(ctx: Ctx, p: Principal, id: string): Promise<ObjectionDetailJson> {
  const { row, facts } = await loadVisible(ctx, p, id)
  const record = await getRecordRow(ctx.db, facts.recordId)
  const cls = await getClass(ctx.db, record.class_code, record.class_version).catch(() => null)
  const marks = await openMarksOfRecords(ctx.db, [record.id])
  return {
    ...(await present(ctx, p, row, facts)),
    record: {
      id: record.id,
      classCode: record.class_code,
      className: cls?.nameZh ?? record.class_code,
      version: record.version,
      versionObjected: facts.recordVersion,
      state: record.state,
      documentNo: record.document_no,
      decidedOn: record.decided_on,
      providerDept: record.provider_dept,
      underObjection: marks.some((m) => m.kind === MARK),
    },
    evidenceFiles: await filesOf(ctx, { kind: machine.kind, id }),
    history: presentObjectionHistory(await caseHistory(ctx.db, id)),
    actions: actionsFor(p, row, facts),
  }
}

export interface ObjectionQuery {
  state?: string | undefined
  dept?: string | undefined
  overdue?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** The queue: the office sees every case; a provider the cases forwarded to it; a subject its own. */
export async function listObjections(ctx: Ctx, p: Principal, q: ObjectionQuery): Promise<ObjectionPageJson> {
  const page = q.page ?? 1
  const pageSize = q.pageSize ?? 20
  if (q.state !== undefined && !(q.state in OBJECTION_STATES))
    throw objectionError('objections.bad_query', {
      field: 'state',
      rule: `应为 ${Object.keys(OBJECTION_STATES).join('、')} 之一`,
    })
  const today = civilDate(ctx.clock.now())
  let handlerDept = q.dept
  let entityId: string | undefined
  if (!isOffice(p)) {
    if (isSubject(p)) entityId = p.entityId as string
    else if (p.dept && can(p, 'record.correct')) {
      // a department: the cases it handles, whatever department the filter names
      if (q.dept !== undefined && q.dept !== p.dept) return { items: [], total: 0, page, pageSize }
      handlerDept = p.dept
    } else return { items: [], total: 0, page, pageSize }
  }
  const result = await listCases(ctx.db, {
    kinds: [machine.kind],
    states: q.state ? [q.state] : undefined,
    handlerDept,
    entityId,
    overdueOn: q.overdue ? today : undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  })
  const facts = await objectionFactsOf(
    ctx,
    result.items.map((v) => v.row.id),
  )
  const read = await clockReader(ctx, today)
  const items: ObjectionJson[] = []
  for (const v of result.items) {
    const f = facts.get(v.row.id)
    if (f) items.push(presentObjection(v.row, v.deadlines, f, read, { handler: isHandler(p, f) }))
  }
  return { items, total: result.total, page, pageSize }
}

// ------------------------------------------------------------------ commands

export interface SubmitInput {
  recordId: string
  reason: string
  evidence?: string[] | undefined
  contact?: string | undefined
}

async function recordForSubmit(db: Db, p: Principal, recordId: string): Promise<RecordRow> {
  let record: RecordRow
  try {
    record = await getRecordRow(db, recordId)
  } catch (e) {
    if (isAppError(e) && e.status === 404) throw objectionError('objections.record_not_found', { recordId })
    throw e
  }
  // a record of another entity looks like a missing one
  if (isSubject(p) && record.entity_id !== p.entityId) throw objectionError('objections.record_not_found', { recordId })
  return record
}

const RECORD_STATES: Record<string, string> = { revoked: '已撤销', repaired: '已修复' }

/** A subject objects to a record of its own entity, or an operator files it on the subject's behalf (窗口代录). */
export async function submitObjection(
  ctx: Ctx,
  p: Principal,
  actor: Actor,
  input: SubmitInput,
): Promise<ObjectionJson> {
  const onBehalf = !isSubject(p)
  if (onBehalf && !isOffice(p)) throw objectionError('objections.record_not_found', { recordId: input.recordId })
  const filing = checkFiling({ ...input, onBehalf })
  const { row, facts } = await runCommand(ctx, actor, async (scope) => {
    const { trx } = scope
    const record = await recordForSubmit(trx, p, input.recordId)
    if (record.state !== 'active')
      throw objectionError('objections.record_inactive', {
        recordId: record.id,
        state: record.state,
        stateLabel: RECORD_STATES[record.state] ?? record.state,
      })
    const open = await openCasesAbout(trx, machine, record.id)
    if (open.length) throw objectionError('objections.already_open', { recordId: record.id, number: open[0]?.number })
    const policy = await objectionPolicyNow(trx)
    const row = await openCase(scope, machine, {
      entityId: record.entity_id,
      recordId: record.id,
      applicantKind: onBehalf ? 'operator' : 'subject',
      applicantUser: p.id,
      handlerDept: null,
      policyVersion: policy.version,
      details: { reason: filing.reason, evidence: filing.evidence.length, onBehalf, recordVersion: record.version },
      deadlines: [await startClock(trx, policy, OBJECTION_DEADLINES.accept, scope.today)],
    })
    await storeObjection(scope, row.id, record, filing)
    // the evidence the applicant uploaded (POST /api/v1/files), attached to the case in the same transaction
    await attachFiles(scope.ctx, actor, filing.evidence, { kind: machine.kind, id: row.id })
    if (onBehalf)
      await recordAudit(trx, scope.clock, actor, {
        action: 'objection.on_behalf',
        targetType: 'objection',
        targetId: row.id,
        details: { number: row.number, entityId: record.entity_id, recordId: record.id, channel: '窗口代录' },
      })
    await notifyApplicant(scope, row, {
      action: 'submit',
      title: `异议已提交（${row.number}）`,
      body: '平台将在规定的工作日内审查是否受理。',
    })
    return { row, facts: await objectionFacts(scope.ctx, row.id) }
  })
  return present(ctx, p, row, facts)
}

interface StepInput {
  version?: number | undefined
  reason?: string | undefined
}

async function openMarkIfNone(scope: CommandScope, recordId: string, reason: string): Promise<void> {
  const record = await getRecordRow(scope.trx, recordId)
  const open = await openMarksOfRecords(scope.trx, [recordId])
  if (open.some((m) => m.kind === MARK)) return
  await openMarkStep(scope, record, checkMarkRequest({ reason }, scope.today))
}

async function closeMarkIfOpen(scope: CommandScope, recordId: string, reason: string): Promise<void> {
  const open = await openMarksOfRecords(scope.trx, [recordId])
  if (!open.some((m) => m.kind === MARK)) return
  const record = await getRecordRow(scope.trx, recordId)
  await closeMarkStep(scope, record, checkMarkRequest({ reason: reason.slice(0, 500) }, scope.today))
}

/** One step on a visible case, as one command; `body` does the step's effects after the transition. */
async function step(
  ctx: Ctx,
  p: Principal,
  actor: Actor,
  id: string,
  body: (scope: CommandScope, row: CaseRow, facts: ObjectionFacts) => Promise<CaseRow>,
): Promise<ObjectionJson> {
  const { row, facts } = await runCommand(ctx, actor, async (scope) => {
    const seen = await loadVisible(scope.ctx, p, id)
    return { row: await body(scope, seen.row, seen.facts), facts: seen.facts }
  })
  return present(ctx, p, row, facts)
}

/** The credit office accepts: the record is marked 「异议处理中」; the platform's own check starts. */
export async function acceptObjection(ctx: Ctx, p: Principal, actor: Actor, id: string, input: StepInput) {
  const note = checkText('reason', '受理意见', input.reason, { min: 1, max: 2000, required: false })
  return step(ctx, p, actor, id, async (scope, current, facts) => {
    const policy = await objectionPolicyOf(scope.trx, current.policy_version)
    const row = await moveCase(scope, machine, id, 'accept', {
      expectedVersion: input.version,
      details: note ? { note } : {},
      meet: [OBJECTION_DEADLINES.accept],
      deadlines: [await startClock(scope.trx, policy, OBJECTION_DEADLINES.platformCheck, scope.today)],
    })
    await openMarkIfNone(scope, facts.recordId, `异议已受理（办件编号 ${current.number}），正在核实`)
    await notifyApplicant(scope, row, {
      action: 'accept',
      title: `异议已受理（${row.number}）`,
      body: '记录已标注「异议处理中」。',
    })
    return row
  })
}

/** The credit office does not accept (不予受理), with the reason; any open mark is closed. */
export async function rejectObjection(ctx: Ctx, p: Principal, actor: Actor, id: string, input: StepInput) {
  const reason = checkText('reason', '不予受理理由', input.reason, { min: 2, max: 2000, required: true }) as string
  return step(ctx, p, actor, id, async (scope, current, facts) => {
    const row = await moveCase(scope, machine, id, 'reject', { expectedVersion: input.version, details: { reason } })
    await closeObjection(scope, id)
    await closeMarkIfOpen(scope, facts.recordId, `异议不予受理（办件编号 ${current.number}）：${reason}`)
    await notifyApplicant(scope, row, { action: 'reject', title: `异议不予受理（${row.number}）`, body: reason })
    return row
  })
}

/** The credit office forwards the case to the providing department; its 10-working-day verification starts. */
export async function forwardObjection(ctx: Ctx, p: Principal, actor: Actor, id: string, input: StepInput) {
  const note = checkText('reason', '转办意见', input.reason, { min: 1, max: 2000, required: false })
  return step(ctx, p, actor, id, async (scope, current, facts) => {
    const policy = await objectionPolicyOf(scope.trx, current.policy_version)
    const verify = await startClock(scope.trx, policy, OBJECTION_DEADLINES.providerVerify, scope.today)
    const row = await moveCase(scope, machine, id, 'forward', {
      expectedVersion: input.version,
      handlerDept: facts.providerDept,
      details: { dept: facts.providerDept, ...(note ? { note } : {}) },
      meet: [OBJECTION_DEADLINES.platformCheck],
      deadlines: [verify],
    })
    await notifyHandler(scope, row, facts.providerDept, verify.dueOn)
    await notifyApplicant(scope, row, {
      action: 'forward',
      title: `异议已转提供部门核实（${row.number}）`,
      body: `承办部门：${facts.providerDept}`,
    })
    return row
  })
}

export interface DecideInput extends StepInput {
  outcome: ObjectionOutcome
  fields?: Record<string, unknown> | undefined
}

/**
 * The providing department decides: corrected (the fields through the pipeline as a correction: a new version),
 * revoked (the pipeline's revoke path) or upheld; the mark closes with the reasons. A record of a person who was a
 * minor on the decision date stays unpublished whatever the decision.
 */
export async function decideObjection(ctx: Ctx, p: Principal, actor: Actor, id: string, input: DecideInput) {
  const reason = checkText('reason', '核实意见', input.reason, { min: 2, max: 2000, required: true }) as string
  if (input.outcome === 'corrected' && (!input.fields || Object.keys(input.fields).length === 0))
    throw objectionError('objections.fields_required')
  return step(ctx, p, actor, id, async (scope, current, facts) => {
    if (!isProvider(p, facts)) throw objectionError('objections.not_provider', { id, dept: facts.providerDept })
    const before = await getRecordRow(scope.trx, facts.recordId)
    const fields = input.outcome === 'corrected' ? (input.fields ?? {}) : undefined
    const row = await moveCase(scope, machine, id, 'decide', {
      expectedVersion: input.version,
      outcome: input.outcome,
      details: { reason, ...(fields ? { fields } : {}) },
    })
    await closeObjection(scope, id)
    const label = OUTCOME_LABELS[input.outcome]
    await closeMarkIfOpen(scope, facts.recordId, `异议核实结论：${label}（办件编号 ${current.number}）：${reason}`)
    if (input.outcome !== 'upheld') {
      const change = await changeRecordIn(
        scope,
        actor,
        facts.recordId,
        input.outcome === 'corrected'
          ? { op: 'correct', fields: fields ?? {}, reason: `异议更正（${current.number}）：${reason}` }
          : { op: 'revoke', reason: `异议撤销（${current.number}）：${reason}` },
        objectionRefusals,
      )
      if (before.minor_at_decision === 1 && change.record.minor_at_decision !== 1)
        throw objectionError('objections.minor_stays_unpublished', { recordId: facts.recordId })
      await recordAudit(scope.trx, scope.clock, actor, {
        action: 'objection.record_changed',
        targetType: 'objection',
        targetId: id,
        details: {
          number: current.number,
          recordId: facts.recordId,
          outcome: input.outcome,
          batchId: change.batchId,
          version: change.record.version,
          state: change.record.state,
        },
      })
    }
    await notifyApplicant(scope, row, {
      action: 'decide',
      title: `异议已办结：${label}（${row.number}）`,
      body: reason,
    })
    return row
  })
}

/** The applicant withdraws before a decision (an operator only for a case filed at the window); any mark closes. */
export async function withdrawObjection(ctx: Ctx, p: Principal, actor: Actor, id: string, input: StepInput) {
  const reason = checkText('reason', '撤回原因', input.reason, { min: 1, max: 2000, required: false })
  return step(ctx, p, actor, id, async (scope, current, facts) => {
    if (!mayWithdraw(p, facts)) throw objectionError('objections.not_applicant', { id })
    const row = await moveCase(scope, machine, id, 'withdraw', {
      expectedVersion: input.version,
      details: reason ? { reason } : {},
    })
    await closeObjection(scope, id)
    await closeMarkIfOpen(
      scope,
      facts.recordId,
      `申请人撤回异议（办件编号 ${current.number}）${reason ? `：${reason}` : ''}`,
    )
    await notifyApplicant(scope, row, { action: 'withdraw', title: `异议已撤回（${row.number}）`, body: reason ?? '' })
    return row
  })
}
