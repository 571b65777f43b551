import type { KeyRing } from '../../core/keys.js'
import type { Db } from '../../db/database.js'
import {
  type CheckResult,
  checkCode,
  describeScheme,
  maskPersonalText,
  maskResidentId,
  nameKey,
  normalizeCode,
  shownCode,
} from '../../identifiers/index.js'
import { codeOwner } from '../../read-models/entity-codes/index.js'
import {
  type EntityRow,
  findEntityById,
  findEntityByIdHmac,
  findEntityByUscc,
  findOrganisationsByNameNorm,
} from './entities.repository.js'
import type {
  IdentifierScheme,
  NewEntity,
  ResolveCandidate,
  ResolveQuery,
  ResolveReason,
  ResolveResult,
  UnresolvedCause,
} from './entities.types.js'

type Unresolved = Extract<ResolveResult, { status: 'unresolved' }>

/** A code that found an entity: which scheme, which value (as shown: ID numbers masked). */
interface Hit {
  row: EntityRow
  reason: ResolveReason
  code: string
}

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
 * given USCC, and reports a conflict when identifiers point to different entities. An unresolved answer names its
 * `cause` and says in its message which codes and names are involved and what to do.
 */
export async function resolveEntity(db: Db, keys: KeyRing, q: ResolveQuery, today?: string): Promise<ResolveResult> {
  return resolveNormalized(db, keys, normalizeQuery(q, today))
}

/** resolveEntity on a query already normalised. Requests of users go through lookupEntity (entities.lookup.ts),
 * which adds the purpose and audit rule for ID numbers. */
