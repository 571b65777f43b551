// Credit commitments across modules: the commitment (module commitments), its records (ingest pipeline) and the
// applicant credit review (checks + commitments). Each action (file, fulfil, breach, withdraw) is one command: the
// commitment's change, its records' batches and every audit event commit together or not at all (module commands
// and runIngest are called with the command's ctx, whose db is its transaction, and join it).
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { isAppError } from '../../core/errors.js'
import { cleanPurpose, type Department, listDepartments, type Principal } from '../../modules/access/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import { type CheckResult, runCheck, type SubjectInput } from '../../modules/checks/index.js'
import {
  applyTransition,
  assertDecider,
  assertNoIdNumber,
  assertWithdrawer,
  type CommitmentDetailJson,
  type CommitmentJson,
  type CommitmentRow,
  type CommitmentStatus,
  checkDecisionDate,
  clearCommitment,
  clearVersionDetails,
  commitmentDetail,
  commitmentError,
  type EntityCommitments,
  entityCommitments,
  type FileInput,
  historyOf,
  loadVisible,
  prepareFiling,
  RECORD_STATUS,
  reload,
  storeFiling,
  type Transition,
  transitionText,
} from '../../modules/commitments/index.js'
import { getEntity } from '../../modules/entities/index.js'
import { cleanString, cleanText } from '../../modules/ingest/normalize/index.js'
import {
  assertAccepted,
  type BreachFacts,
  breachValues,
  commitmentValues,
  RecordSubjects,
  recordOf,
  sendRow,
} from './commitment-records.js'

async function deptOf(ctx: Ctx, code: string): Promise<Department> {
  const d = (await listDepartments(ctx)).find((x) => x.code === code)
  if (!d) throw commitmentError('commitments.dept_unknown', { dept: code })
  return d
}

/**
 * A transition that tolerates the linking having been done already (a half-made breach of an earlier version, which
 * ran these steps as separate transactions, finished by two requests at once).
 */
async function link(ctx: Ctx, actor: Actor, row: CommitmentRow, t: Transition, done: (r: CommitmentRow) => boolean) {
  try {
    return await applyTransition(ctx, actor, row, t)
  } catch (e) {
    if (!(isAppError(e) && e.code === 'commitments.invalid_transition')) throw e
    const now = await reload(ctx.db, row.id)
    if (done(now)) return now
    throw e
  }
}

/**
 * Brings the published `commitment` record in line with a public commitment: added when missing (and linked),
 * corrected when 履约状态 changed, revoked when the commitment was withdrawn. An unchanged row is a duplicate, so
 * calling it again changes nothing; every action calls it, which also finishes a publication an earlier version
 * left undone.
 */
async function syncRecord(
  ctx: Ctx,
  actor: Actor,
  row: CommitmentRow,
  subjects: RecordSubjects,
  reason?: string,
): Promise<CommitmentRow> {
  if (Number(row.is_public) !== 1) return row
  if (row.status === 'withdrawn' && !row.record_id) return row
  const dept = await deptOf(ctx, row.dept)
  const entity = await getEntity(ctx.db, row.entity_id)
  // the record is made of the clear texts, which collection seals in its payload as any provider's
  const values = commitmentValues(clearCommitment(ctx, row), await subjects.of(entity), dept)
  const op = row.status === 'withdrawn' ? 'revoke' : row.record_id ? 'correct' : undefined
  const result = await sendRow(ctx, actor, {
    classCode: 'commitment',
    dept: row.dept,
    values,
    op,
    reason:
      op === 'revoke'
        ? (reason ?? '申请人撤回承诺')
        : op === 'correct'
          ? `履约状态：${RECORD_STATUS[row.status as keyof typeof RECORD_STATUS]}`
          : undefined,
  })
  if (row.record_id) return row
  const rec = await recordOf(ctx, row.dept, 'commitment', row.number, row.entity_id)
  if (!rec) throw new Error(`commitment ${row.id}: the published record was not found after batch ${result.batchId}`)
  return link(
    ctx,
    actor,
    row,
    {
      op: 'publish',
      status: row.status as CommitmentStatus,
      from: [row.status as CommitmentStatus],
      details: { recordId: rec.id, batchId: result.batchId },
      patch: { record_id: rec.id },
    },
    (now) => now.record_id === rec.id,
  )
}

/** Files a commitment (applicant for itself, or a department for an applicant); public ones are published. */
export async function fileCommitment(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  input: FileInput,
): Promise<CommitmentDetailJson> {
  return runCommand(ctx, actor, ({ ctx }) => fileIn(ctx, principal, actor, input))
}

