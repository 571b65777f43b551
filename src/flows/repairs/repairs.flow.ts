// Credit repair (信用修复) across modules: eligibility from the record's rule set, the application with its
// commitment (commitments), the case (cases), and the approval that takes effect at once in one transaction - the
// record repaired (records: a new version, flags and change counters), list entries and checks following from its
// state, the outbox told.
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { Db } from '../../db/database.js'
import { can, type Principal } from '../../modules/access/index.js'
import {
  type CaseRow,
  caseHistory,
  getCase,
  listCases,
  moveCase,
  openCase,
  openCasesAbout,
} from '../../modules/cases/index.js'
import { getClass, listRuleSets } from '../../modules/catalog/index.js'
import { fileCommitment, withdrawCommitment } from '../commitments/index.js'
import { cleanText } from '../../modules/ingest/normalize/index.js'
import { getRecordRow, type RecordRow, repairRecordIn } from '../../modules/records/index.js'
import {
  type Eligibility,
  type RecipientJson,
  type RepairDetailJson,
  type RepairPageJson,
  presentRepair,
  presentRepairDetail,
  REPAIR_DEADLINES,
  repairEligibility,
  repairError,
  repairFacts,
  repairFactsOf,
  repairMachine,
  repairRules,
  type RepairState,
  storeRepairDecision,
  storeRepairFacts,
} from '../../modules/repairs/index.js'
import { attachFiles, filesOf } from '../../modules/files/index.js'
import {
  caseAccessOf,
  isOperator,
  isSubject,
  machine,
  mayRead,
  openObjection,
  providerDept,
  recordFor,
  tellApplicant,
  text,
} from './repairs.access.js'
import { repairClock } from './repairs.clock.js'
import { notifyRepaired } from './repairs.outbox.js'

/**
 * Whether the record may be repaired on `today`, read without a principal: the one computation behind the route, the
 * application and the proactive notices (src/flows/notices).
 */
export async function eligibilityOf(db: Db, record: RecordRow, today: string): Promise<Eligibility> {
  const cls = await getClass(db, record.class_code, record.class_version)
  return repairEligibility({
    record,
    cls: { code: cls.code, nameZh: cls.nameZh, repairable: cls.repairable },
    ruleSets: await listRuleSets(db),
    rules: repairRules(),
    today,
    openObjection: await openObjection(db, record.id),
  })
}

/** Whether the record may be repaired today, and why not (GET /api/v1/records/:id/repair-eligibility). */
export async function eligibilityFor(ctx: Ctx, principal: Principal, recordId: string): Promise<Eligibility> {
  const record = await recordFor(ctx.db, principal, recordId)
  return eligibilityOf(ctx.db, record, civilDate(ctx.clock.now()))
}

export interface ApplyInput {
  recordId: string
  statement: string
  evidence?: string[] | undefined
  commitment: { content: string }
}

async function detail(db: Db, row: CaseRow, today: string): Promise<RepairDetailJson> {
  const view = await getCase(db, repairMachine, row.id)
  const facts = await repairFacts(db, row.id)
  if (!facts) throw repairError('repairs.not_found', { id: row.id })
  const clock = await repairClock(db, today)
  const files = await filesOf({ db }, { kind: repairMachine.kind, id: row.id })
  return presentRepairDetail(view.row, facts, view.deadlines, clock.read, await caseHistory(db, row.id), files)
}

/**
 * A subject applies for the repair of one of its records: refused (422 repairs.not_eligible with the reasons and
 * the earliest date) unless eligible today; the 信用修复 commitment is filed with it, the case opened with the
 * repair.decide clock, handled by the record's provider (谁认定、谁修复). One transaction.
 */
