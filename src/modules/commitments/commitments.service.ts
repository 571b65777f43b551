// Credit commitments (信用承诺): who may do what, filing, the status machine with its history, reads.
// Records (the published commitment, the breach record) are made by the commitments flow (src/flows/commitments)
// through the ingest pipeline; this module only keeps the commitment and links the records to it.
import { randomBytes } from 'node:crypto'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import { isAppError } from '../../core/errors.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import {
  findResidentIds,
  maskPersonalTextDeep,
  readSealedTexts,
  type SealedTexts,
  sealedTextsColumn,
  sealPersonalText,
  unsealPersonalText,
} from '../../identifiers/index.js'
import { can, type Department, listDepartments, type Principal } from '../access/index.js'
import { auditRead, recordAudit } from '../audit/index.js'
import { type Entity, getEntity, lookupEntity } from '../entities/index.js'
import { cleanString, cleanText } from '../ingest/normalize/index.js'
import { commitmentError } from './commitments.errors.js'
import {
  type CommitmentFilter,
  type CommitmentRow,
  type CommitmentVersionRow,
  commitmentsOfEntity,
  countCommitmentRecords,
  countCommitments,
  findByNumber,
  findCommitment,
  insertCommitment,
  insertCommitmentVersion,
  listCommitments,
  updateCommitment,
  versionsOf,
} from './commitments.repository.js'
import type { CommitmentsTable } from './commitments.tables.js'
import {
  COMMITMENT_TYPES,
  type CommitmentStatus,
  type CommitmentType,
  isCommitmentType,
  STATUS_LABELS,
} from './commitments.types.js'

export interface SubjectInput {
  uscc?: string | undefined
  entityId?: string | undefined
  name?: string | undefined
  code?: string | undefined
  idNumber?: string | undefined
}

export interface FileInput {
  /** Departments: required. Applicants: optional (their own entity). */
  subject?: SubjectInput | undefined
  type: string
  matter: string
  matterCode?: string | undefined
  /** The receiving department: required for applicants; departments file to themselves. */
  dept?: string | undefined
  content: string
  dueOn?: string | undefined
  validTo?: string | undefined
  public?: boolean | undefined
  /** 承诺书编号; generated when absent. */
  number?: string | undefined
}

// ------------------------------------------------------------------ who may do what

/** The department a principal acts for: a department user or key with check.feedback or batch.submit. */
export function actingDept(p: Principal): string | null {
  return p.dept && (can(p, 'check.feedback') || can(p, 'batch.submit')) ? p.dept : null
}

/** The entity a principal acts for as the applicant (subject role with commitment.submit). */
export function applicantEntity(p: Principal): string | null {
  return can(p, 'commitment.submit') && p.entityId ? p.entityId : null
}

/** Whether the principal sees every commitment (commitment.review). */
export function seesAll(p: Principal): boolean {
  return can(p, 'commitment.review')
}

/** Whether the principal may read the commitment: reviewers all, departments their own, applicants theirs. */
export function mayRead(p: Principal, row: Pick<CommitmentRow, 'dept' | 'entity_id'>): boolean {
  return (
    seesAll(p) || actingDept(p) === row.dept || (applicantEntity(p) !== null && applicantEntity(p) === row.entity_id)
  )
}

/** The receiving department decides (fulfilment, breach). */
export function assertDecider(p: Principal, row: CommitmentRow): void {
  if (actingDept(p) !== row.dept) throw commitmentError('commitments.not_allowed', { action: 'decide' })
}

/** The applicant withdraws its own commitment; the receiving department may record it on the applicant's behalf. */
export function assertWithdrawer(p: Principal, row: CommitmentRow): void {
  if (applicantEntity(p) === row.entity_id || actingDept(p) === row.dept) return
  throw commitmentError('commitments.not_allowed', { action: 'withdraw' })
}

/** The commitment when the principal may read it; 404 otherwise (as for an unknown id). */
export async function loadVisible(ctx: Ctx, p: Principal, id: string): Promise<CommitmentRow> {
  const row = await findCommitment(ctx.db, id)
  if (!row || !mayRead(p, row)) throw commitmentError('commitments.not_found', { id })
  return row
}

