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
import {
  type CaseMachine,
  type CaseRow,
  caseHistory,
  getCase,
  listCases,
  moveCase,
  openCase,
  openCasesAbout,
} from '../../modules/cases/index.js'
import { addDays, type CatalogClass, getClass } from '../../modules/catalog/index.js'
import { triggerPeriod } from '../../modules/checks/index.js'
import { cleanText } from '../../modules/ingest/normalize/index.js'
import { endListEntryIn, getRecordRow, type RecordRow } from '../../modules/records/index.js'
import {
  LIST_EXIT_DEADLINE,
  type ListExitDetailJson,
  type ListExitEligibility,
  type ListExitPageJson,
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
import { attachFiles, filesOf } from '../../modules/files/index.js'
import {
  caseAccessOf,
  isOperator,
  isSubject,
  mayRead,
  openObjection,
  providerDept,
  recordFor,
  tellApplicant,
  text,
} from './repairs.access.js'
import { repairClock } from './repairs.clock.js'

const machine = listExitMachine as unknown as CaseMachine<string, 'approve' | 'reject' | 'withdraw'>

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

async function detail(db: Db, row: CaseRow, today: string): Promise<ListExitDetailJson> {
  const view = await getCase(db, listExitMachine, row.id)
  const facts = await listExitFacts(db, row.id)
  if (!facts) throw repairError('list_exits.not_found', { id: row.id })
  const clock = await repairClock(db, today)
  const files = await filesOf({ db }, { kind: listExitMachine.kind, id: row.id })
  return presentListExitDetail(view.row, facts, view.deadlines, clock.read, await caseHistory(db, row.id), files)
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
    const due = clock.due(today, clock.decideDays)
    const row = await openCase(scope, listExitMachine, {
      entityId: record.entity_id,
      recordId: record.id,
      applicantKind: 'subject',
      applicantUser: principal.id,
      handlerDept: record.provider_dept,
      policyVersion: clock.policyVersion,
      details: { recordId: record.id, class: record.class_code, ground: input.ground, evidence: evidence.length },
      deadlines: [
        {
          code: LIST_EXIT_DEADLINE,
          startOn: today,
          workingDays: clock.decideDays,
          dueOn: due.dueOn,
          provisional: due.provisional,
        },
      ],
    })
    await attachFiles(scope.ctx, actor, evidence, { kind: listExitMachine.kind, id: row.id })
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
    return detail(trx, row, today)
  })
}

async function caseFor(db: Db, p: Principal, id: string): Promise<CaseRow> {
  const view = await getCase(db, listExitMachine, id)
  if (!mayRead(p, view.row)) throw repairError('list_exits.not_found', { id })
  return view.row
}

export async function getListExitFor(ctx: Ctx, p: Principal, id: string): Promise<ListExitDetailJson> {
  return detail(ctx.db, await caseFor(ctx.db, p, id), civilDate(ctx.clock.now()))
}

export async function listListExitsFor(
  ctx: Ctx,
  p: Principal,
  q: {
    state?: ListExitState | undefined
    dept?: string | undefined
    overdue?: boolean
    page?: number
    pageSize?: number
  },
): Promise<ListExitPageJson> {
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
    kinds: [listExitMachine.kind],
    states: q.state ? [q.state] : undefined,
    handlerDept,
    entityId,
    overdueOn: q.overdue ? today : undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  })
  const facts = await listExitFactsOf(
    ctx.db,
    result.items.map((i) => i.row.id),
  )
  const clock = await repairClock(ctx.db, today)
  const items = result.items.flatMap((i) => {
    const f = facts.get(i.row.id)
    return f ? [presentListExit(i.row, f, i.deadlines, clock.read)] : []
  })
  return { items, total: result.total, page, pageSize }
}

function fieldCode(cls: CatalogClass, code: string): string | null {
  const f = cls.fields.find((x) => x.role === code || x.code === code)
  return f ? f.code : null
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
  const reasons = typeof input.reasons === 'string' ? cleanText(input.reasons) : ''
  if ([...reasons].length < 2 || [...reasons].length > 1000) throw repairError('repairs.reason_required')
  return runCommand(ctx, actor, async (scope) => {
    const { trx, today } = scope
    const current = await caseFor(trx, principal, id)
    if (providerDept(principal) !== current.handler_dept) throw repairError('repairs.not_decider')
    const facts = await listExitFacts(trx, id)
    if (!facts) throw repairError('list_exits.not_found', { id })
    const moved = await moveCase(scope, machine, id, action, {
      expectedVersion: input.version,
      outcome: action === 'approve' ? 'approved' : 'rejected',
      details: { reasons, ground: facts.ground },
    })
    let lastDay: string | null = null
    if (action === 'approve') {
      const record = await getRecordRow(trx, facts.record_id)
      if (record.state !== 'active' || !triggerPeriod(record, today))
        throw repairError('repairs.record_changed', {
          id,
          state: record.state,
          stateLabel: record.state === 'active' ? '已不在名单上' : record.state === 'revoked' ? '已撤销' : '已修复',
        })
      const cls = await getClass(trx, record.class_code, record.class_version)
      lastDay = addDays(today, -1)
      await endListEntryIn(scope.ctx, trx, actor, record.id, record.version, {
        lastDay,
        reason: `${facts.ground}。${reasons}`,
        fields: { listUntil: fieldCode(cls, 'list_until'), removalReason: fieldCode(cls, 'removal_reason') },
        ref: { caseId: id, caseNumber: moved.number },
      })
    }
    await storeListExitDecision(scope, id, reasons, lastDay)
    await tellApplicant(
      scope,
      moved,
      action === 'approve' ? 'list_exit.approved' : 'list_exit.rejected',
      action === 'approve' ? `移出申请已同意（${moved.number}）` : `移出申请未获同意（${moved.number}）`,
      action === 'approve'
        ? `认定单位已同意移出，自即日起不再列入。理由：${reasons}`
        : `认定单位不予移出。理由：${reasons}`,
    )
    return detail(trx, moved, today)
  })
}

export async function withdrawListExit(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: { version: number; reason?: string | undefined },
): Promise<ListExitDetailJson> {
  return runCommand(ctx, actor, async (scope) => {
    const current = await caseFor(scope.trx, principal, id)
    if (!isSubject(principal) || current.entity_id !== principal.entityId) throw repairError('repairs.not_applicant')
    const moved = await moveCase(scope, machine, id, 'withdraw', {
      expectedVersion: input.version,
      details: { reason: input.reason?.trim() ? cleanText(input.reason) : '申请人撤回移出申请' },
    })
    await storeListExitDecision(scope, id, null, null)
    return detail(scope.trx, moved, scope.today)
  })
}

/** Who may read a list-exit case's evidence files (for the files routes). */
export const listExitCaseAccess = caseAccessOf(listExitMachine as unknown as Parameters<typeof caseAccessOf>[0])
