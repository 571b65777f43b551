import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { actor, OTHER_USCC, penaltyRow, rowsOf, seedDepartments } from './helpers.js'

describeEachDialect('a record changed while a chunk writes it', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
  })
  afterAll(async () => ctx.close())

  const ingest = (list: Record<string, string>[]) =>
    runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'api', ...rowsOf(list) })

  it('is the coded 409 record.conflict, and the chunk writes nothing', async () => {
    expect(await ingest([penaltyRow({ CF_WSH: 'LOCK-1' })])).toMatchObject({ accepted: 1 })
    // another writer: every new entity moves every record to a new version after the chunk read them
    if (dialect === 'sqlite')
      await sql`create trigger bump_records after insert on entities begin update records set version = version + 1; end`.execute(
        ctx.db,
      )
    else {
      await sql`create function bump_records() returns trigger language plpgsql as $$
        begin update records set version = version + 1; return null; end $$`.execute(ctx.db)
      await sql`create trigger bump_records after insert on entities for each row execute function bump_records()`.execute(
        ctx.db,
      )
    }
    const e = await ingest([
      // a new subject: registering it fires the other writer
      penaltyRow({
        CF_WSH: 'LOCK-2',
        CF_XDR_SHXYM: OTHER_USCC,
        CF_XDR_MC: '和平区测试小吃店',
        CF_XDR_LB: '个体工商户',
      }),
      { ...penaltyRow({ CF_WSH: 'LOCK-1' }), _op: 'revoke', _reason: '决定已被撤销' },
    ]).catch((x) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e.code).toBe('record.conflict')
    expect(e.status).toBe(409)
    const records = await ctx.db.selectFrom('records').select(['document_no', 'state', 'version']).execute()
    expect(records).toEqual([{ document_no: 'LOCK-1', state: 'active', version: 1 }])
  })
})
