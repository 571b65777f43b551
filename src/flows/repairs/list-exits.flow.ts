// Applications to leave a list early (申请移出, case kind `list_exit`) across modules: the same case flow as a repair.
// The subject applies on one of its class's own exit conditions (`list.exitRules` that are not automatic ends); the
// department that listed it decides; approval ends the entry at once in one transaction (a removal correction of the
// record: off the list, the portal and checks), the entry shown as 移出 in list management.
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { Db } from '../../db/database.js'
import { can, type Principal } from '../../modules/access/index.js'
import { type CaseMachine, openCasesAbout } from '../../modules/cases/index.js'
import { addDays, type CatalogClass, getClass } from '../../modules/catalog/index.js'
import { triggerPeriod } from '../../modules/checks/index.js'
import { endListEntryIn, getRecordRow, type RecordRow } from '../../modules/records/index.js'
import {
  LIST_EXIT_DEADLINE,
  type ListExitDetailJson,
  type ListExitEligibility,
  type ListExitJson,
  type ListExitPageJson,
  type ListExitRow,
  type ListExitState,
  listExitEligibility,
  listExitFacts,
  listExitFactsOf,
  listExitMachine,
  presentListExit,
  presentListExitDetail,
  repairError,
  storeListExitDecision,
  storeListExitFacts,
} from '../../modules/repairs/index.js'
import { fileCommitment } from '../commitments/index.js'
import { caseAccessOf, isSubject, openObjection, recordFor, tellApplicant, text } from './repairs.access.js'
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

async function eligibilityOf(db: Db, record: RecordRow, today: string): Promise<ListExitEligibility> {
  const cls = await getClass(db, record.class_code, record.class_version)
  return listExitEligibility({
    record,
    cls: { nameZh: cls.nameZh, exitRules: cls.list?.exitRules ?? [] },
    period: triggerPeriod(record, today),
    openObjection: await openObjection(db, record.id),
  })
}

/** Whether the list entry may be applied to leave its list, and on which grounds. */
export async function listExitEligibilityFor(
  ctx: Ctx,
  principal: Principal,
  recordId: string,
): Promise<ListExitEligibility> {
  const record = await recordFor(ctx.db, principal, recordId)
  return eligibilityOf(ctx.db, record, civilDate(ctx.clock.now()))
}

export interface ListExitApplyInput {
  recordId: string
  /** One of the entry's `grounds`. */
  ground: string
  statement: string
  evidence?: string[] | undefined
  /** A credit commitment, when the ground asks for one (作出信用承诺). */
  commitment?: { content: string } | undefined
}

/** List-exit cases, for the steps they share with repairs. */
const LIST_EXITS: CaseKind<ListExitRow, string, ListExitJson, ListExitDetailJson> = {
  machine: listExitMachine as unknown as CaseMachine<string, 'approve' | 'reject' | 'withdraw'>,
  notFound: 'list_exits.not_found',
  facts: listExitFacts,
  factsOf: listExitFactsOf,
  storeDecision: storeListExitDecision,
  present: presentListExit,
  presentDetail: presentListExitDetail,
}

