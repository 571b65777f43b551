// SQL of the federation-feed read model: a page of the change feed for one peer - the versions stored after a cursor,
// of the classes exchanged with it, never of authorised-only scope, never of a record a peer sent us.
import { sql } from 'kysely'
import type { Db } from '../../db/database.js'

export interface FeedRow {
  seq: number
  record_id: string
  version: number
  op: string
  state: string
  class_code: string
  class_version: number
  payload: string
  reason: string | null
  created_at: string
  list_kind: string | null
  list_until: string | null
}

/** The feed's head: the highest seq committed now (0 when empty). */
export async function feedHead(db: Db): Promise<number> {
  const r = await db
    .selectFrom('record_changes')
    .select((eb) => eb.fn.max<number>('seq').as('m'))
    .executeTakeFirst()
  return r?.m == null ? 0 : Number(r.m)
}

/**
 * How many changes of the feed `feedPage` would still serve with `after < seq <= upTo` (records of `classes`, not
 * authorised-only, not a peer's), counted up to `cap` (the peer's lag in entries, shown to the receiving operator).
 */
export async function feedPendingCount(
  db: Db,
  after: number,
  upTo: number,
  classes: readonly string[],
  cap: number,
): Promise<number> {
  if (classes.length === 0 || after >= upTo) return 0
  const inner = db
    .selectFrom('record_changes as c')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .select(sql.lit(1).as('x'))
    .where('c.seq', '>', after)
    .where('c.seq', '<=', upTo)
    .where('r.class_code', 'in', [...classes])
    .where('r.scope', '<>', 'authorized')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('federation_records as f')
            .select(sql.lit(1).as('x'))
            .whereRef('f.record_id', '=', 'c.record_id'),
        ),
      ),
    )
    .limit(cap)
    .as('p')
  const r = await db
    .selectFrom(inner)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/**
 * Up to `limit` changes with `after < seq <= upTo`, in seq order, of records of `classes` whose scope is not
 * authorised-only and that no peer sent (no provenance row).
 */
export async function feedPage(
  db: Db,
  after: number,
  upTo: number,
  classes: readonly string[],
  limit: number,
): Promise<FeedRow[]> {
  if (classes.length === 0) return []
  const rows = await db
    .selectFrom('record_changes as c')
    .innerJoin('records as r', 'r.id', 'c.record_id')
    .innerJoin('record_versions as v', (j) =>
      j.onRef('v.record_id', '=', 'c.record_id').onRef('v.version', '=', 'c.version'),
    )
    .select([
      'c.seq',
      'c.record_id',
      'c.version',
      'v.op',
      'v.state',
      'r.class_code',
      'v.class_version',
      'v.payload',
      'v.reason',
      'v.created_at',
      'r.list_kind',
      'r.list_until',
    ])
    .where('c.seq', '>', after)
    .where('c.seq', '<=', upTo)
    .where('r.class_code', 'in', [...classes])
    .where('r.scope', '<>', 'authorized')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('federation_records as f')
            .select(sql.lit(1).as('x'))
            .whereRef('f.record_id', '=', 'c.record_id'),
        ),
      ),
    )
    .orderBy('c.seq')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    version: Number(r.version),
    class_version: Number(r.class_version),
  }))
}

export interface ExportRow {
  id: string
  class_version: number
  updated_at: string
  payload: string
}

/**
 * A page of the records of one class this platform holds as its own (no provenance: never a peer's) and in force
 * (active), whose current version was stored in [from, to): keyset on (updated_at, id), `limit` at a time.
 */
export async function ownRecordsChanged(
  db: Db,
  classCode: string,
  range: { from: string; to: string },
  after: { updatedAt: string; id: string } | null,
  limit: number,
): Promise<ExportRow[]> {
  let q = db
    .selectFrom('records as r')
    .innerJoin('record_versions as v', (j) => j.onRef('v.record_id', '=', 'r.id').onRef('v.version', '=', 'r.version'))
    .select(['r.id', 'v.class_version', 'r.updated_at', 'v.payload'])
    .where('r.class_code', '=', classCode)
    .where('r.state', '=', 'active')
    .where('r.updated_at', '>=', range.from)
    .where('r.updated_at', '<', range.to)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('federation_records as f').select(sql.lit(1).as('x')).whereRef('f.record_id', '=', 'r.id'),
        ),
      ),
    )
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('r.updated_at', '>', after.updatedAt),
        eb.and([eb('r.updated_at', '=', after.updatedAt), eb('r.id', '>', after.id)]),
      ]),
    )
  const rows = await q.orderBy('r.updated_at').orderBy('r.id').limit(limit).execute()
  return rows.map((r) => ({ ...r, class_version: Number(r.class_version) }))
}