export async function resolveNormalized(db: Db, keys: KeyRing, q: NormalizedQuery): Promise<ResolveResult> {
  const hits: Hit[] = []
  let givenUscc: string | null = null
  /** Codes given that failed their check: what was typed (ID numbers masked) and the failed checks. */
  const invalid: string[] = []
  /** Valid codes given that no entity holds. */
  const unknown: string[] = []

  for (const { raw, check: r } of q.codes) {
    if (!r.valid) {
      // a mistyped ID number is still a person's number: only its masked form goes into the message
      invalid.push(
        invalidText(r.scheme, r.scheme === 'resident_id' ? maskResidentId(r.normalized) : raw.trim(), r.errors),
      )
      continue
    }
    // an ID number, or a code shaped like one (a person's number with a mistyped check digit may pass as a USCC),
    // only masked: the message echoes what the caller typed
    const shown = `${describeScheme(r.scheme)} ${r.scheme === 'resident_id' ? maskResidentId(r.normalized) : shownCode(r.normalized)}`
    const before = hits.length
    if (r.scheme === 'uscc') {
      if (givenUscc && givenUscc !== r.normalized)
        return unresolved(
          'conflict',
          'two_usccs',
          hits.map((h) => candidate(h.row)),
          `提供了两个不同的统一社会信用代码（${shownCode(givenUscc)}、${shownCode(r.normalized)}），一个主体只有一个统一社会信用代码：请核对后只提供该主体的代码。`,
        )
      givenUscc = r.normalized
      const row = await findEntityByUscc(db, r.normalized)
      if (row) hits.push({ row, reason: 'uscc', code: shown })
      else {
        // an entity registered with the old organisation code only is the same organisation
        const viaOrg = await codeOwner(db, 'org_code', r.normalized.slice(8, 17))
        const row2 = viaOrg ? await findEntityById(db, viaOrg) : undefined
        if (row2 && !row2.uscc)
          hits.push({ row: row2, reason: 'org_code', code: `${shown} 中的组织机构代码 ${r.normalized.slice(8, 17)}` })
      }
    } else if (r.scheme === 'org_code' || r.scheme === 'reg_no') {
      const owner = await codeOwner(db, r.scheme, r.normalized)
      const row = owner ? await findEntityById(db, owner) : undefined
      if (row) hits.push({ row, reason: r.scheme, code: shown })
    } else if (r.scheme === 'resident_id') {
      const row = await findEntityByIdHmac(db, keys.hmac(r.normalized))
      if (row) hits.push({ row, reason: 'id_number', code: shown })
    }
    if (hits.length === before) unknown.push(shown)
  }
  if (q.idNumber) {
    const r = q.idNumber.check
    if (r.scheme === 'resident_id' && r.valid) {
      const row = await findEntityByIdHmac(db, keys.hmac(r.normalized))
      const shown = `身份证件号码 ${maskResidentId(r.normalized)}`
      if (row) hits.push({ row, reason: 'id_number', code: shown })
      else unknown.push(shown)
    } else
      invalid.push(
        r.scheme === 'resident_id'
          ? invalidText('resident_id', maskResidentId(r.normalized), r.errors)
          : '身份证件号码不是有效的居民身份证号码（应为 18 位，或 1999 年前的 15 位）',
      )
  }

  const distinct = [...new Map(hits.map((h) => [h.row.id, h])).values()]
  if (distinct.length > 1)
    return unresolved(
      'conflict',
      'codes_disagree',
      distinct.map((h) => candidate(h.row)),
      `所填代码分别属于不同的主体：${hits.map((h) => `${h.code} 属于「${h.row.name}」`).join('，')}。请核对代码，只填写该主体自己的代码。`,
    )
  const hit = distinct[0]
  if (hit) {
    if (givenUscc && hit.row.uscc && hit.row.uscc !== givenUscc)
      return unresolved(
        'conflict',
        'uscc_mismatch',
        [candidate(hit.row)],
        `${hit.code} 属于「${hit.row.name}」（统一社会信用代码 ${hit.row.uscc}），与所填的统一社会信用代码 ${shownCode(givenUscc)} 不一致：请核对代码。`,
      )
    return { status: 'matched', entityId: hit.row.id, reason: hit.reason, name: hit.row.name }
  }

  // Names find organisations only: a natural person is found through the ID number alone (with a purpose, in
  // lookupEntities), so a name never tells whether a person is registered. A subject described by an identifier we do
  // not know is not matched by name alone when the named entity carries a different USCC.
  const name = q.name?.trim()
  const codeNotes = [...unknown.map((c) => `${c} 尚未登记`), ...invalid]
  const notes = codeNotes.length ? `${codeNotes.join('；')}；` : ''
  if (name) {
    const rows = await findOrganisationsByNameNorm(db, nameKey(name), q.district ?? null, 5)
    const compatible = rows.filter((r) => !givenUscc || !r.uscc || r.uscc === givenUscc)
    if (compatible.length === 1) {
      const row = compatible[0] as EntityRow
      return { status: 'matched', entityId: row.id, reason: q.district ? 'name_district' : 'name', name: row.name }
    }
    if (compatible.length > 1)
      return unresolved(
        'ambiguous',
        'name_ambiguous',
        compatible.map(candidate),
        `${notes}名称「${name}」对应 ${compatible.length === 5 ? '5 个以上' : `${compatible.length} 个`}已登记的主体（${compatible.map(describeEntity).join('、')}）：请提供统一社会信用代码${q.district ? '' : '（或所属区县）'}以确定是哪一个。`,
      )
    // every organisation of that name carries another USCC than the one given
    if (rows.length > 0)
      return unresolved(
        'conflict',
        'name_other_code',
        rows.map(candidate),
        `统一社会信用代码 ${givenUscc ? shownCode(givenUscc) : ''} 尚未登记；名称「${name}」属于统一社会信用代码不同的主体（${rows.map(describeEntity).join('、')}）。统一社会信用代码为准，不按名称匹配：请核对名称和代码。`,
      )
  }
  if (invalid.length && !unknown.length && !name)
    return unresolved('invalid_input', 'invalid_code', [], `代码无效：${invalid.join('；')}。请核对后重新填写。`)
  if (unknown.length || invalid.length)
    return unresolved(
      'not_found',
      'not_registered',
      [],
      `${codeNotes.join('；')}${name ? `；也没有名称为「${name}」的已登记主体` : ''}：请核对代码${unknown.length ? '，或先登记该主体' : ''}。`,
    )
  if (name)
    return unresolved(
      'not_found',
      'name_not_found',
      [],
      `没有名称为「${name}」的已登记主体${q.district ? `（区县 ${q.district}）` : ''}，仅凭名称无法确定主体：请提供统一社会信用代码。`,
    )
  return unresolved(
    'not_found',
    'no_identifier',
    [],
    '未提供统一社会信用代码、其他代码、身份证件号码或名称：请至少提供统一社会信用代码（自然人为身份证件号码）。',
  )
}

