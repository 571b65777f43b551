// The records a commitment makes: the published `commitment` record and the `commitment_breach` record, built as
// one-row batches in the receiving department's name and sent through the ingest pipeline (channel `flow`).
import { createHash } from 'node:crypto'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import type { Department } from '../../modules/access/index.js'
import {
  COMMITMENT_TYPES,
  type CommitmentRow,
  type CommitmentType,
  commitmentError,
  RECORD_STATUS,
} from '../../modules/commitments/index.js'
import { type Entity, revealIdNumber } from '../../modules/entities/index.js'
import { findRecordsByKeys, type RecordRow } from '../../modules/records/index.js'
import { batchIssues, type IngestResult, runIngest } from '../ingest/index.js'

export interface BreachFacts {
  breachTypes: string[]
  facts: string
  handling: string | null
  documentNo: string
  decidedOn: string
}

/**
 * The subject columns of a row, per operation: a natural person's ID number is read from the entity (sealed there,
 * the read is audited) only when a record about the person is made, and at most once per operation.
 */
export class RecordSubjects {
  private cache = new Map<string, Record<string, string>>()
  constructor(
    private ctx: Ctx,
    private actor: Actor,
  ) {}

  async of(entity: Entity): Promise<Record<string, string>> {
    const hit = this.cache.get(entity.id)
    if (hit) return hit
    const out: Record<string, string> = { subject_name: entity.name }
    if (entity.kind === 'natural_person') {
      out.subject_category = '自然人'
      out.id_type = '身份证'
      out.id_number = await revealIdNumber(this.ctx, this.actor, entity.id)
    } else {
      out.subject_category = entity.kind === 'individual_business' ? '个体工商户' : '法人及非法人组织'
      if (entity.uscc) out.uscc = entity.uscc
      if (entity.legalRep) out.legal_rep = entity.legalRep
    }
    this.cache.set(entity.id, out)
    return out
  }
}

function authority(dept: Department): Record<string, string> {
  return { authority_name: dept.name, authority_uscc: dept.uscc, provider_name: dept.name, provider_uscc: dept.uscc }
}

/** The `commitment` record of a commitment as it is now (履约状态 follows the status). */
export function commitmentValues(
  row: CommitmentRow,
  subject: Record<string, string>,
  dept: Department,
): Record<string, string> {
  const status = row.status === 'withdrawn' ? 'filed' : (row.status as keyof typeof RECORD_STATUS)
  const v: Record<string, string> = {
    ...subject,
    commitment_type: COMMITMENT_TYPES[row.type as CommitmentType].classValue,
    matter: row.matter,
    content: row.content,
    document_no: row.number,
    decision_date: row.filed_on,
    fulfilment_status: RECORD_STATUS[status],
    ...authority(dept),
  }
  if (row.valid_to) v.valid_to = row.valid_to
  if (row.due_on) v.due_date = row.due_on
  return v
}

/** The `commitment_breach` record of a breach. */
export function breachValues(
  row: CommitmentRow,
  subject: Record<string, string>,
  dept: Department,
  b: BreachFacts,
): Record<string, string> {
  const v: Record<string, string> = {
    ...subject,
    commitment_no: row.number,
    breach_type: b.breachTypes.join(';'),
    facts: b.facts,
    document_no: b.documentNo,
    decision_date: b.decidedOn,
    ...authority(dept),
  }
  if (b.handling) v.handling = b.handling
  return v
}

export interface OneRow {
  classCode: 'commitment' | 'commitment_breach'
  dept: string
  values: Record<string, string>
  op?: 'correct' | 'revoke' | undefined
  reason?: string | undefined
}

function withOp(r: OneRow): Record<string, string> {
  const v = { ...r.values }
  if (r.op) v._op = r.op
  if (r.reason) v._reason = r.reason
  return v
}

/**
 * Runs one row through the pipeline. The content hash names the row, so a batch interrupted after it started is
 * resumed rather than started again; the record key (department, class, document number, subject) makes a rerun a
 * duplicate: a row is stored exactly once however often it is sent.
 */
export async function ingestOne(ctx: Ctx, actor: Actor, r: OneRow, dryRun = false): Promise<IngestResult> {
  const values = withOp(r)
  const headers = Object.keys(values)
  const hash = createHash('sha256')
    .update(JSON.stringify([r.classCode, r.dept, headers.map((h) => [h, values[h]])]))
    .digest('hex')
  return runIngest(ctx, actor, {
    classCode: r.classCode,
    dept: r.dept,
    channel: 'flow',
    fileName: null,
    contentHash: dryRun ? null : `flow:${hash}`,
    dryRun,
    headers,
    rows: [{ rowNo: 1, values }],
    maxIssuesInMemory: 50,
  })
}

async function problemsOf(ctx: Ctx, result: IngestResult): Promise<string[]> {
  const issues = result.issues ?? (result.batchId ? await batchIssues(ctx.db, result.batchId) : [])
  const errors = issues.filter((i) => i.level === 'error').map((i) => i.message)
  return errors.length ? errors : ['该行未被接收']
}

/** The row as a dry run (the real pipeline, rolled back): throws commitments.record_rejected with its problems. */
export async function assertAccepted(ctx: Ctx, actor: Actor, r: OneRow): Promise<void> {
  const result = await ingestOne(ctx, actor, r, true)
  if (result.rejected > 0)
    throw commitmentError('commitments.record_rejected', { problems: await problemsOf(ctx, result) })
}

/** Sends the row for real; a rejection (which the dry run should have caught) is reported the same way. */
export async function sendRow(ctx: Ctx, actor: Actor, r: OneRow): Promise<IngestResult> {
  const result = await ingestOne(ctx, actor, r)
  if (result.rejected > 0)
    throw commitmentError('commitments.record_rejected', {
      problems: await problemsOf(ctx, result),
      batchId: result.batchId,
    })
  return result
}

/** The record a row made: by its key (department, class, document number) and the entity. */
export async function recordOf(
  ctx: Ctx,
  dept: string,
  classCode: string,
  documentNo: string,
  entityId: string,
): Promise<RecordRow | undefined> {
  return (await findRecordsByKeys(ctx.db, dept, classCode, [documentNo])).find((r) => r.entity_id === entityId)
}
