import type { Kysely } from 'kysely'
import { pages } from './support/pages.js'

/**
 * The audit log indexed by subject entity (`audit_subjects`): one row per entity an event read about, written in the
 * event's transaction, so that an entity's access log (查询记录) is one indexed read and a batch check of 1,000
 * subjects is one event and 1,000 rows. Events written before are indexed here from what they carry: the entity
 * they target (ID number reveals, lookups through an ID number, authorised reads of a file), the entity in their
 * details (checks, credit reviews, authorised reads of a record), the checks of a batch.
 */
const TARGET_ACTIONS = ['entity.read_id_number', 'entity.resolve_personal', 'record.read_authorized']
const DETAIL_ACTIONS = ['check.run', 'review.run', 'record.read_authorized']

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_subjects')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('audit_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_subjects_pk', ['entity_id', 'seq'])
    .execute()
  await db.schema.createIndex('audit_subjects_audit').on('audit_subjects').column('audit_id').execute()

  const actions = [...new Set([...TARGET_ACTIONS, ...DETAIL_ACTIONS, 'check.batch'])]
  type Ev = {
    seq: number | string
    id: string
    action: string
    target_type: string | null
    target_id: string | null
    details: string
  }
  for await (const page of pages<Ev>((last) => {
    let q = db
      .selectFrom('audit_events')
      .select(['seq', 'id', 'action', 'target_type', 'target_id', 'details'])
      .where('action', 'in', actions)
    if (last) q = q.where('seq', '>', last.seq)
    return q.orderBy('seq').limit(1000).execute() as Promise<Ev[]>
  })) {
    const rows: { entity_id: string; seq: number; audit_id: string }[] = []
    for (const e of page) {
      const entities = new Set<string>()
      if (TARGET_ACTIONS.includes(e.action) && e.target_type === 'entity' && e.target_id) entities.add(e.target_id)
      if (DETAIL_ACTIONS.includes(e.action)) {
        try {
          const d = JSON.parse(e.details) as { entityId?: unknown }
          if (typeof d.entityId === 'string' && d.entityId) entities.add(d.entityId)
        } catch {
          // details are JSON by construction; an unreadable one is left unindexed
        }
      }
      if (e.action === 'check.batch' && e.target_id) {
        const checks = (await db
          .selectFrom('checks')
          .select('entity_id')
          .where('batch_id', '=', e.target_id)
          .execute()) as { entity_id: string | null }[]
        for (const c of checks) if (c.entity_id) entities.add(c.entity_id)
      }
      for (const entity of entities) rows.push({ entity_id: entity, seq: Number(e.seq), audit_id: e.id })
    }
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('audit_subjects')
        .values(rows.slice(i, i + 500))
        .execute()
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_subjects').ifExists().execute()
}
