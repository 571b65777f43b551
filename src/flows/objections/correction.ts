// A decision on an objection that changes the record goes through the collection pipeline like any provider's
// correction or revocation: a one-row batch (channel `flow`) in the providing department's name, built from the
// record's current content (clear values unsealed) with the corrected fields, `_op` correct or revoke and the
// reason. It runs in the caller's transaction: a row the pipeline rejects rolls the whole decision back. The console's
// single-record correction and early list removal (flows/record-corrections) take the same path; each caller says in
// which error family its refusals are reported (CorrectionRefusals), so a caller gets the codes of its own routes.
import type { Actor } from '../../core/actor.js'
import type { CommandScope } from '../../core/command.js'
import type { AppError, ErrorDetails } from '../../core/errors.js'
import { type CatalogClass, getClass } from '../../modules/catalog/index.js'
import { objectionError } from '../../modules/objections/index.js'
import { getRecordRow, getRecordWithPayload, type RecordRow } from '../../modules/records/index.js'
import { batchIssues, type IngestResult, runIngest } from '../ingest/index.js'

/** Fields that name the record itself (its subject or its key): a correction cannot change them. */
const LOCKED_ROLES = new Set([
  'subject_name',
  'subject_category',
  'uscc',
  'org_code',
  'reg_no',
  'id_type',
  'id_number',
  'document_no',
])

/** The record's current content as a row the pipeline reads: field code -> text, sealed values in clear. */
async function currentValues(
  scope: CommandScope,
  record: RecordRow,
  cls: CatalogClass,
): Promise<Record<string, string>> {
  const { payload } = await getRecordWithPayload(scope.trx, record.id)
  const data = JSON.parse(payload) as Record<string, unknown>
  const sealed = (data._sealed ?? {}) as Record<string, string>
  const amounts = new Set(cls.fields.filter((f) => f.type === 'amount').map((f) => f.code))
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('_') || v === null || v === undefined) continue
    const cipher = sealed[k]
    let text = cipher !== undefined ? scope.ctx.keys.decrypt(cipher) : Array.isArray(v) ? v.join(';') : String(v)
    // a multi-valued field sealed as its JSON array text
    if (cipher !== undefined && text.startsWith('[')) {
      try {
        const list = JSON.parse(text) as unknown
        if (Array.isArray(list)) text = list.join(';')
      } catch {
        // a text that merely starts with a bracket
      }
    }
    // amounts are stored in 元; say so, whatever unit the class expects
    if (amounts.has(k) && /^-?\d+(\.\d+)?$/.test(text)) text = `${text}元`
    out[k] = text
  }
  return out
}

/**
 * Why the correction path refuses a change: a field the class does not have (`field_unknown`, details `field`,
 * `className`), a field naming the record itself (`field_locked`, `field`, `label`), no field at all
 * (`fields_required`), a row the pipeline rejects (`correction_rejected`, `problems`), the same content again
 * (`correction_unchanged`).
 */
export type CorrectionRefusal =
  | 'field_unknown'
  | 'field_locked'
  | 'fields_required'
  | 'correction_rejected'
  | 'correction_unchanged'

/** Turns a refusal into the caller's coded error (its family, its wording). */
export type CorrectionRefusals = (refusal: CorrectionRefusal, details?: ErrorDetails) => AppError

/** The objection decision's refusals: `objections.*`. */
export const objectionRefusals: CorrectionRefusals = (refusal, details) =>
  objectionError(`objections.${refusal}`, details)

/** Checks the corrected fields against the class: known codes, not the record's identity; values as text. */
export function checkCorrectedFields(
  cls: CatalogClass,
  fields: Record<string, unknown>,
  refuse: CorrectionRefusals,
): Record<string, string> {
  const byCode = new Map(cls.fields.map((f) => [f.code, f]))
  const out: Record<string, string> = {}
  for (const [code, value] of Object.entries(fields)) {
    const f = byCode.get(code)
    if (!f) throw refuse('field_unknown', { field: code, className: cls.nameZh })
    if (f.role && LOCKED_ROLES.has(f.role)) throw refuse('field_locked', { field: code, label: f.label })
    out[code] =
      value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value).trim()
  }
  if (Object.keys(out).length === 0) throw refuse('fields_required')
  return out
}

async function problemsOf(scope: CommandScope, result: IngestResult): Promise<string[]> {
  const issues = result.issues ?? (result.batchId ? await batchIssues(scope.trx, result.batchId) : [])
  const errors = issues
    .filter((i) => i.level === 'error')
    .map((i) => (i.field ? `${i.field}：${i.message}` : i.message))
  return errors.length ? errors : ['该行未被接收']
}

export interface RecordChange {
  batchId: string | null
  record: RecordRow
}

/**
 * Corrects (`fields`) or revokes (`fields` null) the record through the pipeline, in the scope's transaction, in the
 * providing department's name. Refused through `refuse` (the caller's error family): an unknown or locked field, no
 * field, the pipeline's problems (`correction_rejected`), or the corrected content equal to the current one
 * (`correction_unchanged`); nothing is changed then.
 */
export async function changeRecordIn(
  scope: CommandScope,
  actor: Actor,
  recordId: string,
  change: { op: 'correct'; fields: Record<string, unknown>; reason: string } | { op: 'revoke'; reason: string },
  refuse: CorrectionRefusals,
): Promise<RecordChange> {
  const record = await getRecordRow(scope.trx, recordId)
  const cls = await getClass(scope.trx, record.class_code)
  const values = await currentValues(scope, record, cls)
  if (change.op === 'correct') {
    const fields = checkCorrectedFields(cls, change.fields, refuse)
    for (const [k, v] of Object.entries(fields)) {
      const f = cls.fields.find((x) => x.code === k)
      if (v === '') delete values[k]
      else values[k] = f?.type === 'amount' && /^-?\d+(\.\d+)?$/.test(v) ? `${v}元` : v
    }
  }
  values._op = change.op
  values._reason = change.reason
  const result = await runIngest(scope.ctx, actor, {
    classCode: record.class_code,
    dept: record.provider_dept,
    channel: 'flow',
    fileName: null,
    contentHash: null,
    headers: Object.keys(values),
    rows: [{ rowNo: 1, values }],
    maxIssuesInMemory: 50,
  })
  if (result.rejected > 0) throw refuse('correction_rejected', { problems: await problemsOf(scope, result) })
  if (change.op === 'correct' && result.corrected !== 1) throw refuse('correction_unchanged')
  if (change.op === 'revoke' && result.revoked !== 1)
    throw refuse('correction_rejected', { problems: await problemsOf(scope, result) })
  return { batchId: result.batchId, record: await getRecordRow(scope.trx, recordId) }
}
