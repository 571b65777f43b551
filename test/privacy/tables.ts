// Every row of every table of the test's own database as text, for the privacy crawls to search.
import type { DialectName, TestContext } from '../support/context.js'

/** Each table's rows as JSON text (binary columns as latin1), views and migration bookkeeping left out; throws when
 * it read fewer than 20 tables with rows (a crawl that reads nothing cannot pass). */
export async function* storedRows(
  ctx: TestContext,
  dialect: DialectName,
): AsyncGenerator<{ table: string; text: string }> {
  const schema =
    dialect === 'postgres'
      ? (await ctx.db.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s
      : null
  const withRows = new Set<string>()
  for (const t of await ctx.db.introspection.getTables()) {
    if (t.isView || t.name.startsWith('schema_migrations')) continue
    if (schema && t.schema && t.schema !== schema) continue
    for (const row of await ctx.db
      .selectFrom(t.name as 'records')
      .selectAll()
      .execute()) {
      const text = JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))
      withRows.add(t.name)
      yield { table: t.name, text }
    }
  }
  if (withRows.size < 20) throw new Error(`the crawl read rows of ${withRows.size} tables only`)
}
