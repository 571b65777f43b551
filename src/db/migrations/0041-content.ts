import type { Kysely } from 'kysely'

/**
 * Portal content (门户内容, docs/content.md): articles of four sections (政策法规, 新闻动态, 典型案例, 通知公告) that
 * operators write in the console. `content_items` holds an article's state (草稿, 已发布, 已撤下), the number of its
 * newest version and of the version the portal shows; `content_versions` every version ever saved (title, summary,
 * source, Markdown body, who and when, the note), never changed in place: a version records when it went live.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('first_published_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('content_items_section_status')
    .on('content_items')
    .columns(['section', 'status', 'first_published_at'])
    .execute()
  await db.schema.createIndex('content_items_updated').on('content_items').column('updated_at').execute()

  await db.schema
    .createTable('content_versions')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('source', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addPrimaryKeyConstraint('content_versions_pk', ['item_id', 'version'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_versions').ifExists().execute()
  await db.schema.dropIndex('content_items_updated').ifExists().execute()
  await db.schema.dropIndex('content_items_section_status').ifExists().execute()
  await db.schema.dropTable('content_items').ifExists().execute()
}
