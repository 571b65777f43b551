import { type Insertable, type Selectable, sql, type Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ContentItemsTable, ContentVersionsTable } from './content.tables.js'

export type ContentItemRow = Selectable<ContentItemsTable>
export type ContentVersionRow = Selectable<ContentVersionsTable>

/** A published article with the version the portal shows. */
export interface PublishedRow {
  id: string
  section: string
  first_published_at: string
  published_at: string
  version: number
  title: string
  summary: string | null
  source: string | null
  body: string
  updated_at: string
}

export async function insertItem(db: Db, row: Insertable<ContentItemsTable>): Promise<void> {
  await db.insertInto('content_items').values(row).execute()
}

export async function insertVersion(db: Db, row: Insertable<ContentVersionsTable>): Promise<void> {
  await db.insertInto('content_versions').values(row).execute()
}

export async function findItem(db: Db, id: string): Promise<ContentItemRow | undefined> {
  return db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * Changes the item only while its newest version is still `version` (optimistic lock): false when somebody else
 * changed it meanwhile.
 */
export async function updateItemAt(
  db: Db,
  id: string,
  version: number,
  set: Updateable<ContentItemsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('content_items')
    .set(set)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function findVersion(db: Db, id: string, version: number): Promise<ContentVersionRow | undefined> {
  return db
    .selectFrom('content_versions')
    .selectAll()
    .where('item_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
}

export async function setVersionPublished(db: Db, id: string, version: number, at: string): Promise<void> {
  await db
    .updateTable('content_versions')
    .set({ published_at: at })
    .where('item_id', '=', id)
    .where('version', '=', version)
    .execute()
}

/** Every version of an item, newest first, without the bodies. */
export async function versionsOf(db: Db, id: string): Promise<Omit<ContentVersionRow, 'body'>[]> {
  return db
    .selectFrom('content_versions')
    .select([
      'item_id',
      'version',
      'title',
      'summary',
      'source',
      'note',
      'actor_kind',
      'actor_id',
      'created_at',
      'published_at',
    ])
    .where('item_id', '=', id)
    .orderBy('version', 'desc')
    .execute()
}

export interface ItemFilter {
  section?: string | undefined
  status?: string | undefined
  /** A fragment of the title. */
  q?: string | undefined
}

function itemQuery(db: Db, f: ItemFilter) {
  let q = db.selectFrom('content_items')
  if (f.section) q = q.where('section', '=', f.section)
  if (f.status) q = q.where('status', '=', f.status)
  if (f.q) q = q.where(sql<boolean>`title like ${`%${escapeLike(f.q)}%`} escape '!'`)
  return q
}

/** `%`, `_` and `!` in a fragment match themselves (LIKE ... ESCAPE '!', the same in both dialects). */
function escapeLike(s: string): string {
  return s.replace(/[!%_]/g, (c) => `!${c}`)
}

/** A page of items (console), the most recently changed first; with the total. */
export async function listItems(
  db: Db,
  f: ItemFilter,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: ContentItemRow[] }> {
  const count = await itemQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await itemQuery(db, f)
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: Number(count.n), rows }
}

function publishedQuery(db: Db, section: string | undefined) {
  let q = db
    .selectFrom('content_items as i')
    .innerJoin('content_versions as v', (j) =>
      j.onRef('v.item_id', '=', 'i.id').onRef('v.version', '=', 'i.published_version'),
    )
    .where('i.status', '=', 'published')
  if (section) q = q.where('i.section', '=', section)
  return q
}

const publishedColumns = [
  'i.id',
  'i.section',
  'i.first_published_at',
  'i.published_at',
  'v.version',
  'v.title',
  'v.summary',
  'v.source',
  'v.body',
  'v.created_at as updated_at',
] as const

/** A page of published articles, newest first (by first publication); with the total. */
export async function publishedItems(
  db: Db,
  section: string | undefined,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: PublishedRow[] }> {
  const count = await publishedQuery(db, section)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await publishedQuery(db, section)
    .select(publishedColumns)
    .orderBy('i.first_published_at', 'desc')
    .orderBy('i.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: Number(count.n), rows: rows as PublishedRow[] }
}

export async function publishedItem(db: Db, id: string): Promise<PublishedRow | undefined> {
  const row = await publishedQuery(db, undefined).select(publishedColumns).where('i.id', '=', id).executeTakeFirst()
  return row as PublishedRow | undefined
}