export async function applyForRepair(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  input: ApplyInput,
): Promise<RepairDetailJson> {
  if (!isSubject(principal) || !can(principal, 'repair.apply')) throw repairError('repairs.applicant_only')
  const statement = text(input.statement, 'statement', '修复申请说明', 2000)
  const content = text(input.commitment?.content, 'commitment.content', '信用修复承诺内容', 4000)
  const evidence = [...new Set(input.evidence ?? [])]
  return runCommand(ctx, actor, async (scope) => {
    const { trx, today } = scope
    const record = await recordFor(trx, principal, input.recordId)
    const eligibility = await eligibilityOf(trx, record, today)
    if (!eligibility.eligible)
      throw repairError('repairs.not_eligible', {
        recordId: record.id,
        earliestDate: eligibility.earliestDate,
        reasons: eligibility.reasons,
      })
    const open = await openCasesAbout(trx, repairMachine, record.id)
    if (open[0]) throw repairError('repairs.already_open', { number: open[0].number, id: open[0].id })
    const cls = await getClass(trx, record.class_code, record.class_version)
    const clock = await repairClock(trx, today)
    // the commitment (信用修复承诺) is filed to the deciding department; kept off the portal (decisions.md)
    const commitment = await fileCommitment(scope.ctx, principal, actor, {
      type: 'repair',
      matter: `申请修复「${cls.nameZh}」${record.document_no ? `（${record.document_no}）` : ''}`,
      dept: record.provider_dept,
      content,
      public: false,
    })
    const decide = clock.due(today, clock.decideDays)
    const row = await openCase(scope, repairMachine, {
      entityId: record.entity_id,
      recordId: record.id,
      applicantKind: 'subject',
      applicantUser: principal.id,
      handlerDept: record.provider_dept,
      policyVersion: clock.policyVersion,
      details: {
        recordId: record.id,
        class: record.class_code,
        ruleSet: eligibility.ruleSet,
        severity: eligibility.severity,
        commitmentId: commitment.id,
        evidence: evidence.length,
      },
      deadlines: [
        {
          code: REPAIR_DEADLINES.decide,
          startOn: today,
          workingDays: clock.decideDays,
          dueOn: decide.dueOn,
          provisional: decide.provisional,
        },
      ],
    })
    // the evidence: the applicant's own uploads, attached to the case (its handlers may read them)
    await attachFiles(scope.ctx, actor, evidence, { kind: repairMachine.kind, id: row.id })
    await tellApplicant(
      scope,
      row,
      'repair.submitted',
      `信用修复申请已提交（${row.number}）`,
      `您对「${cls.nameZh}」${record.document_no ?? ''}的信用修复申请已提交，认定单位应于 ${decide.dueOn} 前作出决定。`,
    )
    await storeRepairFacts(scope, {
      caseId: row.id,
      recordId: record.id,
      recordVersion: record.version,
      entityId: record.entity_id,
      classCode: record.class_code,
      ruleSet: eligibility.ruleSet,
      severity: eligibility.severity,
      earliestOn: eligibility.earliestDate,
      statement,
      evidence,
      commitmentId: commitment.id,
    })
    return detail(trx, row, today)
  })
}

async function caseFor(db: Db, p: Principal, id: string): Promise<CaseRow> {
  const view = await getCase(db, repairMachine, id)
  if (!mayRead(p, view.row)) throw repairError('repairs.not_found', { id })
  return view.row
}

/** One repair case with its clocks and history, for whoever may see it (404 otherwise). */
export async function getRepairFor(ctx: Ctx, p: Principal, id: string): Promise<RepairDetailJson> {
  const row = await caseFor(ctx.db, p, id)
  return detail(ctx.db, row, civilDate(ctx.clock.now()))
}

export interface RepairListQuery {
  state?: RepairState | undefined
  dept?: string | undefined
  overdue?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** The queue: operators every case, providers their own department's, subjects their entity's. */
export async function listRepairsFor(ctx: Ctx, p: Principal, q: RepairListQuery): Promise<RepairPageJson> {
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
    kinds: [repairMachine.kind],
    states: q.state ? [q.state] : undefined,
    handlerDept,
    entityId,
    overdueOn: q.overdue ? today : undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  })
  const facts = await repairFactsOf(
    ctx.db,
    result.items.map((i) => i.row.id),
  )
  const clock = await repairClock(ctx.db, today)
  const items = result.items.flatMap((i) => {
    const f = facts.get(i.row.id)
    return f ? [presentRepair(i.row, f, i.deadlines, clock.read)] : []
  })
  return { items, total: result.total, page, pageSize }
}

export interface DecideInput {
  version: number
  reasons: string
}