// ------------------------------------------------------------------ filing

const DATE = /^\d{4}-\d{2}-\d{2}$/

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

function checkDate(field: string, label: string, value: string | undefined, rule: (v: string) => string | null) {
  if (value === undefined) return
  if (!validDate(value))
    throw commitmentError('commitments.date_invalid', { field, label, value, rule: '应为 YYYY-MM-DD 格式的有效日期' })
  const problem = rule(value)
  if (problem) throw commitmentError('commitments.date_invalid', { field, label, value, rule: problem })
}

/** Dates of decisions: a valid date, not after today and not before the filing date. */
export function checkDecisionDate(field: string, label: string, value: string, filedOn: string, today: string): void {
  checkDate(field, label, value, (v) =>
    v > today ? `不能晚于今天（${today}）` : v < filedOn ? `不能早于承诺日期（${filedOn}）` : null,
  )
}

function required(field: string, label: string, value: string | undefined, clean: (s: string) => string): string {
  const v = value === undefined ? '' : clean(value)
  if (!v) throw commitmentError('commitments.field_required', { field, label })
  return v
}

/**
 * The entity a subject describes (as a check subject: uscc, entityId, name + code, or idNumber), looked up for the
 * actor: a subject given by ID number needs the actor's stated purpose and is audited (lookupEntity).
 */
export async function resolveSubject(ctx: Ctx, actor: Actor, s: SubjectInput | undefined): Promise<Entity> {
  if (!s || (!s.entityId && !s.uscc && !s.code && !s.idNumber)) throw commitmentError('commitments.subject_invalid')
  if (s.entityId) {
    try {
      return await getEntity(ctx.db, s.entityId)
    } catch (e) {
      if (isAppError(e) && e.status === 404)
        throw commitmentError('commitments.subject_unresolved', { reason: 'not_found', message: '主体编号不存在' })
      throw e
    }
  }
  const r = await lookupEntity(
    ctx,
    actor,
    { uscc: s.uscc ?? null, codes: s.code ? [s.code] : [], name: s.name ?? null, idNumber: s.idNumber ?? null },
    { via: 'commitment' },
  )
  if (r.status !== 'matched')
    throw commitmentError('commitments.subject_unresolved', { reason: r.reason, message: r.message })
  return getEntity(ctx.db, r.entityId)
}

/** A commitment checked and completed, ready to be stored (nothing written yet). */
export interface FilingDraft {
  row: CommitmentsTable
  entity: Entity
  dept: Department
}

function generatedNumber(today: string): string {
  return `CN-${today.replaceAll('-', '')}-${randomBytes(4).toString('hex').toUpperCase()}`
}

/**
 * Checks a filing and completes it: the filer (the applicant for its own entity, or a department for an applicant
 * to itself), the subject (looked up for `actor`), the receiving department, texts, dates (容缺受理 needs the due
 * date), the number.
 */