async function fileIn(ctx: Ctx, principal: Principal, actor: Actor, input: FileInput): Promise<CommitmentDetailJson> {
  const draft = await prepareFiling(ctx, principal, actor, input)
  const subjects = new RecordSubjects(ctx, actor)
  if (draft.row.is_public === 1)
    await assertAccepted(ctx, actor, {
      classCode: 'commitment',
      dept: draft.dept.code,
      values: commitmentValues(clearCommitment(ctx, draft.row), await subjects.of(draft.entity), draft.dept),
    })
  let row = await storeFiling(ctx, actor, draft)
  row = await syncRecord(ctx, actor, row, subjects)
  return commitmentDetail(ctx, row)
}

export interface FulfilInput {
  fulfilledOn?: string | undefined
  note?: string | undefined
}

/** The receiving department records the fulfilment (履约). */
export async function fulfilCommitment(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: FulfilInput,
): Promise<CommitmentDetailJson> {
  return runCommand(ctx, actor, ({ ctx }) => fulfilIn(ctx, principal, actor, id, input))
}

async function fulfilIn(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: FulfilInput,
): Promise<CommitmentDetailJson> {
  let row = await loadVisible(ctx, principal, id)
  assertDecider(principal, row)
  const today = civilDate(ctx.clock.now())
  const on = input.fulfilledOn ?? today
  if (row.status === 'filed') checkDecisionDate('fulfilledOn', '履约日期', on, row.filed_on, today)
  const note = input.note ? cleanText(input.note) || null : null
  row = await applyTransition(ctx, actor, row, {
    op: 'fulfil',
    status: 'fulfilled',
    from: ['filed'],
    details: transitionText(ctx, { fulfilledOn: on, note }).details,
    patch: { decided_on: on },
  })
  row = await syncRecord(ctx, actor, row, new RecordSubjects(ctx, actor))
  return commitmentDetail(ctx, row)
}

export interface BreachInput {
  breachTypes: string[]
  facts: string
  handling?: string | undefined
  documentNo: string
  decidedOn: string
}

function required(field: string, label: string, value: string | undefined, clean: (s: string) => string): string {
  const v = value === undefined ? '' : clean(value)
  if (!v) throw commitmentError('commitments.field_required', { field, label })
  return v
}

/** The breach facts of the commitment's `breach` version (to finish a breach an earlier version left half made). */
async function storedBreach(ctx: Ctx, row: CommitmentRow): Promise<BreachFacts> {
  const v = (await historyOf(ctx.db, row.id)).filter((x) => x.op === 'breach').at(-1)
  if (!v) throw new Error(`commitment ${row.id} is breached without a breach version`)
  return clearVersionDetails(ctx, v) as unknown as BreachFacts
}

/**
 * Creates the breach record for a breached commitment and links it; then the published commitment shows 未履约.
 * The record key makes a second run a duplicate and the link is made once.
 */
async function completeBreach(
  ctx: Ctx,
  actor: Actor,
  row: CommitmentRow,
  breach: BreachFacts,
  subjects: RecordSubjects,
): Promise<CommitmentRow> {
  const dept = await deptOf(ctx, row.dept)
  const entity = await getEntity(ctx.db, row.entity_id)
  const result = await sendRow(ctx, actor, {
    classCode: 'commitment_breach',
    dept: row.dept,
    values: breachValues(row, await subjects.of(entity), dept, breach),
  })
  const rec = await recordOf(ctx, row.dept, 'commitment_breach', breach.documentNo, row.entity_id)
  if (!rec) throw new Error(`commitment ${row.id}: the breach record was not found after batch ${result.batchId}`)
  let next = row
  if (!row.breach_record_id)
    next = await link(
      ctx,
      actor,
      row,
      {
        op: 'link_breach',
        status: 'breached',
        from: ['breached'],
        details: { recordId: rec.id, batchId: result.batchId, documentNo: breach.documentNo },
        patch: { breach_record_id: rec.id },
      },
      (now) => now.breach_record_id === rec.id,
    )
  return syncRecord(ctx, actor, next, subjects)
}

/**
 * The receiving department records a breach (违诺): the commitment becomes `breached` and a `commitment_breach`
 * record is made in the department's name and linked, in one command: an interrupted request leaves nothing and
 * the next one makes the breach once. A breach recorded again is refused (409) and makes no second record; a
 * breach an earlier version (separate transactions) left without its record is finished by the next request.
 */
export async function breachCommitment(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: BreachInput,
): Promise<CommitmentDetailJson> {
  return runCommand(ctx, actor, ({ ctx }) => breachIn(ctx, principal, actor, id, input))
}