/**
 * The deciding department (the record's provider: 谁认定、谁修复) approves or rejects with reasons. Approval takes
 * effect at once in this one transaction: the case closed, the record repaired (a new version; off the portal, the
 * lists and the checks), the flags and change counters bumped so that no cache in any process serves it, the
 * departments that decided or received the record put in the outbox with the repair.notify duty.
 */
export async function decideRepair(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  action: 'approve' | 'reject',
  input: DecideInput,
): Promise<RepairDetailJson> {
  const reasons = typeof input.reasons === 'string' ? cleanText(input.reasons) : ''
  if ([...reasons].length < 2 || [...reasons].length > 1000) throw repairError('repairs.reason_required')
  return runCommand(ctx, actor, async (scope) => {
    const { trx, today } = scope
    const current = await caseFor(trx, principal, id)
    if (providerDept(principal) !== current.handler_dept) throw repairError('repairs.not_decider')
    const facts = await repairFacts(trx, id)
    if (!facts) throw repairError('repairs.not_found', { id })
    const outcome = action === 'approve' ? 'approved' : 'rejected'
    const moved = await moveCase(scope, machine, id, action, {
      expectedVersion: input.version,
      outcome,
      details: { reasons, ...(facts.commitment_id ? { commitmentId: facts.commitment_id } : {}) },
    })
    let recipients: RecipientJson[] | null = null
    if (action === 'approve') {
      const record = await getRecordRow(trx, facts.record_id)
      if (record.state !== 'active')
        throw repairError('repairs.record_changed', {
          id,
          state: record.state,
          stateLabel: record.state === 'revoked' ? '已撤销' : record.state === 'repaired' ? '已修复' : record.state,
        })
      await repairRecordIn(scope.ctx, trx, actor, record.id, record.version, reasons, {
        caseId: id,
        caseNumber: moved.number,
      })
      const clock = await repairClock(trx, today)
      recipients = await notifyRepaired(scope, clock, record.provider_dept, {
        caseId: id,
        caseNumber: moved.number,
        recordId: record.id,
        entityId: record.entity_id,
        classCode: record.class_code,
        documentNo: record.document_no,
        decidedOn: today,
        reasons,
      })
    }
    await storeRepairDecision(scope, id, reasons, recipients)
    await tellApplicant(
      scope,
      moved,
      action === 'approve' ? 'repair.approved' : 'repair.rejected',
      action === 'approve' ? `信用修复申请已同意（${moved.number}）` : `信用修复申请未获同意（${moved.number}）`,
      action === 'approve'
        ? `认定单位已同意修复：该信用记录自即日起终止公示，停止共享和使用。理由：${reasons}`
        : `认定单位不予修复。理由：${reasons}`,
    )
    return detail(trx, moved, today)
  })
}

/** The applicant withdraws its application before the decision; its commitment is withdrawn with it. */
export async function withdrawRepair(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: { version: number; reason?: string | undefined },
): Promise<RepairDetailJson> {
  return runCommand(ctx, actor, async (scope) => {
    const { trx, today } = scope
    const current = await caseFor(trx, principal, id)
    if (!isSubject(principal) || current.entity_id !== principal.entityId) throw repairError('repairs.not_applicant')
    const reason = input.reason?.trim() ? cleanText(input.reason) : '申请人撤回信用修复申请'
    const moved = await moveCase(scope, machine, id, 'withdraw', {
      expectedVersion: input.version,
      details: { reason },
    })
    await storeRepairDecision(scope, id, null, null)
    // the commitment was made for this application: withdrawn with it
    const facts = await repairFacts(trx, id)
    if (facts?.commitment_id)
      await withdrawCommitment(scope.ctx, principal, actor, facts.commitment_id, {
        reason: `撤回信用修复申请：${reason}`,
      })
    await tellApplicant(scope, moved, 'repair.withdrawn', `信用修复申请已撤回（${moved.number}）`, reason)
    return detail(trx, moved, today)
  })
}

/** Who may read a repair case's evidence files (for the files routes). */
export const repairCaseAccess = caseAccessOf(repairMachine as unknown as Parameters<typeof caseAccessOf>[0])
