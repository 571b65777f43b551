// Credit evaluation over HTTP on both databases: the explained grade, marks and incremental runs, a new record and
// a repair changing the grade at once, what-if, model edits (every problem listed), who may read a grade.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { runWatchDelivery } from '../../src/flows/watches/index.js'
import { entityGrade, gradeHistoryOf, gradingQueueLength, runGrading } from '../../src/modules/grading/index.js'
import { repairRecordIn, revokeRecord } from '../../src/modules/records/index.js'
import {
  admin,
  bearer,
  companyUscc,
  entityIdOf,
  penalty,
  seedDepts,
  subjectLogin,
  testApp,
} from '../repairs/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

type Grade = {
  model: string
  version: number
  asOf: string
  base: number
  score: number
  grade: string
  underObjection: boolean
  dimensions: { code: string; label: string; score: number; max: number }[]
  reasons: { code: string; label: string; points: number; records: string[] }[]
  stored: boolean
}

const sum = (g: Grade) => g.base + g.reasons.reduce((s, r) => s + r.points, 0)

describeEachDialect('credit evaluation over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let consumer: Record<string, string>
  let provider: Record<string, string>
  let operator: Record<string, string>
  let own: Record<string, string>
  let other: Record<string, string>
  const x = { name: '天津市测试评价贸易有限公司', uscc: companyUscc() }
  const y = { name: '天津市测试评价他人有限公司', uscc: companyUscc() }
  let xId: string
  let yId: string
  const r: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepts(ctx)
    r.first = await penalty(ctx, x, '津市监罚〔2026〕G-1号', '2026-10-01')
    r.other = await penalty(ctx, y, '津市监罚〔2026〕G-9号', '2026-10-01', 'serious')
    xId = await entityIdOf(ctx, x.uscc)
    yId = await entityIdOf(ctx, y.uscc)
    await runGrading(ctx, admin)
    app = await testApp(ctx)
    consumer = await bearer(ctx, 'consumer', 'tj-czj')
    provider = await bearer(ctx, 'provider', 'tj-scjg')
    operator = await bearer(ctx, 'operator')
    own = await subjectLogin(ctx, app, 'grade.own', xId)
    other = await subjectLogin(ctx, app, 'grade.other', yId)
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const get = async (id: string, headers: Record<string, string>, query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/entities/${id}/grade${query}`, headers })
    return res
  }

  it('explains the stored grade: base + reasons = score, every point traced to its records', async () => {
    const res = await get(xId, consumer)
    expect(res.statusCode, res.body).toBe(200)
    const g = res.json() as Grade
    expect(g).toMatchObject({ model: 'general', version: 1, asOf: '2026-12-06', base: 800, score: 770, grade: 'B' })
    expect(g.stored).toBe(true)
    expect(g.underObjection).toBe(false)
    expect(g.reasons).toEqual([{ code: 'penalty_general', label: '一般行政处罚', points: -30, records: [r.first] }])
    expect(g.dimensions.map((d) => [d.label, d.score, d.max])).toEqual([
      ['遵纪守法', 270, 300],
      ['履约践诺', 150, 200],
      ['资质荣誉', 0, 150],
      ['社会责任', 150, 150],
      ['监管风险', 200, 200],
    ])
    expect(sum(g)).toBe(g.score)
    const ys = (await get(yId, operator)).json() as Grade
    expect([ys.score, ys.grade, ys.reasons[0]?.code]).toEqual([690, 'C', 'penalty_serious'])
  })

  it('a past date is computed from the records in force then; a future date or another industry is refused', async () => {
    const before = (await get(xId, consumer, '?asOf=2026-09-30')).json() as Grade
    expect([before.score, before.stored, before.reasons]).toEqual([800, false, []])
    const future = await get(xId, consumer, '?asOf=2027-01-01')
    expect(future.statusCode).toBe(400)
    expect(future.json().error.code).toBe('grading.bad_date')
    const food = await get(xId, consumer, '?model=food')
    expect(food.statusCode).toBe(422)
    expect(food.json().error.code).toBe('grading.not_covered')
    expect(food.json().error.message).toContain('行业门类 H')
  })

  it('who may read: anonymous 401, a provider without grading.read 403, the subject itself 200, another subject 404', async () => {
    expect((await get(xId, {})).statusCode).toBe(401)
    expect((await get(xId, provider)).statusCode).toBe(403)
    const mine = await get(xId, own)
    expect(mine.statusCode).toBe(200)
    expect((mine.json() as Grade).score).toBe(770)
    const file = await app.inject({ method: 'GET', url: '/api/v1/me/file', headers: own })
    expect(file.statusCode, file.body).toBe(200)
    expect(file.json().grades.map((g: Grade) => [g.model, g.score, g.grade, g.reasons[0]?.records])).toEqual([
      ['general', 770, 'B', [r.first]],
    ])
    const theirs = await get(xId, other)
    expect(theirs.statusCode).toBe(404)
    expect(theirs.json().error.code).toBe('entity.not_found')
    const whatIf = await app.inject({
      method: 'POST',
      url: `/api/v1/entities/${xId}/grade/what-if`,
      headers: other,
      payload: { exclude: [] },
    })
    expect(whatIf.statusCode).toBe(404)
  })

  it('a new record marks its entity in the same transaction; an incremental run grades it, then nothing', async () => {
    expect(await gradingQueueLength(ctx.db)).toBe(0)
    r.second = await penalty(ctx, x, '津市监罚〔2026〕G-2号', '2026-11-02')
    expect(await gradingQueueLength(ctx.db)).toBe(1)
    const runs = await runGrading(ctx, admin, { incremental: true })
    expect(runs.map((s) => [s.model, s.graded])).toEqual([
      ['construction', 0],
      ['food', 0],
      ['general', 1],
      ['rural', 0],
    ])
    expect(runs.find((s) => s.model === 'general')?.distribution).toEqual({ A: 0, B: 1, C: 0, D: 0 })
    expect(await gradingQueueLength(ctx.db)).toBe(0)
    expect((await runGrading(ctx, admin, { incremental: true })).map((s) => s.graded)).toEqual([0, 0, 0, 0])
    const g = (await get(xId, consumer)).json() as Grade
    expect([g.score, g.stored]).toEqual([740, true])
    expect(g.reasons[0]?.records).toEqual([r.first, r.second].sort())
  })

  it('no stale grade after an answered change: a repair and a revocation show at once, with history', async () => {
    await runCommand(ctx, admin, async ({ ctx: tctx, trx }) => {
      await repairRecordIn(tctx, trx, admin, r.first as string, 1, '已履行', { caseId: 'c1', caseNumber: 'XF-1' })
    })
    const repaired = (await get(xId, consumer)).json() as Grade
    expect([repaired.score, repaired.reasons[0]?.records]).toEqual([770, [r.second]])
    await revokeRecord(ctx, admin, r.second as string, '录入错误')
    const revoked = await entityGrade(ctx, xId)
    expect([revoked.score, revoked.grade, revoked.reasons]).toEqual([800, 'B', []])
    const history = await gradeHistoryOf(ctx.db, xId, 'general')
    expect(history.map((h) => [h.score, h.current])).toEqual([
      [770, false],
      [740, false],
      [770, false],
      [800, true],
    ])
    // before the repair the first penalty was in force
    const then = await entityGrade(ctx, xId, { asOf: '2026-12-05' })
    expect(then.score).toBe(770)
  })

  it('what-if: the grade without the excluded records, nothing stored; records of others refused', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/entities/${yId}/grade/what-if`,
      headers: other,
      payload: { exclude: [r.other] },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      score: 800,
      grade: 'B',
      excluded: [r.other],
      actual: { score: 690, grade: 'C' },
    })
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/entities/${yId}/grade/what-if`,
      headers: consumer,
      payload: { exclude: [r.first] },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('grading.unknown_records')
    expect((await entityGrade(ctx, yId)).score).toBe(690)
  })

  it('a model edit is refused with every problem listed, or becomes a new version that grades at once', async () => {
    const current = (
      await app.inject({ method: 'GET', url: '/api/v1/grading/models/general', headers: consumer })
    ).json()
    const { version: _v, ...definition } = current
    const broken = {
      ...definition,
      items: [
        ...definition.items.filter((i: { dimension: string }) => i.dimension !== 'honor'),
        { code: 'ghost', label: '不存在的类别', dimension: 'law', classes: ['ghost_class'], points: -5 },
      ],
      bands: [
        { grade: 'A', label: '诚信', min: 860, max: 1000 },
        { grade: 'B', label: '守信', min: 700, max: 849 },
        { grade: 'C', label: '风险', min: 0, max: 700 },
      ],
    }
    const refused = await app.inject({
      method: 'PUT',
      url: '/api/v1/grading/models/general',
      headers: operator,
      payload: { definition: broken, reason: '测试错误的模型', baseVersion: 1 },
    })
    expect(refused.statusCode).toBe(422)
    const err = refused.json().error
    expect(err.code).toBe('grading.invalid_definition')
    for (const p of [
      '引用了信用信息目录中不存在的类别「ghost_class」',
      '维度「资质荣誉」没有评分项',
      '分数 850 到 859 分没有对应的等级',
      '等级「C」与「B」的分数区间重叠（700 到 700 分）',
    ])
      expect(err.message).toContain(p)
    const items = definition.items.map((i: { code: string; points: number }) =>
      i.code === 'penalty_serious' ? { ...i, points: -150 } : i,
    )
    const ok = await app.inject({
      method: 'PUT',
      url: '/api/v1/grading/models/general',
      headers: operator,
      payload: { definition: { ...definition, items }, reason: '严重行政处罚加重扣分', baseVersion: 1 },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().version).toBe(2)
    const g = (await get(yId, consumer)).json() as Grade
    expect([g.version, g.score, g.grade, g.stored]).toEqual([2, 650, 'C', true])
    expect(sum(g)).toBe(g.score)
  })
})

describeEachDialect('a grade that changes its letter is a watch event', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  const z = { name: '天津市测试等级变化有限公司', uscc: companyUscc() }

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepts(ctx)
    await penalty(ctx, z, '津市监罚〔2026〕W-1号', '2026-10-01')
    await runGrading(ctx, admin)
    app = await testApp(ctx)
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('grade.changed carries the model, the old and the new grade; a grade falling to D raises the rule’s alert', async () => {
    const consumer = await bearer(ctx, 'consumer', 'tj-czj')
    const zId = await entityIdOf(ctx, z.uscc)
    const watch = await app.inject({
      method: 'POST',
      url: '/api/v1/watches',
      headers: consumer,
      payload: { name: '等级监测', entities: [{ entityId: zId }], events: ['grade.changed', 'alert'] },
    })
    expect(watch.statusCode, watch.body).toBe(201)
    const before = (await entityGrade(ctx, zId)).grade
    const seen: string[] = [before]
    for (let i = 2; i < 12 && seen.at(-1) !== 'D'; i++) {
      await penalty(ctx, z, `津市监罚〔2026〕W-${i}号`, '2026-11-02', 'serious')
      await runGrading(ctx, admin, { incremental: true })
      const now = (await entityGrade(ctx, zId)).grade
      if (now !== seen.at(-1)) seen.push(now)
    }
    expect(seen.at(-1)).toBe('D')
    await runWatchDelivery(ctx)
    const feed = await app.inject({
      method: 'GET',
      url: `/api/v1/watches/${watch.json().id}/events?limit=100`,
      headers: consumer,
    })
    expect(feed.statusCode, feed.body).toBe(200)
    const events = feed.json().items as { type: string; entityId: string; data: Record<string, unknown> }[]
    const changes = events.filter((e) => e.type === 'grade.changed')
    expect(changes.map((e) => [e.data.from, e.data.to])).toEqual(seen.slice(1).map((g, k) => [seen[k], g]))
    expect(changes[0]).toMatchObject({ entityId: zId, data: { model: 'general' } })
    expect(events.some((e) => e.type === 'alert' && JSON.stringify(e.data).includes('grade_d'))).toBe(true)
  })
})