async function breachIn(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: BreachInput,
): Promise<CommitmentDetailJson> {
  let row = await loadVisible(ctx, principal, id)
  assertDecider(principal, row)
  const subjects = new RecordSubjects(ctx, actor)
  if (row.status === 'breached' && !row.breach_record_id) {
    row = await completeBreach(ctx, actor, row, await storedBreach(ctx, row), subjects)
    return commitmentDetail(ctx, row)
  }
  if (row.status !== 'filed')
    throw commitmentError('commitments.invalid_transition', { status: row.status, op: 'breach' })
  const today = civilDate(ctx.clock.now())
  const breach: BreachFacts = {
    breachTypes: input.breachTypes.map((t) => cleanString(t)).filter(Boolean),
    facts: required('facts', '违诺事实', input.facts, cleanText),
    handling: input.handling ? cleanText(input.handling) || null : null,
    documentNo: required('documentNo', '认定文书号', input.documentNo, cleanString),
    decidedOn: input.decidedOn,
  }
  if (breach.breachTypes.length === 0)
    throw commitmentError('commitments.field_required', { field: 'breachTypes', label: '违诺情形' })
  assertNoIdNumber('documentNo', '认定文书号', breach.documentNo, today)
  checkDecisionDate('decidedOn', '认定日期', breach.decidedOn, row.filed_on, today)
  // a decision number of another breach record of this subject would turn this breach into a correction of it
  if (await recordOf(ctx, row.dept, 'commitment_breach', breach.documentNo, row.entity_id))
    throw commitmentError('commitments.breach_document_taken', { documentNo: breach.documentNo })
  const dept = await deptOf(ctx, row.dept)
  const entity = await getEntity(ctx.db, row.entity_id)
  await assertAccepted(ctx, actor, {
    classCode: 'commitment_breach',
    dept: row.dept,
    values: breachValues(row, await subjects.of(entity), dept, breach),
  })
  // the facts are data of record: masked in the version and the audit event, sealed in the version (a half-made
  // breach is finished from them), in clear only in the record's payload, which collection seals
  const text = transitionText(ctx, { ...breach }, ['facts', 'handling'])
  row = await applyTransition(ctx, actor, row, {
    op: 'breach',
    status: 'breached',
    from: ['filed'],
    details: text.details,
    sealed: text.sealed,
    patch: { decided_on: breach.decidedOn },
  })
  row = await completeBreach(ctx, actor, row, breach, subjects)
  return commitmentDetail(ctx, row)
}

/** The applicant withdraws its commitment before a decision (or the department records it on its behalf). */
export async function withdrawCommitment(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<CommitmentDetailJson> {
  return runCommand(ctx, actor, ({ ctx }) => withdrawIn(ctx, principal, actor, id, input))
}

async function withdrawIn(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<CommitmentDetailJson> {
  let row = await loadVisible(ctx, principal, id)
  assertWithdrawer(principal, row)
  const given = cleanText(input.reason ?? '')
  if ([...given].length < 2 || [...given].length > 500) throw commitmentError('commitments.reason_required')
  const { details } = transitionText(ctx, {
    reason: given,
    by: row.entity_id === principal.entityId ? 'applicant' : 'dept',
  })
  const reason = details.reason
  row = await applyTransition(ctx, actor, row, {
    op: 'withdraw',
    status: 'withdrawn',
    from: ['filed'],
    details,
    patch: { decided_on: civilDate(ctx.clock.now()) },
  })
  row = await syncRecord(ctx, actor, row, new RecordSubjects(ctx, actor), `申请人撤回承诺：${reason}`)
  return commitmentDetail(ctx, row)
}

export interface ReviewInput {
  subject: SubjectInput
  purpose?: string | undefined
  allMeasures?: boolean | undefined
}

export interface ReviewResult {
  checkId: string
  at: string
  subject: CheckResult['subject']
  /** The check of scenario admin_approval (行政审批), stored and audited as any check. */
  check: CheckResult
  /** Every commitment of the subject (all departments), newest first. */
  commitments: CommitmentJson[]
  summary: EntityCommitments['summary']
  /** How many commitments were found breached. */
  breaches: number
}

/**
 * Applicant credit review (信用审查): the joint reward and punishment check in scenario admin_approval plus the
 * subject's commitment history. The check is stored and audited by runCheck; the review adds one audit event.
 */
export async function creditReview(ctx: Ctx, actor: Actor, input: ReviewInput): Promise<ReviewResult> {
  const check = await runCheck(ctx, actor, {
    subject: input.subject,
    scenario: 'admin_approval',
    purpose: input.purpose,
    allMeasures: input.allMeasures,
  })
  const history = await entityCommitments(ctx, check.subject.entityId)
  const purpose = cleanPurpose(input.purpose)
  await runCommand(ctx, { ...actor, purpose }, ({ trx, actor: reviewer }) =>
    recordAudit(trx, ctx.clock, reviewer, {
      action: 'review.run',
      targetType: 'check',
      targetId: check.checkId,
      subjects: [check.subject.entityId],
      details: {
        entityId: check.subject.entityId,
        scenario: 'admin_approval',
        outcome: check.outcome,
        commitments: history.summary.total,
        breaches: history.summary.breached,
      },
    }),
  )
  return {
    checkId: check.checkId,
    at: check.at,
    subject: check.subject,
    check,
    commitments: history.items,
    summary: history.summary,
    breaches: history.summary.breached,
  }
}
