import { type Kysely, sql } from 'kysely'

/**
 * 双随机、一公开 inspections (docs/grading.md): the inspections module's inspector pools (`inspectors`, per
 * department, with the district office each works in), declared conflicts of interest (`inspector_conflicts`),
 * plans (`inspection_plans`: scope, period, policy, and once frozen the frozen candidate document, its hash, the
 * seed's commitment and sealed seed, then the revealed seed) and the drawn targets with their inspectors and results
 * (`inspection_targets`).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inspectors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dept_code', 'text', (c) => c.notNull().references('departments.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('badge_no', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inspectors_badge', ['dept_code', 'badge_no'])
    .execute()

  await db.schema
    .createTable('inspector_conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inspector_id', 'text', (c) => c.notNull().references('inspectors.id'))
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .execute()
  await sql`create unique index inspector_conflicts_open on inspector_conflicts (inspector_id, entity_id) where withdrawn_at is null`.execute(
    db,
  )

  await db.schema
    .createTable('inspection_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('dept_code', 'text', (c) => c.notNull().references('departments.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('industries', 'text', (c) => c.notNull())
    .addColumn('districts', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('policy_code', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('frozen', 'text')
    .addColumn('frozen_hash', 'text')
    .addColumn('seed_hash', 'text')
    .addColumn('seed_sealed', 'text')
    .addColumn('seed', 'text')
    .addColumn('candidates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('targets', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('results', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('strata', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'text')
    .addColumn('drawn_at', 'text')
    .addColumn('completed_at', 'text')
    .execute()
  await db.schema
    .createIndex('inspection_plans_dept')
    .on('inspection_plans')
    .columns(['dept_code', 'created_at'])
    .execute()
  await db.schema
    .createIndex('inspection_plans_status')
    .on('inspection_plans')
    .columns(['status', 'frozen_at'])
    .execute()

  await db.schema
    .createTable('inspection_targets')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('stratum', 'text', (c) => c.notNull())
    .addColumn('inspectors', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('result_detail', 'text')
    .addColumn('inspected_on', 'text')
    .addColumn('document_no', 'text')
    .addColumn('record_id', 'text')
    .addColumn('recorded_at', 'text')
    .addColumn('recorded_by', 'text')
    .addPrimaryKeyConstraint('inspection_targets_pk', ['plan_id', 'position'])
    .addUniqueConstraint('inspection_targets_entity', ['plan_id', 'entity_id'])
    .execute()
  await db.schema.createIndex('inspection_targets_entity_id').on('inspection_targets').column('entity_id').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['inspection_targets', 'inspection_plans', 'inspector_conflicts', 'inspectors'])
    await db.schema.dropTable(t).ifExists().execute()
}
