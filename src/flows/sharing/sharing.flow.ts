// 政务共享查询: a department reads, for up to 1,000 subjects at once, the records in 社会公开 and 政务共享 scope that
// are in force, with the fields the catalog shares with government readers (ID numbers masked). Authorised-scope
// (授权查询) classes and fields never appear: the view is the disclosure module's government view whatever the
// reader's other permissions. Every request states its purpose and is ONE access-log event indexed under each
// subject read (auditRead), which the subject sees in its 查询记录.
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { Ctx } from '../../core/context.js'
import { auditRead } from '../../modules/audit/index.js'
import { type CatalogClass, currentClasses } from '../../modules/catalog/index.js'
import { classVersion, inForceCandidateSql, visibilityOf } from '../../modules/disclosure/index.js'
import { findSubjectRows, lookupEntities, type ResolveQuery, type SubjectRow } from '../../modules/entities/index.js'
import { openMarksOfRecords } from '../../modules/marks/index.js'
import { type PublicRecordSummary, presentRecordSummary } from '../../modules/public/index.js'
import { recordsWithPayloadOfEntity } from '../../modules/records/index.js'
import { shareError } from './sharing.errors.js'

/** At most this many subjects in one query. */
export const MAX_SHARE_SUBJECTS = 1000

/** The audit action of a sharing query (one event per request, indexed under every subject read). */
export const SHARE_READ_ACTION = 'share.query'

export interface ShareSubject {
  uscc?: string | undefined
  entityId?: string | undefined
  name?: string | undefined
  code?: string | undefined
  idNumber?: string | undefined
}

export interface ShareQuery {
  subjects: readonly ShareSubject[]
  /** Only these classes (catalog codes); default every class shared with government readers. */
  classes?: readonly string[] | undefined
}

/** A shared record: the portal's summary with its scope and providing department. */
export interface SharedRecord extends PublicRecordSummary {
  scope: string
  provider: string
}

export interface SharedEntity {
  id: string
  kind: string
  name: string
  uscc: string | null
  /** A natural person's ID number, masked (the full number only through the audited reveal route). */
  idMasked: string | null
  district: string | null
  status: string
}

/** A subject that was not read: unresolved (with the resolver's reason and candidates) or refused. */
type NotRead =
  | {
      status: 'unresolved'
      reason: string
      cause: string | null
      message: string
      candidates: { entityId: string; name: string; uscc: string | null }[]
    }
  | { status: 'refused'; error: { code: string; message: string } }

export type ShareRow =
  | { index: number; status: 'matched'; entity: SharedEntity; total: number; records: SharedRecord[] }
  | ({ index: number } & NotRead)

export interface ShareAnswer {
  purpose: string
  asOf: string
  classes: string[] | null
  matched: number
  unresolved: number
  items: ShareRow[]
}

/** The classes asked for: known codes, none of them authorised-only (400 otherwise). */
async function askedClasses(ctx: Ctx, codes: readonly string[] | undefined): Promise<Set<string> | null> {
  if (!codes || codes.length === 0) return null
  const byCode = new Map((await currentClasses(ctx.db)).map((c) => [c.code, c]))
  for (const code of codes) {
    const cls = byCode.get(code)
    if (!cls) throw shareError('share.unknown_class', { class: code })
    if (cls.scope === 'authorized') throw shareError('share.class_not_shared', { class: code, className: cls.nameZh })
  }
  return new Set(codes)
}

function presentEntity(e: SubjectRow): SharedEntity {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    uscc: e.uscc,
    idMasked: e.id_masked,
    district: e.district,
    status: e.status,
  }
}

/**
 * The records of one entity a government reader is shared now: in force (active, inside the window, list entries in
 * their period), of a class and record scope 社会公开 or 政务共享, fields as the catalog shares them with government
 * readers (authorised-scope fields dropped, ID numbers masked), newest decision first. `audience` 'authorized': the
 * same with 授权查询 classes and fields too (an agency reading with the subject's grant, src/flows/agencies).
 */
export async function sharedRecordsOf(
  ctx: Ctx,
  entity: SubjectRow,
  classes: ReadonlySet<string> | null,
  audience: 'government' | 'authorized' = 'government',
): Promise<SharedRecord[]> {
  const view = visibilityOf(audience)
  const now = ctx.clock.now()
  const shown: { row: Awaited<ReturnType<typeof recordsWithPayloadOfEntity>>[number]; cls: CatalogClass }[] = []
  for (const row of await recordsWithPayloadOfEntity(ctx.db, entity.id, inForceCandidateSql(civilDate(now)))) {
    if (classes && !classes.has(row.class_code)) continue
    const cls = await classVersion(ctx.db, row.class_code, row.class_version)
    if (view.record(row, cls, now).public) shown.push({ row, cls })
  }
  const marks = new Map<string, string[]>()
  if (shown.length > 0)
    for (const m of await openMarksOfRecords(
      ctx.db,
      shown.map((s) => s.row.id),
    ))
      marks.set(m.record_id, [...(marks.get(m.record_id) ?? []), m.kind])
  const person = entity.kind === 'natural_person'
  return shown.map(({ row, cls }) => {
    const data = view.fields(cls, JSON.parse(row.payload) as Record<string, unknown>, { naturalPerson: person })
    return {
      ...presentRecordSummary(row, cls, data, marks.get(row.id) ?? []),
      scope: row.scope,
      provider: row.provider_dept,
    }
  })
}

function hasIdentifier(s: ShareSubject): boolean {
  return !!(s.uscc?.trim() || s.entityId?.trim() || s.code?.trim() || s.idNumber?.trim() || s.name?.trim())
}

/**
 * Resolves the subjects in order: entity ids in one query, everything else through the entities module's lookup
 * (which needs the purpose for an ID number - the sharing query always has one - and audits such lookups).
 */