/** An owner of a code that a new entity would claim. */
export interface CodeOwner {
  scheme: IdentifierScheme
  value: string
  entityId: string
  name: string
  uscc: string | null
}

/**
 * The entities that already hold a code a new entity would claim: its USCC, the organisation code embedded in it,
 * a separate organisation code, its registration number (in that order). Registering it would take a code from
 * another organisation: never done silently.
 */
export async function codeOwners(db: Db, input: NewEntity): Promise<CodeOwner[]> {
  const wanted: { scheme: IdentifierScheme; value: string }[] = []
  const uscc = input.uscc ? normalizeCode(input.uscc) : null
  if (uscc) wanted.push({ scheme: 'uscc', value: uscc }, { scheme: 'org_code', value: uscc.slice(8, 17) })
  if (input.orgCode) wanted.push({ scheme: 'org_code', value: normalizeCode(input.orgCode) })
  if (input.regNo) wanted.push({ scheme: 'reg_no', value: normalizeCode(input.regNo) })
  const out: CodeOwner[] = []
  const seen = new Set<string>()
  for (const w of wanted) {
    if (seen.has(`${w.scheme}:${w.value}`)) continue
    seen.add(`${w.scheme}:${w.value}`)
    const owner = await codeOwner(db, w.scheme, w.value)
    const row = owner ? await findEntityById(db, owner) : undefined
    if (row) out.push({ ...w, entityId: row.id, name: row.name, uscc: row.uscc })
  }
  return out
}

/** The unresolved answer for codes a new entity cannot claim (see codeOwners). */
export function codeTaken(owners: CodeOwner[], uscc: string | null): Unresolved {
  const parts = owners.map(
    (o) =>
      `${o.scheme === 'org_code' && uscc && o.value === uscc.slice(8, 17) ? `统一社会信用代码 ${uscc} 中的组织机构代码` : describeScheme(o.scheme)} ${o.value} 已属于「${o.name}」${o.uscc ? `（统一社会信用代码 ${o.uscc}）` : ''}`,
  )
  return unresolved(
    'conflict',
    'code_taken',
    [...new Map(owners.map((o) => [o.entityId, { entityId: o.entityId, name: o.name, uscc: o.uscc }])).values()],
    `${uscc ? `统一社会信用代码 ${uscc} 尚未登记，但` : ''}${parts.join('，')}：同一代码不能属于两个主体，不能自动登记为新主体。请核对代码；确属不同主体或代码变更的，由平台运维人员核实处理。`,
  )
}

/** Shorthand for an unresolved answer (the shape the resolve route presents). */
export function unresolved(
  reason: Unresolved['reason'],
  cause: UnresolvedCause,
  candidates: ResolveCandidate[],
  message: string,
): Unresolved {
  // the message may quote what was given (a name, a code): an ID number in it is masked
  return { status: 'unresolved', reason, cause, candidates, message: maskPersonalText(message) }
}

function invalidText(scheme: string, shown: string, errors: { message: string }[]): string {
  const label = scheme === 'unknown' ? '代码' : describeScheme(scheme as 'uscc')
  return `${label} ${shown} 无效（${errors.map((e) => e.message.replace(/[。；]+$/, '')).join('；')}）`
}

function describeEntity(r: EntityRow): string {
  return `「${r.name}」${r.uscc ? ` ${r.uscc}` : r.district ? ` 区县 ${r.district}` : ''}`
}

function candidate(r: EntityRow): ResolveCandidate {
  return { entityId: r.id, name: r.name, uscc: r.uscc }
}
