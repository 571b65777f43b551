// What a check reads, for one subject or a thousand at once: the subject's entity (plain USCCs and entity ids in one
// query per 500, anything else through the general resolver), the active records of the subjects and which of them
// are under objection. Reading in bulk keeps a batch of 1,000 subjects to a handful of queries.
import type { Ctx } from '../../container.js'
import { civilDate } from '../../core/clock.js'
import { AppError } from '../../core/errors.js'
import { checkCode } from '../../identifiers/index.js'
import { findSubjectRows, resolveEntity, type SubjectRow } from '../entities/index.js'
import type { TriggerRow } from '../records/index.js'
import { checkError } from './checks.errors.js'
import { triggerRowsOf } from './checks.repository.js'

export interface SubjectInput {
  uscc?: string | undefined
  entityId?: string | undefined
  name?: string | undefined
  code?: string | undefined
  idNumber?: string | undefined
}

/** A subject of a check: its entity row, or the coded error that says why it is not one. */
export type ResolvedSubject = { entity: SubjectRow } | { error: AppError }

function plainUscc(s: SubjectInput): string | null {
  if (s.entityId || s.code || s.idNumber || !s.uscc) return null
  const r = checkCode(s.uscc)
  return r.valid && r.scheme === 'uscc' ? r.normalized : null
}

/** The general path: every identifier scheme, names, ID numbers; throws checks.subject_unresolved. */
async function resolveOne(ctx: Ctx, s: SubjectInput, purpose: string | undefined): Promise<SubjectRow> {
  const today = civilDate(ctx.clock.now())
  if (s.idNumber && !purpose) throw checkError('checks.purpose_required')
  if (!s.uscc && !s.code && !s.idNumber) throw checkError('checks.subject_invalid')
  const r = await resolveEntity(
    ctx.db,
    ctx.keys,
    { uscc: s.uscc ?? null, codes: s.code ? [s.code] : [], name: s.name ?? null, idNumber: s.idNumber ?? null },
    today,
  )
  if (r.status !== 'matched') throw checkError('checks.subject_unresolved', { reason: r.reason, message: r.message })
  const [row] = await findSubjectRows(ctx.db, 'id', [r.entityId])
  if (!row) throw checkError('checks.subject_unresolved', { reason: 'not_found', message: '未找到匹配的主体' })
  return row
}

/**
 * Resolves the subjects in order. Plain USCCs and entity ids are looked up in bulk; a USCC not found that way (it
 * may be known by its embedded organisation code) and every other shape go through the general resolver. An unknown
 * subject is checks.subject_unresolved, never a subject without records.
 */
export async function resolveSubjects(
  ctx: Ctx,
  subjects: readonly SubjectInput[],
  purpose: string | undefined,
): Promise<ResolvedSubject[]> {
  const byUscc = new Map<string, SubjectRow>()
  const byId = new Map<string, SubjectRow>()
  const usccs = subjects.map(plainUscc)
  const ids = subjects.map((s) => (s.entityId ? s.entityId : null))
  for (const r of await findSubjectRows(
    ctx.db,
    'uscc',
    usccs.filter((u): u is string => u !== null),
  ))
    if (r.uscc) byUscc.set(r.uscc, r)
  for (const r of await findSubjectRows(
    ctx.db,
    'id',
    ids.filter((u): u is string => u !== null),
  ))
    byId.set(r.id, r)
  const out: ResolvedSubject[] = []
  for (const [i, s] of subjects.entries()) {
    try {
      const id = ids[i]
      if (id) {
        const row = byId.get(id)
        if (!row) throw checkError('checks.subject_unresolved', { reason: 'not_found', message: '主体编号不存在' })
        out.push({ entity: row })
        continue
      }
      const uscc = usccs[i]
      const row = uscc ? byUscc.get(uscc) : undefined
      out.push({ entity: row ?? (await resolveOne(ctx, s, purpose)) })
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e
      out.push({ error: e })
    }
  }
  return out
}

/** Which records a check reads: of these classes, or list entries of these kinds, or of these severities. */
export interface TriggerReads {
  classes: readonly string[]
  listKinds?: readonly string[]
  severities?: readonly string[]
}

/**
 * The active records of the entities that may trigger or exclude a measure (grouped by entity) and the ids of those
 * under an open objection.
 */
export async function triggerInputs(
  ctx: Ctx,
  entityIds: readonly string[],
  reads: TriggerReads,
): Promise<{ records: Map<string, TriggerRow[]>; underObjection: Set<string> }> {
  const records = new Map<string, TriggerRow[]>()
  const underObjection = new Set<string>()
  const what = {
    classes: [...new Set(reads.classes)],
    listKinds: [...new Set(reads.listKinds ?? [])],
    severities: [...new Set(reads.severities ?? [])],
  }
  if (entityIds.length === 0 || what.classes.length + what.listKinds.length + what.severities.length === 0)
    return { records, underObjection }
  for (const { objected, ...r } of await triggerRowsOf(ctx.db, [...entityIds], what)) {
    if (objected) underObjection.add(r.id)
    const list = records.get(r.entity_id)
    if (list) list.push(r)
    else records.set(r.entity_id, [r])
  }
  // newest decision first, then by id: the order of a hit's triggering records
  for (const list of records.values())
    list.sort(
      (a, b) => (b.decided_on ?? '').localeCompare(a.decided_on ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
  return { records, underObjection }
}
