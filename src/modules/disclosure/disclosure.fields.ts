// Which fields of a record payload an audience sees, and how they are masked: the catalog decides (field scope and
// mask); this is the one place that applies it.
import { maskResidentId } from '../../identifiers/index.js'
import type { CatalogClass, CatalogField, DisclosureScope } from '../catalog/index.js'

/** Who reads: the public (社会公开), government users (政务共享), authorised queries (授权查询, later). */
export type Audience = DisclosureScope

const SCOPES_FOR: Record<Audience, ReadonlySet<DisclosureScope>> = {
  public: new Set(['public']),
  government: new Set(['public', 'government']),
  authorized: new Set(['public', 'government', 'authorized']),
}

/** 1101**********002X: first 4 and last 4 characters kept (any ID-like value, already masked ones unchanged). */
export function maskIdNumber(value: string): string {
  return maskResidentId(value)
}

/** 张三 -> 张*, 欧阳娜娜 -> 欧***: the first character kept, every other character (but separators) starred. */
export function maskPersonName(value: string): string {
  const chars = [...value.trim()]
  if (chars.length === 0) return value
  if (chars.length === 1) return '*'
  return (
    chars[0] +
    chars
      .slice(1)
      .map((c) => (c === '·' || c === '•' || c === ' ' ? c : '*'))
      .join('')
  )
}

/** 13812345678 -> 138****5678; shorter numbers keep their last 2. */
export function maskPhone(value: string): string {
  const s = value.trim()
  if (s.length >= 11) return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`
  if (s.length <= 2) return '*'.repeat(s.length)
  return `${'*'.repeat(s.length - 2)}${s.slice(-2)}`
}

/**
 * Classes that publish natural persons by name: red-, black- and focus-list entries are published by name
 * only for black lists (失信被执行人, 严重失信主体名单, 重大税收违法失信主体 ...), each with its legal basis. Every other
 * class masks a natural person's name (mask `person_name`) on the portal.
 */
export function publishesPersonNames(cls: Pick<CatalogClass, 'list'>): boolean {
  return cls.list?.kind === 'black'
}

/** The value of the class's subject-category field (行政相对人类别) says 自然人, or the class only knows persons. */
export function payloadIsAboutPerson(
  cls: Pick<CatalogClass, 'fields' | 'subjectKinds'>,
  payload: Record<string, unknown>,
): boolean {
  if (cls.subjectKinds.length === 1 && cls.subjectKinds[0] === 'natural_person') return true
  for (const f of cls.fields) {
    if (f.role === 'subject_category' && payload[f.code] === '自然人') return true
    if (f.role === 'id_number' && typeof payload[f.code] === 'string' && (payload[f.code] as string).length > 0)
      return true
  }
  return false
}

export interface FieldOptions {
  /** The record is about a natural person (entity kind); inferred from the payload when absent. */
  naturalPerson?: boolean
}

function maskValue(f: CatalogField, v: unknown, audience: Audience, maskNames: boolean): unknown {
  if (v === null || v === undefined) return v
  switch (f.mask) {
    case 'id_number':
      // ID numbers are shown masked to everybody; the clear value needs entity.read_personal and a purpose.
      return typeof v === 'string'
        ? maskIdNumber(v)
        : Array.isArray(v)
          ? v.map((x) => (typeof x === 'string' ? maskIdNumber(x) : x))
          : '******'
    case 'person_name':
      return audience === 'public' && maskNames && typeof v === 'string' ? maskPersonName(v) : v
    case 'phone':
      return audience === 'public' && typeof v === 'string' ? maskPhone(v) : v
    default:
      return v
  }
}

/**
 * The payload as `audience` sees it: only fields of the class (internal keys such as `_sealed` never leave), only
 * fields whose scope the audience may read, `hidden` fields dropped, the others masked by their `mask`, in the
 * catalog's field order.
 */
export function fieldsFor(
  cls: Pick<CatalogClass, 'fields' | 'subjectKinds' | 'list'>,
  payload: Record<string, unknown>,
  audience: Audience,
  options: FieldOptions = {},
): Record<string, unknown> {
  const scopes = SCOPES_FOR[audience]
  const person = options.naturalPerson ?? payloadIsAboutPerson(cls, payload)
  const maskNames = person && !publishesPersonNames(cls)
  const out: Record<string, unknown> = {}
  for (const f of cls.fields) {
    if (!scopes.has(f.scope) || f.mask === 'hidden') continue
    if (!(f.code in payload)) continue
    const v = payload[f.code]
    if (v === undefined) continue
    out[f.code] = maskValue(f, v, audience, maskNames)
  }
  return out
}

/** The public fields of a payload (社会公开 scope, masked as the catalog says). */
export function publicFields(
  cls: Pick<CatalogClass, 'fields' | 'subjectKinds' | 'list'>,
  payload: Record<string, unknown>,
  options: FieldOptions = {},
): Record<string, unknown> {
  return fieldsFor(cls, payload, 'public', options)
}

/** The government view (政务共享): public and government fields; authorised-only fields left out; ID numbers masked. */
export function governmentFields(
  cls: Pick<CatalogClass, 'fields' | 'subjectKinds' | 'list'>,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  return fieldsFor(cls, payload, 'government')
}

/**
 * Whether the authorised view (授权查询) shows anything of authorised scope in a record: the class version or the
 * record is of that scope, or a field of that scope has a value. Such reads state a purpose and are audited.
 */
export function hasAuthorizedContent(
  cls: Pick<CatalogClass, 'scope' | 'fields'>,
  recordScope: string,
  payload: Record<string, unknown>,
): boolean {
  if (cls.scope === 'authorized' || recordScope === 'authorized') return true
  return cls.fields.some((f) => {
    if (f.scope !== 'authorized' || f.mask === 'hidden') return false
    const v = payload[f.code]
    return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)
  })
}

/**
 * Public fields with their labels and types, in catalog order (what the portal shows). An `amount` is in 元 whatever
 * unit it was submitted in (the catalog's `unit`).
 */
export function labelledFields(
  cls: Pick<CatalogClass, 'fields'>,
  data: Record<string, unknown>,
): { code: string; label: string; value: unknown; type: string }[] {
  const out: { code: string; label: string; value: unknown; type: string }[] = []
  for (const f of cls.fields) {
    if (!(f.code in data)) continue
    const v = data[f.code]
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue
    out.push({ code: f.code, label: f.label, value: v, type: f.type })
  }
  return out
}
