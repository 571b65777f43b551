import type { Ctx } from '../../core/context.js'
import { canonicalJson } from '../../core/diff.js'
import { AppError } from '../../core/errors.js'
import type { KeyRing } from '../../core/keys.js'
import { maskResidentId, maskResidentIdsInText } from '../../identifiers/index.js'
import { addWorkingDays, loadCalendar, type WorkingCalendar } from '../../modules/calendar/index.js'
import type { CatalogClass, PublicationRuleSet, PublicationWindow, Severity } from '../../modules/catalog/index.js'
import {
  compileClass,
  getClass,
  listUntil,
  loadRuleSets,
  publicationWindow,
  severityOf,
} from '../../modules/catalog/index.js'
import {
  compileRowNormalizer,
  mapHeaders,
  matchHeader,
  REASON_LABEL,
  type RowNormalizer,
} from '../../modules/ingest/normalize/index.js'
import { textHash } from '../../modules/records/index.js'
import { ingestError, ROW_MESSAGES } from './ingest.errors.js'
import type { IngestRowInput, RowIssue, RowOp } from './ingest.types.js'
import {
  idInTextIssue,
  keyOfMaskedDocumentNo,
  sealIdNumbersInText,
  type TextFields,
  textFieldsOf,
} from './personal-text.js'
import { describeSubject, pick, type RoleMap, roleMap, type Subject } from './row-rules.js'

/** Everything that is computed once per batch: the class version, its validator, header mapping, rules. */
export interface ClassContext {
  cls: CatalogClass
  roles: RoleMap
  normalize: RowNormalizer
  validate: (row: Record<string, unknown>) => { errors: { field: string; code: string; message: string }[] }
  ruleSets: PublicationRuleSet[]
  calendar: WorkingCalendar
  labels: Map<string, string>
  /** Fields holding personal ID numbers (masked as id_number): sealed before storage. */
  idFields: string[]
  /** How the search for ID numbers inside text treats the class's fields. */
  textFields: TextFields
  /**
   * The submitting department's own name and USCC by field code (处罚机关/认定单位, 数据来源单位 and their codes):
   * a row that leaves such a field empty gets the department's value (see `fillOwnDept`).
   */
  ownDept: OwnDeptFill | null
  /** Due dates by decision date (the calendar walk is the same for every row of a day). */
  dueByDate: Map<string, string | AppError>
  /** Publication windows by decision date, severity and 有效期至. */
  windowByKey: Map<string, PublicationWindow>
}

/** What a class context is built from: plain data read from the database (it can cross to a worker thread). */
export interface ClassSource {
  cls: CatalogClass
  ruleSets: PublicationRuleSet[]
  calendar: WorkingCalendar
  /** The submitting department (known when the batch is submitted in one department's name). */
  ownDept?: { name: string; uscc: string } | null
}

/** The name/code field pairs the submitting department fills when a row leaves them empty. */
export interface OwnDeptFill {
  name: string
  uscc: string
  pairs: { name: string | undefined; code: string | undefined }[]
}

function ownDeptFill(cls: CatalogClass, dept: { name: string; uscc: string } | null | undefined): OwnDeptFill | null {
  if (!dept) return null
  const roles = roleMap(cls)
  const pairs = [
    { name: roles.authority_name, code: roles.authority_uscc },
    { name: roles.provider_name, code: roles.provider_uscc },
  ].filter((p) => p.name !== undefined || p.code !== undefined)
  return pairs.length ? { name: dept.name, uscc: dept.uscc, pairs } : null
}

/** The field codes the submitting department may fill (their columns may be missing from the file). */
function fillableCodes(fill: OwnDeptFill | null): Set<string> {
  const out = new Set<string>()
  for (const p of fill?.pairs ?? []) {
    if (p.name) out.add(p.name)
    if (p.code) out.add(p.code)
  }
  return out
}

/**
 * Fills the department's own name and USCC into an empty 处罚机关/数据来源单位 pair (docs/file-formats.md): the name
 * when empty unless the row's code names another unit, the code when empty unless the row's name is another unit's.
 */
