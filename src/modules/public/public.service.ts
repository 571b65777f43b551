// The public read model (公示): entity files, records, lists and figures, each item passing the disclosure rule
// at the instant of the request.
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { isAppError } from '../../core/errors.js'
import { type CatalogClass, currentClasses, findClass } from '../catalog/index.js'
import { listDepartments } from '../access/index.js'
import {
  classVersion,
  countFlag,
  type EntityFlag,
  isPublic,
  labelledFields,
  MANAGED_FLAGS,
  maskPersonName,
  publicFields,
  publicLastDay,
  publicUntil,
  publishesPersonNames,
} from '../disclosure/index.js'
import { type Entity, getEntity } from '../entities/index.js'
import { covers, currentModels, entityGrade, publishedModels } from '../grading/index.js'
import { type MarkRow, openMarksOfEntity, openMarksOfRecords, presentPublicMark } from '../marks/index.js'
import { publicError } from './public.errors.js'
import {
  categoryLabel,
  districtLabel,
  groupByCategory,
  type PublicEntityJson,
  type PublicListIndexJson,
  type PublicListJson,
  type PublicListStatus,
  type PublicityItem,
  type PublicityJson,
  type PublicRecordJson,
  type PublicRecordSummary,
  type PublicStatsJson,
  presentListStatus,
  presentRecordSummary,
  sortListStatuses,
} from './public.presenter.js'
import {
  candidateRecordsOfEntity,
  countListEntries,
  countOrganisations,
  entityHeads,
  listEntries,
  publicityDepartments,
  publicityEntries,
  type RecordWithPayload,
  recordsByCategory,
  recordsByDistrict,
  recordWithPayload,
} from '../../read-models/public/index.js'

/** A public answer and the instant it may change by itself (the first public end among what it shows). */
export interface Timed<T> {
  value: T
  nextChange: string | null
}

const LIST_FLAG: Record<string, EntityFlag> = { black: 'black_list', red: 'red_list', focus: 'focus_list' }

function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return a < b ? a : b
}

function marksByRecord(marks: MarkRow[]): Map<string, string[]> {
  const m = new Map<string, string[]>()
  for (const x of marks) {
    const list = m.get(x.record_id)
    if (list) list.push(x.kind)
    else m.set(x.record_id, [x.kind])
  }
  return m
}

async function loadEntity(ctx: Ctx, id: string): Promise<Entity> {
  try {
    return await getEntity(ctx.db, id)
  } catch (e) {
    if (isAppError(e) && e.code === 'entity.not_found') throw publicError('public.entity_not_found', { id })
    throw e
  }
}

interface Shown {
  row: RecordWithPayload
  cls: CatalogClass
}

/**
 * The public credit file of an entity (一户一档, public view): basic register information, public records grouped
 * by national category with counts, list status (red/black/focus) with basis and period, marks, flags.
 * A natural person has a public file only while a record of a class that publishes persons by name (black lists)
 * is public, and the file shows only those records; otherwise 404, as for an unknown id.
 */
