import type { Kysely } from 'kysely'

/**
 * The audit log's Merkle tree (RFC 6962, docs/audit-log.md): `audit_tree_nodes` holds the hash of every full subtree
 * (level, index; level 0 = leaves), filled by a catch-up step after events commit; `audit_checkpoints` the signed
 * checkpoints (tree size, root, time, key id, Ed25519 signature). Hashes as lowercase hex.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_tree_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_tree_nodes_pk', ['level', 'idx'])
    .execute()
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').ifExists().execute()
  await db.schema.dropTable('audit_tree_nodes').ifExists().execute()
}
