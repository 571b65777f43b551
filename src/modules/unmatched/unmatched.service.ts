// The queue of unmatched subjects (待匹配主体): rows whose subject the collection pipeline could not tie to one entity
// wait here, one entry per subject key, with candidate entities for an operator to choose from. Matching or
// registering releases the rows through the pipeline again (src/flows/unmatched); a provider's own resubmission of a
// queued record takes the queued copy out.
import type { Updateable } from 'kysely'
import type { Actor } from '../../core/actor.js'
import { AppError } from '../../core/errors.js'
import { newId } from '../../core/ids.js'
import type { Trx } from '../../core/command.js'
import type { Db } from '../../db/database.js'
import { allRegions, lookupRegion, nameKey, normalizeName } from '../../identifiers/index.js'
import { type Entity, getEntity, type UnresolvedCause } from '../entities/index.js'
import { type SearchItem, searchEntities } from '../search/index.js'
import { type QueueRowOfBatch, rowsOfEntry } from '../../read-models/queue-rows/index.js'
import { unmatchedError } from './unmatched.errors.js'
import {
  type EntryFilter,
  type EntryRow,
  entriesWithoutPending,
  pendingOfBatch,
  closeEntry,
  entryPage,
  findEntry,
  insertOpenEntry,
  insertQueueRows,
  lockOpenEntries,
  anyPendingOfClass,
  pendingByProviderKeys,
  rowGroups,
  settleRow,
  touchOpenEntry,
} from './unmatched.repository.js'
import {
  type Candidate,
  type CandidateMatch,
  ENTRY_STATUS_LABELS,
  type EntryDetailJson,
  type EntryJson,
  type EntryStatus,
  type QueuedRow,
  type QueuedSubject,
  type QueueRowJson,
  type QueueRowStatus,
  type ResubmittedRow,
} from './unmatched.types.js'
import type { UnmatchedRowsTable } from './unmatched.tables.js'

// ---------------------------------------------------------------- written by the collection pipeline

/**
 * Queues unresolved rows of a chunk (inside its transaction): each joins the open entry of its subject key, or opens
 * one. The entry takes the latest row's cause, message and description of the subject.
 */
export async function enqueueUnmatched(trx: Trx, now: string, rows: readonly QueuedRow[]): Promise<void> {
  const latest = new Map<string, QueuedRow>()
  for (const r of rows) latest.set(r.subjectKey, r)
  const entryOf = new Map<string, string>()
  for (const key of [...latest.keys()].sort()) {
    const r = latest.get(key) as QueuedRow
    const patch = {
      cause: r.cause,
      message: r.message,
      subject: JSON.stringify(r.subject),
      name: r.subject.name,
      uscc: r.subject.uscc,
      last_seen_at: now,
      updated_at: now,
    }
    let id = await touchOpenEntry(trx, key, patch)
    if (!id) {
      await insertOpenEntry(trx, {
        id: newId(),
        subject_key: key,
        status: 'open',
        ...patch,
        first_seen_at: now,
        entity_id: null,
        decided_at: null,
        decided_by_kind: null,
        decided_by: null,
        reason: null,
      })
      id = await touchOpenEntry(trx, key, patch)
    }
    if (!id) throw new Error(`no open queue entry for ${key}`)
    entryOf.set(key, id)
  }
  await insertQueueRows(
    trx,
    rows.map((r) => ({
      batch_id: r.batchId,
      row_no: r.rowNo,
      entry_id: entryOf.get(r.subjectKey) as string,
      dept: r.dept,
      class_code: r.classCode,
      class_version: r.classVersion,
      provider_key: r.providerKey,
      document_no: r.documentNo,
      decided_on: r.decidedOn,
      subject_key: r.subjectKey,
      name_key: r.nameKey,
      plan: r.plan,
      status: 'pending',
      outcome: null,
      outcome_message: null,
      record_id: null,
      resubmitted_batch_id: null,
      created_at: now,
      settled_at: null,
    })),
  )
}

