// Shared by the data-migration tests (0010, 0016): bring a migrated database back to the shape an earlier version
// left - events written at the tail of the audit chain as that code wrote them, the migration's columns dropped and
// its name forgotten - and migrate it again.
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { closeContext, type Ctx } from '../../src/container.js'
import { openMigratedContext } from '../../src/setup.js'
import type { TestContext } from '../support/context.js'

/** An audit event's columns as the code before the migration wrote them (seq, id, chain hashes added here). */
export interface OldEvent {
  at: string
  actor_kind: string
  actor_id: string | null
  actor_role: string
  actor_dept: string | null
  action: string
  target_type: string
  target_id: string | null
  request_id: string | null
  purpose: string | null
  details: string
}

/** Appends the event at the tail of the audit chain (id `${idPrefix}-${seq}`), hashed as before; returns its seq. */
export async function appendOldEvent(c: Ctx, idPrefix: string, e: OldEvent): Promise<number> {
  const head = await c.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow()
  const seq = Number(head.seq) + 1
  // the hash covers the values in this order
  const event = {
    seq,
    id: `${idPrefix}-${seq}`,
    at: e.at,
    actor_kind: e.actor_kind,
    actor_id: e.actor_id,
    actor_role: e.actor_role,
    actor_dept: e.actor_dept,
    action: e.action,
    target_type: e.target_type,
    target_id: e.target_id,
    request_id: e.request_id,
    purpose: e.purpose,
    details: e.details,
    prev_hash: head.hash,
  }
  const hash = createHash('sha256')
    .update(JSON.stringify([...Object.values(event)]))
    .digest('hex')
  await c.db
    .insertInto('audit_events')
    .values({ ...event, hash, sealed: null })
    .execute()
  await c.db.updateTable('audit_head').set({ seq, hash }).execute()
  return seq
}

/** The schema before migration `name`: the `sealed` columns it added dropped, the migration not yet run. */
export async function beforeMigration(c: Ctx, name: string, sealedColumnsOf: readonly string[]): Promise<void> {
  for (const table of sealedColumnsOf) await sql`alter table ${sql.table(table)} drop column sealed`.execute(c.db)
  await c.db
    .deleteFrom('schema_migrations' as never)
    .where('name' as never, '=', name as never)
    .execute()
}

/** Closes the context that prepared the old shape and opens the database again, migrating it. */
export async function migrateAgain(first: TestContext): Promise<Ctx> {
  await closeContext(first)
  return openMigratedContext(first.testDb.config, { clock: first.clock })
}

/**
 * The tables of the database the context works in (views left out). On PostgreSQL introspection lists every schema of
 * the server, the schemas of other test runs (other migrations) among them: only the current schema's are kept.
 */
export async function ownTables(c: Ctx): Promise<string[]> {
  const schema =
    c.dbh.kind === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(c.db)).rows[0]?.s
      : undefined
  return (await c.db.introspection.getTables())
    .filter((t) => !t.isView && (schema === undefined || t.schema === schema))
    .map((t) => t.name)
}
