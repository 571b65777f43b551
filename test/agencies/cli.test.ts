// `gongxin agency` on both databases: filing (the entity registered with it), listing, status changes with their
// refusals (exit 1 for a conflict, 2 for bad input; Chinese messages), and a key for the agency that reads its own registration.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerAgencyCommands } from '../../src/cli/commands/agency.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { authenticate } from '../../src/modules/access/index.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const rng = createRng(17044)

describeEachDialect('agency command line', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx?.close())
  const cli = inProcessCli(() => ctx.testDb, registerAgencyCommands)

  it('files an agency, lists it, suspends it with a reason, refuses what is not allowed, issues its key', async () => {
    const uscc = generateUscc(rng, { dept: '9', category: '1', region: '120102' })
    const add = await cli([
      'agency',
      'add',
      '--uscc',
      uscc,
      '--name',
      '天津市命令行信用评级有限公司',
      '--filing-no',
      '津信服备〔2026〕007号',
      '--scope',
      '信用评级',
      '--json',
    ])
    expect(add.code, add.err).toBe(0)
    const agency = JSON.parse(add.out) as { id: string; entityId: string; status: string }
    expect(agency.status).toBe('filed')
    const entity = await ctx.db
      .selectFrom('entities')
      .select('uscc')
      .where('id', '=', agency.entityId)
      .executeTakeFirst()
    expect(entity?.uscc).toBe(uscc)

    const again = await cli([
      'agency',
      'add',
      '--uscc',
      uscc,
      '--filing-no',
      '津信服备〔2026〕008号',
      '--scope',
      '评级',
    ])
    expect(again.code).toBe(1)
    expect(again.err).toContain('已登记为信用服务机构')

    const list = await cli(['agency', 'list'])
    expect(list.code, list.err).toBe(0)
    expect(list.out).toContain('津信服备〔2026〕007号')
    expect(list.out).toContain('备案')

    const bare = await cli(['agency', 'status', agency.id, '--status', 'suspended'])
    expect(bare.code).toBe(2)
    expect(bare.err).toContain('须说明原因')
    const suspended = await cli(['agency', 'status', agency.id, '--status', 'suspended', '--reason', '接受检查'])
    expect(suspended.code, suspended.err).toBe(0)
    expect(suspended.out).toBe('「天津市命令行信用评级有限公司」的备案状态已改为「暂停」。\n')
    const listed = JSON.parse((await cli(['agency', 'list', '--status', 'suspended', '--json'])).out) as {
      id: string
    }[]
    expect(listed.map((a) => a.id)).toEqual([agency.id])

    const key = await cli(['agency', 'key', agency.id])
    expect(key.code, key.err).toBe(0)
    const principal = await authenticate(ctx, { bearer: key.out.trim() })
    expect(principal).toMatchObject({ role: 'agency', agencyId: agency.id })
  })
})