async function resolveSubjects(
  ctx: Ctx,
  actor: Actor,
  subjects: readonly ShareSubject[],
): Promise<({ entity: SubjectRow } | NotRead)[]> {
  const ids = subjects.map((s) => s.entityId?.trim() || null)
  const byId = new Map(
    (
      await findSubjectRows(
        ctx.db,
        'id',
        ids.filter((x): x is string => x !== null),
      )
    ).map((r) => [r.id, r]),
  )
  const general: { index: number; query: ResolveQuery }[] = []
  const out: ({ entity: SubjectRow } | NotRead | null)[] = []
  for (const [i, s] of subjects.entries()) {
    const id = ids[i]
    if (id) {
      const row = byId.get(id)
      out.push(
        row
          ? { entity: row }
          : {
              status: 'unresolved',
              reason: 'not_found',
              cause: 'not_registered',
              message: `主体编号「${id}」不存在：请核对 entityId。`,
              candidates: [],
            },
      )
      continue
    }
    out.push(null)
    general.push({
      index: i,
      query: {
        uscc: s.uscc?.trim() || null,
        codes: s.code?.trim() ? [s.code.trim()] : [],
        name: s.name?.trim() || null,
        idNumber: s.idNumber?.trim() || null,
      },
    })
  }
  const found =
    general.length === 0
      ? []
      : await lookupEntities(
          ctx,
          actor,
          general.map((g) => g.query),
          { via: 'share', details: (k) => ({ index: general[k]?.index }) },
        )
  const matchedIds = found.flatMap((f) => ('result' in f && f.result.status === 'matched' ? [f.result.entityId] : []))
  const rows = new Map((await findSubjectRows(ctx.db, 'id', matchedIds)).map((r) => [r.id, r]))
  for (const [k, f] of found.entries()) {
    const index = (general[k] as { index: number }).index
    if ('error' in f) out[index] = { status: 'refused', error: { code: f.error.code, message: f.error.message } }
    else if (f.result.status !== 'matched')
      out[index] = {
        status: 'unresolved',
        reason: f.result.reason,
        cause: f.result.cause,
        message: f.result.message,
        candidates: f.result.candidates,
      }
    else {
      const row = rows.get(f.result.entityId)
      out[index] = row
        ? { entity: row }
        : {
            status: 'unresolved',
            reason: 'not_found',
            cause: 'not_registered',
            message: '未找到匹配的主体',
            candidates: [],
          }
    }
  }
  return out.map(
    (r) =>
      r ?? {
        status: 'unresolved',
        reason: 'invalid_input',
        cause: 'no_identifier',
        message: '没有可用于查找的标识',
        candidates: [],
      },
  )
}

/**
 * The sharing query: up to MAX_SHARE_SUBJECTS subjects, each matched to its entity (or reported unresolved in its
 * row), with the records shared with government readers. `actor.purpose` is required (the routes read it with
 * readPurpose); one access-log event for the whole request, indexed under every subject read.
 */
export async function shareQuery(ctx: Ctx, actor: Actor, query: ShareQuery): Promise<ShareAnswer> {
  const subjects = query.subjects ?? []
  if (subjects.length === 0) throw shareError('share.no_subjects')
  if (subjects.length > MAX_SHARE_SUBJECTS)
    throw shareError('share.too_many_subjects', { count: subjects.length, max: MAX_SHARE_SUBJECTS })
  for (const [index, s] of subjects.entries())
    if (!hasIdentifier(s)) throw shareError('share.subject_invalid', { index })
  const classes = await askedClasses(ctx, query.classes)
  const resolved = await resolveSubjects(ctx, actor, subjects)
  const items: ShareRow[] = []
  const read: string[] = []
  let records = 0
  for (const [index, r] of resolved.entries()) {
    if ('entity' in r) {
      const list = await sharedRecordsOf(ctx, r.entity, classes)
      read.push(r.entity.id)
      records += list.length
      items.push({ index, status: 'matched', entity: presentEntity(r.entity), total: list.length, records: list })
    } else items.push({ index, ...r })
  }
  await auditRead(ctx, actor, {
    action: SHARE_READ_ACTION,
    targetType: 'share_query',
    details: {
      via: 'query',
      subjects: subjects.length,
      matched: read.length,
      records,
      classes: classes ? [...classes] : null,
    },
    subjects: read,
  })
  return {
    purpose: actor.purpose as string,
    asOf: ctx.clock.now().toISOString(),
    classes: classes ? [...classes] : null,
    matched: read.length,
    unresolved: items.length - read.length,
    items,
  }
}

/** The sharing query for one entity by id (GET /api/v1/share/entities/:id/records): 404 for an unknown id. */
export async function shareEntityRecords(
  ctx: Ctx,
  actor: Actor,
  entityId: string,
  query: { classes?: readonly string[] | undefined } = {},
): Promise<{ purpose: string; asOf: string; entity: SharedEntity; total: number; records: SharedRecord[] }> {
  const [row] = await findSubjectRows(ctx.db, 'id', [entityId])
  if (!row) throw shareError('share.entity_not_found', { id: entityId })
  const classes = await askedClasses(ctx, query.classes)
  const list = await sharedRecordsOf(ctx, row, classes)
  await auditRead(ctx, actor, {
    action: SHARE_READ_ACTION,
    targetType: 'entity',
    targetId: row.id,
    details: { via: 'entity', subjects: 1, matched: 1, records: list.length, classes: classes ? [...classes] : null },
    subjects: [row.id],
  })
  return {
    purpose: actor.purpose as string,
    asOf: ctx.clock.now().toISOString(),
    entity: presentEntity(row),
    total: list.length,
    records: list,
  }
}
