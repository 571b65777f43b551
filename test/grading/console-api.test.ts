// The grading console's APIs on both databases: the grade distribution (by grade, district, industry and month
// end, from the history), checking a model without saving (every problem with its path), and the grade publication
// policy: off by default (no grade in any public answer about the entity), and when a model is published the public
// file shows its grade with the model and the as-of date.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { entityGrade, runGrading } from '../../src/modules/grading/index.js'
import { admin, bearer, companyUscc, entityIdOf, penalty, seedDepts, testApp } from '../repairs/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

/** Every value under a key naming a grade or a score, anywhere in an answer (empty lists and nulls left out). */
function gradeValues(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const v of value) gradeValues(v, out)
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (/grade|score/i.test(k) && v !== null && !(Array.isArray(v) && v.length === 0)) out.push({ [k]: v })
      gradeValues(v, out)
    }
  return out
}

describeEachDialect('grading console APIs', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let consumer: Record<string, string>
  let provider: Record<string, string>
  let operator: Record<string, string>
  const x = { name: '天津市测试分布贸易有限公司', uscc: companyUscc() }
  const y = { name: '天津市测试分布物流有限公司', uscc: companyUscc() }
  let xId: string
  let yId: string
  let xRecord: string
  const october: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-10-15T02:00:00Z' })
    await seedDepts(ctx)
    xRecord = await penalty(ctx, x, '津市监罚〔2026〕F-1号', '2026-10-01')
    await penalty(ctx, y, '津市监罚〔2026〕F-2号', '2026-10-02')
    xId = await entityIdOf(ctx, x.uscc)
    yId = await entityIdOf(ctx, y.uscc)
    await runGrading(ctx, admin)
    october.x = (await entityGrade(ctx, xId)).grade
    october.y = (await entityGrade(ctx, yId)).grade
    // December: y gets a serious penalty and is graded again (a new history row as of the day)
    ctx.clock.set('2026-12-06T02:00:00Z')
    await penalty(ctx, y, '津市监罚〔2026〕F-3号', '2026-12-01', 'serious')
    await penalty(ctx, y, '津市监罚〔2026〕F-4号', '2026-12-02', 'serious')
    await runGrading(ctx, admin, { incremental: true })
    app = await testApp(ctx)
    consumer = await bearer(ctx, 'consumer', 'tj-czj')
    provider = await bearer(ctx, 'provider', 'tj-scjg')
    operator = await bearer(ctx, 'operator')
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('the distribution: by grade, district and industry from the current grades, by month end from the history', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/grading/stats?model=general', headers: consumer })
    expect(res.statusCode, res.body).toBe(200)
    const s = res.json()
    const now = { x: (await entityGrade(ctx, xId)).grade, y: (await entityGrade(ctx, yId)).grade }
    expect(now.y).not.toBe(october.y)
    const expected = (g: Record<string, string>) =>
      Object.fromEntries(
        s.grades.map((b: { grade: string }) => [b.grade, Object.values(g).filter((v) => v === b.grade).length]),
      )
    expect(s.grades.map((b: { grade: string }) => b.grade)).toEqual(['A', 'B', 'C', 'D'])
    expect(s.grades[0].label).toBeTruthy()
    expect(s.total).toBe(2)
    expect(Object.fromEntries(s.byGrade.map((b: { grade: string; n: number }) => [b.grade, b.n]))).toEqual(
      expected(now),
    )
    // both companies are registered in 滨海新区 (the code's region 120116); no industry section on file
    expect(s.byDistrict).toEqual([
      { code: '120116', name: expect.stringContaining('滨海新区'), total: 2, counts: expected(now) },
    ])
    expect(s.byIndustry).toEqual([{ code: null, name: null, total: 2, counts: expected(now) }])
    // months from the first grading (October) to today; November holds October's grades, December the new one
    expect(s.overTime.map((m: { month: string; day: string }) => [m.month, m.day])).toEqual([
      ['2026-10', '2026-10-31'],
      ['2026-11', '2026-11-30'],
      ['2026-12', '2026-12-06'],
    ])
    expect(s.overTime[0].counts).toEqual(expected(october))
    expect(s.overTime[1].counts).toEqual(expected(october))
    expect(s.overTime[2].counts).toEqual(expected(now))
    const one = await app.inject({ method: 'GET', url: '/api/v1/grading/stats?months=1', headers: consumer })
    expect(one.json().overTime.map((m: { month: string }) => m.month)).toEqual(['2026-12'])
    expect((await app.inject({ method: 'GET', url: '/api/v1/grading/stats', headers: provider })).statusCode).toBe(403)
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/grading/stats?model=nosuch', headers: consumer })
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'grading.not_found'])
  })

  it('checking a model lists every problem in Chinese with its path, and saves nothing', async () => {
    const current = (
      await app.inject({ method: 'GET', url: '/api/v1/grading/models/general', headers: operator })
    ).json()
    const { version: _v, ...definition } = current
    const honor = definition.dimensions.findIndex((d: { code: string }) => d.code === 'honor')
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
    const ghostAt = broken.items.length - 1
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/grading/models/general/check',
      headers: operator,
      payload: { definition: broken },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().problems).toEqual([
      {
        path: `items[${ghostAt}]`,
        message: `第 ${ghostAt + 1} 个评分项「ghost」：引用了信用信息目录中不存在的类别「ghost_class」`,
      },
      { path: `dimensions[${honor}]`, message: '维度「资质荣誉」没有评分项：每个维度至少一个评分项' },
      { path: 'bands', message: '等级「C」与「B」的分数区间重叠（700 到 700 分）' },
      { path: 'bands', message: '分数 850 到 859 分没有对应的等级（等级区间有缺口）' },
    ])
    const sound = await app.inject({
      method: 'POST',
      url: '/api/v1/grading/models/general/check',
      headers: operator,
      payload: { definition },
    })
    expect(sound.json()).toEqual({ problems: [] })
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/grading/models/food/check',
      headers: operator,
      payload: { definition },
    })
    expect(other.json().problems[0]).toEqual({
      path: 'code',
      message: '定义中的 code「general」与所编辑的模型「food」不一致',
    })
    const versions = await app.inject({
      method: 'GET',
      url: '/api/v1/grading/models/general/versions',
      headers: operator,
    })
    expect(versions.json().items).toHaveLength(1)
    const reader = await app.inject({
      method: 'POST',
      url: '/api/v1/grading/models/general/check',
      headers: consumer,
      payload: { definition },
    })
    expect(reader.statusCode).toBe(403)
  })

  it('by default no grade is public: not on the file, nor in search, records, lists, figures or 双公示', async () => {
    const policy = await app.inject({ method: 'GET', url: '/api/v1/grading/publication', headers: consumer })
    expect(policy.statusCode, policy.body).toBe(200)
    expect(policy.json()).toMatchObject({ version: 1, source: 'default', publication: { models: [] } })
    const answers = [
      `/api/v1/public/entities/${xId}`,
      `/api/v1/public/entities/${yId}`,
      `/api/v1/public/search?q=${encodeURIComponent('测试分布')}`,
      `/api/v1/public/records/${xRecord}`,
      '/api/v1/public/lists',
      '/api/v1/public/stats',
      '/api/v1/public/publicity/penalty',
    ]
    for (const url of answers) {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
      expect(gradeValues(res.json()), url).toEqual([])
      expect(res.body).not.toContain('公共信用综合评价')
    }
    expect((await app.inject({ method: 'GET', url: `/api/v1/public/entities/${xId}` })).json().grades).toEqual([])
  })

  it('publishing a model shows its grade, model and as-of date on the public file at once; switching off hides it', async () => {
    // read first, so a cached answer exists: the policy's new version must not be hidden by it
    expect((await app.inject({ method: 'GET', url: `/api/v1/public/entities/${yId}` })).json().grades).toEqual([])
    const noBasis = await app.inject({
      method: 'PUT',
      url: '/api/v1/grading/publication',
      headers: operator,
      payload: { publication: { models: ['general', 'nosuch'], basis: [] }, reason: '试行公开', baseVersion: 1 },
    })
    expect(noBasis.statusCode).toBe(422)
    expect(noBasis.json().error.details.problems).toEqual([
      'models 中的「nosuch」不是已有的评价模型代码',
      '公开评价结果须填写 basis（公开依据）至少一项',
    ])
    const on = await app.inject({
      method: 'PUT',
      url: '/api/v1/grading/publication',
      headers: operator,
      payload: {
        publication: { models: ['general'], basis: ['市社会信用体系建设领导小组办公室关于评价结果公开的决定'] },
        reason: '按决定公开综合评价结果',
        baseVersion: 1,
      },
    })
    expect(on.statusCode, on.body).toBe(200)
    expect(on.json()).toMatchObject({ version: 2, publication: { models: ['general'] } })
    const consumerPut = await app.inject({
      method: 'PUT',
      url: '/api/v1/grading/publication',
      headers: consumer,
      payload: { publication: { models: [] }, reason: '关闭', baseVersion: 2 },
    })
    expect(consumerPut.statusCode).toBe(403)
    const grade = await entityGrade(ctx, yId)
    const file = (await app.inject({ method: 'GET', url: `/api/v1/public/entities/${yId}` })).json()
    expect(file.grades).toEqual([
      {
        model: 'general',
        modelName: grade.modelName,
        version: 1,
        grade: grade.grade,
        gradeLabel: grade.gradeLabel,
        asOf: '2026-12-06',
        underObjection: false,
      },
    ])
    // the score and the reasons stay off the public file
    expect(JSON.stringify(file)).not.toContain('"score"')
    const diff = await app.inject({
      method: 'GET',
      url: '/api/v1/grading/publication/diff?from=1&to=2',
      headers: consumer,
    })
    expect(diff.json().changes.map((c: { property: string }) => c.property)).toContain('models')
    const off = await app.inject({
      method: 'PUT',
      url: '/api/v1/grading/publication',
      headers: operator,
      payload: { publication: { models: [], basis: [] }, reason: '停止公开', baseVersion: 2 },
    })
    expect(off.statusCode, off.body).toBe(200)
    expect((await app.inject({ method: 'GET', url: `/api/v1/public/entities/${yId}` })).json().grades).toEqual([])
  })
})
