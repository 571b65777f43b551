import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  currentMeasures,
  getMeasure,
  loadDefaultMeasures,
  readDefaultMeasures,
} from '../../src/modules/measures/index.js'
import { bearer, seedDepts, testApp } from '../checks/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('measures: versioned list', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let consumer: Record<string, string>
  beforeAll(async () => {
    ctx = await testContext(dialect)
    await seedDepts(ctx)
    operator = await bearer(ctx, 'operator')
    consumer = await bearer(ctx, 'consumer', 'tj-czj')
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('loads the default list with migrate: at least 30 measures, each with its basis, departments and triggers', async () => {
    const list = await currentMeasures(ctx.db)
    expect(list.length).toBeGreaterThanOrEqual(30)
    expect(list.length).toBe(readDefaultMeasures().length)
    for (const m of list) {
      expect(m.basis.length, m.code).toBeGreaterThan(0)
      expect(m.departments.length, m.code).toBeGreaterThan(0)
      expect(m.triggers.length, m.code).toBeGreaterThan(0)
      expect(m.version).toBe(1)
    }
    expect(list.filter((m) => m.kind === 'reward').length).toBeGreaterThan(5)
    const cd = await getMeasure(ctx.db, 'punish_cd_high_consumption')
    expect(cd.basis.join()).toContain('发改财金〔2016〕141号')
    expect(cd.triggers).toEqual([{ type: 'list', class: 'court_defaulter' }])
    expect(list.some((m) => m.basis.join().includes('发改财金〔2017〕2058号'))).toBe(true)
    expect(list.some((m) => m.basis.join().includes('发改财金〔2018〕1614号'))).toBe(true)
    expect(list.some((m) => m.basis.join().includes('发改法规〔2018〕457号'))).toBe(true)
    // a rerun changes nothing
    expect(await loadDefaultMeasures(ctx)).toMatchObject({ added: [], updated: [], kept: [] })
  })

  it('lists and filters over HTTP; reading needs measure.read', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/api/v1/measures?scenario=government_procurement&kind=punish',
      headers: consumer,
    })
    expect(r.statusCode).toBe(200)
    const items = r.json().items as { code: string; scenarios: string[]; kind: string; source: string }[]
    expect(items.length).toBeGreaterThan(3)
    expect(
      items.every(
        (i) => i.scenarios.includes('government_procurement') && i.kind === 'punish' && i.source === 'default',
      ),
    ).toBe(true)
    expect((await app.inject({ method: 'GET', url: '/api/v1/measures' })).statusCode).toBe(401)
  })

  it('an operator edit is a new audited version; a definition without basis is refused; defaults never overwrite it', async () => {
    const base = JSON.parse(JSON.stringify(await getMeasure(ctx.db, 'reward_taxa_procurement'))) as Record<
      string,
      unknown
    >
    delete base.version
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/measures/reward_taxa_procurement',
      headers: operator,
      payload: { definition: { ...base, basis: [] }, reason: '测试' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('measure.invalid_definition')
    expect(bad.json().error.message).toMatch(/依据/)
    const badClass = await app.inject({
      method: 'PUT',
      url: '/api/v1/measures/reward_taxa_procurement',
      headers: operator,
      payload: { definition: { ...base, triggers: [{ type: 'list', class: 'no_such_class' }] }, reason: '测试' },
    })
    expect(badClass.statusCode).toBe(422)
    const forbidden = await app.inject({
      method: 'PUT',
      url: '/api/v1/measures/reward_taxa_procurement',
      headers: consumer,
      payload: { definition: base, reason: '测试' },
    })
    expect(forbidden.statusCode).toBe(403)
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/measures/reward_taxa_procurement',
      headers: operator,
      payload: {
        definition: { ...base, content: `${String(base.content)}（本市细化）` },
        reason: '本市细化措施内容',
        baseVersion: 1,
      },
    })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toMatchObject({ code: 'reward_taxa_procurement', version: 2 })
    const versions = await app.inject({
      method: 'GET',
      url: '/api/v1/measures/reward_taxa_procurement/versions',
      headers: consumer,
    })
    expect(
      versions
        .json()
        .items.map((v: { version: number; source: string; isCurrent: boolean }) => [v.version, v.source, v.isCurrent]),
    ).toEqual([
      [1, 'default', false],
      [2, 'operator', true],
    ])
    const events = (await searchAuditEvents(ctx.db, { action: 'measure.updated' }, 1, 10)).items
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ targetId: 'reward_taxa_procurement' })
    expect(events[0]?.details).toMatchObject({ version: 2, reason: '本市细化措施内容', changed: ['content'] })
    await loadDefaultMeasures(ctx)
    expect((await getMeasure(ctx.db, 'reward_taxa_procurement')).version).toBe(2)
  })
})