/**
 * A provider resubmitted records (accepted rows of `batchId`): queued copies of the same records leave the queue -
 * same department, class and provider key (文书号), and the same subject name or subject key (one decision may name
 * several parties). Entries left without pending rows are closed as `resubmitted`. Returns how many rows left.
 */
export async function withdrawResubmitted(
  trx: Trx,
  now: string,
  batchId: string,
  classCode: string,
  rows: readonly ResubmittedRow[],
): Promise<number> {
  if (!rows.length || !(await anyPendingOfClass(trx, classCode))) return 0
  const byKey = new Map<string, ResubmittedRow[]>()
  for (const r of rows) {
    const k = `${r.dept}\u0000${r.providerKey}`
    const list = byKey.get(k)
    if (list) list.push(r)
    else byKey.set(k, [r])
  }
  const found = await pendingByProviderKeys(
    trx,
    classCode,
    rows.map((r) => r.providerKey),
  )
  const leaving = found.filter((q) =>
    (byKey.get(`${q.dept}\u0000${q.provider_key}`) ?? []).some(
      (r) =>
        r.subjectKey === q.subject_key || (r.name !== null && q.name_key !== null && nameKey(r.name) === q.name_key),
    ),
  )
  if (!leaving.length) return 0
  const entryIds = [...new Set(leaving.map((q) => q.entry_id))]
  await lockOpenEntries(trx, entryIds, now)
  let n = 0
  for (const q of leaving)
    if (
      await settleRow(trx, q.batch_id, q.row_no, {
        status: 'resubmitted',
        resubmitted_batch_id: batchId,
        settled_at: now,
      })
    )
      n++
  for (const id of await entriesWithoutPending(trx, entryIds))
    await closeEntry(trx, id, { status: 'resubmitted', decided_at: now, updated_at: now })
  return n
}

/**
 * A provider revoked a batch: its rows still waiting in the queue leave it (`withdrawn`), in the revocation's
 * transaction, so that no operator releases a row its provider has taken back. Entries left without pending rows
 * close as `withdrawn`. Returns how many rows left.
 */
export async function withdrawBatchRows(trx: Trx, now: string, batchId: string): Promise<number> {
  const rows = await pendingOfBatch(trx, batchId)
  if (!rows.length) return 0
  const entryIds = [...new Set(rows.map((r) => r.entry_id))]
  await lockOpenEntries(trx, entryIds, now)
  let n = 0
  for (const r of rows) if (await settleRow(trx, batchId, r.row_no, { status: 'withdrawn', settled_at: now })) n++
  for (const id of await entriesWithoutPending(trx, entryIds))
    await closeEntry(trx, id, { status: 'withdrawn', decided_at: now, updated_at: now })
  return n
}

// ---------------------------------------------------------------- reads

/** A page of entries (default: open ones, the most recently seen first) with their cheap candidates. */
export async function listEntries(
  db: Db,
  filter: EntryFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; page: number; pageSize: number; items: EntryJson[] }> {
  const { total, rows } = await entryPage(db, filter, page, pageSize)
  const stats = await summaries(
    db,
    rows.map((r) => r.id),
  )
  const items: EntryJson[] = []
  for (const r of rows) items.push(await present(db, r, stats.get(r.id), false))
  return { total, page, pageSize, items }
}

/** One entry with its rows and every candidate (codes, exact names and name fragments). */
export async function getEntry(db: Db, id: string): Promise<EntryDetailJson> {
  const row = await getEntryRow(db, id)
  const stats = await summaries(db, [id])
  const entry = await present(db, row, stats.get(id), true)
  const items: QueueRowJson[] = (await rowsOfEntry(db, id)).map((r) => ({
    batchId: r.batch_id,
    rowNo: r.row_no,
    dept: r.dept,
    class: r.class_code,
    classVersion: r.class_version,
    documentNo: r.document_no,
    decidedOn: r.decided_on,
    fileName: r.file_name,
    submittedAt: r.batch_created_at,
    status: r.status as QueueRowStatus,
    outcome: r.outcome,
    outcomeMessage: r.outcome_message,
    recordId: r.record_id,
    resubmittedBatchId: r.resubmitted_batch_id,
    settledAt: r.settled_at,
  }))
  return { ...entry, items }
}

