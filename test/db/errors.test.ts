import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors.js'
import { loadConfig } from '../../src/core/config.js'
import { openDatabase } from '../../src/db/database.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('driver errors become coded errors', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx.close())

  const dept = {
    code: 'd1',
    name: '测试局',
    uscc: '11120000MB0000001X',
    district: null,
    created_at: 'x',
    updated_at: 'x',
  }

  it('unique violation', async () => {
    await ctx.db.insertInto('departments').values(dept).execute()
    const e = await ctx.db
      .insertInto('departments')
      .values(dept)
      .execute()
      .catch((x) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e.code).toBe('db.unique_violation')
    expect(e.status).toBe(409)
  })

  it('a unique violation through the bulk insert helper is the same coded error', async () => {
    const row = { ...dept, code: 'b1', uscc: 'UB1' }
    await ctx.db.transaction().execute((trx) => ctx.dbh.helpers.bulkInsert(trx, 'departments', [row]))
    const e = await ctx.db
      .transaction()
      .execute((trx) => ctx.dbh.helpers.bulkInsert(trx, 'departments', [{ ...row, uscc: 'UB2' }]))
      .catch((x) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e.code).toBe('db.unique_violation')
    expect(e.status).toBe(409)
    await ctx.db.deleteFrom('departments').where('code', '=', 'b1').execute()
  })

  it('foreign key violation', async () => {
    const e = await ctx.db
      .insertInto('entity_names')
      .values({
        id: 'n1',
        entity_id: 'missing',
        name: 'x',
        name_norm: 'x',
        kind: 'current',
        valid_from: null,
        valid_to: null,
        created_at: 'x',
      })
      .execute()
      .catch((x) => x)
    expect(e.code).toBe('db.foreign_key_violation')
  })

  it('a failed transaction leaves nothing behind', async () => {
    await ctx.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('departments')
          .values({ ...dept, code: 'd2', uscc: 'U2' })
          .execute()
        await trx
          .insertInto('departments')
          .values({ ...dept, code: 'd3' })
          .execute()
      })
      .catch(() => undefined)
    const rows = await ctx.db.selectFrom('departments').select('code').execute()
    expect(rows.map((r) => r.code)).toEqual(['d1'])
  })
})

it('an unwritable SQLite path is one clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongxin-bad-'))
  const file = join(dir, 'not-a-folder')
  writeFileSync(file, 'x')
  const e = await openDatabase(loadConfig({ GONGXIN_DB: join(file, 'x.db') })).catch((x) => x)
  expect(e).toBeInstanceOf(AppError)
  expect(e.code).toBe('db.unwritable')
  expect(e.message).toContain(join(file, 'x.db'))
  rmSync(dir, { recursive: true })
})

it('an unreachable PostgreSQL is one clear error', async () => {
  const e = await openDatabase(loadConfig({ GONGXIN_DB: 'postgres://nobody@127.0.0.1:1/none' })).catch((x) => x)
  expect(e).toBeInstanceOf(AppError)
  expect(e.code).toBe('db.unreachable')
  expect(e.message).toMatch(/127\.0\.0\.1:1/)
})