export function fillOwnDept(fill: OwnDeptFill | null, data: Record<string, unknown>): void {
  if (!fill) return
  const empty = (code: string | undefined) => code !== undefined && (data[code] === undefined || data[code] === '')
  for (const p of fill.pairs) {
    const nameEmpty = empty(p.name)
    const codeEmpty = empty(p.code)
    const nameIsOwn = p.name === undefined || nameEmpty || data[p.name] === fill.name
    const codeIsOwn = p.code === undefined || codeEmpty || data[p.code] === fill.uscc
    if (nameEmpty && codeIsOwn && p.name) data[p.name] = fill.name
    if (codeEmpty && nameIsOwn && p.code) data[p.code] = fill.uscc
  }
}

/** Reads the class (active only), the publication rule sets and the working calendar. */
export async function loadClassSource(ctx: Ctx, classCode: string): Promise<ClassSource> {
  let cls: CatalogClass
  try {
    cls = await getClass(ctx.db, classCode)
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw ingestError('ingest.unknown_class', { class: classCode })
    throw e
  }
  if (cls.status !== 'active') throw ingestError('ingest.unknown_class', { class: classCode })
  return { cls, ruleSets: await loadRuleSets(ctx.db), calendar: await loadCalendar(ctx.db) }
}

/** Maps the file's headers (missing required columns refuse the batch) and compiles the class's row functions. */
export function buildClassContext(source: ClassSource, headers: string[]): ClassContext {
  const { cls, ruleSets, calendar } = source
  const mapped = mapHeaders(headers, cls.fields)
  const ownDept = ownDeptFill(cls, source.ownDept)
  const fillable = fillableCodes(ownDept)
  const missing = mapped.missingRequired.filter((f) => !fillable.has(f.code))
  if (missing.length)
    throw ingestError('ingest.missing_columns', {
      columns: missing.map((f) => `${f.label}（${f.code}）`),
      fields: missing.map((f) => f.code),
    })
  // Legacy files split one multi-valued field over several columns (CF_CFLB1, CF_CFLB2 -> 处罚类别): join them.
  const merges: { target: string; sources: string[] }[] = []
  for (const dup of mapped.duplicates) {
    const field = matchHeader(dup, cls.fields)
    if (typeof field !== 'object' || field === null || !field.multi) continue
    const target = Object.keys(mapped.mapping).find((h) => mapped.mapping[h] === field.code)
    if (!target) continue
    const m = merges.find((x) => x.target === target)
    if (m) m.sources.push(dup)
    else merges.push({ target, sources: [dup] })
  }
  const normalizeMapped = compileRowNormalizer(cls.fields, mapped.mapping)
  const textFields = textFieldsOf(cls)
  const normalize: RowNormalizer = merges.length
    ? (values) => {
        const v = { ...values }
        for (const m of merges)
          v[m.target] = [v[m.target], ...m.sources.map((h) => v[h])].filter((x) => x?.trim()).join(';')
        return normalizeMapped(v)
      }
    : normalizeMapped
  return {
    cls,
    roles: roleMap(cls),
    normalize,
    validate: compileClass(cls).validate,
    ruleSets,
    calendar,
    labels: new Map(cls.fields.map((f) => [f.code, f.label])),
    idFields: [...textFields.idFields],
    textFields,
    ownDept,
    dueByDate: new Map(),
    windowByKey: new Map(),
  }
}

/** What the pipeline will do with one row once its subject is resolved. */
export interface RowPlan {
  op: RowOp
  reason: string | null
  /** The normalised row as stored: canonical JSON. */
  payload: string
  hash: string
  subject: Subject
  providerKey: string
  providerUscc: string | null
  decidedOn: string | null
  documentNo: string | null
  authority: string | null
  severity: Severity | null
  severityOverride: string | null
  window: PublicationWindow | null
  listUntil: string | null
  dueOn: string | null
  late: boolean
}

const SEVERITIES = new Set(['minor', 'general', 'serious'])

/**
 * Normalises, validates and applies the cross-field rules to one row. Errors and warnings go to `issues`;
 * returns null when the row cannot be planned at all.
 */
