import { type CommandScope, runCommand, type Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import {
  checkCode,
  maskIdFieldValue,
  maskResidentId,
  nameKey,
  normalizeCode,
  normalizeName,
  readSealedTexts,
  sealedTextsColumn,
  sealPersonalText,
} from '../../identifiers/index.js'
import { codeOwner } from '../../read-models/entity-codes/index.js'
import { recordAudit } from '../audit/index.js'
import { entityError } from './entities.errors.js'
import {
  type EntityRow,
  type EntityRows,
  countEntities as countEntityRows,
  findEntitiesByUsccs as findEntityRowsByUsccs,
  findEntityById,
  findEntityByIdHmac,
  findEntityByUscc,
  findSubjectRows as findSubjectRowsBy,
  historyOf,
  identifiersOf,
  insertEntityRows,
  insertHistory,
  insertName,
  markNamesFormer,
  namesOf,
  organisationsWithLegalRep,
  type SubjectRow,
  updateEntityRow,
} from './entities.repository.js'
import {
  ENTITY_KINDS,
  ENTITY_STATUSES,
  type Entity,
  type EntityKind,
  type EntityStatus,
  type IdentifierScheme,
  INDUSTRY_SECTIONS,
  type NewEntity,
} from './entities.types.js'
import { noteEntitiesChanged } from './entity-changes.js'
import { indexEntities, indexEntityRows } from './entities.search-index.js'

const SCHEME_LABEL: Record<IdentifierScheme, string> = {
  uscc: '统一社会信用代码',
  org_code: '组织机构代码',
  reg_no: '工商注册号',
}

interface Prepared {
  rows: EntityRows
  id: string
}

/**
 * Validates one new entity and turns it into rows; problems are listed in Chinese, field by field. `leaveCodes`: codes
 * the entity does not claim (never its USCC).
 */
function prepareEntity(
  ctx: Ctx,
  input: NewEntity,
  now: string,
  problems: string[],
  label = '',
  leaveCodes: readonly IdentifierScheme[] = [],
): Prepared | undefined {
  const p = (msg: string) => problems.push(`${label}${msg}`)
  const before = problems.length
  const today = civilDate(ctx.clock.now())
  if (!ENTITY_KINDS.includes(input.kind))
    p(`主体类别「${String(input.kind)}」无效，应为 ${ENTITY_KINDS.join('/')} 之一`)
  // names and the legal representative are data of record: stored masked, the clear text sealed in `sealed`
  const text = sealPersonalText(
    ctx.keys,
    {
      name: normalizeName(input.name ?? ''),
      legal_rep: input.legalRep ? normalizeName(input.legalRep) : null,
      former_names: (input.formerNames ?? []).map((f) => normalizeName(f.name)),
    },
    { today },
  )
  const name = text.values.name
  if (!name) p('主体名称不能为空')
  if (name.length > 200) p('主体名称过长（最多 200 字）')
  const status: EntityStatus = input.status ?? 'active'
  if (!ENTITY_STATUSES.includes(status)) p(`主体状态「${status}」无效`)
  if (input.district && !/^\d{6}$/.test(input.district)) p(`所属区县「${input.district}」应为 6 位行政区划代码`)
  if (input.industry && !INDUSTRY_SECTIONS.includes(input.industry))
    p(`行业门类「${input.industry}」应为 GB/T 4754 门类字母 A-T`)
  if (input.establishedOn && !/^\d{4}-\d{2}-\d{2}$/.test(input.establishedOn)) p('成立日期应为 YYYY-MM-DD')

  const identifiers: { scheme: IdentifierScheme; value: string }[] = []
  const addCode = (scheme: IdentifierScheme, raw: string | null | undefined) => {
    if (!raw) return undefined
    const r = checkCode(raw, { today })
    if (r.scheme !== scheme || !r.valid) {
      // an ID number typed into a code field, valid or not, is quoted masked
      const shown = r.scheme === 'resident_id' ? maskIdFieldValue(raw) : raw
      p(`${SCHEME_LABEL[scheme]}「${shown}」无效：${r.errors.map((e) => e.message).join('；') || '类型不符'}`)
      return undefined
    }
    if (!identifiers.some((i) => i.scheme === scheme && i.value === r.normalized))
      identifiers.push({ scheme, value: r.normalized })
    return r.normalized
  }
  const uscc = addCode('uscc', input.uscc) ?? null
  if (uscc) addCode('org_code', uscc.slice(8, 17))
  if (input.orgCode && (!uscc || normalizeCode(input.orgCode) !== uscc.slice(8, 17))) addCode('org_code', input.orgCode)
  addCode('reg_no', input.regNo)

  let idHmac: string | null = null
  let idCipher: string | null = null
  let idMasked: string | null = null
  let adultOn: string | null = null
  if (input.kind === 'natural_person') {
    if (uscc) p('自然人不应有统一社会信用代码')
    if (!input.idNumber) p('自然人须提供身份证件号码')
    else {
      const r = checkCode(input.idNumber, { today })
      if (r.scheme !== 'resident_id' || !r.valid) p(`身份证件号码无效：${r.errors.map((e) => e.message).join('；')}`)
      else {
        idHmac = ctx.keys.hmac(r.normalized)
        idCipher = ctx.keys.encrypt(r.normalized)
        idMasked = maskResidentId(r.normalized)
        const birth = (r.details as { birthDate?: string | null }).birthDate
        if (birth) adultOn = `${String(Number(birth.slice(0, 4)) + 18).padStart(4, '0')}${birth.slice(4)}`
        if (adultOn?.endsWith('02-29')) adultOn = `${adultOn.slice(0, 4)}-03-01`
      }
    }
  } else if (input.idNumber) p('只有自然人可以登记身份证件号码')
  if (problems.length > before) return undefined

  const id = newId()
  const rows: EntityRows = {
    entities: [
      {
        id,
        kind: input.kind,
        name,
        name_norm: nameKey(name),
        uscc,
        district: input.district ?? null,
        industry: input.industry ?? null,
        status,
        legal_rep: text.values.legal_rep,
        established_on: input.establishedOn ?? null,
        id_hmac: idHmac,
        id_cipher: idCipher,
        id_masked: idMasked,
        adult_on: adultOn,
        sealed: sealedTextsColumn(text.sealed),
        version: 1,
        created_at: now,
        updated_at: now,
      },
    ],
    identifiers: identifiers
      .filter((i) => i.scheme === 'uscc' || !leaveCodes.includes(i.scheme))
      .map((i) => ({ scheme: i.scheme, value: i.value, entity_id: id, created_at: now })),
    names: [
      {
        id: newId(),
        entity_id: id,
        name,
        name_norm: nameKey(name),
        kind: 'current',
        valid_from: input.establishedOn ?? null,
        valid_to: null,
        created_at: now,
      },
      ...(input.formerNames ?? []).map((f, i) => {
        const n = text.values.former_names[i] as string
        return {
          id: newId(),
          entity_id: id,
          name: n,
          name_norm: nameKey(n),
          kind: 'former',
          valid_from: null,
          valid_to: f.validTo ?? null,
          created_at: now,
        }
      }),
    ],
  }
  return { rows, id }
}

function merge(target: EntityRows, add: EntityRows): void {
  target.entities.push(...add.entities)
  target.identifiers.push(...add.identifiers)
  target.names.push(...add.names)
}

/**
 * Inserts many entities inside the caller's transaction (no per-row audit: the caller writes one event
 * for the batch). Throws `entity.invalid` listing every bad input; nothing is written then.
 */
export async function insertEntitiesBulk(ctx: Ctx, trx: Trx, inputs: NewEntity[]): Promise<string[]> {
  const now = ctx.clock.now().toISOString()
  const problems: string[] = []
  const all: EntityRows = { entities: [], identifiers: [], names: [] }
  const ids: string[] = []
  inputs.forEach((input, i) => {
    const prepared = prepareEntity(ctx, input, now, problems, inputs.length > 1 ? `第 ${i + 1} 个主体：` : '')
    if (prepared) {
      merge(all, prepared.rows)
      ids.push(prepared.id)
    }
  })
  if (problems.length) throw entityError('entity.invalid', { problems: problems.slice(0, 50) })
  try {
    await insertEntityRows(trx, ctx.dbh.helpers, all)
    await indexEntityRows(trx, all)
  } catch (e) {
    if (isUniqueViolation(e)) throw entityError('entity.identifier_taken', { label: '代码', value: '' }, { cause: e })
    throw e
  }
  return ids
}

/** Registers one entity with its audit event. */
export async function createEntity(ctx: Ctx, actor: Actor, input: NewEntity): Promise<Entity> {
  const id = await runCommand(ctx, actor, (scope) => createEntityIn(scope, input))
  return getEntity(ctx.db, id)
}

/**
 * Registers one entity with its audit event, one step of the caller's command; returns its id. `leaveCodes`: codes
 * the entity does not claim (an organisation code embedded in its USCC that another entity holds, when an operator
 * has verified that they are different organisations). `details` are added to the audit event.
 */
export async function createEntityIn(
  scope: CommandScope,
  input: NewEntity,
  options: { leaveCodes?: readonly IdentifierScheme[]; details?: Record<string, unknown> } = {},
): Promise<string> {
  const { ctx, trx, actor } = scope
  const now = scope.now.toISOString()
  const problems: string[] = []
  const prepared = prepareEntity(ctx, input, now, problems, '', options.leaveCodes ?? [])
  if (!prepared) throw entityError('entity.invalid', { problems })
  for (const ident of prepared.rows.identifiers) {
    if (await codeOwner(trx, ident.scheme, ident.value))
      throw entityError('entity.identifier_taken', {
        label: SCHEME_LABEL[ident.scheme as IdentifierScheme],
        value: ident.value,
        scheme: ident.scheme,
      })
  }
  const hmac = prepared.rows.entities[0]?.id_hmac
  if (hmac && (await findEntityByIdHmac(trx, hmac)))
    throw entityError('entity.identifier_taken', { label: '身份证件号码', value: prepared.rows.entities[0]?.id_masked })
  await insertEntityRows(trx, ctx.dbh.helpers, prepared.rows)
  await indexEntityRows(trx, prepared.rows)
  await recordAudit(trx, ctx.clock, actor, {
    action: 'entity.create',
    targetType: 'entity',
    targetId: prepared.id,
    details: { kind: input.kind, uscc: prepared.rows.entities[0]?.uscc ?? null, ...options.details },
  })
  return prepared.id
}

export interface EntityPatch {
  name?: string
  district?: string | null
  industry?: string | null
  status?: EntityStatus
  legalRep?: string | null
}

/** Changes an entity, keeping the previous version in history; a new name turns the old one into a former name. */
export async function updateEntity(
  ctx: Ctx,
  actor: Actor,
  id: string,
  patch: EntityPatch,
  reason: string,
): Promise<Entity> {
  const now = ctx.clock.now().toISOString()
  await runCommand(ctx, actor, async ({ trx }) => {
    const row = await findEntityById(trx, id)
    if (!row) throw entityError('entity.not_found', { id })
    const problems: string[] = []
    // a changed name or legal representative is stored masked, its clear text sealed (an unchanged field keeps its seal)
    const given: Record<string, string | null> = {}
    if (patch.name !== undefined) given.name = normalizeName(patch.name)
    if (patch.legalRep !== undefined) given.legal_rep = patch.legalRep
    const text = sealPersonalText(ctx.keys, given, { today: civilDate(ctx.clock.now()) })
    const sealed = { ...readSealedTexts(row.sealed) }
    for (const field of Object.keys(given)) delete sealed[field]
    Object.assign(sealed, text.sealed)
    const name = text.values.name ?? row.name
    if (!name) problems.push('主体名称不能为空')
    if (patch.status && !ENTITY_STATUSES.includes(patch.status)) problems.push(`主体状态「${patch.status}」无效`)
    if (patch.industry && !INDUSTRY_SECTIONS.includes(patch.industry))
      problems.push(`行业门类「${patch.industry}」应为 A-T`)
    if (patch.district && !/^\d{6}$/.test(patch.district)) problems.push('所属区县应为 6 位行政区划代码')
    if (problems.length) throw entityError('entity.invalid', { problems })
    await insertHistory(trx, {
      id: newId(),
      entity_id: id,
      version: row.version,
      at: now,
      actor: actor.id,
      snapshot: JSON.stringify(row),
    })
    if (name !== row.name) {
      await markNamesFormer(trx, id, civilDate(ctx.clock.now()))
      await insertName(trx, {
        id: newId(),
        entity_id: id,
        name,
        name_norm: nameKey(name),
        kind: 'current',
        valid_from: civilDate(ctx.clock.now()),
        valid_to: null,
        created_at: now,
      })
    }
    const ok = await updateEntityRow(trx, id, row.version, {
      name,
      name_norm: nameKey(name),
      district: patch.district !== undefined ? patch.district : row.district,
      industry: patch.industry !== undefined ? patch.industry : row.industry,
      status: patch.status ?? row.status,
      legal_rep: patch.legalRep !== undefined ? (text.values.legal_rep ?? null) : row.legal_rep,
      sealed: sealedTextsColumn(sealed),
      version: row.version + 1,
      updated_at: now,
    })
    if (!ok) throw entityError('entity.invalid', { problems: ['主体已被他人修改，请刷新后重试'] })
    await indexEntities(trx, [id])
    await noteEntitiesChanged(trx, [id], ctx.clock.now())
    await recordAudit(trx, ctx.clock, actor, {
      action: 'entity.update',
      targetType: 'entity',
      targetId: id,
      details: { reason, fields: Object.keys(patch), fromVersion: row.version },
    })
  })
  return getEntity(ctx.db, id)
}

export async function toEntity(db: Db, row: EntityRow): Promise<Entity> {
  const [idents, names] = await Promise.all([identifiersOf(db, row.id), namesOf(db, row.id)])
  return {
    id: row.id,
    kind: row.kind as EntityKind,
    name: row.name,
    uscc: row.uscc,
    identifiers: idents.map((i) => ({ scheme: i.scheme as IdentifierScheme, value: i.value })),
    // the current name first, then former names from the most recent
    names: names
      .map((n) => ({
        name: n.name,
        kind: n.kind as 'current' | 'former',
        validFrom: n.valid_from,
        validTo: n.valid_to,
      }))
      .sort((a, b) =>
        a.kind === b.kind
          ? (b.validTo ?? '').localeCompare(a.validTo ?? '') || a.name.localeCompare(b.name)
          : a.kind === 'current'
            ? -1
            : 1,
      ),
    district: row.district,
    industry: row.industry,
    status: row.status as EntityStatus,
    legalRep: row.legal_rep,
    establishedOn: row.established_on,
    idMasked: row.id_masked,
    adultOn: row.adult_on,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function getEntity(db: Db, id: string): Promise<Entity> {
  const row = await findEntityById(db, id)
  if (!row) throw entityError('entity.not_found', { id })
  return toEntity(db, row)
}

export async function getEntityByUscc(db: Db, uscc: string): Promise<Entity> {
  const r = checkCode(uscc)
  const row = r.scheme === 'uscc' ? await findEntityByUscc(db, r.normalized) : undefined
  // an ID number is not a USCC: it is not looked up, and the answer quotes it only masked, valid or not
  if (!row)
    throw entityError('entity.not_found', { uscc: r.scheme === 'resident_id' ? maskIdFieldValue(uscc) : r.normalized })
  return toEntity(db, row)
}

/** The clear ID number of a natural person; callers must have checked permission and purpose and audit the read. */
export async function revealIdNumber(ctx: Ctx, actor: Actor, id: string): Promise<string> {
  // the read and its audit event are one command: the number audited is the number read
  return runCommand(ctx, actor, async ({ trx, clock }) => {
    const row = await findEntityById(trx, id)
    if (!row) throw entityError('entity.not_found', { id })
    if (!row.id_cipher) throw entityError('entity.not_found', { id, reason: 'no id number' })
    const clear = ctx.keys.decrypt(row.id_cipher)
    await recordAudit(trx, clock, actor, {
      action: 'entity.read_id_number',
      targetType: 'entity',
      targetId: id,
      subjects: [id],
      details: { masked: row.id_masked },
    })
    return clear
  })
}

/** An entity's earlier versions, oldest first (secrets removed); 404 entity.not_found for an unknown entity. */
export async function entityHistory(
  db: Db,
  id: string,
): Promise<{ version: number; at: string; actor: string | null; snapshot: Record<string, unknown> }[]> {
  if (!(await findEntityById(db, id))) throw entityError('entity.not_found', { id })
  const rows = await historyOf(db, id)
  return rows.map((r) => {
    const snap = JSON.parse(r.snapshot) as Record<string, unknown>
    delete snap.id_cipher
    delete snap.id_hmac
    delete snap.sealed
    return { version: r.version, at: r.at, actor: r.actor, snapshot: snap }
  })
}

// ------------------------------------------------------------------ queries for other modules and flows

/** How many entities are registered. */
export async function countEntities(db: Db): Promise<number> {
  return countEntityRows(db)
}

/** Entities by USCC, many at once (for batch resolution): id, USCC and the day a person comes of age. */
export async function findEntitiesByUsccs(
  db: Db,
  usccs: string[],
): Promise<Pick<EntityRow, 'id' | 'uscc' | 'adult_on'>[]> {
  return findEntityRowsByUsccs(db, usccs)
}

/** The entity holding a code of that scheme (uscc, org_code, reg_no), if any. */
export async function findIdentifierOwner(db: Db, scheme: string, value: string): Promise<string | undefined> {
  return codeOwner(db, scheme, value)
}

/** Subject rows (what a check presents of its subject) by entity id or by USCC, many at once. */
export async function findSubjectRows(db: Db, by: 'id' | 'uscc', values: string[]): Promise<SubjectRow[]> {
  return findSubjectRowsBy(db, by, values)
}

/** Active organisations (legal persons) with a USCC and a legal representative, in USCC order: the demo's applicants. */
export async function organisationsWithLegalRepresentative(
  db: Db,
  limit: number,
): Promise<{ id: string; uscc: string }[]> {
  return organisationsWithLegalRep(db, limit)
}
