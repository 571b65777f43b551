// FROZEN ON PURPOSE: collection's rules for resident ID numbers inside text (flows/ingest/personal-text.ts and the
// payload hash of flows/ingest/prepare.ts) as they stood when migration 0010 was written. 0010 applied them to the
// rows stored before: the same sealing and hash as collection then, so that a row submitted again stayed a duplicate
// of its record. A migration is history and the db layer never imports a flow, so 0010 carries this copy; when
// collection changes its rules, it is collection's job to stay compatible with the records stored (by 0010 too).
import { createHash } from 'node:crypto'
import { canonicalJson } from '../../../core/diff.js'
import type { KeyRing } from '../../../core/keys.js'
import { isMod1110Valid, maskIdFieldValue, maskResidentIdsInText, normalizeCode } from '../../../identifiers/index.js'

/** A class definition as 0010 read it from catalog_classes.definition (only what it needs). */
export interface StoredClassDefinition {
  fields: { code: string; mask?: string | null; role?: string | null }[]
}

/** Which fields of a class the text search leaves alone or judges differently. */
export interface TextFields {
  /** ID-number fields (mask id_number or role id_number): sealed whole as ID numbers, never searched as text. */
  idFields: ReadonlySet<string>
  /** 工商注册号 fields: a valid registration number there (15 digits, MOD 11,10) is not a first-generation ID number. */
  regNoFields: ReadonlySet<string>
}

export function textFieldsOf(cls: StoredClassDefinition): TextFields {
  return {
    idFields: new Set(cls.fields.filter((f) => f.mask === 'id_number' || f.role === 'id_number').map((f) => f.code)),
    regNoFields: new Set(cls.fields.filter((f) => f.role === 'reg_no').map((f) => f.code)),
  }
}

function isRegNo(v: string): boolean {
  return v.length === 15 && /^\d{15}$/.test(v) && isMod1110Valid(v)
}

/**
 * Masks every resident ID number in the payload's text values (strings and the strings of multi-valued fields, all
 * fields but the ID-number fields and internal `_` keys) and seals each changed field's clear value: AES-GCM under
 * `_sealed[field]`, HMAC under `_hmac[field]` (a multi-valued field as its JSON array text). Returns how many fields
 * changed.
 */
export function sealIdNumbersInText(
  keys: KeyRing,
  data: Record<string, unknown>,
  fields: TextFields,
  today: string,
): number {
  let changedFields = 0
  const options = { today }
  for (const code of Object.keys(data)) {
    if (code.charCodeAt(0) === 95 || fields.idFields.has(code)) continue
    const v = data[code]
    let masked: unknown
    if (typeof v === 'string') {
      if (v.length < 15 || (fields.regNoFields.has(code) && isRegNo(v))) continue
      const r = maskResidentIdsInText(v, options)
      if (r.ids.length === 0) continue
      masked = r.text
    } else if (Array.isArray(v)) {
      let changed = false
      masked = v.map((x) => {
        if (typeof x !== 'string' || x.length < 15) return x
        const r = maskResidentIdsInText(x, options)
        if (r.ids.length === 0) return x
        changed = true
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
    changedFields += 1
  }
  return changedFields
}

/** A payload as stored: canonical JSON, and its hash (SHA-256 of the canonical JSON without `_sealed`). */
export function storedPayload(data: Record<string, unknown>): { payload: string; hash: string } {
  const payload = canonicalJson(data)
  const hashed = data._sealed === undefined ? payload : canonicalJson({ ...data, _sealed: undefined })
  return { payload, hash: createHash('sha256').update(hashed).digest('hex') }
}

/** The record key of a 文书号 that held an ID number: the masked text plus 16 hex digits of the clear text's HMAC. */
export function keyOfMaskedDocumentNo(masked: string, hmac: string): string {
  return `${masked}#${hmac.slice(0, 16)}`
}

export interface StoredIssue {
  field: string | null
  message: string
  value: string | null
}

/**
 * An issue as a batch stores it (error report): the value of an ID-number field masked whether valid or not, and
 * resident ID numbers masked wherever else they appear, value and message alike. The same object when nothing changed.
 */
export function protectIssue<T extends StoredIssue>(issue: T, idFields: ReadonlySet<string>, today: string): T {
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