export function evaluateRow(
  keys: KeyRing,
  cc: ClassContext,
  row: IngestRowInput,
  today: string,
  issues: RowIssue[],
): RowPlan | null {
  const { cls, roles } = cc
  const n = cc.normalize(row.values)
  const rowNo = row.rowNo
  for (const e of n.errors)
    issues.push({ rowNo, level: 'error', field: e.field, code: e.code, message: e.message, value: e.value })
  for (const w of n.warnings)
    issues.push({ rowNo, level: 'warning', field: w.field, code: w.code, message: w.message, value: w.value })
  const data = n.data
  fillOwnDept(cc.ownDept, data)
  const op: RowOp = n.op ?? 'add'
  let reason = n.reason?.trim() || null

  if (op !== 'revoke') {
    for (const e of cc.validate(data).errors)
      if (!n.errors.some((x) => x.field === e.field))
        issues.push({
          rowNo,
          level: 'error',
          field: e.field,
          code: e.code,
          message: e.message,
          value: valueText(data[e.field]),
        })
  }
  // resident ID numbers inside any text (the subject's name included) are masked and sealed before anything uses it;
  // the subject's codes once the subject check has seen them as sent
  for (const s of sealIdNumbersInText(keys, data, cc.textFields, today, 'text'))
    issues.push(idInTextIssue(rowNo, s.field, cc.labels.get(s.field) ?? s.field, s.ids))
  if (reason) {
    const r = maskResidentIdsInText(reason, { today })
    if (r.ids.length) {
      reason = r.text
      issues.push(idInTextIssue(rowNo, '_reason', REASON_LABEL, r.ids))
    }
  }
  const subject = describeSubject(cls, roles, data, rowNo, today, issues)
  for (const s of sealIdNumbersInText(keys, data, cc.textFields, today, 'subject_codes'))
    issues.push(idInTextIssue(rowNo, s.field, cc.labels.get(s.field) ?? s.field, s.ids))
  if (!subject) return null

  const decidedOn = pick(data, roles, 'decision_date') ?? null
  if (decidedOn && decidedOn > today)
    issues.push({
      rowNo,
      level: 'error',
      field: roles.decision_date ?? null,
      code: 'decision_in_future',
      message: ROW_MESSAGES.decision_in_future,
      value: decidedOn,
    })
  const validFrom = pick(data, roles, 'valid_from')
  const validTo = pick(data, roles, 'valid_to')
  if (validFrom && validTo && validTo < validFrom && validTo !== '9999-12-31')
    issues.push({
      rowNo,
      level: 'error',
      field: roles.valid_to ?? null,
      code: 'valid_range',
      message: ROW_MESSAGES.valid_range,
      value: validTo,
    })

  const listEnd = pick(data, roles, 'list_until')
  if (listEnd && decidedOn && listEnd < decidedOn)
    issues.push({
      rowNo,
      level: 'error',
      field: roles.list_until ?? null,
      code: 'list_range',
      message: ROW_MESSAGES.list_range(listEnd, decidedOn),
      value: listEnd,
    })

  sealPersonalIds(keys, cc, data, subject)
  const documentNo = pick(data, roles, 'document_no') ?? null
  const { payload, hash } = storedPayload(data)
  const providerKey = providerKeyOf(data, documentNo, roles.document_no, hash)

  // severity: the class's rule, or the provider's override with a reason
  let severity: Severity | null = null
  let severityOverride: string | null = null
  if (cls.polarity === 'negative') {
    severity = severityOf(cls, data).severity
    if (n.severity) {
      if (!SEVERITIES.has(n.severity))
        issues.push({
          rowNo,
          level: 'error',
          field: '_severity',
          code: 'severity_invalid',
          message: ROW_MESSAGES.severity_invalid,
          value: n.severity,
        })
      else if (!reason)
        issues.push({
          rowNo,
          level: 'error',
          field: '_severity',
          code: 'severity_reason_required',
          message: ROW_MESSAGES.severity_reason_required,
          value: n.severity,
        })
      else if (n.severity !== severity) {
        severity = n.severity as Severity
        severityOverride = reason
      }
    }
  }

  let window: PublicationWindow | null = null
  let until: string | null = null
  let dueOn: string | null = null
  let late = false
  if (decidedOn && !issues.some((i) => i.level === 'error' && i.rowNo === rowNo)) {
    try {
      const wkey = `${decidedOn}|${severity ?? ''}|${validTo ?? ''}`
      window =
        cc.windowByKey.get(wkey) ??
        publicationWindow(cc.ruleSets, cls, { severity, decisionDate: decidedOn, validTo: validTo ?? null })
      if (cc.windowByKey.size < 100_000) cc.windowByKey.set(wkey, window)
      if (window.severity && severity && window.severity !== severity) severity = window.severity
    } catch (e) {
      issues.push({
        rowNo,
        level: 'error',
        field: roles.decision_date ?? null,
        code: (e as AppError).code ?? 'window',
        message: (e as Error).message,
        value: decidedOn,
      })
    }
    const given = pick(data, roles, 'publish_until')
    if (given && window && given !== window.maxUntil)
      issues.push({
        rowNo,
        level: 'warning',
        field: roles.publish_until ?? null,
        code: 'publish_until_differs',
        message: ROW_MESSAGES.publish_until_differs(given, window.maxUntil),
        value: given,
      })
    until = pick(data, roles, 'list_until') ?? (cls.list ? listUntil(cls, decidedOn) : null)
    if (cls.deadlineWorkingDays !== null && op === 'add') {
      let due = cc.dueByDate.get(decidedOn)
      if (due === undefined) {
        try {
          due = addWorkingDays(cc.calendar, decidedOn, cls.deadlineWorkingDays)
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'calendar.year_unknown')) throw e
          due = e
        }
        cc.dueByDate.set(decidedOn, due)
      }
      if (typeof due === 'string') {
        dueOn = due
        late = today > dueOn
      } else
        issues.push({
          rowNo,
          level: 'warning',
          field: roles.decision_date ?? null,
          code: 'calendar_year_unknown',
          message: ROW_MESSAGES.calendar_year_unknown(String(due.details.year ?? decidedOn.slice(0, 4))),
          value: decidedOn,
        })
    }
  }

  return {
    op,
    reason,
    payload,
    hash,
    subject,
    providerKey,
    providerUscc: pick(data, roles, 'provider_uscc') ?? null,
    decidedOn,
    documentNo,
    authority: pick(data, roles, 'authority_name') ?? null,
    severity,
    severityOverride,
    window,
    listUntil: until,
    dueOn,
    late,
  }
}