export async function getEntryRow(db: Db, id: string): Promise<EntryRow> {
  const row = await findEntry(db, id)
  if (!row) throw unmatchedError('unmatched.not_found', { id })
  return row
}

/** Throws unmatched.not_open unless the entry waits for a decision. */
export function assertOpen(row: EntryRow): void {
  if (row.status !== 'open')
    throw unmatchedError('unmatched.not_open', {
      id: row.id,
      status: row.status,
      statusLabel: ENTRY_STATUS_LABELS[row.status as EntryStatus] ?? row.status,
    })
}

/** The pending rows of an entry in submission order (batch time, batch, row), with their batch's status. */
export async function pendingRowsOf(db: Db, entryId: string): Promise<QueueRowOfBatch[]> {
  return rowsOfEntry(db, entryId, 'pending')
}

/** Settles a pending row (released); false when it was not pending any more. */
export async function settleQueueRow(
  trx: Trx,
  batchId: string,
  rowNo: number,
  patch: Updateable<UnmatchedRowsTable>,
): Promise<boolean> {
  return settleRow(trx, batchId, rowNo, patch)
}

/** Closes an open entry as matched or registered to `entityId`; false when somebody decided it first. */
export async function decideEntry(
  trx: Trx,
  id: string,
  status: 'matched' | 'registered',
  entityId: string,
  actor: Actor,
  now: string,
  reason: string | null,
): Promise<boolean> {
  return closeEntry(trx, id, {
    status,
    entity_id: entityId,
    decided_at: now,
    decided_by_kind: actor.kind,
    decided_by: actor.id,
    reason,
    updated_at: now,
  })
}

export function subjectOf(row: EntryRow): QueuedSubject {
  return JSON.parse(row.subject) as QueuedSubject
}

type Summary = EntryJson['rows']

async function summaries(db: Db, ids: string[]): Promise<Map<string, Summary>> {
  const out = new Map<string, Summary & { batchSet: Set<string> }>()
  for (const g of await rowGroups(db, ids)) {
    let s = out.get(g.entryId)
    if (!s) {
      s = {
        pending: 0,
        released: 0,
        resubmitted: 0,
        withdrawn: 0,
        batches: 0,
        depts: [],
        classes: [],
        batchSet: new Set(),
      }
      out.set(g.entryId, s)
    }
    if (g.status === 'pending' || g.status === 'released' || g.status === 'resubmitted' || g.status === 'withdrawn')
      s[g.status] += g.rows
    s.batchSet.add(g.batchId)
    if (!s.depts.includes(g.dept)) s.depts.push(g.dept)
    if (!s.classes.includes(g.classCode)) s.classes.push(g.classCode)
  }
  const result = new Map<string, Summary>()
  for (const [id, s] of out) {
    const { batchSet, ...rest } = s
    result.set(id, { ...rest, batches: batchSet.size, depts: rest.depts.sort(), classes: rest.classes.sort() })
  }
  return result
}

async function present(db: Db, row: EntryRow, rows: Summary | undefined, fragments: boolean): Promise<EntryJson> {
  const subject = subjectOf(row)
  let entity: EntryJson['entity'] = null
  if (row.entity_id) {
    const e = await getEntity(db, row.entity_id)
    entity = { id: e.id, name: e.name, uscc: e.uscc }
  }
  return {
    id: row.id,
    status: row.status as EntryStatus,
    cause: row.cause as UnresolvedCause,
    message: row.message,
    subject: { ...subject, districtName: subject.district ? (lookupRegion(subject.district)?.name ?? null) : null },
    rows: rows ?? { pending: 0, released: 0, resubmitted: 0, withdrawn: 0, batches: 0, depts: [], classes: [] },
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    entity,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    reason: row.reason,
    candidates: row.status === 'open' ? await candidatesFor(db, subject, { fragments }) : [],
  }
}

// ---------------------------------------------------------------- candidates

const MAX_CANDIDATES = 10

