// Inclusion and every exit (expiry, removal by decision, revocation, repair) take a list entry off the portal's list
// and stop it triggering measures in checks, on the same day; the list management view says why it left.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { triggerPeriod } from '../../src/modules/checks/index.js'
import { flagsOf, isPublic } from '../../src/modules/disclosure/index.js'
import { recordsOfEntity, revokeRecord } from '../../src/modules/records/index.js'
import { rowsOf } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, bearer, companyUscc, entityIdOf, ingestDefaulter, seedDepts, testApp } from './helpers.js'

const co = (name: string) => ({ name, uscc: companyUscc() })

describeEachDialect('lists: inclusion and exits on the portal, in checks and in list management', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let czj: Record<string, string>
  const revoked = co('天津市测试撤销建材有限公司')
  const removed = co('天津市测试移出建材有限公司')
  const expiring = co('天津市测试期满建材有限公司')
  const taxA = co('天津市测试守信科技有限公司')
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    operator = await bearer(ctx, 'operator')
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    await ingestDefaulter(ctx, revoked, '（2026）津01执21号', '2026-05-20')
    await ingestDefaulter(ctx, removed, '（2026）津01执22号', '2026-05-01')
    await ingestDefaulter(ctx, expiring, '（2026）津01执23号', '2026-05-25')
    const tax = await runIngest(ctx, admin, {
      classCode: 'tax_a_grade',
      dept: 'tj-sw',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: taxA.name,
          uscc: taxA.uscc,
          rating_year: '2025',
          grade: 'A',
          decision_date: '2026-04-15',
          valid_to: '2026-12-31',
          authority_name: '国家税务总局天津市税务局',
        },
      ]),
    })
    expect(tax.accepted).toBe(1)
    for (const [k, c] of Object.entries({ revoked, removed, expiring, taxA })) ids[k] = await entityIdOf(ctx, c.uscc)
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const portal = async (cls: string) =>
    (
      (await app.inject({ method: 'GET', url: `/api/v1/public/lists/${cls}?pageSize=100` })).json() as {
        items: { name: string; until: string }[]
      }
    ).items.map((i) => i.name)
  const hits = async (uscc: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers: czj,
      payload: { subject: { uscc }, scenario: 'government_procurement', purpose: '政府采购供应商资格审查' },
    })
    expect(r.statusCode).toBe(200)
    return (r.json() as { hits: { measure: string; validUntil: string | null }[] }).hits
  }
  type Entry = {
    entity: { name: string }
    state: string
    public: boolean
    exit: { kind: string; on: string; reason: string | null } | null
    period: { until: string }
  }
  const entries = async (kind: string, query = '') =>
    (
      await app.inject({ method: 'GET', url: `/api/v1/lists/${kind}/entries?pageSize=100${query}`, headers: operator })
    ).json() as {
      total: number
      items: Entry[]
    }
  const entryOf = async (kind: string, name: string) =>
    (await entries(kind, '&state=all')).items.find((e) => e.entity.name === name) as Entry

  describe('inclusion', () => {
    it('a black-list entry is on the portal, in list management, flagged and triggers the procurement measure', async () => {
      expect(await portal('court_defaulter')).toEqual(
        expect.arrayContaining([revoked.name, removed.name, expiring.name]),
      )
      expect((await hits(revoked.uscc)).map((h) => h.measure)).toEqual(['punish_cd_procurement'])
      const e = await entryOf('black', revoked.name)
      expect(e).toMatchObject({ state: 'listed', public: true, exit: null, period: { until: '2028-05-20' } })
      expect((await flagsOf(ctx.db, [ids.revoked as string], ctx.clock.now())).get(ids.revoked as string)).toContain(
        'black_list',
      )
    })

    it('a red-list entry triggers its reward only up to the end of its publication window (有效期至)', async () => {
      expect(await portal('tax_a_grade')).toEqual([taxA.name])
      const h = await hits(taxA.uscc)
      expect(h.map((x) => x.measure)).toEqual(['reward_taxa_procurement'])
      // list period 2027-04-15, valid (and public) until 2026-12-31: the earlier day ends both
      expect(h[0]?.validUntil).toBe('2026-12-31')
      expect((await entryOf('red', taxA.name)).period.until).toBe('2026-12-31')
    })

    it('list management filters by class and providing department; unknown kinds are refused', async () => {
      expect((await entries('black', '&class=court_defaulter')).total).toBe(3)
      expect((await entries('black', '&dept=tj-sw')).total).toBe(0)
      expect((await entries('black', '&dept=tj-fy')).total).toBe(3)
      const bad = await app.inject({ method: 'GET', url: '/api/v1/lists/grey/entries', headers: operator })
      expect(bad.statusCode).toBe(400)
      const provider = await bearer(ctx, 'provider', 'tj-scjg')
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/lists/black/entries', headers: provider })).statusCode,
      ).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/api/v1/lists/black/entries', headers: czj })).statusCode).toBe(
        200,
      )
    })
  })

  describe('exits', () => {
    it('revocation: off the portal, no measure, flag gone, exit reason shown', async () => {
      const rec = (await recordsOfEntity(ctx.db, ids.revoked as string))[0]
      await revokeRecord(ctx, admin, rec?.id as string, '执行依据被撤销')
      expect(await portal('court_defaulter')).not.toContain(revoked.name)
      expect(await hits(revoked.uscc)).toEqual([])
      expect(
        (await flagsOf(ctx.db, [ids.revoked as string], ctx.clock.now())).get(ids.revoked as string) ?? [],
      ).not.toContain('black_list')
      expect(await entryOf('black', revoked.name)).toMatchObject({
        state: 'ended',
        public: false,
        exit: { kind: 'revoked', on: '2026-06-01', reason: '执行依据被撤销' },
      })
      expect((await entries('black')).items.map((e) => e.entity.name)).not.toContain(revoked.name)
      expect((await entries('black', '&state=ended')).items.map((e) => e.entity.name)).toEqual([revoked.name])
    })

    it('removal by decision (the court sets 移出日期): off the next day everywhere', async () => {
      await ingestDefaulter(ctx, removed, '（2026）津01执22号', '2026-05-01', {
        list_until: '2026-05-31',
        _reason: '已履行全部义务',
      })
      expect(await portal('court_defaulter')).not.toContain(removed.name)
      expect(await hits(removed.uscc)).toEqual([])
      expect(await entryOf('black', removed.name)).toMatchObject({
        state: 'ended',
        exit: { kind: 'removed', on: '2026-06-01', reason: '已履行全部义务' },
      })
    })

    it('expiry of the red entry’s window: the day after 有效期至 it neither shows nor triggers', async () => {
      ctx.clock.set('2026-12-31T15:00:00Z') // 2026-12-31 23:00 in Shanghai: the last day
      expect(await portal('tax_a_grade')).toEqual([taxA.name])
      expect((await hits(taxA.uscc)).map((h) => h.measure)).toEqual(['reward_taxa_procurement'])
      ctx.clock.set('2026-12-31T16:30:00Z') // 2027-01-01 00:30 in Shanghai
      expect(await portal('tax_a_grade')).toEqual([])
      expect(await hits(taxA.uscc)).toEqual([])
      expect(await entryOf('red', taxA.name)).toMatchObject({
        state: 'ended',
        exit: { kind: 'expired', on: '2027-01-01' },
      })
    })

    it('expiry of the black-list period: listed on its last day, off the day after', async () => {
      ctx.clock.set('2028-05-25T14:00:00Z') // 22:00 on 2028-05-25 in Shanghai
      expect(await portal('court_defaulter')).toEqual([expiring.name])
      expect((await hits(expiring.uscc)).map((h) => h.measure)).toEqual(['punish_cd_procurement'])
      ctx.clock.set('2028-05-25T16:00:00Z') // 00:00 on 2028-05-26
      expect(await portal('court_defaulter')).toEqual([])
      expect(await hits(expiring.uscc)).toEqual([])
      expect(
        (await flagsOf(ctx.db, [ids.expiring as string], ctx.clock.now())).get(ids.expiring as string) ?? [],
      ).not.toContain('black_list')
      expect(await entryOf('black', expiring.name)).toMatchObject({
        state: 'ended',
        public: false,
        exit: { kind: 'expired', on: '2028-05-26', reason: null },
      })
    })

    it('repair (已修复): the rule and the trigger leave a repaired entry out like a revoked one', () => {
      const entry = {
        id: 'r1',
        class_code: 'court_defaulter',
        scope: 'public',
        severity: 'serious',
        severity_override: null,
        minor_at_decision: 0,
        decided_on: '2026-05-01',
        document_no: '（2026）津01执1号',
        publish_from: '2026-05-01',
        publish_max_until: '2029-05-01',
        list_kind: 'black',
        list_until: '2028-05-01',
      }
      const cls = { scope: 'public' as const, publishMinor: false }
      const now = new Date('2026-06-01T02:00:00Z')
      expect(isPublic({ ...entry, state: 'active' }, cls, now)).toEqual({ public: true })
      expect(triggerPeriod({ ...entry, state: 'active' }, '2026-06-01')).toEqual({
        from: '2026-05-01',
        until: '2028-05-01',
      })
      expect(isPublic({ ...entry, state: 'repaired' }, cls, now)).toEqual({ public: false, reason: 'state' })
      expect(triggerPeriod({ ...entry, state: 'repaired' }, '2026-06-01')).toBeNull()
      // a list period longer than the window ends with the window (never triggering while off the portal)
      const long = { ...entry, state: 'active', list_until: '2030-01-01' }
      expect(triggerPeriod(long, '2029-05-01')).toEqual({ from: '2026-05-01', until: '2029-05-01' })
      expect(triggerPeriod(long, '2029-05-02')).toBeNull()
      expect(isPublic(long, cls, new Date('2029-05-02T02:00:00Z')).public).toBe(false)
    })
  })
})
