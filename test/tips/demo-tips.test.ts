import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateDemo } from '../../src/flows/demo/index.js'
import { publicPrincipal } from '../../src/modules/access/index.js'
import { getTip, listTips, TIP_STATES } from '../../src/modules/tips/index.js'
import { permissionsOf } from '../../src/modules/access/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('demo city: tips in every state', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-09-28T02:00:00Z' })
    await generateDemo(ctx, { entities: 120, seed: 5, recordsPerEntity: 0 })
  }, 120_000)
  afterAll(async () => {
    await ctx?.close()
  })

  it('files tips through the module and leaves one or more in each state', async () => {
    const office = {
      ...publicPrincipal,
      kind: 'api_key' as const,
      role: 'operator',
      permissions: permissionsOf('operator'),
    }
    const page = await listTips(ctx, office, { page: 1, pageSize: 100 })
    const states = new Set(page.items.map((t) => t.view.row.state))
    expect([...states].sort()).toEqual([...TIP_STATES].sort())
    const rewarded = page.items.find((t) => t.view.row.state === 'rewarded')
    expect(rewarded?.tip.reward_fen).toBe(200_000)
    const transferred = page.items.find((t) => t.view.row.state === 'transferred')
    expect(transferred?.view.row.handler_dept).toBe('tj-ypjg')
    // the handling department of a tip with a contact sees it
    const withContact = page.items.find((t) => t.view.row.state === 'rewarded') as (typeof page.items)[number]
    const dept = withContact.view.row.handler_dept as string
    const handler = { ...office, role: 'provider', dept, permissions: permissionsOf('provider') }
    expect((await getTip(ctx, handler, withContact.view.row.id)).contact).toMatchObject({ name: '赵先生' })
  })
})
