// `gongxin search reindex` and `gongxin search query`, run in-process through commander.
import { PassThrough } from 'node:stream'
import { Command } from 'commander'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerSearchCommands } from '../../src/cli/commands/search.js'
import type { CliIo } from '../../src/cli/runtime.js'
import { systemActor } from '../../src/core/actor.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

async function run(ctx: TestContext, args: string[]): Promise<{ out: string; err: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let o = ''
  let e = ''
  out.on('data', (d) => {
    o += d
  })
  err.on('data', (d) => {
    e += d
  })
  const io: CliIo = { out, err, stdin: new PassThrough(), env: { GONGXIN_LOG_LEVEL: 'silent' } }
  const program = new Command('gongxin').option('--db <db>').exitOverride()
  registerSearchCommands(program, io)
  // the test database: a SQLite file or a PostgreSQL URL with its own schema (and the test's data directory)
  io.env.GONGXIN_DB = ctx.config.db
  io.env.GONGXIN_DATA_DIR = ctx.config.dataDir
  io.env.GONGXIN_KEYS_FILE = ctx.config.keysFile
  await program.parseAsync(args, { from: 'user' })
  return { out: o, err: e }
}

describeEachDialect('search CLI', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
    await createEntity(ctx, systemActor('test'), {
      kind: 'legal_person',
      name: '天津市河西区海光寺贸易有限公司',
      district: '120103',
    })
    await createEntity(ctx, systemActor('test'), {
      kind: 'legal_person',
      name: '海光寺商贸中心',
      district: '120101',
      formerNames: [{ name: '天津海光寺百货商店' }],
    })
  })
  afterAll(async () => ctx.close())

  it('rebuilds the index and audits it', async () => {
    await sql`delete from search_names`.execute(ctx.db)
    const { out } = await run(ctx, ['search', 'reindex', '--json'])
    expect(JSON.parse(out)).toMatchObject({ entities: 2, names: 3 })
    const events = await sql<{
      action: string
    }>`select action from audit_events where action = 'search.reindex'`.execute(ctx.db)
    expect(events.rows).toHaveLength(1)
  })

  it('answers queries as JSON and as a table', async () => {
    const json = JSON.parse((await run(ctx, ['search', 'query', '海光寺', '--json'])).out)
    expect(json).toMatchObject({ total: 2, totalCapped: false, mode: 'name' })
    expect(json.items.map((i: { name: string }) => i.name)).toEqual([
      '海光寺商贸中心',
      '天津市河西区海光寺贸易有限公司',
    ])
    const filtered = JSON.parse((await run(ctx, ['search', 'query', '百货', '--district', '120101', '--json'])).out)
    expect(filtered.items.map((i: { matchedName: string }) => i.matchedName)).toEqual(['天津海光寺百货商店'])
    const table = (await run(ctx, ['search', 'query', '海光寺'])).out
    expect(table).toContain('海光寺商贸中心')
    expect(table).toContain('共 2 个结果')
    await expect(run(ctx, ['search', 'query', '海'])).rejects.toMatchObject({ code: 'search.query_too_short' })
  })
})
