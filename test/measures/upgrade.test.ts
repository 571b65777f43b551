// How the new default measures reach an existing database: `gongxin migrate` (and `npm start`, which migrates)
// loads the default list as versioned policy - a changed default becomes the current version where the current one
// is a default, an operator's version is kept (the new default is stored beside it), nothing is deleted. A database
// whose reward measures are the earlier defaults (no exclusions) rewards a black-listed A-grade taxpayer until it is
// migrated; `gongxin measures coverage` shows such gaps.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerMeasureCommands } from '../../src/cli/commands/measures.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  getMeasure,
  listMeasureVersions,
  loadDefaultMeasures,
  measureHash,
  readDefaultMeasures,
  updateMeasure,
} from '../../src/modules/measures/index.js'
import { admin, bearer, companyUscc, ingestCourtDefaulter, ingestTaxA, seedDepts, testApp } from '../checks/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('measures: the new defaults reach an existing database', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  const company = { uscc: companyUscc(), name: '天津市升级测试科技有限公司' }
  const rewards = readDefaultMeasures()
    .filter((m) => m.kind === 'reward')
    .map((m) => m.code)

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    // The rows the earlier release stored for its reward measures (its defaults had no exclusions): written directly,
    // since today's loader refuses a reward without exclusions.
    for (const { exclusions: _x, ...def } of readDefaultMeasures().filter((m) => m.kind === 'reward')) {
      await ctx.db.deleteFrom('measures').where('code', '=', def.code).execute()
      await ctx.db
        .insertInto('measures')
        .values({
          code: def.code,
          version: 1,
          definition: JSON.stringify({ ...def, version: 1 }),
          hash: measureHash(def),
          source: 'default',
          created_at: '2026-01-01T00:00:00.000Z',
          created_by: 'system:migrate',
          reason: '默认措施清单',
          is_current: 1,
        })
        .execute()
    }
    // written behind the platform's back, as another process would: the cached list sees such edits within a second
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    await ingestTaxA(ctx, company.uscc, company.name)
    await ingestCourtDefaulter(ctx, company.uscc, company.name, '（2026）津01执9号')
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const cli = inProcessCli(() => ctx.testDb, registerMeasureCommands)
  const coverage = async () => {
    const r = await cli(['measures', 'coverage', '--json'])
    return { ...(JSON.parse(r.out) as { ok: boolean; rewardsWithoutExclusions: { code: string }[] }), code: r.code }
  }
  const rewarded = async () =>
    (
      await app.inject({
        method: 'POST',
        url: '/api/v1/checks',
        headers: czj,
        payload: { subject: { uscc: company.uscc }, scenario: 'government_procurement' },
      })
    )
      .json()
      .hits.map((h: { measure: string }) => h.measure)
      .includes('reward_taxa_procurement')

  it('a database on the earlier defaults rewards a black-listed subject; the coverage command says so (exit 1)', async () => {
    expect(await rewarded()).toBe(true)
    const report = await coverage()
    expect(report.ok).toBe(false)
    expect(report.code).toBe(1)
    expect(report.rewardsWithoutExclusions.map((x) => x.code).sort()).toEqual([...rewards].sort())
    const text = await cli(['measures', 'coverage'])
    expect(text.code).toBe(1)
    expect(text.out).toContain('缺少排除条件：守信激励措施「政府采购中同等条件下优先」（reward_taxa_procurement）')
  })

  it('migrating loads the new defaults: current default versions are replaced, an operator version is kept', async () => {
    // an operator adapted one reward measure meanwhile (with the exclusions the validator now asks for)
    const current = await getMeasure(ctx.db, 'reward_honor_fiscal')
    const { version: _v, ...def } = current
    const excluded = readDefaultMeasures().find((m) => m.code === 'reward_honor_fiscal')?.exclusions
    await updateMeasure(
      ctx,
      admin,
      'reward_honor_fiscal',
      { ...def, content: `${def.content}（本市细化）`, exclusions: excluded },
      '本市细化',
    )
    const r = await loadDefaultMeasures(ctx)
    expect(r.updated.sort()).toEqual(rewards.filter((c) => c !== 'reward_honor_fiscal').sort())
    expect(r.kept).toEqual(['reward_honor_fiscal'])
    expect(r.added).toEqual([])
    const versions = await listMeasureVersions(ctx.db, 'reward_honor_fiscal')
    expect(versions.map((v) => [v.version, v.source, v.isCurrent])).toEqual([
      [1, 'default', false],
      [2, 'operator', true],
      [3, 'default', false],
    ])
    const events = (await searchAuditEvents(ctx.db, { action: 'measure.defaults_loaded' }, 1, 10)).items
    expect(events[0]?.details).toMatchObject({ kept: ['reward_honor_fiscal'] })
    // the check excludes the reward again; the coverage command is clean (exit 0)
    expect(await rewarded()).toBe(false)
    const report = await coverage()
    expect(report).toMatchObject({ ok: true, rewardsWithoutExclusions: [] })
    expect(report.code).toBe(0)
    // a rerun changes nothing
    expect(await loadDefaultMeasures(ctx)).toMatchObject({ added: [], updated: [], kept: [] })
  })
})