export async function publicEntityFile(ctx: Ctx, id: string, now: Date): Promise<Timed<PublicEntityJson>> {
  const entity = await loadEntity(ctx, id)
  const person = entity.kind === 'natural_person'
  const today = civilDate(now)
  const shown: Shown[] = []
  for (const row of await candidateRecordsOfEntity(ctx.db, id, today)) {
    const cls = await classVersion(ctx.db, row.class_code, row.class_version)
    if (!isPublic(row, cls, now).public) continue
    if (person && !publishesPersonNames(cls)) continue
    shown.push({ row, cls })
  }
  if (person && shown.length === 0) throw publicError('public.entity_not_found', { id })
  const shownIds = new Set(shown.map((s) => s.row.id))
  const openMarks = (await openMarksOfEntity(ctx.db, id)).filter((m) => shownIds.has(m.record_id))
  const marks = marksByRecord(openMarks)

  const flags = new Set<EntityFlag>()
  const summaries: PublicRecordSummary[] = []
  const lists: PublicListStatus[] = []
  let nextChange: string | null = null
  for (const { row, cls } of shown) {
    const data = publicFields(cls, JSON.parse(row.payload) as Record<string, unknown>, { naturalPerson: person })
    const recMarks = marks.get(row.id) ?? []
    summaries.push(presentRecordSummary(row, cls, data, recMarks))
    if (row.polarity === 'negative') flags.add('negative')
    if (recMarks.includes('under_objection')) flags.add('under_objection')
    const lf = row.list_kind ? LIST_FLAG[row.list_kind] : undefined
    const status = presentListStatus(row, cls)
    if (lf && status) {
      flags.add(lf)
      lists.push(status)
    }
    nextChange = earlier(nextChange, publicUntil(row))
  }
  const categories = groupByCategory(summaries)
  sortListStatuses(lists)
  const grades = person ? [] : await publishedGrades(ctx, entity)
  return {
    value: {
      id: entity.id,
      kind: entity.kind,
      name: entity.name,
      uscc: person ? null : entity.uscc,
      identifiers: person ? [] : entity.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
      formerNames: person
        ? []
        : entity.names.filter((n) => n.kind === 'former').map((n) => ({ name: n.name, validTo: n.validTo })),
      district: person ? null : entity.district,
      districtName: person ? null : districtLabel(entity.district),
      industry: person ? null : entity.industry,
      status: entity.status,
      legalRep: person ? null : entity.legalRep,
      establishedOn: person ? null : entity.establishedOn,
      flags: MANAGED_FLAGS.filter((f) => flags.has(f)),
      marks: openMarks.map(presentPublicMark),
      lists,
      totalRecords: shown.length,
      categories,
      grades,
    },
    nextChange,
  }
}

/**
 * The entity's grades by the models the publication policy publishes (none by default): the grade, its model and
 * the date it is as of, with the objection mark. Read like every other grade (a stale one is graded again first).
 */
async function publishedGrades(ctx: Ctx, entity: Entity): Promise<PublicEntityJson['grades']> {
  const published = await publishedModels(ctx.db)
  if (published.length === 0) return []
  const out: PublicEntityJson['grades'] = []
  for (const m of await currentModels(ctx.db)) {
    if (!published.includes(m.code) || !covers(m, { kind: entity.kind, industry: entity.industry })) continue
    const g = await entityGrade(ctx, entity.id, { model: m.code })
    out.push({
      model: g.model,
      modelName: g.modelName,
      version: g.version,
      grade: g.grade,
      gradeLabel: g.gradeLabel,
      asOf: g.asOf,
      underObjection: g.underObjection,
    })
  }
  return out
}

/** One record, only while it is public; a natural person's name is masked unless the class publishes it. */
export async function publicRecord(ctx: Ctx, id: string, now: Date): Promise<Timed<PublicRecordJson>> {
  const row = await recordWithPayload(ctx.db, id)
  if (!row) throw publicError('public.record_not_found', { id })
  const cls = await classVersion(ctx.db, row.class_code, row.class_version)
  if (!isPublic(row, cls, now).public) throw publicError('public.record_not_found', { id })
  const head = (await entityHeads(ctx.db, [row.entity_id])).get(row.entity_id)
  if (!head) throw publicError('public.record_not_found', { id })
  const person = head.kind === 'natural_person'
  const named = !person || publishesPersonNames(cls)
  const data = publicFields(cls, JSON.parse(row.payload) as Record<string, unknown>, { naturalPerson: person })
  const marks = (await openMarksOfRecords(ctx.db, [id])).map((m) => m.kind)
  const summary: PublicRecordSummary = presentRecordSummary(row, cls, data, marks)
  return {
    value: {
      ...summary,
      entityId: named ? row.entity_id : null,
      name: named ? head.name : maskPersonName(head.name),
      entityKind: head.kind,
      uscc: person ? null : head.uscc,
      legalBasis: [...cls.legalBasis],
    },
    nextChange: publicUntil(row),
  }
}

/** Whether a class code names a public list class (its current version). */
export async function listClass(ctx: Ctx, code: string): Promise<CatalogClass> {
  const cls = await findClass(ctx.db, code)
  if (!cls?.list || cls.scope !== 'public') throw publicError('public.not_a_list', { class: code })
  return cls
}

