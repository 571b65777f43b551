import type { KeyRing } from '../../core/keys.js'
import type { Db } from '../../db/database.js'
import { type CheckResult, checkCode, maskResidentId, nameKey } from '../../identifiers/index.js'
import {
  type EntityRow,
  findEntitiesByNameNorm,
  findEntityById,
  findEntityByIdHmac,
  findEntityByUscc,
  findIdentifierOwner,
} from './entities.repository.js'
import type { ResolveQuery, ResolveReason, ResolveResult } from './entities.types.js'

/** One code of a lookup: as given, and as checked (normalised: NFKC, upper case, no spaces or hyphens). */
export interface LookupCode {
  raw: string
  check: CheckResult
}

/** A subject description after normalisation: what the resolver and the ID-number rule both work on. */
export interface NormalizedQuery {
  /** The `uscc` field first, then `codes`; blank ones dropped. */
  codes: LookupCode[]
  /** The `idNumber` field, when not blank. */
  idNumber: LookupCode | null
  name: string | null
  district: string | null
}

const given = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== ''

/** Normalises a subject description once: every code checked (`today` is the reference date for birth dates). */
export function normalizeQuery(q: ResolveQuery, today?: string): NormalizedQuery {
  const code = (raw: string): LookupCode => ({ raw, check: checkCode(raw, { today }) })
  return {
    codes: [...(given(q.uscc) ? [q.uscc] : []), ...(q.codes ?? []).filter(given)].map(code),
    idNumber: given(q.idNumber) ? code(q.idNumber) : null,
    name: given(q.name) ? q.name : null,
    district: given(q.district) ? q.district : null,
  }
}

/**
 * Whether a lookup goes through a person's ID number: the `idNumber` field, or any code that is a resident ID number
 * once normalised, whatever field carried it and however it was written (spaces, hyphens, full-width digits, a
 * lower-case x), valid or mistyped. Such a lookup needs a stated purpose and is audited; this is the only place that
 * decides it (the resolver below uses the same normalised codes). A 15-digit number is a 工商注册号 here, which no
 * natural person has, so it never finds a person.
 */
export function resolvesThroughIdNumber(q: NormalizedQuery): boolean {
  return q.idNumber !== null || q.codes.some((c) => c.check.scheme === 'resident_id')
}

/** The masked form of every ID number in a lookup (for audit events and messages). */
export function maskedIdNumbers(q: NormalizedQuery): string[] {
  const ids = [...q.codes.filter((c) => c.check.scheme === 'resident_id'), ...(q.idNumber ? [q.idNumber] : [])]
  return ids.map((c) => maskResidentId(c.check.normalized))
}

/**
 * Ties a subject description (as records carry it) to one entity. Identifiers first (USCC, organisation
 * code, registration number, ID number), names last. Never matches an entity whose USCC differs from a
 * given USCC, and reports a conflict when identifiers point to different entities. Requests of users go through
 * lookupEntity (entities.lookup.ts), which adds the purpose and audit rule for ID numbers.
 */
export async function resolveEntity(db: Db, keys: KeyRing, q: ResolveQuery, today?: string): Promise<ResolveResult> {
  return resolveNormalized(db, keys, normalizeQuery(q, today))
}

/** resolveEntity on a query already normalised. */
export async function resolveNormalized(db: Db, keys: KeyRing, q: NormalizedQuery): Promise<ResolveResult> {
  const hits: { row: EntityRow; reason: ResolveReason }[] = []
  let givenUscc: string | null = null
  const invalid: string[] = []

  for (const { raw, check: r } of q.codes) {
    if (!r.valid) {
      // a mistyped ID number is still a person's number: only its masked form goes into the message
      invalid.push(r.scheme === 'resident_id' ? maskResidentId(r.normalized) : raw)
      continue
    }
    if (r.scheme === 'uscc') {
      givenUscc ??= r.normalized
      if (givenUscc !== r.normalized) return conflict(hits, '提供了两个不同的统一社会信用代码')
      const row = await findEntityByUscc(db, r.normalized)
      if (row) hits.push({ row, reason: 'uscc' })
      else {
        const viaOrg = await findIdentifierOwner(db, 'org_code', r.normalized.slice(8, 17))
        const row2 = viaOrg ? await findEntityById(db, viaOrg) : undefined
        if (row2 && !row2.uscc) hits.push({ row: row2, reason: 'org_code' })
      }
    } else if (r.scheme === 'org_code' || r.scheme === 'reg_no') {
      const owner = await findIdentifierOwner(db, r.scheme, r.normalized)
      const row = owner ? await findEntityById(db, owner) : undefined
      if (row) hits.push({ row, reason: r.scheme })
    } else if (r.scheme === 'resident_id') {
      const row = await findEntityByIdHmac(db, keys.hmac(r.normalized))
      if (row) hits.push({ row, reason: 'id_number' })
    }
  }
  if (q.idNumber) {
    const r = q.idNumber.check
    if (r.scheme === 'resident_id' && r.valid) {
      const row = await findEntityByIdHmac(db, keys.hmac(r.normalized))
      if (row) hits.push({ row, reason: 'id_number' })
    } else invalid.push('身份证件号码')
  }

  const distinct = [...new Map(hits.map((h) => [h.row.id, h])).values()]
  if (distinct.length > 1) return conflict(distinct, '不同的代码指向不同的主体')
  const hit = distinct[0]
  if (hit) {
    if (givenUscc && hit.row.uscc && hit.row.uscc !== givenUscc)
      return conflict(distinct, '代码与已登记主体的统一社会信用代码不一致')
    return { status: 'matched', entityId: hit.row.id, reason: hit.reason, name: hit.row.name }
  }

  // A subject described by an identifier we do not know is not matched by name alone when the named
  // entity carries a different USCC; a person whose ID number was given and not found is not matched by name.
  if (q.name) {
    const personal = resolvesThroughIdNumber(q)
    const rows = await findEntitiesByNameNorm(db, nameKey(q.name), q.district, 5)
    const compatible = rows
      .filter((r) => !givenUscc || !r.uscc || r.uscc === givenUscc)
      .filter((r) => !(personal && r.kind === 'natural_person'))
    if (compatible.length === 1) {
      const row = compatible[0] as EntityRow
      return { status: 'matched', entityId: row.id, reason: q.district ? 'name_district' : 'name', name: row.name }
    }
    if (compatible.length > 1)
      return {
        status: 'unresolved',
        reason: 'ambiguous',
        candidates: compatible.map(candidate),
        message: '名称对应多个主体，请提供统一社会信用代码或所属区县',
      }
    if (rows.length > 0)
      return {
        status: 'unresolved',
        reason: 'conflict',
        candidates: rows.map(candidate),
        message: '同名主体的统一社会信用代码与提供的不一致',
      }
  }
  if (invalid.length && q.codes.length + (q.idNumber ? 1 : 0) === invalid.length && !q.name)
    return { status: 'unresolved', reason: 'invalid_input', candidates: [], message: `代码无效：${invalid.join('、')}` }
  return { status: 'unresolved', reason: 'not_found', candidates: [], message: '未找到匹配的主体' }
}

function candidate(r: EntityRow) {
  return { entityId: r.id, name: r.name, uscc: r.uscc }
}

function conflict(hits: { row: EntityRow }[], message: string): ResolveResult {
  return { status: 'unresolved', reason: 'conflict', candidates: hits.map((h) => candidate(h.row)), message }
}