export async function prepareFiling(ctx: Ctx, p: Principal, actor: Actor, input: FileInput): Promise<FilingDraft> {
  const own = applicantEntity(p)
  const deptCode = actingDept(p)
  if (!own && !deptCode) throw commitmentError('commitments.not_allowed', { action: 'file' })
  if (!isCommitmentType(input.type))
    throw commitmentError('commitments.field_required', { field: 'type', label: '承诺类型' })
  const type: CommitmentType = input.type
  const info = COMMITMENT_TYPES[type]
  const now = ctx.clock.now()
  const today = civilDate(now)
  // the texts are data of record: stored masked, the clear text sealed (the published record is made from it)
  const text = sealPersonalText(
    ctx.keys,
    {
      matter: required('matter', '承诺事项', input.matter, cleanString),
      content: required('content', '承诺内容', input.content, cleanText),
      matter_code: input.matterCode ? cleanString(input.matterCode) || null : null,
    },
    { today },
  )
  const { matter, content, matter_code: matterCode } = text.values

  let entity: Entity
  let filedBy: 'applicant' | 'dept'
  let receiving: string
  if (deptCode) {
    filedBy = 'dept'
    if (input.dept && input.dept !== deptCode)
      throw commitmentError('commitments.dept_mismatch', { dept: input.dept, own: deptCode })
    receiving = deptCode
    entity = await resolveSubject(ctx, actor, input.subject)
  } else {
    filedBy = 'applicant'
    if (!input.dept) throw commitmentError('commitments.dept_required')
    receiving = input.dept
    entity = await getEntity(ctx.db, own as string)
    if (input.subject && Object.keys(input.subject).length) {
      let given: Entity
      try {
        given = await resolveSubject(ctx, actor, input.subject)
      } catch (e) {
        if (isAppError(e) && e.code === 'commitments.subject_unresolved')
          throw commitmentError('commitments.not_own_entity')
        throw e
      }
      if (given.id !== entity.id) throw commitmentError('commitments.not_own_entity')
    }
  }
  const dept = (await listDepartments(ctx)).find((d) => d.code === receiving)
  if (!dept) throw commitmentError('commitments.dept_unknown', { dept: receiving })

  if (info.dueRequired && !input.dueOn) throw commitmentError('commitments.due_required', { typeLabel: info.label })
  checkDate('dueOn', '履约期限', input.dueOn, (v) => (v < today ? `不能早于承诺日期（${today}）` : null))
  checkDate('validTo', '承诺有效期至', input.validTo, (v) => (v < today ? `不能早于承诺日期（${today}）` : null))

  let number: string
  if (input.number?.trim()) {
    number = cleanString(input.number)
    assertNoIdNumber('number', '承诺书编号', number, today)
    if (await findByNumber(ctx.db, receiving, number)) throw commitmentError('commitments.number_taken', { number })
  } else {
    number = generatedNumber(today)
    while (await findByNumber(ctx.db, receiving, number)) number = generatedNumber(today)
  }
  const at = now.toISOString()
  return {
    entity,
    dept,
    row: {
      id: newId(),
      version: 1,
      number,
      entity_id: entity.id,
      type,
      matter,
      matter_code: matterCode,
      dept: receiving,
      content,
      filed_on: today,
      due_on: input.dueOn ?? null,
      valid_to: input.validTo ?? null,
      is_public: (input.public ?? info.publicByDefault) ? 1 : 0,
      status: 'filed',
      filed_by: filedBy,
      record_id: null,
      breach_record_id: null,
      decided_on: null,
      sealed: sealedTextsColumn(text.sealed),
      created_at: at,
      updated_at: at,
    },
  }
}

/**
 * A number that keys a record (承诺书编号, 认定文书号) never holds a resident ID number: it is published and is the
 * record's key, so it cannot be masked; 422 commitments.id_number_in_key names the field.
 */
export function assertNoIdNumber(field: string, label: string, value: string, today: string): void {
  if (findResidentIds(value, { today }).length > 0)
    throw commitmentError('commitments.id_number_in_key', { field, label })
}

/** The commitment with its texts in clear (unsealed): what its published record is made of. */
export function clearCommitment(ctx: Ctx, row: CommitmentRow): CommitmentRow {
  const sealed = readSealedTexts(row.sealed)
  if (!sealed) return row
  return {
    ...row,
    matter: unsealPersonalText(ctx.keys, sealed, 'matter', row.matter),
    content: unsealPersonalText(ctx.keys, sealed, 'content', row.content),
    matter_code: unsealPersonalText(ctx.keys, sealed, 'matter_code', row.matter_code),
    // sealed only by migration 0016 (a number holding an ID number is refused since)
    number: unsealPersonalText(ctx.keys, sealed, 'number', row.number),
  }
}

/**
 * Free text of a transition (a note, a reason, breach facts): masked for the version and the audit event. With
 * `seal`, the clear text of the named fields that held ID numbers is kept sealed in the version (`_sealed`), for the
 * texts a record is made of (breach facts).
 */
export function transitionText<T extends Record<string, unknown>>(
  ctx: Ctx,
  details: T,
  seal: readonly (keyof T & string)[] = [],
): { details: T; sealed: SealedTexts | null } {
  const today = civilDate(ctx.clock.now())
  const fields: Record<string, string> = {}
  for (const k of seal) if (typeof details[k] === 'string') fields[k] = details[k] as string
  const { values, sealed } = sealPersonalText(ctx.keys, fields, { today })
  return { details: maskPersonalTextDeep({ ...details, ...values }, { today }), sealed }
}

