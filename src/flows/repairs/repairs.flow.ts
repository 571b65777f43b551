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
import { openCasesAbout } from '../../modules/cases/index.js'
import { getClass, listRuleSets } from '../../modules/catalog/index.js'
import { fileCommitment, withdrawCommitment } from '../commitments/index.js'
import { getRecordRow, type RecordRow, repairRecordIn } from '../../modules/records/index.js'
import {
  type Eligibility,
  type RecipientJson,
  type RepairDetailJson,
  type RepairJson,
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
  type RepairRow,
  type RepairState,
  storeRepairDecision,
  storeRepairFacts,
} from '../../modules/repairs/index.js'
import { caseAccessOf, isSubject, machine, openObjection, recordFor, tellApplicant, text } from './repairs.access.js'
import { repairClock } from './repairs.clock.js'
import {
  type CaseKind,
  type CaseListQuery,
  type DecideSteps,
  decideCase,
  detailOf,
  getCaseFor,
  listCasesFor,
  openApplication,
  withdrawCase,
} from './repairs.kind.js'
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

/** Repair cases, for the steps they share with list exits. */
const REPAIRS: CaseKind<RepairRow, RecipientJson[], RepairJson, RepairDetailJson> = {
  machine,
  notFound: 'repairs.not_found',
  facts: repairFacts,
  factsOf: repairFactsOf,
  storeDecision: storeRepairDecision,
  present: presentRepair,
  presentDetail: presentRepairDetail,
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
    const { row, due: decide } = await openApplication(REPAIRS, scope, principal, actor, {
      record,
      clock,
      deadline: REPAIR_DEADLINES.decide,
      details: {
        recordId: record.id,
        class: record.class_code,
        ruleSet: eligibility.ruleSet,
        severity: eligibility.severity,
        commitmentId: commitment.id,
        evidence: evidence.length,
      },
      evidence,
    })
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
    return detailOf(REPAIRS, trx, row, today)
  })
}

/** One repair case with its clocks and history, for whoever may see it (404 otherwise). */
export async function getRepairFor(ctx: Ctx, p: Principal, id: string): Promise<RepairDetailJson> {
  return getCaseFor(REPAIRS, ctx, p, id)
}

export type RepairListQuery = CaseListQuery<RepairState>

/** The queue: operators every case, providers their own department's, subjects their entity's. */
export async function listRepairsFor(ctx: Ctx, p: Principal, q: RepairListQuery): Promise<RepairPageJson> {
  return listCasesFor(REPAIRS, ctx, p, q)
}

export interface DecideInput {
  version: number
  reasons: string
}

/** What a repair's decision records, and its approval: the record repaired, the departments told. */
const DECIDE_REPAIR: DecideSteps<RepairRow, RecipientJson[]> = {
  details: (facts) => (facts.commitment_id ? { commitmentId: facts.commitment_id } : {}),
  async approve(scope, facts, moved, reasons) {
    const { trx, today, actor } = scope
    const id = moved.id
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
    return notifyRepaired(scope, clock, record.provider_dept, {
      caseId: id,
      caseNumber: moved.number,
      recordId: record.id,
      entityId: record.entity_id,
      classCode: record.class_code,
      documentNo: record.document_no,
      decidedOn: today,
      reasons,
    })
  },
  topic: 'repair',
  name: '信用修复申请',
  approved: '认定单位已同意修复：该信用记录自即日起终止公示，停止共享和使用。',
  rejected: '认定单位不予修复。',
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
  return decideCase(REPAIRS, DECIDE_REPAIR, ctx, principal, actor, id, action, input)
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
    const { moved, reason } = await withdrawCase(REPAIRS, scope, principal, id, input, '申请人撤回信用修复申请')
    // the commitment was made for this application: withdrawn with it
    const facts = await repairFacts(trx, id)
    if (facts?.commitment_id)
      await withdrawCommitment(scope.ctx, principal, actor, facts.commitment_id, {
        reason: `撤回信用修复申请：${reason}`,
      })
    await tellApplicant(scope, moved, 'repair.withdrawn', `信用修复申请已撤回（${moved.number}）`, reason)
    return detailOf(REPAIRS, trx, moved, today)
  })
}

/** Who may read a repair case's evidence files (for the files routes). */
export const repairCaseAccess = caseAccessOf(repairMachine as unknown as Parameters<typeof caseAccessOf>[0])
