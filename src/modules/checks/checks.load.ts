// What a check reads, for one subject or a thousand at once: the subject's entity (plain USCCs and entity ids in one
// query per 500, anything else through the entities module's lookup path), the active records of the subjects and which of them
// are under objection. Reading in bulk keeps a batch of 1,000 subjects to a handful of queries.
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import type { AppError } from '../../core/errors.js'
import { checkCode } from '../../identifiers/index.js'
import { findSubjectRows, lookupEntities, type ResolveQuery, type SubjectRow } from '../entities/index.js'
import { type TriggerRow, triggerRowsOf } from '../../read-models/check-triggers/index.js'
import { checkError } from './checks.errors.js'

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

/**
 * Resolves the subjects in order. Plain USCCs and entity ids are looked up in bulk; a USCC not found that way (it
 * may be known by its embedded organisation code) and every other shape go through the lookup path of the entities
 * module, which refuses a subject given by ID number without a purpose (checks.purpose_required, in its place) and
 * audits those it looks up. An unknown subject is checks.subject_unresolved, never a subject without records.
 */
export async function resolveSubjects(
  ctx: Ctx,
  actor: Actor,
  subjects: readonly SubjectInput[],
  lookup: { batchId: string | null },
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
  const out: (ResolvedSubject | null)[] = []
  // the subjects for the general path (their place in `out` is filled in below): index and query
  const general: { index: number; query: ResolveQuery }[] = []
  for (const [i, s] of subjects.entries()) {
    const id = ids[i]
    if (id) {
      const row = byId.get(id)
      out.push(
        row
          ? { entity: row }
          : { error: checkError('checks.subject_unresolved', { reason: 'not_found', message: '主体编号不存在' }) },
      )
      continue
    }
    const uscc = usccs[i]
    const row = uscc ? byUscc.get(uscc) : undefined
    if (row) out.push({ entity: row })
    else if (!s.uscc && !s.code && !s.idNumber) out.push({ error: checkError('checks.subject_invalid') })
    else {
      out.push(null)
      general.push({
        index: i,
        query: {
          uscc: s.uscc ?? null,
          codes: s.code ? [s.code] : [],
          name: s.name ?? null,
          idNumber: s.idNumber ?? null,
        },
      })
    }
  }
  const batchId = lookup.batchId
  const found =
    general.length === 0
      ? []
      : await lookupEntities(
          ctx,
          actor,
          general.map((g) => g.query),
          {
            via: batchId ? 'check_batch' : 'check',
            purposeRequired: () => checkError('checks.purpose_required'),
            details: (k) => (batchId ? { batchId, index: general[k]?.index } : {}),
          },
        )
  const matched = found.flatMap((f) => ('result' in f && f.result.status === 'matched' ? [f.result.entityId] : []))
  const rows = new Map((await findSubjectRows(ctx.db, 'id', matched)).map((r) => [r.id, r]))
  for (const [k, f] of found.entries()) {
    const index = (general[k] as { index: number }).index
    if ('error' in f) out[index] = { error: f.error }
    else if (f.result.status !== 'matched')
      out[index] = {
        error: checkError('checks.subject_unresolved', { reason: f.result.reason, message: f.result.message }),
      }
    else {
      const row = rows.get(f.result.entityId)
      out[index] = row
        ? { entity: row }
        : { error: checkError('checks.subject_unresolved', { reason: 'not_found', message: '未找到匹配的主体' }) }
    }
  }
  return out.map((r) => r ?? { error: checkError('checks.subject_invalid') })
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
