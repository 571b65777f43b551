import type { Db } from '../../db/database.js'
import type { KeyRing } from '../../core/keys.js'
import { checkCode, nameKey } from '../../identifiers/index.js'
import {
  type EntityRow,
  findEntitiesByNameNorm,
  findEntityById,
  findEntityByIdHmac,
  findEntityByUscc,
  findIdentifierOwner,
} from './entities.repository.js'
import type { ResolveQuery, ResolveReason, ResolveResult } from './entities.types.js'

/**
 * Ties a subject description (as records carry it) to one entity. Identifiers first (USCC, organisation
 * code, registration number, ID number), names last. Never matches an entity whose USCC differs from a
 * given USCC, and reports a conflict when identifiers point to different entities.
 */
export async function resolveEntity(db: Db, keys: KeyRing, q: ResolveQuery, today?: string): Promise<ResolveResult> {
  const hits: { row: EntityRow; reason: ResolveReason }[] = []
  let givenUscc: string | null = null
  const invalid: string[] = []

  const codes = [...(q.uscc ? [q.uscc] : []), ...(q.codes ?? [])]
  for (const raw of codes) {
    if (!raw?.trim()) continue
    const r = checkCode(raw, { today })
    if (!r.valid) {
      invalid.push(raw)
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
    const r = checkCode(q.idNumber, { today })
    if (r.scheme === 'resident_id' && r.valid) {
      const row = await findEntityByIdHmac(db, keys.hmac(r.normalized))
      if (row) hits.push({ row, reason: 'id_number' })
    } else invalid.push('身份证件号码')
  }

  const distinct = [...new Map(hits.map((h) => [h.row.id, h])).values()]
  if (distinct.length > 1) return conflict(distinct, '不同的代码指向不同的主体')
  const hit = distinct[0]
  if (hit) {
    if (givenUscc && hit.row.uscc && hit.row.uscc !== givenUscc) return conflict(distinct, '代码与已登记主体的统一社会信用代码不一致')
    return { status: 'matched', entityId: hit.row.id, reason: hit.reason, name: hit.row.name }
  }

  // A subject described by an identifier we do not know is not matched by name alone when the named
  // entity carries a different USCC.
  if (q.name?.trim()) {
    const rows = await findEntitiesByNameNorm(db, nameKey(q.name), q.district ?? null, 5)
    const compatible = rows.filter((r) => !givenUscc || !r.uscc || r.uscc === givenUscc).filter((r) => !(q.idNumber && r.kind === 'natural_person'))
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
    if (rows.length > 0) return { status: 'unresolved', reason: 'conflict', candidates: rows.map(candidate), message: '同名主体的统一社会信用代码与提供的不一致' }
  }
  if (invalid.length && codes.length + (q.idNumber ? 1 : 0) === invalid.length && !q.name)
    return { status: 'unresolved', reason: 'invalid_input', candidates: [], message: `代码无效：${invalid.join('、')}` }
  return { status: 'unresolved', reason: 'not_found', candidates: [], message: '未找到匹配的主体' }
}

function candidate(r: EntityRow) {
  return { entityId: r.id, name: r.name, uscc: r.uscc }
}

function conflict(hits: { row: EntityRow }[], message: string): ResolveResult {
  return { status: 'unresolved', reason: 'conflict', candidates: hits.map((h) => candidate(h.row)), message }
}