/**
 * The payload as stored (canonical JSON) and its hash. The hash leaves out the sealed clear values (their ciphertexts
 * differ on every encryption) but covers their HMACs; the stored payload keeps both.
 */
export function storedPayload(data: Record<string, unknown>): { payload: string; hash: string } {
  const payload = canonicalJson(data)
  return {
    payload,
    hash: textHash(data._sealed === undefined ? payload : canonicalJson({ ...data, _sealed: undefined })),
  }
}

/**
 * A record's key within its provider and class: the 文书号 (masked, with its HMAC, when it held an ID number), else
 * the payload hash.
 */
export function providerKeyOf(
  data: Record<string, unknown>,
  documentNo: string | null,
  documentField: string | undefined,
  hash: string,
): string {
  if (!documentNo) return `hash:${hash.slice(0, 32)}`
  const hmac = documentField ? (data._hmac as Record<string, string> | undefined)?.[documentField] : undefined
  return hmac ? keyOfMaskedDocumentNo(documentNo, hmac) : documentNo
}

/**
 * ID numbers never stay in a record in clear: the field keeps the masked form, the clear value is sealed
 * (AES-GCM) under `_sealed` for authorised reads, and the subject key carries the HMAC. The payload hash
 * covers the HMACs, so an unchanged row is still recognised as a duplicate.
 */
function sealPersonalIds(keys: KeyRing, cc: ClassContext, data: Record<string, unknown>, subject: Subject): void {
  const sealed: Record<string, string> = {}
  const lookups: Record<string, string> = {}
  for (const code of cc.idFields) {
    const v = data[code]
    if (typeof v !== 'string' || v.length < 15) continue
    sealed[code] = keys.encrypt(v)
    lookups[code] = keys.hmac(v)
    data[code] = maskResidentId(v)
  }
  if (subject.personId) subject.key = `id:${keys.hmac(subject.personId)}`
  if (Object.keys(sealed).length) {
    // beside what the search for ID numbers in text sealed
    data._sealed = { ...(data._sealed as Record<string, string> | undefined), ...sealed }
    data._hmac = { ...(data._hmac as Record<string, string> | undefined), ...lookups }
  }
}

function valueText(v: unknown): string | null {
  if (v === undefined || v === null) return null
  return Array.isArray(v) ? v.join(';') : String(v)
}
