// Supervision by grade on both databases: the supervision policies as versioned data (defaults, an edit with every
// problem listed, versions and diff), and the measures' `grade` trigger matching in a check, which shows the grade
// with its reasons.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEntity } from '../../src/modules/entities/index.js'
import { runGrading } from '../../src/modules/grading/index.js'
import { checkMeasureDefinition, readDefaultMeasures } from '../../src/modules/measures/index.js'
import { currentSupervisionPolicies, readDefaultPolicies } from '../../src/modules/supervision/index.js'
import { readDefaultModels } from '../../src/modules/grading/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { revokeRecord } from '../../src/modules/records/index.js'
import { admin, bearer, companyUscc, penalty, seedDepts, testApp } from '../repairs/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describe('default supervision policies', () => {
  it('one per default grading model, a stratum for every grade of it, D always inspected', () => {
    const models = readDefaultModels()
    const refs = {
      models: new Map(models.map((m) => [m.code, { grades: m.bands.map((b) => b.grade), status: m.status }])),
      measures: new Set(readDefaultMeasures().map((m) => m.code)),
    }
    const policies = readDefaultPolicies(undefined, refs)
    expect(policies.map((p) => p.code).sort()).toEqual(['construction', 'food', 'general'])
    const general = policies.find((p) => p.code === 'general')
    expect(general?.strata.map((s) => [s.grade, s.percent, s.frequency])).toEqual([
      ['A', 3, 'year'],
      ['B', 5, 'year'],
      ['C', 20, 'half_year'],
      ['D', 100, 'quarter'],
    ])
    expect(general?.strata.find((s) => s.grade === 'D')?.measures).toEqual(['punish_grade_d_focus_supervision'])
  })

  it('the default grade triggers name grades of the default models', () => {
    const models = new Map(readDefaultModels().map((m) => [m.code, m.bands.map((b) => b.grade)]))
    const withGrade = readDefaultMeasures().filter((m) => m.triggers.some((t) => t.type === 'grade'))
    expect(withGrade.map((m) => m.code)).toEqual(['punish_grade_d_focus_supervision'])
    for (const m of withGrade) expect(checkMeasureDefinition(m, undefined, models)).toEqual([])
    const wrong = { ...withGrade[0], triggers: [{ type: 'grade', model: 'general', grades: ['E'] }] }
    expect(checkMeasureDefinition(wrong, undefined, models)).toEqual([
      'triggers[0].grades：评价模型「general」没有等级「E」（有 A、B、C、D）',
    ])
    expect(
      checkMeasureDefinition(
        { ...wrong, triggers: [{ type: 'grade', model: 'nope', grades: ['D'] }] },
        undefined,
        models,
      ),
    ).toEqual(['triggers[0].model「nope」不是已有的评价模型'])
  })
})

