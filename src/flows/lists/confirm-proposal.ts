// Confirming a focus-list proposal: the operator's decision (document number, date, reason and basis) becomes a
// focus_list record through the ingest flow (a one-row batch, channel `flow`), so it is validated, published and
// triggers measures exactly like a list record any department submits. One command (runCommand), whose ctx the
// ingest flow joins:
//   1. check the proposal, the decision and the deciding department; a dry run of the row (undone to a savepoint);
//   2. the real one-row batch (with its audit events batch.start / batch.complete);
//   3. the proposal becomes `confirmed` with the record and its audit event.
// It commits together or not at all: if somebody decided the proposal in the meantime, or anything fails, no batch,
// record or audit event is left.
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { type CommandScope, runCommand } from '../../core/command.js'
import { listDepartments } from '../../modules/access/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import { addMonths } from '../../modules/catalog/index.js'
import { getEntity } from '../../modules/entities/index.js'
import {
  assertOpen,
  FOCUS_CLASS,
  getProposal,
  getProposalRow,
  getRule,
  isOnBlockingList,
  listError,
  markProposalConfirmed,
  type ProposalJson,
} from '../../modules/lists/index.js'
import { recordsOfBatchForEntity } from '../../read-models/list-view/index.js'
import { type IngestResult, type RowIssue, runIngest } from '../ingest/index.js'

export interface ConfirmInput {
  /** 列入决定文号 */
  documentNo?: unknown
  /** 决定日期 YYYY-MM-DD */
  decisionDate?: unknown
  /** 列入事由 */
  reason?: unknown
  /** 列入依据; default: the escalation rule's basis. */
  basis?: unknown
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : ''
}

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

function issueText(issues: readonly RowIssue[] | undefined): string[] {
  return (issues ?? [])
    .filter((i) => i.level === 'error')
    .map((i) => (i.field ? `${i.field}：${i.message}` : i.message))
}

/**
 * Confirms an open proposal: creates the focus_list record (provider: the operator's department, else the rule's
 * `department`; period: the proposal's rule version's focusMonths from the decision date) and marks the proposal
 * confirmed. Coded Chinese errors for a missing document number, date, reason or basis, a listed entity, a reused
 * document number or a row the catalog rejects.
 */
export async function confirmProposal(ctx: Ctx, actor: Actor, id: string, input: ConfirmInput): Promise<ProposalJson> {
  return runCommand(ctx, actor, async (scope) => {
    await confirmIn(scope, id, input)
    return getProposal(scope.trx, id)
  })
}

async function confirmIn(scope: CommandScope, id: string, input: ConfirmInput): Promise<void> {
  const { ctx, trx, actor } = scope
  const documentNo = text(input.documentNo)
  if ([...documentNo].length < 2 || [...documentNo].length > 100) throw listError('lists.document_no_required')
  const decisionDate = text(input.decisionDate)
  if (!decisionDate) throw listError('lists.decision_date_invalid', { problem: '为必填项（YYYY-MM-DD）' })
  if (!validDate(decisionDate)) throw listError('lists.decision_date_invalid', { value: decisionDate })
  const reason = text(input.reason)
  if ([...reason].length < 2 || [...reason].length > 2000) throw listError('lists.reason_required')

  const proposal = await getProposalRow(ctx.db, id)
  assertOpen(proposal)
  const { rule } = await getRule(ctx.db, Number(proposal.rule_version))
  const basis = text(input.basis) || rule.basis.join('；')
  if ([...basis].length < 4 || [...basis].length > 2000) throw listError('lists.basis_required')

  const now = ctx.clock.now()
  const today = civilDate(now)
  const proposedOn = civilDate(new Date(proposal.proposed_at))
  if (decisionDate > today) throw listError('lists.decision_date_invalid', { problem: `不得晚于今天（${today}）` })
  if (decisionDate < proposedOn)
    throw listError('lists.decision_date_invalid', { problem: `不得早于列入建议的提出日期（${proposedOn}）` })
  const listUntil = addMonths(decisionDate, rule.focusMonths)

  const entity = await getEntity(ctx.db, proposal.entity_id)
  if (!entity.uscc)
    throw listError('lists.subject_unsupported', { name: entity.name, problem: '主体没有统一社会信用代码' })
  if (await isOnBlockingList(ctx.db, entity.id, today)) throw listError('lists.already_listed', { name: entity.name })

  const deptCode = actor.dept ?? rule.department
  if (!deptCode) throw listError('lists.department_required')
  const dept = (await listDepartments(ctx)).find((d) => d.code === deptCode)
  if (!dept) throw listError('lists.department_unknown', { dept: deptCode })

  const values: Record<string, string> = {
    subject_name: entity.name,
    uscc: entity.uscc,
    ...(entity.legalRep ? { legal_rep: entity.legalRep } : {}),
    reason,
    basis,
    document_no: documentNo,
    decision_date: decisionDate,
    authority_name: dept.name,
    authority_uscc: dept.uscc,
    list_until: listUntil,
  }
  const batch = (dryRun: boolean): Promise<IngestResult> =>
    runIngest(ctx, actor, {
      classCode: FOCUS_CLASS,
      dept: dept.code,
      channel: 'flow',
      dryRun,
      headers: Object.keys(values),
      rows: [{ rowNo: 1, values }],
    })

  // 1. a dry run: the catalog's checks, and no correction of an earlier entry under the same document number
  const dry = await batch(true)
  if (dry.rejected > 0) throw listError('lists.record_rejected', { problems: issueText(dry.issues) })
  if (dry.duplicates > 0 || dry.corrected > 0) throw listError('lists.document_in_use', { documentNo })

  // 2. the one-row batch
  const real = await batch(false)
  if (real.accepted !== 1 || real.corrected > 0 || real.duplicates > 0 || !real.batchId)
    throw listError('lists.record_rejected', {
      problems: [`批次 ${real.batchId ?? ''} 未接收该行`],
      batchId: real.batchId,
    })
  const record = (await recordsOfBatchForEntity(ctx.db, real.batchId, entity.id, FOCUS_CLASS))[0]
  if (!record) throw listError('lists.record_rejected', { problems: ['未找到新列入的记录'], batchId: real.batchId })

  // 3. the decision; a proposal somebody decided meanwhile undoes the whole command
  const ok = await markProposalConfirmed(scope, id, {
    decidedDept: dept.code,
    documentNo: record.document_no ?? documentNo,
    decisionDate,
    reason,
    basis,
    listRecordId: record.id,
    batchId: real.batchId,
  })
  if (!ok) {
    assertOpen(await getProposalRow(trx, id))
    throw new Error(`list proposal ${id}: still open, yet not confirmed`)
  }
  await recordAudit(trx, ctx.clock, actor, {
    action: 'lists.proposal_confirmed',
    targetType: 'list_proposal',
    targetId: id,
    details: {
      entityId: entity.id,
      recordId: record.id,
      batchId: real.batchId,
      documentNo: record.document_no ?? documentNo,
      decisionDate,
      listUntil,
      dept: dept.code,
      ruleVersion: Number(proposal.rule_version),
    },
  })
}
