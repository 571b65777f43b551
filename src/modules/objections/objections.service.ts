// Objections (异议): the facts of an objection beside its case - filed in the caller's command scope with the case
// (flows/objections opens the case, stores these facts, marks the record and runs the pipeline in one transaction),
// and read back with the applicant's texts in clear for those who may see them.
import type { CommandScope } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import { readSealedTexts, sealedTextsColumn, sealPersonalText, unsealPersonalText } from '../../identifiers/index.js'
import { objectionError } from './objections.errors.js'
import {
  findObjection,
  findObjections,
  insertObjection,
  type ObjectionRow,
  releaseOpenRecord,
} from './objections.repository.js'

/** The record an objection is about, as its owner (the records module) tells it. */
export interface ObjectedRecord {
  id: string
  version: number
  entity_id: string
  provider_dept: string
  class_code: string
}

/** What the applicant filed, checked: texts trimmed (reason 5-2000 characters, contact up to 200), evidence ids. */
export interface ObjectionFiling {
  reason: string
  contact: string | null
  evidence: string[]
  onBehalf: boolean
}

/** An objection's facts with the applicant's texts in clear. */
export interface ObjectionFacts {
  caseId: string
  recordId: string
  recordVersion: number
  entityId: string
  providerDept: string
  classCode: string
  reason: string
  contact: string | null
  evidence: string[]
  onBehalf: boolean
  createdAt: string
}

const clean = (v: unknown): string => (typeof v === 'string' ? v.trim().replace(/[ \t]+/g, ' ') : '')

/** A free text of a step (a reason, a note): trimmed, within bounds, else 400 naming the field. */
export function checkText(
  field: string,
  label: string,
  value: unknown,
  bounds: { min: number; max: number; required: boolean },
): string | null {
  const v = clean(value)
  if (!v) {
    if (bounds.required) throw objectionError('objections.field_required', { field, label })
    return null
  }
  const n = [...v].length
  if (n < bounds.min || n > bounds.max)
    throw objectionError('objections.field_required', {
      field,
      label,
      rule: `长度应为 ${bounds.min} 至 ${bounds.max} 个字`,
    })
  return v
}

/** Checks what an applicant files: reason, contact, evidence file ids. */
export function checkFiling(input: {
  reason: unknown
  contact?: unknown
  evidence?: unknown
  onBehalf: boolean
}): ObjectionFiling {
  const reason = checkText('reason', '异议理由', input.reason, { min: 5, max: 2000, required: true }) as string
  const contact = checkText('contact', '联系方式', input.contact, { min: 3, max: 200, required: false })
  const evidence = Array.isArray(input.evidence) ? input.evidence.map((x) => clean(x)).filter(Boolean) : []
  if (evidence.length > 20 || evidence.some((e) => e.length > 64))
    throw objectionError('objections.field_required', {
      field: 'evidence',
      label: '证明材料',
      rule: '至多 20 个文件编号（POST /api/v1/files 上传后返回的 id）',
    })
  return { reason, contact, evidence: [...new Set(evidence)], onBehalf: input.onBehalf }
}

/**
 * Stores the facts of a new objection case, one step of the caller's command: the texts masked, their clear text
 * sealed when they held a resident ID number.
 */
export async function storeObjection(
  scope: CommandScope,
  caseId: string,
  record: ObjectedRecord,
  filing: ObjectionFiling,
): Promise<void> {
  const { values, sealed } = sealPersonalText(
    scope.ctx.keys,
    { reason: filing.reason, contact: filing.contact },
    { today: scope.today },
  )
  const row = {
    case_id: caseId,
    record_id: record.id,
    record_version: record.version,
    entity_id: record.entity_id,
    provider_dept: record.provider_dept,
    class_code: record.class_code,
    reason: values.reason as string,
    contact: values.contact ?? null,
    sealed: sealedTextsColumn(sealed),
    evidence: JSON.stringify(filing.evidence),
    on_behalf: filing.onBehalf ? 1 : 0,
    open_record: record.id,
    created_at: scope.now.toISOString(),
  }
  try {
    await insertObjection(scope.trx, row)
  } catch (e) {
    // another objection to the record was filed at the same moment and committed first
    if (isUniqueViolation(e)) throw objectionError('objections.already_open', { recordId: record.id })
    throw e
  }
}

/** The case closed (not accepted, decided, withdrawn): one step of the caller's command. */
export async function closeObjection(scope: CommandScope, caseId: string): Promise<void> {
  await releaseOpenRecord(scope.trx, caseId)
}

/** The facts as shown: the texts as stored, masked (their clear text stays sealed, see docs/decisions.md). */
function factsOf(row: ObjectionRow): ObjectionFacts {
  return {
    caseId: row.case_id,
    recordId: row.record_id,
    recordVersion: row.record_version,
    entityId: row.entity_id,
    providerDept: row.provider_dept,
    classCode: row.class_code,
    reason: row.reason,
    contact: row.contact,
    evidence: JSON.parse(row.evidence) as string[],
    onBehalf: row.on_behalf === 1,
    createdAt: row.created_at,
  }
}

/** The reason and contact in clear (unsealed): only for a handler's purpose-stated, audited read (flows/objections). */
export async function objectionClearTexts(
  ctx: Pick<Ctx, 'keys'> & { db: Db },
  caseId: string,
): Promise<{ reason: string; contact: string | null }> {
  const row = await findObjection(ctx.db, caseId)
  if (!row) throw objectionError('objections.not_found', { id: caseId })
  const sealed = readSealedTexts(row.sealed)
  return {
    reason: unsealPersonalText(ctx.keys, sealed, 'reason', row.reason),
    contact: unsealPersonalText(ctx.keys, sealed, 'contact', row.contact),
  }
}

/** The facts of one objection (404 objections.not_found when the case is not an objection). */
export async function objectionFacts(ctx: Pick<Ctx, 'keys'> & { db: Db }, caseId: string): Promise<ObjectionFacts> {
  const row = await findObjection(ctx.db, caseId)
  if (!row) throw objectionError('objections.not_found', { id: caseId })
  return factsOf(row)
}

/** The facts of several objections, by case id. */
export async function objectionFactsOf(
  ctx: Pick<Ctx, 'keys'> & { db: Db },
  caseIds: readonly string[],
): Promise<Map<string, ObjectionFacts>> {
  return new Map((await findObjections(ctx.db, caseIds)).map((r) => [r.case_id, factsOf(r)]))
}