describeEachDialect('supervision by grade', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let provider: Record<string, string>
  let scjgConsumer: Record<string, string>
  const d = { name: '天津市重点监管测试有限公司', uscc: companyUscc() }
  const b = { name: '天津市守信测试有限公司', uscc: companyUscc() }
  let dId: string
  let bId: string
  const records: string[] = []

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepts(ctx)
    dId = (await createEntity(ctx, admin, { kind: 'legal_person', name: d.name, uscc: d.uscc, district: '120101' })).id
    bId = (await createEntity(ctx, admin, { kind: 'legal_person', name: b.name, uscc: b.uscc, district: '120101' })).id
    for (let j = 1; j <= 3; j++)
      records.push(await penalty(ctx, d, `津市监罚〔2026〕S-${j}号`, '2026-10-01', 'serious'))
    records.push(await penalty(ctx, d, '津市监罚〔2026〕S-4号', '2026-10-02'))
    await runGrading(ctx, admin)
    app = await testApp(ctx)
    operator = await bearer(ctx, 'operator')
    provider = await bearer(ctx, 'provider', 'tj-scjg')
    scjgConsumer = await bearer(ctx, 'consumer', 'tj-scjg')
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('loads the default policies at migrate; inspection and grading readers list them', async () => {
    expect((await currentSupervisionPolicies(ctx.db)).map((p) => [p.code, p.version, p.model])).toEqual([
      ['construction', 1, 'construction'],
      ['food', 1, 'food'],
      ['general', 1, 'general'],
    ])
    const res = await app.inject({ method: 'GET', url: '/api/v1/supervision/policies', headers: provider })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().items.find((p: { code: string }) => p.code === 'general')).toMatchObject({
      inspectorsPerTarget: 2,
      excludeSameDistrict: true,
      ungraded: { percent: 5, minimum: 0, frequency: 'year' },
    })
    expect((await app.inject({ method: 'GET', url: '/api/v1/supervision/policies' })).statusCode).toBe(401)
  })

  it('an edit is checked (every problem listed), stored as a new version, audited, and diffed', async () => {
    const current = (
      await app.inject({ method: 'GET', url: '/api/v1/supervision/policies/general', headers: operator })
    ).json()
    const broken = {
      ...current,
      strata: current.strata
        .filter((s: { grade: string }) => s.grade !== 'D')
        .map((s: { grade: string }) => (s.grade === 'B' ? { ...s, percent: 150 } : s)),
      inspectorsPerTarget: 0,
    }
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/supervision/policies/general',
      headers: operator,
      payload: { definition: broken, reason: '调整抽查比例', baseVersion: 1 },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('supervision.invalid_definition')
    expect(bad.json().error.details.problems).toEqual([
      'inspectorsPerTarget（每个检查对象的执法检查人员数）应为 1 到 10 的整数',
      'strata[1].percent（抽查比例）应为大于 0、不超过 100 的百分数，最多两位小数',
      '等级「D」没有抽查比例（strata 中缺少该等级）',
    ])
    const edited = {
      ...current,
      strata: current.strata.map((s: { grade: string }) => (s.grade === 'B' ? { ...s, percent: 4.5 } : s)),
    }
    const ok = await app.inject({
      method: 'PUT',
      url: '/api/v1/supervision/policies/general',
      headers: operator,
      payload: { definition: edited, reason: '本市守信企业抽查比例下调', baseVersion: 1 },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({ code: 'general', version: 2 })
    expect(ok.json().strata[1]).toMatchObject({ grade: 'B', percent: 4.5 })
    const diff = await app.inject({
      method: 'GET',
      url: '/api/v1/supervision/policies/general/diff',
      headers: operator,
    })
    expect(diff.json()).toMatchObject({ from: 1, to: 2, changes: [{ property: 'strata' }] })
    const events = await searchAuditEvents(ctx.db, { action: 'supervision.policy_updated' }, 1, 10)
    expect(events.items.map((e) => [e.targetId, (e.details as { version: number }).version])).toEqual([['general', 2]])
    // a provider reads policies but may not edit them
    const denied = await app.inject({
      method: 'PUT',
      url: '/api/v1/supervision/policies/general',
      headers: provider,
      payload: { definition: edited, reason: '无权修改' },
    })
    expect(denied.statusCode).toBe(403)
  })

  it('a grade trigger matches: grade D hits 重点监管 with the grade and its reasons in the check answer', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers: scjgConsumer,
      payload: { subject: { uscc: d.uscc }, scenario: 'supervision' },
    })
    expect(res.statusCode, res.body).toBe(200)
    const check = res.json()
    expect(check.outcome).toBe('punish')
    const hit = check.hits.find((h: { measure: string }) => h.measure === 'punish_grade_d_focus_supervision')
    expect(hit).toMatchObject({ kind: 'punish', triggeredBy: [], validUntil: null, underObjection: false })
    expect(hit.grade).toMatchObject({ model: 'general', version: 1, grade: 'D', gradeLabel: '严重失信', score: 520 })
    // every point of the grade traced to its records
    expect(hit.grade.reasons.map((r: { code: string; points: number }) => [r.code, r.points])).toEqual([
      ['penalty_serious', -250],
      ['penalty_general', -30],
    ])
    expect(hit.grade.reasons.flatMap((r: { records: string[] }) => r.records).sort()).toEqual([...records].sort())
    // the receipt keeps the grade as the answer showed it
    const receipt = await app.inject({ method: 'GET', url: `/api/v1/checks/${check.checkId}`, headers: scjgConsumer })
    expect(receipt.statusCode, receipt.body).toBe(200)
    expect(receipt.json().hits[0].grade).toMatchObject({ grade: 'D', score: 520 })
    // a B company is not hit
    const bRes = await app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers: scjgConsumer,
      payload: { subject: { uscc: b.uscc }, scenario: 'supervision' },
    })
    expect(bRes.json()).toMatchObject({ outcome: 'none', hits: [] })
    expect(bId).toBeTruthy()
    expect(dId).toBeTruthy()
  })

  it("the grade read by the check is today's: revoked records change it before the next check", async () => {
    // no incremental run in between: the check grades the entity again because its change counter moved
    for (const id of records.slice(0, 2)) await revokeRecord(ctx, admin, id, '录入错误')
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers: scjgConsumer,
      payload: { subject: { uscc: d.uscc }, scenario: 'supervision' },
    })
    expect(res.json()).toMatchObject({ outcome: 'none', hits: [] })
  })
})
