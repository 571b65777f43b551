// The subject's own file (本人档案, GET /api/v1/me/file): everything the platform holds about the entity a subject
// account is bound to - every scope, every state with its version history, marks, list entries, commitments, the
// checks run on it and its cases - composed from the modules' own reads. ID numbers stay masked (the clear number
// only through the audited reveal path); reading one's own file is not a read by somebody else and is not logged.
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { accessError, listDepartments, type Principal } from '../../modules/access/index.js'
import type { CatalogClass } from '../../modules/catalog/index.js'
import { entityChecks, type FileCheckJson } from '../../modules/checks/index.js'
import { type EntityCommitments, entityCommitments } from '../../modules/commitments/index.js'
import { classVersion, publicLastDay, visibilityOf } from '../../modules/disclosure/index.js'
import { type EntityJson, getEntity, presentEntity } from '../../modules/entities/index.js'
import { entityGrades, type GradeView } from '../../modules/grading/index.js'
import { MARK_LABELS, marksOfRecord } from '../../modules/marks/index.js'
import { categoryLabel, groupByCategory, presentListStatus, type PublicListStatus } from '../../modules/public/index.js'
import { type RecordWithPayload, recordHistory, recordsWithPayloadOfEntity } from '../../modules/records/index.js'
import { type SubjectCaseJson, subjectCases } from './cases.js'

/** How many of the newest checks the file lists (the total counts them all; the access log has every one). */
export const ME_FILE_CHECKS = 100

/** A record's standing as the subject's file labels it (glossary: 有效 / 已到期 / 已撤销 / 已修复 / 已更正). */
export type RecordStatus = 'active' | 'expired' | 'revoked' | 'repaired' | 'corrected'

export interface MeField {
  code: string
  label: string
  value: unknown
  /** The catalog's field type (an amount is in 元). */
  type: string
}

export interface MeRecordVersion {
  version: number
  /** add | correct | revoke | repair */
  op: string
  /** The state the version was stored with (active, revoked, repaired). */
  state: string
  /** The record's current version; earlier ones were superseded (已更正) by a later one. */
  current: boolean
  at: string
  reason: string | null
  fields: MeField[]
}

export interface MeRecord {
  id: string
  class: string
  className: string
  category: string
  categoryLabel: string
  scope: string
  /** Stored state: active | revoked | repaired. */
  state: string
  /** Active but past its publication window (derived from the clock). */
  expired: boolean
  /** A later version corrected it (a correction from the provider). */
  corrected: boolean
  status: RecordStatus
  polarity: string
  severity: string | null
  decidedOn: string | null
  documentNo: string | null
  authority: string | null
  provider: string
  providerName: string | null
  publication: { from: string; until: string } | null
  list: { kind: string; until: string | null } | null
  version: number
  /** Open marks (under_objection). */
  marks: string[]
  fields: MeField[]
  history: MeRecordVersion[]
}

export interface MeMark {
  recordId: string
  kind: string
  label: string
  open: boolean
  openedAt: string
  openReason: string
  closedAt: string | null
  closeReason: string | null
}

export interface MeListEntry extends PublicListStatus {
  state: string
  status: RecordStatus
}

export interface MeFile {
  entity: EntityJson
  generatedAt: string
  records: {
    total: number
    byScope: Record<string, number>
    byStatus: Record<string, number>
    categories: { code: string; label: string; count: number; records: MeRecord[] }[]
  }
  marks: MeMark[]
  lists: MeListEntry[]
  commitments: EntityCommitments
  checks: { total: number; items: (FileCheckJson & { deptName: string | null })[] }
  /** Objections, repairs and other cases about the entity (their workflows add them; none yet is none). */
  cases: SubjectCaseJson[]
  /**
   * Today's credit evaluation (公共信用综合评价) by every model that grades the entity, each reason with the records
   * behind it (an objection can name exactly those); none for natural persons.
   */
  grades: GradeView[]
}

/** The entity the signed-in subject (or its agent) is bound to; a principal bound to none may not use /me routes. */
export function boundEntity(principal: Principal): string {
  if (!principal.entityId) throw accessError('access.forbidden', { permission: 'self.read' })
  return principal.entityId
}

function statusOf(row: RecordWithPayload, corrected: boolean, today: string): RecordStatus {
  if (row.state === 'revoked') return 'revoked'
  if (row.state === 'repaired') return 'repaired'
  const last = publicLastDay(row)
  if (last && last < today) return 'expired'
  return corrected ? 'corrected' : 'active'
}

