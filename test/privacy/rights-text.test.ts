// The crawl of test/privacy/stored-text.test.ts, carried over the subject-rights surfaces: subject activation (a
// person activates with its ID number), agents, evidence file names, objections, repairs, list exits, tips (content,
// contact, notes), a department's check of a person with a purpose holding a number, the decisions' reasons, and
// then every answer a subject, an official or the public reads about them - the cases, the subject's own file, its
// access log (JSON and XLSX), the inbox, the public tip lookup and deadlines, the audit checkpoint and a proof.
// No answer and no table holds one of the numbers in clear, in any written form: the person's own number included
// (it is shown masked, even to the person).
import { ExcelJS } from '../../src/modules/ingest/index.js'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { createUser } from '../../src/modules/access/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { recordsOfEntity } from '../../src/modules/records/index.js'
import { rowsOf } from '../ingest/helpers.js'
import { entityIdOf, penalty } from '../repairs/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { admin, bearerKey, loginAs, PASSWORD, seedDepartments, subjectAccount } from '../support/people.js'
import { flat, fullWidth, hyphens, masked, spaced } from './forms.js'
import { storedRows } from './tables.js'

const rng = createRng(20261207)
const person = (region: string, birthDate: string) => generateResidentId(rng, { region, birthDate, sex: 'male' })
/** One number per surface, so a leak names its place. */
const ID = {
  self: person('120201', '1981-01-02'),
  objection: person('120202', '1982-02-03'),
  repair: person('120203', '1983-03-04'),
  exit: person('120204', '1984-04-05'),
  tip: person('120205', '1985-05-06'),
  agent: person('120206', '1986-06-07'),
  purpose: person('120207', '1987-07-08'),
  decision: person('120208', '1988-08-09'),
}
const leaks = (text: string) =>
  Object.entries(ID)
    .filter(([, id]) => flat(text).includes(id))
    .map(([area]) => area)

const DEPTS = {
  'tj-scjg': '天津市市场监督管理委员会',
  'tj-fy': '天津市高级人民法院',
  'tj-czj': '天津市财政局',
  'tj-sw': '国家税务总局天津市税务局',
}
const uscc = () => generateUscc(rng, { dept: '9', category: '1', region: '120116' })

