// Per-entity flags with until-instants, derived from the entity's public records and open marks. Recomputed for
// the entities whose records or marks change (ingest chunks, revocations, marks); they expire by themselves.
import { systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand, type Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import type { CatalogClass } from '../catalog/index.js'
import { noteEntitiesChanged } from '../entities/index.js'
import { classLoader } from './disclosure.classes.js'
import {
  entityIdsWithRecords,
  flagSourceRecords,
  openMarkedRecords,
  type RuleRow,
} from '../../read-models/disclosure-sources/index.js'
import { activeEntityFlags, countFlaggedEntities, raiseEntityFlagRows, replaceEntityFlags } from '../search/index.js'
import { isPublic, publicUntil } from './disclosure.rule.js'

/** The flags this module maintains (in the search module's flag table, which may hold others). */
export const MANAGED_FLAGS = ['negative', 'black_list', 'red_list', 'focus_list', 'under_objection'] as const
export type EntityFlag = (typeof MANAGED_FLAGS)[number]

const LIST_FLAG: Record<string, EntityFlag> = { black: 'black_list', red: 'red_list', focus: 'focus_list' }

export interface FlagRow {
  entity_id: string
  flag: EntityFlag
  until: string
}

type Loader = (code: string, version: number) => Promise<CatalogClass>

/**
 * The flags of records, each with the latest instant at which a record raising it stops being public:
 * `negative` (a public negative record), `black_list` / `red_list` / `focus_list` (a public list entry; its end is
 * the earlier of the list period and the window), `under_objection` (a public record with an open objection mark).
 */
export async function computeFlags(
  rows: readonly RuleRow[],
  marked: readonly (RuleRow & { mark_kind: string })[],
  load: Loader,
  now: Date,
): Promise<FlagRow[]> {
  const best = new Map<string, FlagRow>()
  const raise = (entityId: string, flag: EntityFlag, until: string | null) => {
    if (!until) return
    const key = `${entityId}\u0000${flag}`
    const cur = best.get(key)
    if (!cur || cur.until < until) best.set(key, { entity_id: entityId, flag, until })
  }
  for (const r of rows) {
    const cls = await load(r.class_code, r.class_version)
    if (!isPublic(r, cls, now).public) continue
    const until = publicUntil(r)
    if (r.polarity === 'negative') raise(r.entity_id, 'negative', until)
    const listFlag = r.list_kind ? LIST_FLAG[r.list_kind] : undefined
    if (listFlag) raise(r.entity_id, listFlag, until)
  }
  for (const r of marked) {
    if (r.mark_kind !== 'under_objection') continue
    const cls = await load(r.class_code, r.class_version)
    if (!isPublic(r, cls, now).public) continue
    raise(r.entity_id, 'under_objection', publicUntil(r))
  }
  return [...best.values()].sort((a, b) => a.entity_id.localeCompare(b.entity_id) || a.flag.localeCompare(b.flag))
}

type ChangeListener = (entityIds: readonly string[]) => void
const listeners = new Set<ChangeListener>()

/**
 * Tells `listener` about every refresh in this process: the entities whose records or marks just changed (read
 * models such as the public entity-file cache drop them at once). Changes made by other processes are known through
 * the entities' change counters (noteEntitiesChanged, in the same transaction). Returns the function that
 * unsubscribes.
 */
export function onEntitiesChanged(listener: ChangeListener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

function notify(ids: readonly string[]): void {
  for (const l of listeners) {
    try {
      l(ids)
    } catch {
      // a read model's listener never breaks a write
    }
  }
}

async function refreshIn(db: Db, ids: string[], now: Date): Promise<FlagRow[]> {
  const today = civilDate(now)
  const load = classLoader(db, {})
  const rows = await computeFlags(
    await flagSourceRecords(db, ids, today),
    await openMarkedRecords(db, ids, today),
    load,
    now,
  )
  await replaceEntityFlags(db, ids, MANAGED_FLAGS, rows)
  // every process's caches learn of the change through the database; this process's at once
  await noteEntitiesChanged(db, ids, now)
  notify(ids)
  return rows
}

/**
 * Recomputes the flags of the entities from their records and marks as they are at `now`, one step of the command
 * that changed them (the ingest pipeline after each chunk, revocations, marks): flags and records commit together.
 */
export async function refreshEntityFlags(trx: Trx, entityIds: Iterable<string>, now: Date): Promise<FlagRow[]> {
  const ids = [...new Set(entityIds)].filter(Boolean)
  if (ids.length === 0) return []
  return refreshIn(trx, ids, now)
}

/**
 * Raises the flags of entities by records just added to them (not yet marked, nothing removed): flags only grow
 * then, so each flag keeps the later of its stored until and the new records' one. Cheaper than a refresh, which
 * rereads all the entities' records; changes to existing records still need `refreshEntityFlags`.
 */
export async function raiseEntityFlags(trx: Trx, added: readonly RuleRow[], now: Date): Promise<FlagRow[]> {
  if (added.length === 0) return []
  const rows = await computeFlags(added, [], classLoader(trx, {}), now)
  await raiseEntityFlagRows(trx, rows)
  const ids = [...new Set(added.map((r) => r.entity_id))]
  await noteEntitiesChanged(trx, ids, now)
  notify(ids)
  return rows
}

/**
 * Recomputes the flags of every entity that has records as they are at the clock's now (after loading data without
 * the pipeline hook, or to repair), one command per page of entities. Returns how many entities were looked at.
 */
export async function rebuildEntityFlags(ctx: Pick<Ctx, 'db' | 'clock'>, pageSize = 2000): Promise<number> {
  const actor = systemActor('disclosure.flags')
  const now = ctx.clock.now()
  let after: string | null = null
  let n = 0
  for (;;) {
    const ids = await entityIdsWithRecords(ctx.db, after, pageSize)
    if (ids.length === 0) return n
    await runCommand(ctx, actor, ({ trx }) => refreshEntityFlags(trx, ids, now))
    n += ids.length
    after = ids[ids.length - 1] as string
  }
}

/** The flags of the entities that are true at `now` (sorted, by entity id). */
export async function flagsOf(db: Db, entityIds: string[], now: Date): Promise<Map<string, EntityFlag[]>> {
  const m = await activeEntityFlags(db, entityIds, MANAGED_FLAGS, now.toISOString())
  const order = new Map<string, number>(MANAGED_FLAGS.map((f, i) => [f, i]))
  const out = new Map<string, EntityFlag[]>()
  for (const [id, list] of m)
    out.set(
      id,
      (list as EntityFlag[]).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    )
  return out
}

/** How many entities carry the flag at `nowIso`. */
export async function countFlag(db: Db, flag: EntityFlag, nowIso: string): Promise<number> {
  return countFlaggedEntities(db, flag, nowIso)
}
