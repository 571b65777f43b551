// The steps a repair and a list exit share - the same case flow, each kind with its own machine, facts and
// presenter: reading a case for whoever may see it, its detail, the queue, the deciding department's approval or
// rejection, and the applicant's withdrawal. What approval does to the record is the kind's own (`approve`).
import { runCommand, type CommandScope } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { Db } from '../../db/database.js'
import type { Principal } from '../../modules/access/index.js'
import {
  type CaseDeadlineRow,
  type CaseEventRow,
  type CaseMachine,
  type CaseRow,
  type ClockReading,
  caseHistory,
  getCase,
  listCases,
  moveCase,
  openCase,
} from '../../modules/cases/index.js'
import { type AttachedFileJson, attachFiles, filesOf } from '../../modules/files/index.js'
import { cleanText } from '../../modules/ingest/normalize/index.js'
import type { RecordRow } from '../../modules/records/index.js'
import { repairError } from '../../modules/repairs/index.js'
import { isOperator, isSubject, mayRead, providerDept, tellApplicant } from './repairs.access.js'
import { type RepairClock, repairClock } from './repairs.clock.js'

export type DecideAction = 'approve' | 'reject'

/** One kind of case in this flow: its machine, its facts and how they are stored and shown. */
export interface CaseKind<F, R, J, D> {
  /** The machine as moveCase takes it (any state string). */
  machine: CaseMachine<string, DecideAction | 'withdraw'>
  notFound: 'repairs.not_found' | 'list_exits.not_found'
  facts(db: Db, caseId: string): Promise<F | undefined>
  factsOf(db: Db, caseIds: readonly string[]): Promise<Map<string, F>>
  /** Stores the decision's reasons (null on withdrawal) and what approval did (null otherwise). */
  storeDecision(scope: CommandScope, caseId: string, reasons: string | null, result: R | null): Promise<unknown>
  present(row: CaseRow, facts: F, deadlines: readonly CaseDeadlineRow[], read: ClockReading): J
  presentDetail(
    row: CaseRow,
    facts: F,
    deadlines: readonly CaseDeadlineRow[],
    read: ClockReading,
    history: readonly CaseEventRow[],
    files: readonly AttachedFileJson[],
  ): D
}

export async function detailOf<F, R, J, D>(k: CaseKind<F, R, J, D>, db: Db, row: CaseRow, today: string): Promise<D> {
  const view = await getCase(db, k.machine, row.id)
  const facts = await k.facts(db, row.id)
  if (!facts) throw repairError(k.notFound, { id: row.id })
  const clock = await repairClock(db, today)
  const files = await filesOf({ db }, { kind: k.machine.kind, id: row.id })
  return k.presentDetail(view.row, facts, view.deadlines, clock.read, await caseHistory(db, row.id), files)
}

/** The case, if the principal may read it (404 otherwise). */
export async function caseOf<F, R, J, D>(k: CaseKind<F, R, J, D>, db: Db, p: Principal, id: string): Promise<CaseRow> {
  const view = await getCase(db, k.machine, id)
  if (!mayRead(p, view.row)) throw repairError(k.notFound, { id })
  return view.row
}

/** One case with its clocks and history, for whoever may see it (404 otherwise). */
export async function getCaseFor<F, R, J, D>(k: CaseKind<F, R, J, D>, ctx: Ctx, p: Principal, id: string): Promise<D> {
  return detailOf(k, ctx.db, await caseOf(k, ctx.db, p, id), civilDate(ctx.clock.now()))
}