describeEachDialect('subject rights: no ID number leaves in clear, none is stored in clear', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  const answers: { name: string; status: number; text: string }[] = []
  const company = { name: '天津市测试权利保护商贸有限公司', uscc: uscc() }
  const listed = { name: '天津市测试移出名录商贸有限公司', uscc: uscc() }
  let personEntity: string
  let h: Record<string, Record<string, string>>

  const keep = (name: string, res: LightMyRequestResponse) => {
    answers.push({ name, status: res.statusCode, text: res.body })
    return res
  }
  const call = async (
    name: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Record<string, string> = {},
    payload?: unknown,
    remoteAddress?: string,
  ) =>
    keep(
      name,
      await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        ...(remoteAddress ? { remoteAddress } : {}),
      }),
    )
  const ok = async (...args: Parameters<typeof call>) => {
    const res = await call(...args)
    expect(res.statusCode, `${args[0]}: ${res.body}`).toBeLessThan(300)
    return res.json()
  }
  const upload = async (name: string, headers: Record<string, string>, fileName: string) => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
    const form = multipart({}, { name: fileName, content: pdf, type: 'application/pdf' })
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    })
    keep(name, res)
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  const xlsxText = async (res: LightMyRequestResponse) => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const cells: string[] = []
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text))))
    return cells.join('\n')
  }

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepartments(ctx, DEPTS, rng)
    app = await buildApp(ctx, { web: false })
    await app.ready()
    h = {
      operator: await bearerKey(ctx, 'operator'),
      scjg: await bearerKey(ctx, 'provider', 'tj-scjg'),
      czj: await bearerKey(ctx, 'consumer', 'tj-czj'),
    }
    await createUser(ctx, admin, { username: 'rights.auditor', role: 'auditor', password: PASSWORD })
    h.auditor = await loginAs(app, 'rights.auditor', '10.8.0.9')
    const objected = await penalty(ctx, company, '津市监罚〔2026〕R-1号', '2026-05-10')
    const repairable = await penalty(ctx, company, '津市监罚〔2026〕R-2号', '2026-05-11')
    const abnormal = await runIngest(ctx, admin, {
      classCode: 'abnormal_operation',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: listed.name,
          uscc: listed.uscc,
          legal_rep: '李四',
          reason: '未按照规定期限公示年度报告',
          document_no: '津市监异〔2026〕R-1号',
          decision_date: '2026-07-01',
          authority_name: '天津市市场监督管理委员会',
        },
      ]),
    })
    expect(abnormal.accepted).toBe(1)
    const companyId = await entityIdOf(ctx, company.uscc)
    const listedId = await entityIdOf(ctx, listed.uscc)
    const listedRecord = (await recordsOfEntity(ctx.db, listedId))[0]?.id as string
    h.company = await subjectAccount(ctx, app, 'rights.company', companyId, '10.8.0.1')
    h.listed = await subjectAccount(ctx, app, 'rights.listed', listedId, '10.8.0.2')

    // a person activates its account with its own ID number
    personEntity = (await createEntity(ctx, admin, { kind: 'natural_person', name: '赵 明', idNumber: ID.self })).id
    const invitation = await ok('invite', 'POST', '/api/v1/subject/invitations', h.operator, {
      entityId: personEntity,
    })
    await ok(
      'activate',
      'POST',
      '/api/v1/subject/activate',
      {},
      { idNumber: spaced(ID.self), name: '赵明', code: invitation.code, username: 'zhao.ming', password: PASSWORD },
      '10.8.0.3',
    )
    h.person = await loginAs(app, 'zhao.ming', '10.8.0.4')
    await ok('me (person)', 'GET', '/api/v1/me', h.person)

    // an agent with a letter whose file name and display name hold numbers
    const letter = await upload('letter', h.company, `授权委托书-${ID.agent}.pdf`)
    const agent = await ok('agent', 'POST', '/api/v1/subject/agents', h.company, {
      username: 'rights.agent',
      displayName: `经办人${fullWidth(ID.agent)}`,
      password: PASSWORD,
      letterFileId: letter,
    })
    await ok('agent approve', 'POST', `/api/v1/subject/agents/${agent.id}/approve`, h.operator, {})
    await ok('agents', 'GET', `/api/v1/subject/agents?entityId=${companyId}`, h.operator)

    // an objection: reason, contact, evidence name, the office's steps and the provider's decision
    const evidence = await upload('evidence', h.company, `证据${hyphens(ID.objection)}.pdf`)
    const objection = await ok('objection', 'POST', '/api/v1/objections', h.company, {
      recordId: objected,
      reason: `处罚对象错误，当事人应为${ID.objection}本人`,
      evidence: [evidence],
      contact: `联系人 ${spaced(ID.objection)} 电话 13800000000`,
    })
    const step = async (action: string, headers: Record<string, string>, body: Record<string, unknown>) => {
      const current = await ok(`objection ${action} (read)`, 'GET', `/api/v1/objections/${objection.id}`, headers)
      return ok(`objection ${action}`, 'POST', `/api/v1/objections/${objection.id}/${action}`, headers, {
        version: current.version,
        ...body,
      })
    }
    await step('accept', h.operator, { reason: `受理，申请人${ID.decision}` })
    await step('forward', h.operator, { reason: `转核实，经办人${fullWidth(ID.decision)}` })
    await step('decide', h.scjg, { outcome: 'upheld', reason: `经核实维持，核实人${hyphens(ID.decision)}` })

    // a repair: statement, commitment, the department's decision
    const repair = await ok('repair', 'POST', '/api/v1/repairs', h.company, {
      recordId: repairable,
      statement: `已全额缴纳罚款并整改完毕，法定代表人身份证号${ID.repair}。`,
      evidence: [],
      commitment: { content: `本单位承诺今后守法经营（承诺人 ${spaced(ID.repair)}）。` },
    })
    await ok('repair approve', 'POST', `/api/v1/repairs/${repair.id}/approve`, h.scjg, {
      version: repair.version,
      reasons: `材料齐全，同意修复（经办人${fullWidth(ID.decision)}）`,
    })

    // a list exit
    const exit = await ok('list exit', 'POST', '/api/v1/list-exits', h.listed, {
      recordId: listedRecord,
      ground: '补报未报年份的年度报告并公示',
      statement: `已补报年度报告，联系人${hyphens(ID.exit)}。`,
    })
    await ok('list exit reject', 'POST', `/api/v1/list-exits/${exit.id}/reject`, h.scjg, {
      version: exit.version,
      reasons: `年报仍未公示（核查人${ID.exit}）`,
    })

    // an anonymous tip with a contact, routed, verified, rewarded
    const tip = await ok(
      'tip',
      'POST',
      '/api/v1/public/tips',
      {},
      {
        category: 'food',
        entityName: company.name,
        content: `该公司销售过期食品，店长身份证号${fullWidth(ID.tip)}，2026 年 11 月仍在售。`,
        contact: { name: `举报人${ID.tip}`, phone: '13900000000' },
        wantsReward: true,
      },
      '10.8.1.1',
    )
    await ok('tip status', 'GET', `/api/v1/public/tips/${tip.number}?code=${tip.queryCode}`, {}, undefined, '10.8.1.2')
    const tips = await ok('tips', 'GET', '/api/v1/tips', h.operator)
    const tipId = tips.items[0].id as string
    const tipVersion = async (headers: Record<string, string>) =>
      (await ok('tip (read)', 'GET', `/api/v1/tips/${tipId}`, headers)).version as number
    await ok('tip route', 'POST', `/api/v1/tips/${tipId}/route`, h.operator, {
      dept: 'tj-scjg',
      note: `请核查，举报人${spaced(ID.tip)}`,
      version: await tipVersion(h.operator),
    })
    await ok('tip verify', 'POST', `/api/v1/tips/${tipId}/verify`, h.scjg, {
      note: `查证属实，店长${hyphens(ID.tip)}已被处罚`,
      version: await tipVersion(h.scjg),
    })
    await ok('tip reward', 'POST', `/api/v1/tips/${tipId}/reward`, h.scjg, {
      amount: '500.00',
      paidOn: '2026-12-06',
      note: `奖励已发给${ID.tip}`,
      version: await tipVersion(h.scjg),
    })
    await ok(
      'tip status (after)',
      'GET',
      `/api/v1/public/tips/${tip.number}?code=${tip.queryCode}`,
      {},
      undefined,
      '10.8.1.3',
    )

    // a department checks the person by its ID number, with a purpose holding another number
    await ok('check person', 'POST', '/api/v1/checks', h.czj, {
      subject: { idNumber: ID.self },
      scenario: 'government_procurement',
      purpose: `资格审查，经办人${ID.purpose}`,
    })
    await ok(
      'check company',
      'POST',
      '/api/v1/checks',
      { ...h.czj, 'x-purpose': `采购审查（经办人${spaced(ID.purpose)}）` },
      { subject: { uscc: company.uscc }, scenario: 'government_procurement', purpose: `采购审查，经办人${ID.purpose}` },
    )

    // what everyone reads afterwards
    for (const [who, headers] of [
      ['company', h.company],
      ['person', h.person],
      ['listed', h.listed],
    ] as const) {
      await ok(`${who} file`, 'GET', '/api/v1/me/file', headers)
      await ok(`${who} access log`, 'GET', '/api/v1/me/access-log', headers)
      await ok(`${who} cases`, 'GET', '/api/v1/me/cases', headers)
      await ok(`${who} inbox`, 'GET', '/api/v1/me/inbox?pageSize=100', headers)
      const x = await call(`${who} access log xlsx`, 'GET', '/api/v1/me/access-log.xlsx', headers)
      expect(x.statusCode).toBe(200)
      answers.push({ name: `${who} access log xlsx (cells)`, status: 200, text: await xlsxText(x) })
    }
    for (const [who, headers] of [
      ['operator', h.operator],
      ['scjg', h.scjg],
      ['company', h.company],
    ] as const) {
      await ok(`${who} objection`, 'GET', `/api/v1/objections/${objection.id}`, headers)
      await ok(`${who} objections`, 'GET', '/api/v1/objections', headers)
      await ok(`${who} repair`, 'GET', `/api/v1/repairs/${repair.id}`, headers)
      await ok(`${who} repairs`, 'GET', '/api/v1/repairs', headers)
      await ok(`${who} cases`, 'GET', '/api/v1/cases', headers).catch(() => undefined)
    }
    await ok('exit (subject)', 'GET', `/api/v1/list-exits/${exit.id}`, h.listed)
    await ok('exits (scjg)', 'GET', '/api/v1/list-exits', h.scjg)
    await ok('tip (scjg)', 'GET', `/api/v1/tips/${tipId}`, h.scjg)
    await ok('person file (auditor)', 'GET', `/api/v1/entities/${personEntity}/access-log`, h.auditor)
    await ok('company access log (auditor)', 'GET', `/api/v1/entities/${companyId}/access-log`, h.auditor)
    await ok('deadlines', 'GET', '/api/v1/public/deadlines')
    const { checkpoint } = await ok('checkpoint', 'GET', '/api/v1/audit/checkpoint', h.auditor)
    const events = await ok('audit events', 'GET', '/api/v1/audit/events?pageSize=200', h.auditor)
    const last = events.items[0].id as string
    await ok('proof', 'GET', `/api/v1/audit/proofs/inclusion?event=${last}&size=${checkpoint.size}`, h.auditor)
    await ok('consistency', 'GET', `/api/v1/audit/proofs/consistency?from=1&to=${checkpoint.size}`, h.auditor)
  }, 300_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('the person sees its own number masked, in its file and in its access log', () => {
    const file = answers.find((a) => a.name === 'person file')?.text as string
    expect(file).toContain(masked(ID.self))
    const log = answers.find((a) => a.name === 'person access log')?.text as string
    expect(JSON.parse(log).total).toBeGreaterThan(0)
    expect(log).toContain(masked(ID.purpose))
  })

  it('free texts come back masked where they are shown', () => {
    const objection = JSON.parse(answers.find((a) => a.name === 'operator objection')?.text as string)
    expect(objection.reason).toBe(`处罚对象错误，当事人应为${masked(ID.objection)}本人`)
    const tip = JSON.parse(answers.find((a) => a.name === 'tip (scjg)')?.text as string)
    expect(JSON.stringify(tip)).toContain(masked(ID.tip))
  })

  it('no answer - JSON, XLSX, public pages, proofs - holds any of the numbers in clear', () => {
    expect(answers.length).toBeGreaterThan(50)
    const found = answers.flatMap((a) => leaks(a.text).map((area) => `${a.name}: ${area}`))
    expect(found).toEqual([])
  })

  it('no table holds any of the numbers in clear, in any written form', async () => {
    const found: string[] = []
    for await (const { table, text } of storedRows(ctx, dialect))
      for (const area of leaks(text)) found.push(`${table}: ${area}`)
    expect([...new Set(found)]).toEqual([])
  })
})

describe('the crawl of rights answers itself', () => {
  it('sees every written form of a number', () => {
    for (const form of [ID.self, spaced(ID.self), hyphens(ID.self), fullWidth(ID.self)])
      expect(leaks(`前${form}后`)).toEqual(['self'])
  })
})
