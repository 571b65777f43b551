import type { Kysely } from 'kysely'

/**
 * Cases (办件): objections, repairs, tips and list-exit applications share one table of numbers, states and
 * handlers, one history table and one table of running clocks (docs/rights.md). Instants as UTC text.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.references('entities.id'))
    .addColumn('record_id', 'text')
    .addColumn('applicant_kind', 'text', (c) => c.notNull())
    .addColumn('applicant_user', 'text')
    .addColumn('handler_dept', 'text')
    .addColumn('policy_version', 'text')
    .addColumn('outcome', 'text')
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cases_queue').on('cases').columns(['kind', 'state', 'handler_dept']).execute()
  await db.schema.createIndex('cases_record').on('cases').columns(['record_id', 'kind']).execute()
  await db.schema.createIndex('cases_entity').on('cases').columns(['entity_id', 'kind']).execute()
  await db.schema.createIndex('cases_applicant').on('cases').columns(['applicant_user']).execute()

  await db.schema
    .createTable('case_events')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_dept', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_events_pk', ['case_id', 'seq'])
    .execute()

  await db.schema
    .createTable('case_deadlines')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('provisional', 'integer', (c) => c.notNull())
    .addColumn('met_at', 'text')
    .addPrimaryKeyConstraint('case_deadlines_pk', ['case_id', 'code'])
    .execute()
  await db.schema.createIndex('case_deadlines_due').on('case_deadlines').columns(['met_at', 'due_on']).execute()

  await db.schema
    .createTable('case_counters')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'text', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_counters_pk', ['prefix', 'year'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['case_counters', 'case_deadlines', 'case_events', 'cases'])
    await db.schema.dropTable(t).ifExists().execute()
}
