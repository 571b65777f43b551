// The public entity-file cache learns of changes made by other processes through the database: a server caches a
// file, a separate `gongxin` process (the built CLI) sets a mark or imports a correction, the server's next answer
// shows the change.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { COMPANY_NAME, type Fixture, SHOP_NAME, seedFixture } from '../disclosure/fixtures.js'
import { csvOf, penaltyRow } from '../ingest/helpers.js'
import { runGongxin } from '../support/cli.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { appWithPublic } from './helpers.js'

interface PublicFile {
  name: string
  marks: { recordId: string; kind: string }[]
  flags: string[]
  categories: { records: { id: string; fields: { code: string; value: unknown }[] }[] }[]
}

describeEachDialect('public entity-file cache across processes', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    app = await appWithPublic(ctx)
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const read = async (id: string): Promise<{ body: PublicFile; text: string }> => {
    const r = await app.inject({ url: `/api/v1/public/entities/${id}`, remoteAddress: '10.30.0.1' })
    expect(r.statusCode, r.body).toBe(200)
    return { body: r.json(), text: r.body }
  }
  // another process on the same database (and key file)
  const gongxin = async (args: string[]) => {
    const r = await runGongxin([...args, '--db', ctx.testDb.config.db, '--json'], {
      env: { GONGXIN_DATA_DIR: ctx.testDb.dir },
    })
    expect(r.code, r.stderr).toBe(0)
    return r
  }
  const fieldOf = (file: PublicFile, recordId: string, code: string) =>
    file.categories
      .flatMap((c) => c.records)
      .find((r) => r.id === recordId)
      ?.fields.find((x) => x.code === code)?.value

  it('a mark set from the CLI shows in the next answer of a server that cached the file', async () => {
    const before = await read(f.ent.company)
    expect(before.body.marks).toEqual([])
    // served from the cache now (same text)
    expect((await read(f.ent.company)).text).toBe(before.text)
    const shop = await read(f.ent.shop)

    await gongxin(['mark', 'open', f.rec['PUB-GEN'] as string, '--reason', '当事人提出异议'])

    const after = await read(f.ent.company)
    expect(after.body.marks).toEqual([expect.objectContaining({ recordId: f.rec['PUB-GEN'], kind: 'under_objection' })])
    expect(after.body.flags).toContain('under_objection')
    // an entity the change did not touch keeps its cached answer
    expect((await read(f.ent.shop)).text).toBe(shop.text)
    expect(shop.body.name).toBe(SHOP_NAME)
  }, 60_000)

  it('a correction imported by `gongxin import` while the server runs shows in its next answer', async () => {
    const before = await read(f.ent.company)
    expect(before.body.name).toBe(COMPANY_NAME)
    expect(fieldOf(before.body, f.rec['PUB-SER'] as string, 'CF_NR')).toBe('罚款人民币2万元，没收违法所得。')
    const file = join(ctx.testDb.dir, 'correction.csv')
    writeFileSync(
      file,
      csvOf([
        penaltyRow({
          CF_WSH: 'PUB-SER',
          CF_CFLB: '吊销许可证件',
          CF_JDRQ: '2026-05-06',
          CF_NR: '吊销食品经营许可证。',
        }),
      ]),
    )
    const r = await gongxin(['import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg'])
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1) as string)).toMatchObject({ corrected: 1 })

    const after = await read(f.ent.company)
    expect(fieldOf(after.body, f.rec['PUB-SER'] as string, 'CF_NR')).toBe('吊销食品经营许可证。')
  }, 60_000)
})