/** The details of a version with the sealed fields in clear (to finish an interrupted breach). */
export function clearVersionDetails(ctx: Ctx, v: CommitmentVersionRow): Record<string, unknown> {
  const details = JSON.parse(v.details) as Record<string, unknown>
  const sealed = details._sealed as SealedTexts | undefined
  delete details._sealed
  if (!sealed) return details
  for (const k of Object.keys(sealed)) details[k] = unsealPersonalText(ctx.keys, sealed, k, String(details[k] ?? ''))
  return details
}

/** Stores a prepared filing: the commitment, its first version and the audit event, in one transaction. */
export async function storeFiling(ctx: Ctx, actor: Actor, draft: FilingDraft): Promise<CommitmentRow> {
  const r = draft.row
  await runCommand(ctx, actor, async ({ trx }) => {
    await insertCommitment(trx, r)
    await insertCommitmentVersion(trx, {
      commitment_id: r.id,
      version: 1,
      op: 'file',
      status: 'filed',
      details: JSON.stringify({
        number: r.number,
        type: r.type,
        matter: r.matter,
        matterCode: r.matter_code,
        dept: r.dept,
        dueOn: r.due_on,
        validTo: r.valid_to,
        public: r.is_public === 1,
        filedBy: r.filed_by,
      }),
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_dept: actor.dept,
      at: r.created_at,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'commitment.file',
      targetType: 'commitment',
      targetId: r.id,
      details: {
        entityId: r.entity_id,
        number: r.number,
        type: r.type,
        dept: r.dept,
        public: r.is_public === 1,
        filedBy: r.filed_by,
        dueOn: r.due_on,
      },
    })
  })
  return r
}

// ------------------------------------------------------------------ transitions

export type TransitionOp = 'fulfil' | 'breach' | 'withdraw' | 'publish' | 'link_breach'

export interface Transition {
  op: TransitionOp
  /** Status after the transition (unchanged for publish and link_breach). */
  status: CommitmentStatus
  /** From which status the transition is allowed. */
  from: CommitmentStatus[]
  /** What the version and the audit event record (free text already masked: transitionText). */
  details: Record<string, unknown>
  /** Clear texts kept sealed in the version only (`_sealed`), never in the audit event. */
  sealed?: SealedTexts | null | undefined
  patch?: Partial<Pick<CommitmentsTable, 'record_id' | 'breach_record_id' | 'decided_on'>>
}

/**
 * One transition: the projection moves on only from the version the caller read (a concurrent change makes this
 * fail with commitments.invalid_transition), a new version keeps what happened, the audit event goes with it.
 */
export async function applyTransition(
  ctx: Ctx,
  actor: Actor,
  row: CommitmentRow,
  t: Transition,
): Promise<CommitmentRow> {
  if (!t.from.includes(row.status as CommitmentStatus))
    throw commitmentError('commitments.invalid_transition', { status: row.status, op: t.op })
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const at = now.toISOString()
    const version = Number(row.version) + 1
    const ok = await updateCommitment(trx, row.id, Number(row.version), {
      ...t.patch,
      status: t.status,
      version,
      updated_at: at,
    })
    if (!ok) {
      // another request changed it first: report against what it is now
      const current = await findCommitment(trx, row.id)
      throw commitmentError('commitments.invalid_transition', { status: current?.status ?? row.status, op: t.op })
    }
    await insertCommitmentVersion(trx, {
      commitment_id: row.id,
      version,
      op: t.op,
      status: t.status,
      details: JSON.stringify(t.sealed ? { ...t.details, _sealed: t.sealed } : t.details),
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_dept: actor.dept,
      at,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: `commitment.${t.op}`,
      targetType: 'commitment',
      targetId: row.id,
      details: { entityId: row.entity_id, number: row.number, from: row.status, to: t.status, ...t.details },
    })
    return { ...row, ...t.patch, status: t.status, version, updated_at: at }
  })
}

export async function reload(db: Db, id: string): Promise<CommitmentRow> {
  const row = await findCommitment(db, id)
  if (!row) throw commitmentError('commitments.not_found', { id })
  return row
}