/**
 * Entities that may be the subject: the holders of its codes (USCC, the organisation code embedded in it, other
 * codes), entities with its name (current or former), and - with `fragments` - entities whose name contains the
 * name's core (the name without the leading region names and the trailing organisation form, e.g. 滨海测试贸易 of
 * 天津市滨海测试贸易有限公司). Organisations only (the search never finds natural persons), at most 10.
 */
export async function candidatesFor(
  db: Db,
  subject: QueuedSubject,
  options: { fragments: boolean },
): Promise<Candidate[]> {
  const found = new Map<string, { item: SearchItem; by: Set<CandidateMatch> }>()
  const add = (item: SearchItem, by: CandidateMatch) => {
    const f = found.get(item.id)
    if (f) f.by.add(by)
    else if (found.size < MAX_CANDIDATES) found.set(item.id, { item, by: new Set([by]) })
  }
  const codes = [...(subject.uscc ? [subject.uscc, subject.uscc.slice(8, 17)] : []), ...subject.codes]
  for (const code of [...new Set(codes)]) {
    for (const item of await search(db, code, 5)) add(item, item.match as CandidateMatch)
  }
  const name = subject.name ? normalizeName(subject.name) : ''
  const queries: { q: string; exactOnly: boolean }[] = []
  if ([...nameKey(name)].length >= 2) queries.push({ q: name, exactOnly: !options.fragments })
  const core = options.fragments ? nameCore(name) : ''
  if (core && core !== nameKey(name)) queries.push({ q: core, exactOnly: false })
  for (const { q, exactOnly } of queries) {
    for (const item of await search(db, q, MAX_CANDIDATES)) {
      const exact = q === name && item.match === 'exact'
      if (exactOnly && !exact) continue
      add(item, exact ? (item.matchedName ? 'former_name' : 'name') : 'name_fragment')
    }
  }
  const out: Candidate[] = []
  for (const { item, by } of found.values()) {
    const e: Entity = await getEntity(db, item.id)
    out.push({
      entityId: e.id,
      name: e.name,
      uscc: e.uscc,
      kind: e.kind,
      district: e.district,
      districtName: e.district ? (lookupRegion(e.district)?.name ?? null) : null,
      status: e.status,
      codes: e.identifiers,
      matchedBy: [...by],
    })
  }
  return out
}

/** Entity search; a query it cannot take (too short, too long) finds nothing. */
async function search(db: Db, q: string, pageSize: number): Promise<SearchItem[]> {
  try {
    return (await searchEntities(db, q, {}, { pageSize })).items
  } catch (e) {
    if (e instanceof AppError && e.code.startsWith('search.')) return []
    throw e
  }
}

/** Organisation forms at the end of a name, longest first. */
const ORG_FORMS =
  /(股份有限公司|有限责任公司|股份合作公司|有限公司|股份公司|分公司|总公司|公司|集团|专业合作社|合作社|联合社|事务所|研究院|研究所|中心|工作室|经营部|门市部|商行|商店|超市|酒店|饭店|餐馆|餐厅|厂|店|馆|社|部|站)$/

let regionPrefixes: string[] | undefined

/** Region names (全称 and 简称: 天津市/天津, 滨海新区/滨海, 和平区/和平), longest first. */
function regions(): string[] {
  if (!regionPrefixes) {
    const names = new Set<string>()
    for (const r of allRegions()) {
      if (r.level === 'national' || !r.name || r.name === '市辖区' || r.name === '县') continue
      names.add(r.name)
      const short = r.name.replace(
        /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|新区|省|市|区|县|旗|盟)$/,
        '',
      )
      if ([...short].length >= 2) names.add(short)
    }
    regionPrefixes = [...names].sort((a, b) => b.length - a.length)
  }
  return regionPrefixes
}

/** The distinctive part of an organisation's name: leading region names and a trailing organisation form removed. */
export function nameCore(name: string): string {
  let s = nameKey(name).replace(/\([^)]*\)/g, '')
  for (let changed = true; changed; ) {
    changed = false
    for (const p of regions())
      if (s.startsWith(p) && [...s].length - [...p].length >= 2) {
        s = s.slice(p.length)
        changed = true
        break
      }
  }
  const core = s.replace(ORG_FORMS, '')
  return [...core].length >= 2 ? core : ''
}
