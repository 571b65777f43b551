// Resident ID numbers that arrive inside text: every text value of a row is searched (the one detector,
// findResidentIds), found numbers are masked in place and the field's clear value is sealed like an ID field; the
// issues a batch stores (error report) are masked too. Migration 0010 carries a frozen copy (src/db/migrations/support).
import type { KeyRing } from '../../core/keys.js'
import {
  isMod1110Valid,
  maskIdFieldValue,
  maskResidentId,
  maskResidentIdsInText,
  normalizeCode,
} from '../../identifiers/index.js'
import type { CatalogClass } from '../../modules/catalog/index.js'
import type { RowIssue } from './ingest.types.js'

/** Which fields of a class the text search leaves alone or judges differently. */
export interface TextFields {
  /** ID-number fields (mask id_number or role id_number): sealed whole as ID numbers, never searched as text. */
  idFields: ReadonlySet<string>
  /** 工商注册号 fields: a valid registration number there (15 digits, MOD 11,10) is not a first-generation ID number. */
  regNoFields: ReadonlySet<string>
  /**
   * The subject's code fields (USCC, organisation code, registration number): searched after the subject check, so that
   * an ID number typed into the USCC column is refused as what it is (「…不是有效的统一社会信用代码」, masked in the report).
   */
  subjectCodeFields: ReadonlySet<string>
}

/** The fields of a class that the text search leaves alone or judges differently. */
export function textFieldsOf(cls: Pick<CatalogClass, 'fields'>): TextFields {
  return {
    idFields: new Set(cls.fields.filter((f) => f.mask === 'id_number' || f.role === 'id_number').map((f) => f.code)),
    regNoFields: new Set(cls.fields.filter((f) => f.role === 'reg_no').map((f) => f.code)),
    subjectCodeFields: new Set(
      cls.fields.filter((f) => f.role === 'uscc' || f.role === 'org_code' || f.role === 'reg_no').map((f) => f.code),
    ),
  }
}

/** A field whose text held resident ID numbers (normalised), now masked and sealed. */
export interface SealedText {
  field: string
  ids: string[]
}

function isRegNo(v: string): boolean {
  return v.length === 15 && /^\d{15}$/.test(v) && isMod1110Valid(v)
}

/**
 * Masks every resident ID number in the payload's text values - strings and the strings of multi-valued fields, of any
 * field type but the ID-number fields and internal `_` keys - and seals each changed field's clear value like an ID
 * field: AES-GCM under `_sealed[field]`, HMAC under `_hmac[field]` (a multi-valued field as its JSON array text). The
 * payload hash covers `_hmac`, so a resubmission of the same clear text is still a duplicate.
 */
export function sealIdNumbersInText(
  keys: KeyRing,
  data: Record<string, unknown>,
  fields: TextFields,
  today: string,
  /** Collection searches the subject's codes after the subject check (`text`, then `subject_codes`). */
  which: 'all' | 'text' | 'subject_codes' = 'all',
): SealedText[] {
  let out: SealedText[] | null = null
  const options = { today }
  for (const code of Object.keys(data)) {
    if (code.charCodeAt(0) === 95 || fields.idFields.has(code)) continue
    if (which !== 'all' && fields.subjectCodeFields.has(code) !== (which === 'subject_codes')) continue
    const v = data[code]
    let masked: unknown
    let ids: string[] = []
    if (typeof v === 'string') {
      if (v.length < 15 || (fields.regNoFields.has(code) && isRegNo(v))) continue
      const r = maskResidentIdsInText(v, options)
      if (r.ids.length === 0) continue
      masked = r.text
      ids = r.ids
    } else if (Array.isArray(v)) {
      let changed = false
      masked = v.map((x) => {
        if (typeof x !== 'string' || x.length < 15) return x
        const r = maskResidentIdsInText(x, options)
        if (r.ids.length === 0) return x
        changed = true
        ids.push(...r.ids)
        return r.text
      })
      if (!changed) continue
    } else continue
    const clear = typeof v === 'string' ? v : JSON.stringify(v)
    const sealed = (data._sealed ?? {}) as Record<string, string>
    const lookups = (data._hmac ?? {}) as Record<string, string>
    sealed[code] = keys.encrypt(clear)
    lookups[code] = keys.hmac(clear)
    data._sealed = sealed
    data._hmac = lookups
    data[code] = masked
    if (out === null) out = []
    out.push({ field: code, ids })
  }
  return out ?? []
}

/**
 * The record key of a 文书号 that held an ID number: the masked text plus 16 hex digits of the clear text's HMAC, so
 * that two numbers differing only inside the masked digits stay two records, and a resubmission finds its record.
 */
export function keyOfMaskedDocumentNo(masked: string, hmac: string): string {
  return `${masked}#${hmac.slice(0, 16)}`
}

export const ID_IN_TEXT = 'id_number_in_text'

/** The warning a row gets for each field whose text held ID numbers: what was done, and where such numbers belong. */
export function idInTextIssue(rowNo: number, field: string, label: string, ids: string[]): RowIssue {
  return {
    rowNo,
    level: 'warning',
    field,
    code: ID_IN_TEXT,
    message: `「${label}」中含有居民身份证号码，已脱敏保存（原文加密存档，仅经授权方可查阅）。身份证号码请只填写在证件号码列。`,
    value: ids.map(maskResidentId).join(';'),
  }
}

/**
 * An issue as a batch stores it (error report): the value of an ID-number field masked whether valid or not
 * (maskIdFieldValue), and resident ID numbers masked wherever else they appear, value and message alike.
 */
export function protectIssue(issue: RowIssue, idFields: ReadonlySet<string>, today: string): RowIssue {
  let value = issue.value
  let message = issue.message
  if (value !== null && issue.field !== null && idFields.has(issue.field)) {
    const masked = maskIdFieldValue(value)
    // a message that quotes the value as typed or normalised quotes it masked
    for (const form of new Set([value.trim(), normalizeCode(value)]))
      if (form.length >= 6) message = message.split(form).join(masked)
    value = masked
  } else if (value !== null) value = maskResidentIdsInText(value, { today }).text
  message = maskResidentIdsInText(message, { today }).text
  if (value === issue.value && message === issue.message) return issue
  return { ...issue, value, message }
}