/** A subject applies for its list entry to end early; the case goes to the department that listed it. */
export async function applyForListExit(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  input: ListExitApplyInput,
): Promise<ListExitDetailJson> {
  if (!isSubject(principal) || !can(principal, 'repair.apply')) throw repairError('repairs.applicant_only')
  const statement = text(input.statement, 'statement', '移出申请说明', 2000)
  const content = input.commitment ? text(input.commitment.content, 'commitment.content', '信用承诺内容', 4000) : null
  const evidence = [...new Set(input.evidence ?? [])]
  return runCommand(ctx, actor, async (scope) => {
    const { trx, today } = scope
    const record = await recordFor(trx, principal, input.recordId)
    const eligibility = await eligibilityOf(trx, record, today)
    if (!eligibility.eligible)
      throw repairError('list_exits.not_eligible', { recordId: record.id, reasons: eligibility.reasons })
    if (!eligibility.grounds.includes(input.ground))
      throw repairError('list_exits.bad_ground', { grounds: eligibility.grounds })
    const open = await openCasesAbout(trx, listExitMachine, record.id)
    if (open[0]) throw repairError('list_exits.already_open', { number: open[0].number, id: open[0].id })
    const cls = await getClass(trx, record.class_code, record.class_version)
    const clock = await repairClock(trx, today)
    const commitment = content
      ? await fileCommitment(scope.ctx, principal, actor, {
          type: 'repair',
          matter: `申请移出「${cls.nameZh}」${record.document_no ? `（${record.document_no}）` : ''}`,
          dept: record.provider_dept,
          content,
          public: false,
        })
      : null
    const { row, due } = await openApplication(LIST_EXITS, scope, principal, actor, {
      record,
      clock,
      deadline: LIST_EXIT_DEADLINE,
      details: { recordId: record.id, class: record.class_code, ground: input.ground, evidence: evidence.length },
      evidence,
    })
    await tellApplicant(
      scope,
      row,
      'list_exit.submitted',
      `移出申请已提交（${row.number}）`,
      `您申请移出「${cls.nameZh}」的申请已提交，认定单位应于 ${due.dueOn} 前作出决定。`,
    )
    await storeListExitFacts(scope, {
      caseId: row.id,
      recordId: record.id,
      recordVersion: record.version,
      entityId: record.entity_id,
      classCode: record.class_code,
      ground: input.ground,
      statement,
      evidence,
      commitmentId: commitment?.id ?? null,
    })
    return detailOf(LIST_EXITS, trx, row, today)
  })
}

export async function getListExitFor(ctx: Ctx, p: Principal, id: string): Promise<ListExitDetailJson> {
  return getCaseFor(LIST_EXITS, ctx, p, id)
}

export async function listListExitsFor(
  ctx: Ctx,
  p: Principal,
  q: CaseListQuery<ListExitState>,
): Promise<ListExitPageJson> {
  return listCasesFor(LIST_EXITS, ctx, p, q)
}

function fieldCode(cls: CatalogClass, code: string): string | null {
  const f = cls.fields.find((x) => x.role === code || x.code === code)
  return f ? f.code : null
}

/** What a list exit's decision records, and its approval: the entry ended (its last day yesterday). */
const DECIDE_LIST_EXIT: DecideSteps<ListExitRow, string> = {
  details: (facts) => ({ ground: facts.ground }),
  async approve(scope, facts, moved, reasons) {
    const { trx, today, actor } = scope
    const record = await getRecordRow(trx, facts.record_id)
    if (record.state !== 'active' || !triggerPeriod(record, today))
      throw repairError('repairs.record_changed', {
        id: moved.id,
        state: record.state,
        stateLabel: record.state === 'active' ? '已不在名单上' : record.state === 'revoked' ? '已撤销' : '已修复',
      })
    const cls = await getClass(trx, record.class_code, record.class_version)
    const lastDay = addDays(today, -1)
    await endListEntryIn(scope.ctx, trx, actor, record.id, record.version, {
      lastDay,
      reason: `${facts.ground}。${reasons}`,
      fields: { listUntil: fieldCode(cls, 'list_until'), removalReason: fieldCode(cls, 'removal_reason') },
      ref: { caseId: moved.id, caseNumber: moved.number },
    })
    return lastDay
  },
  topic: 'list_exit',
  name: '移出申请',
  approved: '认定单位已同意移出，自即日起不再列入。',
  rejected: '认定单位不予移出。',
}

/**
 * The department that listed the entry approves (the entry ends today: its last day on the list is yesterday) or
 * rejects, with reasons; one transaction with the record's removal correction.
 */
export async function decideListExit(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  action: 'approve' | 'reject',
  input: { version: number; reasons: string },
): Promise<ListExitDetailJson> {
  return decideCase(LIST_EXITS, DECIDE_LIST_EXIT, ctx, principal, actor, id, action, input)
}

export async function withdrawListExit(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: { version: number; reason?: string | undefined },
): Promise<ListExitDetailJson> {
  return runCommand(ctx, actor, async (scope) => {
    const { moved } = await withdrawCase(LIST_EXITS, scope, principal, id, input, '申请人撤回移出申请')
    return detailOf(LIST_EXITS, scope.trx, moved, scope.today)
  })
}

/** Who may read a list-exit case's evidence files (for the files routes). */
export const listExitCaseAccess = caseAccessOf(listExitMachine as unknown as Parameters<typeof caseAccessOf>[0])
