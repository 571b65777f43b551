// The record sections of the government entity file (一户一档, GET /api/v1/entities/:id/file): records by category,
// the authorised-scope records, list entries and objection marks. What a reader sees is decided by the disclosure
// module's visibleTo(principal, purpose) - one rule, record by record; reading authorised-scope records needs a
// stated purpose and writes one audit event carrying it.
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { accessError, principalActor } from '../../modules/access/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import type { CatalogClass } from '../../modules/catalog/index.js'
import {
  AUTHORIZED_READ_ACTION,
  AUTHORIZED_READ_PERMISSION,
  classVersion,
  hasAuthorizedContent,
  inForceCandidateSql,
  publicCandidateSql,
  type Visibility,
  visibleTo,
} from '../../modules/disclosure/index.js'
import type { Entity, FileRequest } from '../../modules/entities/index.js'
import { openMarksOfEntity, presentPublicMark } from '../../modules/marks/index.js'
import {
  groupByCategory,
  type PublicListStatus,
  type PublicRecordSummary,
  presentListStatus,
  presentRecordSummary,
  sortListStatuses,
} from '../../modules/public/index.js'
import { type RecordWithPayload, recordsWithPayloadOfEntity } from '../../modules/records/index.js'

/** A record as the file shows it: the portal's summary plus its scope and providing department. */
export interface FileRecordJson extends PublicRecordSummary {
  scope: string
  provider: string
}

export interface FileCategory {
  code: string
  label: string
  count: number
  records: FileRecordJson[]
}

export interface FileListJson extends PublicListStatus {
  marks: string[]
}

export interface FileMarkJson {
  recordId: string
  kind: string
  label: string
  since: string
}

interface Shown {
  row: RecordWithPayload
  cls: CatalogClass
  json: FileRecordJson
}

export interface FileRecords {
  visibility: Visibility
  /** Every record shown, newest decision first (authorised-scope ones only in the authorised view). */
  shown: Shown[]
  marks: FileMarkJson[]
}

/**
 * The visibility the reader asked for: `authorized` true makes a missing purpose (or permission) an error, false
 * leaves the authorised scope out even with a purpose; otherwise a stated purpose opens it when the role may.
 */
function askedVisibility(request: FileRequest): Visibility {
  const v = visibleTo(request.principal, request.purpose)
  if (request.authorized === true && v.audience !== 'authorized') {
    if (v.withheld.includes('authorized')) throw accessError('access.purpose_required')
    throw accessError('access.forbidden', { permission: AUTHORIZED_READ_PERMISSION })
  }
  if (request.authorized === false && v.audience === 'authorized') return visibleTo(request.principal)
  return v
}

/** The records the reader sees (computed once per file, shared by the record sections), audited when authorised. */
export function fileRecords(ctx: Ctx, entity: Entity, request: FileRequest): Promise<FileRecords> {
  return request.once('records', async () => {
    const visibility = askedVisibility(request)
    const now = ctx.clock.now()
    const today = civilDate(now)
    const prefilter = visibility.audience === 'public' ? publicCandidateSql(today) : inForceCandidateSql(today)
    const person = entity.kind === 'natural_person'
    const candidates: { row: RecordWithPayload; cls: CatalogClass }[] = []
    for (const row of await recordsWithPayloadOfEntity(ctx.db, entity.id, prefilter)) {
      const cls = await classVersion(ctx.db, row.class_code, row.class_version)
      if (visibility.record(row, cls, now).public) candidates.push({ row, cls })
    }
    const shownIds = new Set(candidates.map((c) => c.row.id))
    const open = (await openMarksOfEntity(ctx.db, entity.id)).filter((m) => shownIds.has(m.record_id))
    const marksOf = new Map<string, string[]>()
    for (const m of open) marksOf.set(m.record_id, [...(marksOf.get(m.record_id) ?? []), m.kind])
    const audited: Shown[] = []
    const shown: Shown[] = candidates.map(({ row, cls }) => {
      const payload = JSON.parse(row.payload) as Record<string, unknown>
      const data = visibility.fields(cls, payload, { naturalPerson: person })
      const summary = presentRecordSummary(row, cls, data, marksOf.get(row.id) ?? [])
      const s: Shown = { row, cls, json: { ...summary, scope: row.scope, provider: row.provider_dept } }
      // authorised records, and others' fields of authorised scope, are shown only here: the read is audited
      if (visibility.audience === 'authorized' && hasAuthorizedContent(cls, row.scope, payload)) audited.push(s)
      return s
    })
    if (visibility.audience === 'authorized') {
      const authorised = audited
      const reader = principalActor(request.principal, request.requestId, visibility.purpose ?? undefined)
      await runCommand(ctx, reader, ({ trx, clock }) =>
        recordAudit(trx, clock, reader, {
          action: AUTHORIZED_READ_ACTION,
          targetType: 'entity',
          targetId: entity.id,
          subjects: [entity.id],
          details: {
            via: 'entity_file',
            records: authorised.map((s) => s.row.id),
            classes: [...new Set(authorised.map((s) => s.row.class_code))],
          },
        }),
      )
    }
    return { visibility, shown, marks: open.map(presentPublicMark) }
  })
}

const isAuthorisedScope = (s: Shown) => s.row.scope === 'authorized' || s.cls.scope === 'authorized'

/** `records`: the public and government-shared records the reader sees, by national category. */
export async function recordsSection(ctx: Ctx, entity: Entity, request: FileRequest) {
  const { visibility, shown } = await fileRecords(ctx, entity, request)
  const list = shown.filter((s) => !isAuthorisedScope(s)).map((s) => s.json)
  return {
    audience: visibility.audience,
    total: list.length,
    byScope: {
      public: list.filter((r) => r.scope === 'public').length,
      government: list.filter((r) => r.scope === 'government').length,
    },
    categories: groupByCategory(list) as FileCategory[],
  }
}

/**
 * `authorized`: the authorised-scope (授权查询) records, only in the authorised view (a stated purpose, audited).
 * A reader who would see them with a purpose but stated none gets a note instead; anybody else nothing.
 */
export async function authorizedSection(ctx: Ctx, entity: Entity, request: FileRequest) {
  const { visibility, shown } = await fileRecords(ctx, entity, request)
  if (visibility.audience !== 'authorized') {
    if (visibility.withheld.includes('authorized') && request.authorized !== false)
      request.notes.push({
        section: 'authorized',
        code: 'access.purpose_required',
        message:
          '授权查询范围的信用记录须说明查询用途后查看：请在请求头 X-Purpose 中填写查询目的（中文请用 URL 编码的 UTF-8），该次查询记入审计日志。',
      })
    return undefined
  }
  const list = shown.filter(isAuthorisedScope).map((s) => s.json)
  return { purpose: visibility.purpose, total: list.length, categories: groupByCategory(list) as FileCategory[] }
}

/** `lists`: the entity's red, black and focus list entries among the records shown, with their marks. */
export async function listsSection(ctx: Ctx, entity: Entity, request: FileRequest): Promise<FileListJson[]> {
  const { shown } = await fileRecords(ctx, entity, request)
  const lists: FileListJson[] = []
  for (const s of shown) {
    const status = presentListStatus(s.row, s.cls)
    if (status) lists.push({ ...status, marks: s.json.marks })
  }
  return sortListStatuses(lists)
}

/** `marks`: the open marks (异议处理中) on the records shown. */
export async function marksSection(ctx: Ctx, entity: Entity, request: FileRequest): Promise<FileMarkJson[]> {
  return (await fileRecords(ctx, entity, request)).marks
}