/** The subject's own file: every record of its entity whatever its scope and state, with history. */
export async function subjectFile(ctx: Ctx, principal: Principal): Promise<MeFile> {
  const entityId = boundEntity(principal)
  const entity = await getEntity(ctx.db, entityId)
  const now = ctx.clock.now()
  const today = civilDate(now)
  const person = entity.kind === 'natural_person'
  // every scope: the authorised view's fields, ID numbers masked as everywhere
  const view = visibilityOf('authorized')
  const depts = new Map((await listDepartments(ctx)).map((d) => [d.code, d.name]))
  const fieldsOf = (cls: CatalogClass, payload: string): MeField[] => {
    const data = view.fields(cls, JSON.parse(payload) as Record<string, unknown>, { naturalPerson: person })
    const out: MeField[] = []
    for (const f of cls.fields) {
      const v = data[f.code]
      if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue
      out.push({ code: f.code, label: f.label, value: v, type: f.type })
    }
    return out
  }

  const records: MeRecord[] = []
  const marks: MeMark[] = []
  const lists: MeListEntry[] = []
  for (const row of await recordsWithPayloadOfEntity(ctx.db, entityId)) {
    const cls = await classVersion(ctx.db, row.class_code, row.class_version)
    const { versions } = await recordHistory(ctx.db, row.id)
    const history: MeRecordVersion[] = []
    for (const v of versions) {
      const vcls =
        v.class_version === row.class_version ? cls : await classVersion(ctx.db, row.class_code, v.class_version)
      history.push({
        version: v.version,
        op: v.op,
        state: v.state,
        current: v.version === row.version,
        at: v.created_at,
        reason: v.reason,
        fields: fieldsOf(vcls, v.payload),
      })
    }
    const corrected = versions.some((v) => v.op === 'correct')
    const status = statusOf(row, corrected, today)
    const recordMarks = await marksOfRecord(ctx.db, row.id)
    for (const m of recordMarks)
      marks.push({
        recordId: m.record_id,
        kind: m.kind,
        label: MARK_LABELS[m.kind] ?? m.kind,
        open: m.closed_at === null,
        openedAt: m.opened_at,
        openReason: m.open_reason,
        closedAt: m.closed_at,
        closeReason: m.close_reason,
      })
    const last = publicLastDay(row)
    records.push({
      id: row.id,
      class: row.class_code,
      className: cls.nameZh,
      category: row.category,
      categoryLabel: categoryLabel(row.category),
      scope: row.scope,
      state: row.state,
      expired: status === 'expired',
      corrected,
      status,
      polarity: row.polarity,
      severity: row.polarity === 'negative' ? row.severity : null,
      decidedOn: row.decided_on,
      documentNo: row.document_no,
      authority: row.authority,
      provider: row.provider_dept,
      providerName: depts.get(row.provider_dept) ?? null,
      publication: row.publish_from && last ? { from: row.publish_from, until: last } : null,
      list: row.list_kind ? { kind: row.list_kind, until: row.list_until } : null,
      version: row.version,
      marks: recordMarks.filter((m) => m.closed_at === null).map((m) => m.kind),
      fields: fieldsOf(cls, row.payload),
      history,
    })
    const listed = presentListStatus(row, cls)
    if (listed) lists.push({ ...listed, state: row.state, status })
  }
  const count = (key: (r: MeRecord) => string) => {
    const out: Record<string, number> = {}
    for (const r of records) out[key(r)] = (out[key(r)] ?? 0) + 1
    return out
  }
  const checks = await entityChecks(ctx.db, entityId, ME_FILE_CHECKS)
  return {
    entity: presentEntity(entity),
    generatedAt: now.toISOString(),
    records: {
      total: records.length,
      byScope: count((r) => r.scope),
      byStatus: count((r) => r.status),
      categories: groupByCategory(records),
    },
    marks: marks.sort((a, b) => b.openedAt.localeCompare(a.openedAt)),
    lists: lists.sort((a, b) => (b.listedOn ?? '').localeCompare(a.listedOn ?? '')),
    commitments: await entityCommitments(ctx, entityId),
    checks: {
      total: checks.total,
      items: checks.items.map((c) => ({ ...c, deptName: c.dept ? (depts.get(c.dept) ?? null) : null })),
    },
    cases: await subjectCases(ctx, entityId),
    grades: person ? [] : await entityGrades(ctx, entityId),
  }
}