/**
 * A page of a red, black or focus list: its public-now entries, newest first, those matching `q` (a fragment of the
 * name or of the document number, or a whole USCC), with how many entries and how many entities match.
 */
export async function publicList(
  ctx: Ctx,
  code: string,
  page: number,
  pageSize: number,
  now: Date,
  q = '',
): Promise<Timed<PublicListJson>> {
  const cls = await listClass(ctx, code)
  const today = civilDate(now)
  const query = q.trim()
  const { total, entities, rows } = await listEntries(
    ctx.db,
    code,
    today,
    !cls.publishMinor,
    (page - 1) * pageSize,
    pageSize,
    query || undefined,
  )
  const marks = marksByRecord(
    await openMarksOfRecords(
      ctx.db,
      rows.map((r) => r.id),
    ),
  )
  const items: PublicListJson['items'] = []
  let nextChange: string | null = null
  for (const r of rows) {
    const version = await classVersion(ctx.db, r.class_code, r.class_version)
    if (!isPublic(r, version, now).public) continue
    const person = r.entity_kind === 'natural_person'
    const named = !person || publishesPersonNames(version)
    items.push({
      recordId: r.id,
      entityId: named ? r.entity_id : null,
      name: named ? r.entity_name : maskPersonName(r.entity_name),
      uscc: person ? null : r.entity_uscc,
      listedOn: r.decided_on,
      until: publicLastDay(r),
      basis: r.document_no,
      authority: r.authority,
      marks: marks.get(r.id) ?? [],
    })
    nextChange = earlier(nextChange, publicUntil(r))
  }
  return {
    value: {
      class: cls.code,
      className: cls.nameZh,
      kind: (cls.list as NonNullable<CatalogClass['list']>).kind,
      legalBasis: [...cls.legalBasis],
      total,
      entities,
      q: query,
      page,
      pageSize,
      items,
    },
    nextChange,
  }
}

const LIST_KIND_ORDER: Record<string, number> = { red: 0, black: 1, focus: 2 }

/** Every public list class (red, black, focus) with how many entries and entities it shows now. */
export async function publicListIndex(ctx: Ctx, now: Date): Promise<PublicListIndexJson> {
  const today = civilDate(now)
  const classes = (await currentClasses(ctx.db)).filter((c) => c.list && c.scope === 'public' && c.status === 'active')
  const items: PublicListIndexJson['items'] = []
  for (const cls of classes) {
    const { entries, entities } = await countListEntries(ctx.db, cls.code, today, !cls.publishMinor)
    items.push({
      class: cls.code,
      className: cls.nameZh,
      kind: (cls.list as NonNullable<CatalogClass['list']>).kind,
      entries,
      entities,
    })
  }
  items.sort((a, b) => (LIST_KIND_ORDER[a.kind] ?? 9) - (LIST_KIND_ORDER[b.kind] ?? 9) || b.entries - a.entries)
  return { items }
}

/** The classes of the 双公示 (行政许可, 行政处罚) by the portal's names for them. */
export const PUBLICITY_CLASSES = { license: 'admin_license', penalty: 'admin_penalty' } as const
export type PublicityKind = keyof typeof PUBLICITY_CLASSES

/** The fields each 双公示 listing shows besides subject, document, authority and date. */
const PUBLICITY_FIELDS: Record<PublicityKind, readonly string[]> = {
  license: ['XK_XKLB', 'XK_XKZS', 'XK_NR', 'XK_YXQZI'],
  penalty: ['CF_CFLB', 'CF_WFXW', 'CF_NR_FK', 'CF_NR_WFFF'],
}

export interface PublicityQuery {
  dept?: string | undefined
  district?: string | undefined
  from?: string | undefined
  to?: string | undefined
  q?: string | undefined
}

/**
 * 双公示: a page of the public-now administrative licences or penalties, newest decision first, filtered by the
 * providing department, the entity's district, decision dates and a keyword (an organisation's name or a document
 * number, or a whole USCC); a natural person's name is masked and never searched. With the departments to filter by.
 */
