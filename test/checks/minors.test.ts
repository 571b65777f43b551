import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { createRng, generateResidentId } from '../../src/identifiers/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, bearer, seedDepts, testApp } from './helpers.js'

const rng = createRng(20261128)

async function personDefaulter(ctx: TestContext, idNumber: string, name: string, caseNo: string) {
  const values = {
    case_no: caseNo,
    subject_name: name,
    subject_category: '自然人',
    id_number: idNumber,
    court: '天津市第一中级人民法院',
    basis_doc_no: '（2025）津01民初9号',
    basis_issuer: '天津市第一中级人民法院',
    obligation: '支付人民币5万元',
    performance: '全部未履行',
    conduct: '有履行能力而拒不履行生效法律文书确定义务',
    filed_on: '2026-01-10',
    published_on: '2026-05-20',
  }
  const r = await runIngest(ctx, admin, {
    classCode: 'court_defaulter',
    dept: 'tj-fy',
    channel: 'api',
    headers: Object.keys(values),
    rows: [{ rowNo: 2, values }],
  })
  if (r.accepted !== 1) throw new Error(`not accepted: ${JSON.stringify(r)}`)
}

describeEachDialect('checks: minors are protected', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let jtw: Record<string, string>
  // 16 when the record was decided (adult on 2028-03-02), and an adult
  const minor = generateResidentId(rng, { region: '120101', birthDate: '2010-03-02' })
  const adult = generateResidentId(rng, { region: '120101', birthDate: '1980-07-15' })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    jtw = await bearer(ctx, 'consumer', 'tj-jtw')
    await personDefaulter(ctx, minor, '李小明', '（2026）津01执21号')
    await personDefaulter(ctx, adult, '王大明', '（2026）津01执22号')
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const check = (idNumber: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers: jtw,
      payload: { subject: { idNumber }, scenario: 'high_consumption', purpose: '限制高消费核查', allMeasures: true },
    })

  it('a record decided while the person was a minor triggers no punishment; an adult’s record does', async () => {
    const grown = await check(adult)
    expect(grown.statusCode).toBe(200)
    expect(grown.json().outcome).toBe('punish')
    expect(grown.json().hits.length).toBeGreaterThan(0)
    const young = await check(minor)
    expect(young.statusCode).toBe(200)
    expect(young.json().subject.kind).toBe('natural_person')
    expect(young.json().subject.idMasked).not.toContain(minor.slice(6, 14))
    expect(young.json().outcome).toBe('none')
    expect(young.json().hits).toEqual([])
  })
})