export interface CaseListQuery<S extends string> {
  state?: S | undefined
  dept?: string | undefined
  overdue?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** The queue: operators every case, providers their own department's, subjects their entity's. */
export async function listCasesFor<F, R, J, D, S extends string>(
  k: CaseKind<F, R, J, D>,
  ctx: Ctx,
  p: Principal,
  q: CaseListQuery<S>,
): Promise<{ items: J[]; total: number; page: number; pageSize: number }> {
  const page = q.page ?? 1
  const pageSize = q.pageSize ?? 20
  const today = civilDate(ctx.clock.now())
  let handlerDept = q.dept
  let entityId: string | undefined
  if (!isOperator(p)) {
    if (isSubject(p)) entityId = p.entityId as string
    else if (providerDept(p)) handlerDept = providerDept(p) as string
    else return { items: [], total: 0, page, pageSize }
  }
  const result = await listCases(ctx.db, {
    kinds: [k.machine.kind],
    states: q.state ? [q.state] : undefined,
    handlerDept,
    entityId,
    overdueOn: q.overdue ? today : undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  })
  const facts = await k.factsOf(
    ctx.db,
    result.items.map((i) => i.row.id),
  )
  const clock = await repairClock(ctx.db, today)
  const items = result.items.flatMap((i) => {
    const f = facts.get(i.row.id)
    return f ? [k.present(i.row, f, i.deadlines, clock.read)] : []
  })
  return { items, total: result.total, page, pageSize }
}

/** How one kind's decision reads and what its approval does. */
export interface DecideSteps<F, R> {
  /** What the case event records beside the reasons. */
  details(facts: F): Record<string, unknown>
  /** The approval's effect, in the decision's transaction; its result is stored with the decision. */
  approve(scope: CommandScope, facts: F, moved: CaseRow, reasons: string): Promise<R>
  /** Notification topics' prefix (`repair` -> repair.approved, repair.rejected). */
  topic: string
  /** The application's name in the applicant's notice titles, e.g. 信用修复申请. */
  name: string
  /** The notice's text before the reasons, on approval and on rejection. */
  approved: string
  rejected: string
}

/**
 * The deciding department (the case's handler) approves or rejects with reasons: the case moved, on approval the
 * kind's effect, the decision stored and the applicant told - one transaction.
 */
export async function decideCase<F, R, J, D>(
  k: CaseKind<F, R, J, D>,
  steps: DecideSteps<F, R>,
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  action: DecideAction,
  input: { version: number; reasons: string },
): Promise<D> {
  const reasons = typeof input.reasons === 'string' ? cleanText(input.reasons) : ''
  if ([...reasons].length < 2 || [...reasons].length > 1000) throw repairError('repairs.reason_required')
  return runCommand(ctx, actor, async (scope) => {
    const { trx, today } = scope
    const current = await caseOf(k, trx, principal, id)
    if (providerDept(principal) !== current.handler_dept) throw repairError('repairs.not_decider')
    const facts = await k.facts(trx, id)
    if (!facts) throw repairError(k.notFound, { id })
    const moved = await moveCase(scope, k.machine, id, action, {
      expectedVersion: input.version,
      outcome: action === 'approve' ? 'approved' : 'rejected',
      details: { reasons, ...steps.details(facts) },
    })
    const result = action === 'approve' ? await steps.approve(scope, facts, moved, reasons) : null
    await k.storeDecision(scope, id, reasons, result)
    await tellApplicant(
      scope,
      moved,
      action === 'approve' ? `${steps.topic}.approved` : `${steps.topic}.rejected`,
      action === 'approve' ? `${steps.name}已同意（${moved.number}）` : `${steps.name}未获同意（${moved.number}）`,
      `${action === 'approve' ? steps.approved : steps.rejected}理由：${reasons}`,
    )
    return detailOf(k, trx, moved, today)
  })
}

/**
 * The applicant withdraws its application before the decision, in the caller's transaction: the case moved with
 * the reason (`fallback` when none is given), the decision stored empty. Returns the moved case and the reason.
 */
export async function withdrawCase<F, R, J, D>(
  k: CaseKind<F, R, J, D>,
  scope: CommandScope,
  principal: Principal,
  id: string,
  input: { version: number; reason?: string | undefined },
  fallback: string,
): Promise<{ moved: CaseRow; reason: string }> {
  const current = await caseOf(k, scope.trx, principal, id)
  if (!isSubject(principal) || current.entity_id !== principal.entityId) throw repairError('repairs.not_applicant')
  const reason = input.reason?.trim() ? cleanText(input.reason) : fallback
  const moved = await moveCase(scope, k.machine, id, 'withdraw', {
    expectedVersion: input.version,
    details: { reason },
  })
  await k.storeDecision(scope, id, null, null)
  return { moved, reason }
}

/**
 * Opens an application's case about the subject's record, in the application's transaction: handled by the record's
 * provider, with the decide clock under `deadline`, the applicant's evidence uploads attached to it. Returns the case
 * and when its decision is due.
 */
export async function openApplication<F, R, J, D>(
  k: CaseKind<F, R, J, D>,
  scope: CommandScope,
  principal: Principal,
  actor: Actor,
  input: {
    record: RecordRow
    clock: RepairClock
    deadline: string
    details: Record<string, unknown>
    evidence: readonly string[]
  },
): Promise<{ row: CaseRow; due: { dueOn: string; provisional: boolean } }> {
  const { record, clock } = input
  const due = clock.due(scope.today, clock.decideDays)
  const row = await openCase(scope, k.machine, {
    entityId: record.entity_id,
    recordId: record.id,
    applicantKind: 'subject',
    applicantUser: principal.id,
    handlerDept: record.provider_dept,
    policyVersion: clock.policyVersion,
    details: input.details,
    deadlines: [
      {
        code: input.deadline,
        startOn: scope.today,
        workingDays: clock.decideDays,
        dueOn: due.dueOn,
        provisional: due.provisional,
      },
    ],
  })
  // the evidence: the applicant's own uploads, attached to the case (its handlers may read them)
  await attachFiles(scope.ctx, actor, input.evidence, { kind: k.machine.kind, id: row.id })
  return { row, due }
}