export async function publicPublicity(
  ctx: Ctx,
  kind: PublicityKind,
  query: PublicityQuery,
  page: number,
  pageSize: number,
  now: Date,
): Promise<Timed<PublicityJson>> {
  const code = PUBLICITY_CLASSES[kind]
  const cls = await findClass(ctx.db, code)
  if (cls?.scope !== 'public') throw publicError('public.class_not_public', { class: code })
  const today = civilDate(now)
  const excludeMinor = !cls.publishMinor
  const q = query.q?.trim()
  const filter = { classCode: code, excludeMinor, ...query, q: q ? q : undefined }
  const { total, rows } = await publicityEntries(ctx.db, filter, today, (page - 1) * pageSize, pageSize)
  const depts = new Map((await listDepartments(ctx)).map((d) => [d.code, d.name]))
  const marks = marksByRecord(
    await openMarksOfRecords(
      ctx.db,
      rows.map((r) => r.id),
    ),
  )
  const wanted = PUBLICITY_FIELDS[kind]
  const items: PublicityItem[] = []
  let nextChange: string | null = null
  for (const r of rows) {
    const version = await classVersion(ctx.db, r.class_code, r.class_version)
    if (!isPublic(r, version, now).public) continue
    const person = r.entity_kind === 'natural_person'
    const named = !person || publishesPersonNames(version)
    const data = publicFields(version, JSON.parse(r.payload) as Record<string, unknown>, { naturalPerson: person })
    items.push({
      recordId: r.id,
      entityId: named ? r.entity_id : null,
      name: named ? r.entity_name : maskPersonName(r.entity_name),
      uscc: person ? null : r.entity_uscc,
      districtName: person ? null : districtLabel(r.entity_district),
      documentNo: r.document_no,
      authority: r.authority,
      deptName: depts.get(r.provider_dept) ?? null,
      decidedOn: r.decided_on,
      until: publicLastDay(r),
      marks: marks.get(r.id) ?? [],
      fields: labelledFields(version, data).filter((f) => wanted.includes(f.code)),
    })
    nextChange = earlier(nextChange, publicUntil(r))
  }
  const departments = (await publicityDepartments(ctx.db, code, today, excludeMinor))
    .map((d) => ({ code: d.dept, name: depts.get(d.dept) ?? d.dept, count: d.n }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
  return {
    value: { kind, class: code, className: cls.nameZh, total, page, pageSize, items, departments },
    nextChange,
  }
}

/** 00:00 Asia/Shanghai on the first day of `now`'s month, as a UTC instant. */
export function monthStartInstant(now: Date): string {
  return new Date(`${civilDate(now).slice(0, 7)}-01T00:00:00+08:00`).toISOString()
}

/**
 * Key figures for the portal home: organisations on the register, public records collected this month
 * (Asia/Shanghai), entities on a red and a black list now, public records by national category and by the
 * district of their entity.
 */
export async function publicStats(ctx: Ctx, now: Date): Promise<PublicStatsJson> {
  const today = civilDate(now)
  const nowIso = now.toISOString()
  const [entities, red, black, byCat, byDist] = [
    await countOrganisations(ctx.db),
    await countFlag(ctx.db, 'red_list', nowIso),
    await countFlag(ctx.db, 'black_list', nowIso),
    await recordsByCategory(ctx.db, today, monthStartInstant(now)),
    await recordsByDistrict(ctx.db, today),
  ]
  const publishes = async (code: string, version: number, minor: number) =>
    minor === 0 || (await classVersion(ctx.db, code, version)).publishMinor
  const cats = new Map<string, number>()
  let thisMonth = 0
  for (const g of byCat) {
    if (!(await publishes(g.class_code, g.class_version, g.minor))) continue
    cats.set(g.category, (cats.get(g.category) ?? 0) + g.n)
    thisMonth += g.this_month
  }
  const dists = new Map<string, number>()
  for (const g of byDist) {
    if (!(await publishes(g.class_code, g.class_version, g.minor))) continue
    dists.set(g.district, (dists.get(g.district) ?? 0) + g.n)
  }
  return {
    entities,
    recordsThisMonth: thisMonth,
    red,
    black,
    byCategory: [...cats]
      .map(([code, count]) => ({ code, label: categoryLabel(code), count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    byDistrict: [...dists]
      .map(([code, count]) => ({ code, label: districtLabel(code) ?? code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    asOf: nowIso,
  }
}
