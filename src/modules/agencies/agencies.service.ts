// The credit agency registry (信用服务机构备案): agencies are entities with their own credit file, registered by an
// operator with their filing number and business scope, and filed (备案), suspended (暂停) or cancelled (注销).
// Agency principals (users and keys of role `agency`) belong to one agency; a principal of an agency that is not
// filed reads nothing. The module also keeps which subjects each agency read (agency_reads) and pushes the repairs
// and revocations of those subjects' records to the agencies that read them in the last 12 months (agency_updates,
// written in the transaction of the change, with an inbox notice), delivered by a pull feed.
import type { Actor } from '../../core/actor.js'
import { type CommandScope, runCommand, type Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { AppError } from '../../core/errors.js'
import { isId, newId } from '../../core/ids.js'
import { checkCode, maskPersonalText } from '../../identifiers/index.js'
import {
  type AgencyPrincipal,
  createApiKey,
  findAgencyPrincipal,
  type Principal,
  principalsOfAgency,
  setPrincipalAgency,
} from '../access/index.js'
import { auditRead, lockAuditChain, recordAudit } from '../audit/index.js'
import { createEntityIn, findSubjectRows } from '../entities/index.js'
import { notify } from '../notifications/index.js'
import { agencyError } from './agencies.errors.js'
import {
  type AgencyRow,
  type AgencyUpdateRow,
  countReadsSince,
  findAgency,
  findAgencyByFilingNo,
  findAgencyByUscc,
  findAgencyRead,
  insertAgency,
  insertAgencyRead,
  insertUpdates,
  maxUpdateSeq,
  recentReadsOf,
  selectAgencies,
  updateAgencyRead,
  updateAgencyStatus,
  updatesAfter,
} from './agencies.repository.js'

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

export const AGENCY_STATUSES = ['filed', 'suspended', 'cancelled'] as const
export type AgencyStatus = (typeof AGENCY_STATUSES)[number]

/** The statuses' Chinese labels (glossary: 备案, 暂停, 注销). */
export const AGENCY_STATUS_LABELS: Record<AgencyStatus, string> = {
  filed: '备案',
  suspended: '暂停',
  cancelled: '注销',
}

/** Which status may follow which: cancelled is final. */
const TRANSITIONS: Record<AgencyStatus, readonly AgencyStatus[]> = {
  filed: ['suspended', 'cancelled'],
  suspended: ['filed', 'cancelled'],
  cancelled: [],
}

/** Agencies that read a subject within this many months are told of its records' repairs and revocations. */
export const AGENCY_PUSH_MONTHS = 12

/** What is pushed to agencies. */
export const AGENCY_UPDATE_TYPES = ['record.repaired', 'record.revoked'] as const
export type AgencyUpdateType = (typeof AGENCY_UPDATE_TYPES)[number]

export const AGENCY_UPDATE_LABELS: Record<AgencyUpdateType, string> = {
  'record.repaired': '信用修复',
  'record.revoked': '信用记录撤销',
}

/** Every class (the grant scope `record.all`), as stored in agency_reads. */
export const ALL_CLASSES = '*'

// ---------------------------------------------------------------------------------------------------------------
// Views

export interface AgencyView {
  id: string
  entityId: string
  uscc: string
  name: string
  filingNo: string
  businessScope: string
  filedOn: string | null
  status: AgencyStatus
  statusLabel: string
  statusReason: string | null
  statusChangedAt: string
  createdAt: string
  updatedAt: string
}

export interface AgencyDetail extends AgencyView {
  /** The users and keys that belong to the agency. */
  principals: AgencyPrincipal[]
  /** Subjects it read through their grants in the last 12 months (who it is told about). */
  subjectsRead: number
}

function present(r: AgencyRow): AgencyView {
  const status = r.status as AgencyStatus
  return {
    id: r.id,
    entityId: r.entity_id,
    uscc: r.uscc,
    name: r.name,
    filingNo: r.filing_no,
    businessScope: r.business_scope,
    filedOn: r.filed_on,
    status,
    statusLabel: AGENCY_STATUS_LABELS[status] ?? r.status,
    statusReason: r.status_reason,
    statusChangedAt: r.status_changed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Input

function cleanUscc(raw: unknown): string {
  const input = typeof raw === 'string' ? raw : ''
  const check = checkCode(input)
  if (check.scheme !== 'uscc' || !check.valid) {
    const problems =
      check.scheme === 'uscc' || check.scheme === 'unknown'
        ? check.errors.map((e) => e.message)
        : ['这不是统一社会信用代码']
    // a resident ID number typed here is masked by the error itself
    throw agencyError('agency.bad_uscc', { uscc: input, problems })
  }
  return check.normalized
}

/** A filing number as stored: NFKC (full-width letters and digits as ASCII), trimmed; no whitespace inside. */
export function normaliseFilingNo(raw: unknown): string {
  const s = typeof raw === 'string' ? raw.normalize('NFKC').trim() : ''
  if ([...s].length < 2 || [...s].length > 64 || /[\s\p{C}]/u.test(s)) throw agencyError('agency.bad_filing_no')
  return s
}

function cleanText(raw: unknown, max: number, today: string): string | null {
  const s = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : ''
  if (s === '' || [...s].length > max) return null
  return maskPersonalText(s, { today })
}

function cleanStatus(raw: unknown): AgencyStatus {
  if (typeof raw !== 'string' || !(AGENCY_STATUSES as readonly string[]).includes(raw))
    throw agencyError('agency.bad_status', { status: raw })
  return raw as AgencyStatus
}

function cleanFiledOn(raw: unknown, today: string): string | null {
  if (raw === undefined || raw === null || raw === '') return null
  const s = String(raw).trim()
  const d = new Date(`${s}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s || s > today)
    throw agencyError('agency.bad_filed_on', { filedOn: raw })
  return s
}

export interface RegisterAgencyInput {
  uscc: string
  /** The agency's name: required when the USCC is not a registered entity yet (it is registered with it). */
  name?: string | null | undefined
  filingNo: string
  businessScope: string
  filedOn?: string | null | undefined
  /** Default `filed`. */
  status?: string | undefined
  /** When the entity is registered now: its district (GB/T 2260). */
  district?: string | null | undefined
  /** Reason of a status other than filed. */
  reason?: string | null | undefined
}

// ---------------------------------------------------------------------------------------------------------------
// The registry

/**
 * Registers an agency (备案): its entity found by USCC, or registered now (a legal person with the name given), the
 * filing number unique, audited `agency.register` - all in one transaction.
 */
export async function registerAgency(ctx: Ctx, actor: Actor, input: RegisterAgencyInput): Promise<AgencyView> {
  const uscc = cleanUscc(input.uscc)
  const filingNo = normaliseFilingNo(input.filingNo)
  const status = input.status === undefined ? 'filed' : cleanStatus(input.status)
  try {
    return await runCommand(ctx, actor, async (scope) => {
      const { trx, now, today } = scope
      const businessScope = cleanText(input.businessScope, 500, today)
      if (!businessScope) throw agencyError('agency.bad_business_scope')
      const filedOn = cleanFiledOn(input.filedOn, today)
      const reason = cleanText(input.reason, 200, today)
      if (status !== 'filed' && !reason) throw agencyError('agency.reason_required')
      const same = await findAgencyByUscc(trx, uscc)
      if (same) throw agencyError('agency.exists', { uscc, filingNo: same.filing_no, id: same.id })
      const sameNo = await findAgencyByFilingNo(trx, filingNo)
      if (sameNo) throw agencyError('agency.filing_exists', { filingNo, name: sameNo.name, id: sameNo.id })
      const [known] = await findSubjectRows(trx, 'uscc', [uscc])
      let entityId: string
      let name: string
      let registered = false
      if (known) {
        entityId = known.id
        name = known.name
      } else {
        const given = cleanText(input.name, 100, today)
        if (!given) throw agencyError('agency.bad_name')
        entityId = await createEntityIn(
          scope as CommandScope,
          { kind: 'legal_person', name: given, uscc, district: input.district ?? null },
          { details: { via: 'agency' } },
        )
        name = given
        registered = true
      }
      const at = now.toISOString()
      const row: AgencyRow = {
        id: newId(),
        entity_id: entityId,
        uscc,
        name,
        filing_no: filingNo,
        business_scope: businessScope,
        filed_on: filedOn,
        status,
        status_reason: status === 'filed' ? null : reason,
        status_changed_at: at,
        created_at: at,
        created_by: actor.id,
        updated_at: at,
      }
      await insertAgency(trx, row)
      await recordAudit(trx, scope.clock, actor, {
        action: 'agency.register',
        targetType: 'agency',
        targetId: row.id,
        details: { uscc, name, filingNo, businessScope, filedOn, status, entityId, entityRegistered: registered },
      })
      return present(row)
    })
  } catch (e) {
    // two registrations at once: the loser hits a unique index
    if (e instanceof AppError && e.code === 'db.unique_violation') {
      const same = await findAgencyByUscc(ctx.db, uscc)
      if (same) throw agencyError('agency.exists', { uscc, filingNo: same.filing_no, id: same.id }, { cause: e })
      const sameNo = await findAgencyByFilingNo(ctx.db, filingNo)
      throw agencyError('agency.filing_exists', { filingNo, name: sameNo?.name ?? '' }, { cause: e })
    }
    throw e
  }
}

/** Registered agencies (optionally of one status), by filing number. */
export async function listAgencies(
  ctx: Pick<Ctx, 'db'>,
  query: { status?: string | undefined } = {},
): Promise<AgencyView[]> {
  const status = query.status ? cleanStatus(query.status) : undefined
  const rows = await selectAgencies(ctx.db, status)
  return rows.map(present).sort((a, b) => (a.filingNo < b.filingNo ? -1 : a.filingNo > b.filingNo ? 1 : 0))
}

async function requireAgency(db: Ctx['db'], id: string): Promise<AgencyRow> {
  const row = typeof id === 'string' && isId(id) ? await findAgency(db, id) : undefined
  if (!row) throw agencyError('agency.not_found', { id })
  return row
}

/** One agency with its principals and how many subjects it read in the last 12 months; 404 agency.not_found. */
export async function getAgency(ctx: Pick<Ctx, 'db' | 'clock'>, id: string): Promise<AgencyDetail> {
  const row = await requireAgency(ctx.db, id)
  return {
    ...present(row),
    principals: await principalsOfAgency(ctx, row.id),
    subjectsRead: await countReadsSince(ctx.db, row.id, pushWindowStart(ctx.clock.now())),
  }
}

/**
 * Changes an agency's status (filed <-> suspended, either -> cancelled; cancelled is final), with a reason for
 * suspending or cancelling; audited `agency.status`. From the next request on, a suspended or cancelled agency's
 * principals read nothing.
 */
export async function setAgencyStatus(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { status: string; reason?: string | null | undefined },
): Promise<AgencyView> {
  const to = cleanStatus(input.status)
  return runCommand(ctx, actor, async ({ trx, clock, now, today }) => {
    const row = await requireAgency(trx, id)
    const from = row.status as AgencyStatus
    if (!TRANSITIONS[from]?.includes(to))
      throw agencyError('agency.bad_transition', {
        from,
        to,
        fromLabel: AGENCY_STATUS_LABELS[from],
        toLabel: AGENCY_STATUS_LABELS[to],
      })
    const reason = cleanText(input.reason, 200, today)
    if (to !== 'filed' && !reason) throw agencyError('agency.reason_required')
    const at = now.toISOString()
    const set = { status: to, status_reason: reason, status_changed_at: at, updated_at: at }
    if (!(await updateAgencyStatus(trx, row.id, from, set)))
      throw agencyError('agency.bad_transition', { from, to, fromLabel: AGENCY_STATUS_LABELS[from] })
    await recordAudit(trx, clock, actor, {
      action: 'agency.status',
      targetType: 'agency',
      targetId: row.id,
      details: { filingNo: row.filing_no, name: row.name, from, to, reason },
    })
    return present({ ...row, ...set })
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Principals

export type PrincipalRef = { userId: string; keyId?: undefined } | { keyId: string; userId?: undefined }

/**
 * Makes an existing user or key of role `agency` belong to the agency (it must not belong to another); audited
 * `agency.principal_add`. Adding one that belongs to the agency already changes nothing.
 */
export async function addAgencyPrincipal(
  ctx: Ctx,
  actor: Actor,
  agencyId: string,
  ref: PrincipalRef,
): Promise<AgencyDetail> {
  const kind = ref.userId ? 'user' : 'api_key'
  const pid = (ref.userId ?? ref.keyId ?? '').trim()
  await runCommand(ctx, actor, async ({ ctx: tctx, trx, clock }) => {
    const agency = await requireAgency(trx, agencyId)
    const p = await findAgencyPrincipal(tctx, kind, pid)
    if (!p) throw agencyError('agency.principal_not_found', { kind, id: pid })
    if (p.role !== 'agency') throw agencyError('agency.principal_role', { kind, role: p.role })
    if (p.agencyId === agency.id) return
    if (p.agencyId) throw agencyError('agency.principal_taken', { kind, id: pid })
    await setPrincipalAgency(tctx, kind, pid, agency.id)
    await recordAudit(trx, clock, actor, {
      action: 'agency.principal_add',
      targetType: 'agency',
      targetId: agency.id,
      details: { filingNo: agency.filing_no, principalKind: kind, principalId: pid, principal: p.name },
    })
  })
  return getAgency(ctx, agencyId)
}

/** Takes a user or key out of the agency (it then reads nothing); audited `agency.principal_remove`. */
export async function removeAgencyPrincipal(
  ctx: Ctx,
  actor: Actor,
  agencyId: string,
  principalId: string,
): Promise<AgencyDetail> {
  await runCommand(ctx, actor, async ({ ctx: tctx, trx, clock }) => {
    const agency = await requireAgency(trx, agencyId)
    const p =
      (await findAgencyPrincipal(tctx, 'user', principalId)) ??
      (await findAgencyPrincipal(tctx, 'api_key', principalId))
    if (!p || p.agencyId !== agency.id) throw agencyError('agency.principal_not_found', { id: principalId })
    await setPrincipalAgency(tctx, p.kind, p.id, null)
    await recordAudit(trx, clock, actor, {
      action: 'agency.principal_remove',
      targetType: 'agency',
      targetId: agency.id,
      details: { filingNo: agency.filing_no, principalKind: p.kind, principalId: p.id, principal: p.name },
    })
  })
  return getAgency(ctx, agencyId)
}

/**
 * Issues an API key of role `agency` that belongs to the agency (the key is answered once); audited
 * `access.key_created` and `agency.principal_add` in one transaction.
 */
export async function createAgencyKey(
  ctx: Ctx,
  actor: Actor,
  agencyId: string,
  input: { name?: string | undefined; expiresAt?: string | null | undefined },
): Promise<{ id: string; key: string; agencyId: string; expiresAt: string | null }> {
  return runCommand(ctx, actor, async ({ ctx: tctx, trx, clock }) => {
    const agency = await requireAgency(trx, agencyId)
    const created = await createApiKey(tctx, actor, {
      name: input.name?.trim() || `agency-${agency.uscc}`,
      role: 'agency',
      expiresAt: input.expiresAt ?? null,
      agencyId: agency.id,
    })
    await recordAudit(trx, clock, actor, {
      action: 'agency.principal_add',
      targetType: 'agency',
      targetId: agency.id,
      details: { filingNo: agency.filing_no, principalKind: 'api_key', principalId: created.id },
    })
    return { id: created.id, key: created.key, agencyId: agency.id, expiresAt: created.expiresAt }
  })
}

/**
 * The agency a principal of role `agency` acts for, when it is filed: 403 agency.not_registered (no agency),
 * agency.suspended, agency.cancelled. Read with the context given (inside a command: its transaction).
 */
export async function requireActiveAgency(ctx: Pick<Ctx, 'db'>, principal: Principal): Promise<AgencyView> {
  const row = principal.agencyId ? await findAgency(ctx.db, principal.agencyId) : undefined
  if (!row) throw agencyError('agency.not_registered')
  if (row.status === 'suspended')
    throw agencyError('agency.suspended', { name: row.name, reason: row.status_reason, id: row.id })
  if (row.status === 'cancelled')
    throw agencyError('agency.cancelled', { name: row.name, reason: row.status_reason, id: row.id })
  return present(row)
}

/** The caller's own agency, whatever its status (an agency may see that it was suspended and why). */
export async function ownAgency(ctx: Pick<Ctx, 'db' | 'clock'>, principal: Principal): Promise<AgencyView> {
  const row = principal.agencyId ? await findAgency(ctx.db, principal.agencyId) : undefined
  if (!row) throw agencyError('agency.not_registered')
  return present(row)
}

/**
 * The names a subject may grant an agency principal under, besides the principal's own (authorizations module): the
 * agency's id, USCC and filing number. Only for a principal of a filed agency: the others are refused (403).
 */
export async function agencyGranteeNames(ctx: Pick<Ctx, 'db'>, principal: Principal): Promise<string[]> {
  const a = await requireActiveAgency(ctx, principal)
  return [a.id, a.uscc, a.filingNo]
}

// ---------------------------------------------------------------------------------------------------------------
// Reads: who read whom (the push's addressees)

/**
 * Notes one read of a subject by an agency inside the reader's command (with its audit event): when, how often,
 * and the classes shown (`null`: every class).
 */
export async function noteAgencyRead(
  trx: Trx,
  now: Date,
  agencyId: string,
  entityId: string,
  classes: readonly string[] | null,
): Promise<void> {
  const at = now.toISOString()
  const read = classes === null ? [ALL_CLASSES] : [...new Set(classes)].sort()
  // the first read inserts (two first reads at once: one inserts, the other updates the row it finds)
  const inserted = await insertAgencyRead(trx, {
    agency_id: agencyId,
    entity_id: entityId,
    classes: JSON.stringify(read),
    first_read_at: at,
    last_read_at: at,
    reads: 1,
  })
  if (inserted) return
  const row = await findAgencyRead(trx, agencyId, entityId)
  if (!row) return
  const before = JSON.parse(row.classes) as string[]
  const merged =
    before.includes(ALL_CLASSES) || read.includes(ALL_CLASSES)
      ? [ALL_CLASSES]
      : [...new Set([...before, ...read])].sort()
  await updateAgencyRead(trx, agencyId, entityId, {
    classes: JSON.stringify(merged),
    last_read_at: at,
    reads: Number(row.reads) + 1,
  })
}

/** The first instant of the push window: AGENCY_PUSH_MONTHS calendar months before `now`. */
export function pushWindowStart(now: Date): string {
  const d = new Date(now.getTime())
  d.setUTCMonth(d.getUTCMonth() - AGENCY_PUSH_MONTHS)
  return d.toISOString()
}

// ---------------------------------------------------------------------------------------------------------------
// The push: repairs and revocations to the agencies that read the subject

/** The facts of a changed record the push carries (never payload fields). */
export interface AgencyRecordFacts {
  id: string
  entity_id: string
  class_code: string
  version: number
  category: string
  polarity: string
  decided_on: string | null
  document_no: string | null
  authority: string | null
  provider_dept: string
  list_kind: string | null
  list_until: string | null
}

const pushActor: Actor = { kind: 'system', id: 'agencies', role: 'operator', dept: null }

/**
 * The hook of record changes (beside the watch outbox: the records module's revocation and repair, the collection
 * pipeline's revocations), inside the change's transaction: each repair or revocation of a record about a subject
 * that an agency (not cancelled) read within the last 12 months - a record of a class it was shown - becomes one
 * update in that agency's pull feed and, for a filed agency, a notice in its inbox. Other changes, and changes of
 * subjects no agency read, cost one indexed lookup (none when the changes hold no repair or revocation).
 */
export async function pushAgencyUpdates(
  ctx: Ctx,
  trx: Trx,
  now: Date,
  changes: readonly (readonly [string, AgencyRecordFacts])[],
): Promise<number> {
  const relevant = changes.filter(([type]) => (AGENCY_UPDATE_TYPES as readonly string[]).includes(type))
  if (relevant.length === 0) return 0
  const reads = await recentReadsOf(
    trx,
    relevant.map(([, r]) => r.entity_id),
    pushWindowStart(now),
  )
  if (reads.length === 0) return 0
  const at = now.toISOString()
  const names = new Map(
    (
      await findSubjectRows(
        trx,
        'id',
        reads.map((r) => r.entity_id),
      )
    ).map((e) => [e.id, e.name]),
  )
  const made: { agencyId: string; status: string; type: AgencyUpdateType; r: AgencyRecordFacts }[] = []
  for (const read of reads) {
    const shown = JSON.parse(read.classes) as string[]
    for (const [type, r] of relevant)
      if (r.entity_id === read.entity_id && (shown.includes(ALL_CLASSES) || shown.includes(r.class_code)))
        made.push({ agencyId: read.agency_id, status: read.status, type: type as AgencyUpdateType, r })
  }
  if (made.length === 0) return 0
  // positions under the audit chain's lock (held until this transaction commits): seq order is commit order
  await lockAuditChain(trx, at)
  let seq = await maxUpdateSeq(trx)
  const rows = made.map(({ agencyId, type, r }) => ({
    seq: ++seq,
    id: newId(),
    agency_id: agencyId,
    entity_id: r.entity_id,
    type,
    record_id: r.id,
    data: JSON.stringify({
      entityName: names.get(r.entity_id) ?? null,
      recordId: r.id,
      class: r.class_code,
      version: Number(r.version),
      category: r.category,
      polarity: r.polarity,
      decidedOn: r.decided_on,
      documentNo: r.document_no,
      authority: r.authority,
      provider: r.provider_dept,
      list: r.list_kind ? { kind: r.list_kind, until: r.list_until } : null,
    }),
    occurred_at: at,
  }))
  await insertUpdates(trx, rows)
  const scoped = { ...ctx, db: trx }
  for (const { agencyId, status, type, r } of made) {
    if (status !== 'filed') continue
    const name = names.get(r.entity_id) ?? r.entity_id
    await notify(scoped, pushActor, {
      to: { kind: 'agency', id: agencyId },
      topic: `agency.${type}`,
      title: `${AGENCY_UPDATE_LABELS[type]}：${name}`,
      body: `贵机构近 ${AGENCY_PUSH_MONTHS} 个月内经授权查询过的主体「${name}」的一条信用记录（类别 ${r.class_code}${r.document_no ? `，文书号 ${r.document_no}` : ''}）已${type === 'record.repaired' ? '完成信用修复，不再公示和使用' : '被撤销'}。请通过 GET /api/v1/agency/updates 获取并更新贵机构留存的信息。`,
      link: null,
    })
  }
  return rows.length
}

// ---------------------------------------------------------------------------------------------------------------
// The pull feed

export interface AgencyUpdateJson {
  id: string
  cursor: string
  type: string
  occurredAt: string
  entityId: string
  data: Record<string, unknown>
}

export interface AgencyFeedPage {
  items: AgencyUpdateJson[]
  /** Ask again with after=next. */
  next: string
  /** A full page was read: there may be more. */
  more: boolean
}

function presentUpdate(r: AgencyUpdateRow): AgencyUpdateJson {
  return {
    id: r.id,
    cursor: String(r.seq),
    type: r.type,
    occurredAt: r.occurred_at,
    entityId: r.entity_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }
}

/**
 * The caller's agency's updates after a cursor (from the start when none), at most `limit` (1-1000, default 100), in
 * cursor order: at least once (ask again with the same cursor, get the same updates). Refused for a principal of an
 * agency that is not filed. A page that shows updates is one access-log event `agency.updates_read` indexed under
 * their subjects.
 */
export async function agencyUpdates(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  query: { after?: string | undefined; limit?: number | undefined },
): Promise<AgencyFeedPage> {
  const agency = await requireActiveAgency(ctx, principal)
  const raw = query.after?.trim() ?? ''
  if (raw !== '' && !/^\d{1,15}$/.test(raw)) throw agencyError('agency.bad_cursor', { after: query.after })
  const after = raw === '' ? 0 : Number(raw)
  const limit = Math.min(1000, Math.max(1, query.limit ?? 100))
  const rows = await updatesAfter(ctx.db, agency.id, after, limit)
  const items = rows.map(presentUpdate)
  if (items.length > 0)
    await auditRead(ctx, actor, {
      action: 'agency.updates_read',
      targetType: 'agency',
      targetId: agency.id,
      details: {
        agencyId: agency.id,
        agency: agency.name,
        filingNo: agency.filingNo,
        updates: items.length,
        from: items[0]?.cursor,
        to: items[items.length - 1]?.cursor,
      },
      subjects: items.map((i) => i.entityId),
    })
  return {
    items,
    next: items.length > 0 ? (items[items.length - 1] as AgencyUpdateJson).cursor : String(after),
    more: items.length === limit,
  }
}