export async function historyOf(db: Db, id: string): Promise<CommitmentVersionRow[]> {
  return versionsOf(db, id)
}

// ------------------------------------------------------------------ reads

export interface CommitmentJson {
  id: string
  number: string
  version: number
  entity: { id: string; name: string; kind: string; uscc: string | null; idMasked: string | null }
  type: string
  typeLabel: string
  matter: string
  matterCode: string | null
  dept: string
  deptName: string | null
  content: string
  filedOn: string
  dueOn: string | null
  validTo: string | null
  public: boolean
  status: string
  statusLabel: string
  filedBy: string
  overdue: boolean
  recordId: string | null
  breachRecordId: string | null
  decidedOn: string | null
  createdAt: string
  updatedAt: string
}

export interface CommitmentVersionJson {
  version: number
  op: string
  status: string
  details: Record<string, unknown>
  actor: { kind: string; id: string | null; dept: string | null }
  at: string
}

export interface CommitmentDetailJson extends CommitmentJson {
  history: CommitmentVersionJson[]
}

/** Entities and department names for presenting rows (one lookup per entity). */
export class Presenter {
  private entities = new Map<string, Entity>()
  private depts: Map<string, string> | undefined
  constructor(private ctx: Ctx) {}

  async present(rows: CommitmentRow[]): Promise<CommitmentJson[]> {
    if (!this.depts) this.depts = new Map((await listDepartments(this.ctx)).map((d) => [d.code, d.name]))
    const today = civilDate(this.ctx.clock.now())
    const out: CommitmentJson[] = []
    for (const r of rows) {
      let e = this.entities.get(r.entity_id)
      if (!e) {
        e = await getEntity(this.ctx.db, r.entity_id)
        this.entities.set(r.entity_id, e)
      }
      out.push(presentRow(r, e, this.depts.get(r.dept) ?? null, today))
    }
    return out
  }
}

