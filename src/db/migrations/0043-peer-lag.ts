import type { Kysely } from 'kysely'

/**
 * Peer lag (对接平台的同步滞后, docs/federation.md): `behind` is how many feed entries the peer still had for us after
 * our cursor when we last heard from it (0: caught up; null: not known yet). The time behind is read from
 * `last_success_at`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('federation_peers').addColumn('behind', 'integer').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('federation_peers').dropColumn('behind').execute()
}
