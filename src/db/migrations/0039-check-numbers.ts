import type { Kysely } from 'kysely'

/**
 * Readable check numbers (核查编号, `HC-20261205-000123`): the Beijing day of the check and its place in that day.
 * `check_numbers` keeps the last number given out per day (a counter row bumped in the transaction that stores the
 * checks); `checks.number` is unique. The checks stored before are numbered here in the order they were made.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/** The Beijing civil day of an instant as YYYYMMDD (a fixed offset: exact since 1992). */
function dayOf(at: string): string {
  return new Date(Date.parse(at) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '')
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checks').addColumn('number', 'text').execute()
  await db.schema
    .createTable('check_numbers')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute()

  const last = new Map<string, number>()
  let after: { at: string; id: string } | null = null
  for (;;) {
    let q = db.selectFrom('checks').select(['id', 'at']).orderBy('at').orderBy('id').limit(1000)
    if (after) {
      const { at, id } = after
      q = q.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('id', '>', id)])]))
    }
    const rows = (await q.execute()) as { id: string; at: string }[]
    if (rows.length === 0) break
    for (const r of rows) {
      const day = dayOf(r.at)
      const n = (last.get(day) ?? 0) + 1
      last.set(day, n)
      await db
        .updateTable('checks')
        .set({ number: `HC-${day}-${String(n).padStart(6, '0')}` })
        .where('id', '=', r.id)
        .execute()
    }
    after = rows.at(-1) ?? null
  }
  const counters = [...last].map(([day, n]) => ({ day, last: n }))
  for (let i = 0; i < counters.length; i += 500)
    await db
      .insertInto('check_numbers')
      .values(counters.slice(i, i + 500))
      .execute()
  await db.schema.createIndex('checks_number').unique().on('checks').column('number').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('checks_number').ifExists().execute()
  await db.schema.dropTable('check_numbers').ifExists().execute()
  await db.schema.alterTable('checks').dropColumn('number').execute()
}