export function presentRow(r: CommitmentRow, e: Entity, deptName: string | null, today: string): CommitmentJson {
  const type = r.type as CommitmentType
  return {
    id: r.id,
    number: r.number,
    version: Number(r.version),
    entity: { id: e.id, name: e.name, kind: e.kind, uscc: e.uscc, idMasked: e.idMasked },
    type: r.type,
    typeLabel: COMMITMENT_TYPES[type]?.label ?? r.type,
    matter: r.matter,
    matterCode: r.matter_code,
    dept: r.dept,
    deptName,
    content: r.content,
    filedOn: r.filed_on,
    dueOn: r.due_on,
    validTo: r.valid_to,
    public: Number(r.is_public) === 1,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status as CommitmentStatus] ?? r.status,
    filedBy: r.filed_by,
    overdue: r.status === 'filed' && r.due_on !== null && r.due_on < today,
    recordId: r.record_id,
    breachRecordId: r.breach_record_id,
    decidedOn: r.decided_on,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export function presentVersion(v: CommitmentVersionRow): CommitmentVersionJson {
  const { _sealed, ...details } = JSON.parse(v.details) as Record<string, unknown>
  return {
    version: Number(v.version),
    op: v.op,
    status: v.status,
    details,
    actor: { kind: v.actor_kind, id: v.actor_id, dept: v.actor_dept },
    at: v.at,
  }
}

export async function commitmentDetail(ctx: Ctx, row: CommitmentRow): Promise<CommitmentDetailJson> {
  const [json] = await new Presenter(ctx).present([row])
  return { ...(json as CommitmentJson), history: (await versionsOf(ctx.db, row.id)).map(presentVersion) }
}

export interface ListQuery {
  entity?: string | undefined
  dept?: string | undefined
  status?: string | undefined
  type?: string | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface CommitmentPage {
  total: number
  page: number
  pageSize: number
  items: CommitmentJson[]
}

/**
 * The filter a principal may use: reviewers any department, departments their own, applicants their entity;
 * null when the query asks for what the principal may not see (an empty page).
 */
function scopedFilter(p: Principal, q: ListQuery): CommitmentFilter | null {
  const f: CommitmentFilter = { entityId: q.entity, dept: q.dept, status: q.status, type: q.type }
  if (seesAll(p)) return f
  const dept = actingDept(p)
  if (dept) return q.dept && q.dept !== dept ? null : { ...f, dept }
  const own = applicantEntity(p)
  if (own) return q.entity && q.entity !== own ? null : { ...f, entityId: own }
  throw commitmentError('commitments.not_allowed', { action: 'read' })
}

async function page(ctx: Ctx, f: CommitmentFilter | null, q: ListQuery): Promise<CommitmentPage> {
  const pageNo = Math.max(1, q.page ?? 1)
  const pageSize = Math.min(200, Math.max(1, q.pageSize ?? 20))
  if (!f) return { total: 0, page: pageNo, pageSize, items: [] }
  const total = await countCommitments(ctx.db, f)
  const rows = await listCommitments(ctx.db, f, { offset: (pageNo - 1) * pageSize, limit: pageSize })
  return { total, page: pageNo, pageSize, items: await new Presenter(ctx).present(rows) }
}

/** What a department's (or reviewer's) read of commitments is audited as. */
export const COMMITMENT_READ_ACTION = 'commitment.read'

/** Audits one page (or one detail) of commitments once, under each entity shown (auditRead; applicants: not). */
function auditCommitmentRead(
  ctx: Ctx,
  actor: Actor,
  via: 'list' | 'overdue' | 'detail',
  items: readonly Pick<CommitmentJson, 'id' | 'entity'>[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  return auditRead(ctx, actor, {
    action: COMMITMENT_READ_ACTION,
    targetType: via === 'detail' ? 'commitment' : null,
    targetId: via === 'detail' ? (items[0]?.id ?? null) : null,
    subjects: items.map((i) => i.entity.id),
    details: { via, rows: items.length, commitments: items.map((i) => i.id), ...extra },
  })
}

/** A page of the commitments the principal may see; a department's or reviewer's read is audited (one event). */
export async function listVisible(ctx: Ctx, p: Principal, actor: Actor, q: ListQuery): Promise<CommitmentPage> {
  const answer = await page(ctx, scopedFilter(p, q), q)
  await auditCommitmentRead(ctx, actor, 'list', answer.items, { page: answer.page })
  return answer
}

/** Open commitments whose due date has passed without a fulfilment (the department's own; reviewers: any). */
export async function overdueCommitments(ctx: Ctx, p: Principal, actor: Actor, q: ListQuery): Promise<CommitmentPage> {
  const today = civilDate(ctx.clock.now())
  const f = scopedFilter(p, { ...q, status: undefined })
  const answer = await page(ctx, f && { ...f, dueBefore: today }, q)
  await auditCommitmentRead(ctx, actor, 'overdue', answer.items, { page: answer.page })
  return answer
}

export interface EntityCommitments {
  summary: { total: number; filed: number; fulfilled: number; breached: number; withdrawn: number; overdue: number }
  items: CommitmentJson[]
}

/** Every commitment of an entity with statuses and counts (the credit review and the entity file). */
export async function entityCommitments(
  ctx: Ctx,
  entityId: string,
  options: { publicOnly?: boolean } = {},
): Promise<EntityCommitments> {
  let rows = await commitmentsOfEntity(ctx.db, entityId)
  if (options.publicOnly) rows = rows.filter((r) => Number(r.is_public) === 1)
  const items = await new Presenter(ctx).present(rows)
  const count = (s: string) => items.filter((i) => i.status === s).length
  return {
    summary: {
      total: items.length,
      filed: count('filed'),
      fulfilled: count('fulfilled'),
      breached: count('breached'),
      withdrawn: count('withdrawn'),
      overdue: items.filter((i) => i.overdue).length,
    },
    items,
  }
}

/** How many commitments were published as records, and how many breaches made a record (the demo's record count). */
export async function commitmentRecordCounts(db: Db): Promise<{ published: number; breaches: number }> {
  return countCommitmentRecords(db)
}

/** One commitment the principal may read, with its history (commitments.not_found otherwise). */
export async function getCommitment(ctx: Ctx, p: Principal, actor: Actor, id: string): Promise<CommitmentDetailJson> {
  const detail = await commitmentDetail(ctx, await loadVisible(ctx, p, id))
  await auditCommitmentRead(ctx, actor, 'detail', [detail])
  return detail
}
