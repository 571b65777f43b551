// The privacy crawl carried over what leaves the platform about a natural person since the first crawls: credit
// reports of every kind (the signed JSON, the PDF's text and its embedded attachments, the public online check, the
// subject's and the department's lists, batch issue with its zip), the sharing query and a subject's shared records,
// checks and batch checks (JSON and XLSX), the batch comparison (status and workbook), the watch pull feed and the
// webhook bodies, the federation feed a peer receives, grades and what-if; then what all of it left in the person's
// access log (JSON and XLSX) and the audit log, and in every table.
//
// One person (钱明理) with an ID number is planted, with records about them whose texts hold ID numbers in every
// written form (plain, spaced, hyphenated, full-width), and a company whose legal representative they are. Each path
// must answer something about the person (so that nothing passes by answering nothing) and no answer may hold one of
// the numbers in clear, in any form - nor the person's number mistyped into a value that passes as a USCC. The one
// exception is documented (docs/federation.md): a registered peer receives the subject's own number in the entry's
// ID-number field, to find the person; nowhere else in the feed.
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExcelJS } from '../../src/modules/ingest/index.js'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { openMark } from '../../src/flows/record-marks/index.js'
import { runWatchDelivery } from '../../src/flows/watches/index.js'
import { buildApp } from '../../src/http/app.js'
import {
  checkCode,
  createRng,
  generateResidentId,
  generateUscc,
  isValidUscc,
  residentIdCheckChar,
  usccCheckChar,
} from '../../src/identifiers/index.js'
import { createUser } from '../../src/modules/access/index.js'
import { addAgencyPrincipal, registerAgency } from '../../src/modules/agencies/index.js'
import { currentClasses } from '../../src/modules/catalog/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { addPeer } from '../../src/modules/federation/index.js'
import { runGrading } from '../../src/modules/grading/index.js'
import { penaltyRow, rowsOf, SCJG_USCC, seedDepartments as seedScjg } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { admin, bearerKey, loginAs, PASSWORD, seedDepartments, subjectAccount } from '../support/people.js'
import { flat, fullWidth, hyphens, masked, spaced } from './forms.js'
import { storedRows } from './tables.js'

const rng = createRng(20261215)
const resident = (region: string, birthDate: string) => generateResidentId(rng, { region, birthDate, sex: 'male' })

/**
 * The person's own number, drawn so that a clerk's typo in its check digit makes a value that passes the USCC check
 * (all-digit USCCs exist): TYPO is that value.
 */
function personWithTypo(): { id: string; typo: string } {
  for (;;) {
    const id = resident('120101', '1981-03-04')
    const body = id.slice(0, 17)
    const u = usccCheckChar(body)
    if (u && /^\d$/.test(u) && u !== residentIdCheckChar(body) && isValidUscc(body + u)) return { id, typo: body + u }
  }
}
const self = personWithTypo()
const TYPO = self.typo
/** One number per area, so that a leak names its place. */
const ID = {
  self: self.id,
  text: resident('120102', '1982-04-05'),
  company: resident('120103', '1983-05-06'),
  purpose: resident('120104', '1984-06-07'),
  list: resident('120105', '1985-07-08'),
  unknown: resident('120106', '1986-08-09'),
  later: resident('120110', '1987-09-10'),
}
const leaks = (text: string): string[] => {
  const f = flat(text)
  return [...Object.entries(ID).filter(([, id]) => f.includes(id)), ...(f.includes(TYPO) ? [['typo', TYPO]] : [])].map(
    ([area]) => area as string,
  )
}

const NAME = '钱明理'
const COMPANY = {
  name: '天津市钱氏测试贸易有限公司',
  uscc: generateUscc(rng, { dept: '9', category: '1', region: '120116' }),
}
const SCENARIO = 'government_procurement'
const PURPOSE = `政府采购供应商资格审查（经办人${ID.purpose}）`
const REPORT_KINDS = ['full', 'special', 'bidding', 'government_procurement', 'financing', 'admin_approval'] as const

interface Answer {
  path: string
  name: string
  status: number
  text: string
}

/** A webhook receiver on loopback that answers 200 and keeps each body. */
async function receiver(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      bodies.push(body)
      res.statusCode = 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies }
}

describeEachDialect('what leaves the platform about a person: no ID number in clear', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let hook: Awaited<ReturnType<typeof receiver>>
  let dir: string
  const answers: Answer[] = []
  /** The federation feed pages, checked on their own (the subject's ID-number field is the documented exception). */
  const feedPages: string[] = []
  /** Field codes by class: the subject's ID number (role id_number) and the subject's name (role subject_name). */
  let idFields: Map<string, string[]>
  let nameFields: Map<string, string[]>
  let personId: string
  let companyId: string
  /** The company's serious penalty, which its grade counts. */
  let companyRecord: string
  const h: Record<string, Record<string, string>> = {}

  const keep = (path: string, name: string, status: number, text: string) => {
    answers.push({ path, name, status, text })
  }
  const inject = async (
    path: string,
    name: string,
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string> = {},
    payload?: unknown,
  ): Promise<LightMyRequestResponse> => {
    const res = await app.inject({
      method,
      url,
      headers,
      remoteAddress: '10.9.0.1',
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
    keep(path, name, res.statusCode, res.body)
    return res
  }
  const ok = async (...args: Parameters<typeof inject>) => {
    const res = await inject(...args)
    expect(res.statusCode, `${args[1]}: ${res.body}`).toBeLessThan(300)
    return res.json()
  }
  const upload = async (
    path: string,
    name: string,
    url: string,
    headers: Record<string, string>,
    fields: Record<string, string>,
    file: { name: string; content: string },
  ) => {
    const body = multipart(fields, { name: file.name, content: `\uFEFF${file.content}\n`, type: 'text/csv' })
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
      remoteAddress: '10.9.0.1',
    })
    keep(path, name, res.statusCode, res.body)
    expect(res.statusCode, `${name}: ${res.body}`).toBeLessThan(300)
    return res.json()
  }
  const xlsxCells = async (buf: Buffer): Promise<string> => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf as unknown as ArrayBuffer)
    const cells: string[] = []
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text))))
    return cells.join('\n')
  }
  const xlsx = async (path: string, name: string, url: string, headers: Record<string, string>) => {
    const res = await app.inject({ method: 'GET', url, headers, remoteAddress: '10.9.0.1' })
    expect(res.statusCode, `${name}: ${res.body}`).toBe(200)
    keep(path, `${name} (cells)`, 200, await xlsxCells(res.rawPayload))
  }
  /** The text of a PDF (pdftotext) and each file embedded in it (pdfdetach), kept as answers of their own. */
  let pdfs = 0
  const pdfAnswers = (path: string, name: string, bytes: Buffer) => {
    const base = join(dir, `r${++pdfs}`)
    const file = `${base}.pdf`
    writeFileSync(file, bytes)
    keep(path, `${name} (pdf text)`, 200, execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8'))
    const out = `${base}-files`
    execFileSync('mkdir', ['-p', out])
    execFileSync('pdfdetach', ['-saveall', '-o', out, file])
    const attached = readdirSync(out).sort()
    expect(attached, name).toEqual(['report.json', 'report.proof.json', 'report.sig.json'])
    for (const a of attached) keep(path, `${name} (attachment ${a})`, 200, readFileSync(join(out, a), 'utf8'))
  }
  const pollReportBatch = async (id: string) => {
    for (;;) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/reports/batch/${id}`, headers: h.czj })
      expect(r.statusCode, r.body).toBe(200)
      if (r.json().state === 'finished') return r
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  const pollComparison = async (id: string) => {
    for (;;) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/compare/${id}`, headers: h.czj })
      expect(r.statusCode, r.body).toBe(200)
      if (r.json().status === 'done' || r.json().status === 'failed') return r
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  const ingest = async (classCode: string, dept: string, rows: Record<string, string>[]) => {
    const r = await runIngest(ctx, admin, { classCode, dept, channel: 'api', ...rowsOf(rows) })
    expect(r.accepted, `${classCode}: ${JSON.stringify(r)}`).toBe(rows.length)
  }
  const recordId = async (documentNo: string) =>
    (await ctx.db.selectFrom('records').select('id').where('document_no', '=', documentNo).executeTakeFirstOrThrow()).id

  /** The person's penalty: the subject's number in its field, numbers of every form in its texts. */
  const personPenalty = (over: Record<string, string> = {}) =>
    penaltyRow({
      CF_XDR_MC: NAME,
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_XDR_ZJHM: ID.self,
      CF_WSH: '津市监罚〔2026〕Q-1号',
      CF_WFXW: `冒用他人身份证件（${hyphens(ID.text)}）`,
      CF_SY: `经查，当事人${NAME}（身份证号${ID.self}）冒用${spaced(ID.text)}的证件经营。`,
      CF_YJ: `《中华人民共和国产品质量法》第四十九条；同行人证件${fullWidth(ID.text)}`,
      CF_CFLB: '罚款',
      CF_NR: `罚款人民币5000元（缴款人 ${spaced(ID.self)}）。`,
      CF_NR_FK: '0.5',
      CF_JDRQ: '2026-05-20',
      CF_CFJGDM: SCJG_USCC,
      CF_SJLYDM: SCJG_USCC,
      BZ: `核查证件${hyphens(ID.self)}、${ID.text}`,
      ...over,
    })
  /** The company's penalty: its legal representative is the person; more numbers in its texts. */
  const companyPenalty = (documentNo: string, over: Record<string, string> = {}) =>
    penaltyRow({
      CF_XDR_MC: COMPANY.name,
      CF_XDR_SHXYM: COMPANY.uscc,
      CF_FRDB: NAME,
      CF_FR_ZJLX: '身份证',
      CF_FR_ZJHM: ID.self,
      CF_WSH: documentNo,
      CF_SY: `经查，法定代表人${NAME}（${hyphens(ID.self)}）指使员工${ID.company}销售不合格产品。`,
      CF_YJ: `《中华人民共和国产品质量法》第四十九条（${fullWidth(ID.company)}）`,
      CF_CFLB: '吊销许可证件',
      CF_NR: `吊销食品经营许可证（员工 ${spaced(ID.company)}）。`,
      CF_NR_FK: '',
      CF_JDRQ: '2026-05-18',
      CF_CFJGDM: SCJG_USCC,
      CF_SJLYDM: SCJG_USCC,
      BZ: `法定代表人证件 ${spaced(ID.self)}`,
      ...over,
    })

  beforeAll(async () => {
    ctx = await testContext(dialect, {
      now: '2026-06-01T02:00:00Z',
      env: { GONGXIN_WATCH_INTERVAL_SECONDS: '0', GONGXIN_WEBHOOK_ALLOW: '127.0.0.1' },
    })
    dir = mkdtempSync(join(tmpdir(), 'gongxin-outbound-'))
    await seedScjg(ctx)
    await seedDepartments(
      ctx,
      {
        'tj-fy': '天津市高级人民法院',
        'tj-czj': '天津市财政局',
        'tj-rsj': '天津市人力资源和社会保障局',
      },
      rng,
    )
    const classes = await currentClasses(ctx.db)
    const role = (r: string) =>
      new Map(classes.map((c) => [c.code, c.fields.filter((f) => f.role === r).map((f) => f.code)]))
    idFields = role('id_number')
    nameFields = role('subject_name')

    // the person: a penalty, a court defaulter entry (black list), authorised-scope records (公务员诚信档案, 刑事裁判)
    await ingest('admin_penalty', 'tj-scjg', [personPenalty()])
    await ingest('court_defaulter', 'tj-fy', [
      {
        case_no: '（2026）津0101执Q1号',
        subject_name: NAME,
        subject_category: '自然人',
        id_number: ID.self,
        court: '天津市和平区人民法院',
        basis_doc_no: '（2025）津0101民初Q9号',
        basis_issuer: '天津市和平区人民法院',
        obligation: `支付借款本息（借款人身份证号 ${spaced(ID.self)}，担保人 ${ID.text}）`,
        performance: '全部未履行',
        conduct: '有履行能力而拒不履行生效法律文书确定义务',
        filed_on: '2026-02-01',
        published_on: '2026-05-15',
      },
    ])
    await ingest('civil_servant_integrity', 'tj-rsj', [
      {
        subject_name: NAME,
        id_type: '身份证',
        id_number: ID.self,
        employer: '天津市某区人民政府',
        position: '科员',
        record_type: '年度考核结果',
        content: `2025年度考核结果为不称职（核查证件${fullWidth(ID.text)}）`,
        document_no: 'AUTH-Q1',
        decision_date: '2026-02-01',
        authority_name: '天津市人力资源和社会保障局',
      },
    ])
    await ingest('criminal_judgment', 'tj-fy', [
      {
        case_no: '（2025）津0101刑初Q8号',
        subject_name: NAME,
        subject_category: '自然人',
        id_type: '身份证',
        id_number: ID.self,
        charge: '伪造身份证件罪',
        penalty: '罚金',
        sentence: `判处罚金人民币一万元（被告人身份证号${hyphens(ID.self)}，同案人${ID.text}）。`,
        fine: '1',
        court: '天津市和平区人民法院',
        trial_level: '一审',
        judgment_date: '2025-09-10',
        effective_date: '2025-09-25',
      },
    ])
    // the company whose legal representative the person is: a serious penalty and a court defaulter entry
    await createEntity(ctx, admin, { kind: 'legal_person', name: COMPANY.name, uscc: COMPANY.uscc, legalRep: NAME })
    await ingest('admin_penalty', 'tj-scjg', [
      companyPenalty('津市监罚〔2026〕Q-2号'),
      companyPenalty('津市监罚〔2026〕Q-3号', { CF_CFLB: '罚款', CF_NR: '罚款人民币2万元。', CF_NR_FK: '2' }),
    ])
    await ingest('court_defaulter', 'tj-fy', [
      {
        case_no: '（2026）津0101执Q2号',
        subject_name: COMPANY.name,
        subject_category: '法人及非法人组织',
        uscc: COMPANY.uscc,
        legal_rep: `${NAME}（${ID.self}）`,
        court: '天津市和平区人民法院',
        basis_doc_no: '（2025）津0101民初Q10号',
        basis_issuer: '天津市和平区人民法院',
        obligation: `支付货款人民币十万元（经办人 ${hyphens(ID.company)}）`,
        performance: '全部未履行',
        conduct: '有履行能力而拒不履行生效法律文书确定义务',
        filed_on: '2026-01-05',
        published_on: '2026-04-01',
      },
    ])
    const entityOf = async (where: 'uscc' | 'name', value: string) =>
      (await ctx.db.selectFrom('entities').select('id').where(where, '=', value).executeTakeFirstOrThrow()).id
    personId = await entityOf('name', NAME)
    companyId = await entityOf('uscc', COMPANY.uscc)

    app = await buildApp(ctx, { web: false })
    await app.ready()
    h.czj = await bearerKey(ctx, 'consumer', 'tj-czj')
    h.operator = await bearerKey(ctx, 'operator')
    h.person = await subjectAccount(ctx, app, 'qian.mingli', personId, '10.9.1.1')
    // an agency account belongs to a registered agency (docs/agencies.md)
    const agency = await registerAgency(ctx, admin, {
      uscc: generateUscc(createRng(20261216), { dept: '9', category: '1', region: '120116' }),
      name: '天津市爬虫测试信用服务有限公司',
      filingNo: '津信服备〔2026〕C01号',
      businessScope: '信用报告',
    })
    await createUser(ctx, admin, { username: 'crawl.agency', role: 'agency', password: PASSWORD })
    const agencyUser = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'crawl.agency')
      .executeTakeFirstOrThrow()
    await addAgencyPrincipal(ctx, admin, agency.id, { userId: agencyUser.id })
    h.agency = await loginAs(app, 'crawl.agency', '10.9.1.2')
    await createUser(ctx, admin, { username: 'crawl.auditor', role: 'auditor', password: PASSWORD })
    h.auditor = await loginAs(app, 'crawl.auditor', '10.9.1.3')

    // a commitment of the company, its texts holding numbers
    await ok('commitments', 'commitment', 'POST', '/api/v1/commitments', h.czj, {
      subject: { uscc: COMPANY.uscc },
      type: 'notify_commit',
      matter: `食品经营许可（告知承诺制，法定代表人${ID.self}）`,
      content: `本单位承诺所提交的申请材料真实有效（承诺人 ${spaced(ID.company)}）。`,
      dueOn: '2026-07-01',
      number: '津财承诺〔2026〕Q1号',
    })

    // --- watches: the person and the company watched, then things happen to them ---
    hook = await receiver()
    const watch = await ok('watches', 'watch', 'POST', '/api/v1/watches', h.czj, {
      name: `重点人员监测（${ID.purpose}）`,
      entities: [{ entityId: personId }, { uscc: COMPANY.uscc }],
      events: [
        'record.created',
        'record.corrected',
        'record.revoked',
        'record.repaired',
        'list.entered',
        'list.exited',
        'mark.opened',
        'grade.changed',
        'alert',
      ],
      webhook: { url: hook.url },
    })
    await inject('watches', 'watch of unknown codes', 'POST', '/api/v1/watches', h.czj, {
      name: '未登记主体',
      entities: [{ uscc: ID.unknown }, { uscc: TYPO }, { uscc: spaced(ID.self) }],
      events: ['record.created'],
    })
    await ingest('admin_penalty', 'tj-scjg', [
      personPenalty({
        CF_WSH: '津市监罚〔2026〕Q-4号',
        CF_SY: `经查，当事人再次冒用${ID.later}的证件。`,
        CF_JDRQ: '2026-05-30',
      }),
      // a correction of the first penalty
      personPenalty({ CF_NR_FK: '0.6', CF_NR: `罚款人民币6000元（缴款人 ${fullWidth(ID.later)}）。` }),
      companyPenalty('津市监罚〔2026〕Q-5号', {
        CF_JDRQ: '2026-05-31',
        CF_SY: `员工${hyphens(ID.later)}销售过期食品。`,
      }),
    ])
    await ingest('admin_penalty', 'tj-scjg', [
      { ...companyPenalty('津市监罚〔2026〕Q-3号'), _op: 'revoke', _reason: `处罚决定已撤销（申请人${ID.later}）` },
    ])
    await openMark(ctx, admin, await recordId('津市监罚〔2026〕Q-1号'), { reason: `异议：当事人称${spaced(ID.later)}` })
    await runGrading(ctx, admin)

    await ok('watches', 'watch feed', 'GET', `/api/v1/watches/${watch.id}/events?limit=1000`, h.czj)
    await ok('watches', 'watch', 'GET', `/api/v1/watches/${watch.id}`, h.czj)
    await ok('watches', 'watches', 'GET', '/api/v1/watches', h.czj)
    const delivered = await runWatchDelivery(ctx)
    expect(delivered.delivered).toBeGreaterThan(0)
    for (const [i, body] of hook.bodies.entries()) keep('watches', `webhook ${i + 1}`, 200, body)
    await ok('watches', 'watch deliveries', 'GET', `/api/v1/watches/${watch.id}/deliveries`, h.czj)

    // --- credit reports ---
    const reports: { name: string; number: string; verifyCode: string; headers: Record<string, string> }[] = []
    const issue = async (name: string, body: Record<string, unknown>, headers: Record<string, string>) => {
      const i = await ok('reports', `issue ${name}`, 'POST', '/api/v1/reports', headers, body)
      reports.push({ name, number: i.number, verifyCode: i.verifyCode, headers })
    }
    await issue('public_overview', { subject: { uscc: COMPANY.uscc }, kind: 'public_overview' }, {})
    for (const kind of REPORT_KINDS)
      await issue(kind, { subject: { uscc: COMPANY.uscc }, kind, purpose: PURPOSE }, h.czj)
    await issue(
      'person (department)',
      { subject: { idNumber: spaced(ID.self) }, kind: 'person', purpose: PURPOSE },
      h.czj,
    )
    await issue('person (self)', { subject: { entityId: personId }, kind: 'person' }, h.person)
    await ok('reports', 'grant', 'POST', '/api/v1/me/authorizations', h.person, {
      grantee: 'crawl.agency',
      scopes: ['report.person'],
      until: '2026-12-31',
      note: `授权人身份证号${ID.self}，经办人${hyphens(ID.purpose)}`,
    })
    await issue(
      'person (agency)',
      { subject: { idNumber: ID.self }, kind: 'person', purpose: `银行授信审查（客户${fullWidth(ID.purpose)}）` },
      h.agency,
    )
    await ok('reports', 'grants', 'GET', '/api/v1/me/authorizations', h.person)
    // --- credit agencies: the person's records read with its grant, and the agency's update feed ---
    await ok('agencies', 'grant records', 'POST', '/api/v1/me/authorizations', h.person, {
      grantee: 'crawl.agency',
      scopes: ['record.all'],
      until: '2026-12-31',
    })
    await ok('agencies', 'agency reads the person', 'GET', `/api/v1/agency/subjects/${personId}/records`, {
      ...h.agency,
      'x-purpose': encodeURIComponent(PURPOSE),
    })
    await ok('agencies', 'agency updates', 'GET', '/api/v1/agency/updates', h.agency)
    // refusals: a person's report to the public, unknown and mistyped numbers
    await inject(
      'reports',
      'person (anonymous)',
      'POST',
      '/api/v1/reports',
      {},
      {
        subject: { idNumber: ID.self },
        kind: 'person',
      },
    )
    await inject('reports', 'unknown person', 'POST', '/api/v1/reports', h.czj, {
      subject: { idNumber: hyphens(ID.unknown) },
      kind: 'person',
      purpose: PURPOSE,
    })
    await inject('reports', 'mistyped number', 'POST', '/api/v1/reports', h.czj, {
      subject: { uscc: TYPO },
      kind: 'full',
      purpose: PURPOSE,
    })
    for (const r of reports) {
      await ok('reports', `${r.name} json`, 'GET', `/api/v1/reports/${r.number}/json?code=${r.verifyCode}`, r.headers)
      const pdf = await app.inject({
        method: 'GET',
        url: `/api/v1/reports/${r.number}/pdf?code=${r.verifyCode}`,
        headers: r.headers,
      })
      expect(pdf.statusCode, `${r.name} pdf: ${pdf.body}`).toBe(200)
      pdfAnswers('reports', r.name, pdf.rawPayload)
      await ok('reports', `${r.name} online check`, 'GET', `/api/v1/public/reports/${r.number}?code=${r.verifyCode}`)
    }
    await ok('reports', 'my reports', 'GET', '/api/v1/me/reports', h.person)
    await ok('reports', 'issued reports', 'GET', `/api/v1/reports?entityId=${personId}`, h.czj)
    await ok('reports', 'issued reports (company)', 'GET', `/api/v1/reports?entityId=${companyId}`, h.czj)

    // batch issue: a list with the person's number, an unknown one, the mistyped one; numbers in names and file name
    const batch = await upload(
      'report batch',
      'batch',
      '/api/v1/reports/batch',
      h.czj,
      { kind: 'person', purpose: PURPOSE },
      {
        name: `个人报告名单-${ID.list}.csv`,
        content: [
          '身份证号码,姓名',
          `${spaced(ID.self)},${NAME}（${ID.list}）`,
          `${ID.unknown},查无此人`,
          `${TYPO},错号的人（${hyphens(ID.list)}）`,
        ].join('\n'),
      },
    )
    const finished = await pollReportBatch(batch.id)
    keep('report batch', 'batch (finished)', 200, finished.body)
    const zip = await app.inject({ method: 'GET', url: `/api/v1/reports/batch/${batch.id}/zip`, headers: h.czj })
    expect(zip.statusCode, zip.body).toBe(200)
    for (const [file, bytes] of Object.entries(unzipSync(new Uint8Array(zip.rawPayload)))) {
      if (file.endsWith('.pdf')) pdfAnswers('report batch', `zip ${file}`, Buffer.from(bytes))
      else keep('report batch', `zip ${file}`, 200, new TextDecoder().decode(bytes))
    }

    // --- the sharing query ---
    await ok('sharing', 'share query', 'POST', '/api/v1/share/query', h.czj, {
      subjects: [
        { idNumber: hyphens(ID.self) },
        { uscc: COMPANY.uscc },
        { idNumber: fullWidth(ID.unknown) },
        { uscc: TYPO },
        { name: NAME, code: spaced(ID.self) },
      ],
      purpose: PURPOSE,
    })
    const headerPurpose = { 'x-purpose': encodeURIComponent(`共享查询（经办人 ${spaced(ID.purpose)}）`) }
    await ok('sharing', 'shared records (person)', 'GET', `/api/v1/share/entities/${personId}/records`, {
      ...h.czj,
      ...headerPurpose,
    })
    await ok('sharing', 'shared records (company)', 'GET', `/api/v1/share/entities/${companyId}/records`, {
      ...h.czj,
      ...headerPurpose,
    })

    // --- checks and batch checks ---
    const check = await ok('checks', 'check person', 'POST', '/api/v1/checks', h.czj, {
      subject: { idNumber: ID.self },
      scenario: SCENARIO,
      purpose: PURPOSE,
    })
    await ok('checks', 'check receipt', 'GET', `/api/v1/checks/${check.checkId}`, h.czj)
    await ok('checks', 'check company', 'POST', '/api/v1/checks', h.czj, {
      subject: { uscc: COMPANY.uscc },
      scenario: SCENARIO,
      purpose: PURPOSE,
    })
    await inject('checks', 'check mistyped', 'POST', '/api/v1/checks', h.czj, {
      subject: { uscc: TYPO },
      scenario: SCENARIO,
      purpose: PURPOSE,
    })
    const checkBatch = await ok('checks', 'batch check', 'POST', '/api/v1/checks/batch', h.czj, {
      subjects: [
        { idNumber: ID.self },
        { uscc: COMPANY.uscc },
        { uscc: TYPO },
        { idNumber: ID.unknown },
        { code: spaced(ID.self), name: `${NAME}（${ID.list}）` },
      ],
      scenario: SCENARIO,
      purpose: PURPOSE,
    })
    await ok('checks', 'batch check result', 'GET', `/api/v1/checks/batch/${checkBatch.batchId}`, h.czj)
    await xlsx('checks', 'batch check xlsx', `/api/v1/checks/batch/${checkBatch.batchId}/result.xlsx`, h.czj)
    const list = {
      name: `核查名单-${ID.list}.csv`,
      content: [
        '代码,名称',
        `${hyphens(ID.self)},${NAME}（${fullWidth(ID.list)}）`,
        `${COMPANY.uscc},${COMPANY.name}`,
        `${TYPO},错号的人`,
        `${ID.unknown},查无此人`,
      ].join('\n'),
    }
    const uploaded = await upload(
      'checks',
      'batch check upload',
      '/api/v1/checks/batch/upload',
      h.czj,
      { scenario: SCENARIO, purpose: PURPOSE },
      list,
    )
    await ok('checks', 'batch check upload result', 'GET', `/api/v1/checks/batch/${uploaded.batchId}`, h.czj)
    await xlsx('checks', 'batch check upload xlsx', `/api/v1/checks/batch/${uploaded.batchId}/result.xlsx`, h.czj)

    // --- the batch comparison ---
    const comparison = await upload(
      'compare',
      'compare',
      '/api/v1/compare',
      h.czj,
      { scenario: SCENARIO, purpose: PURPOSE },
      { ...list, name: `比对名单-${ID.list}.csv` },
    )
    const done = await pollComparison(comparison.id)
    keep('compare', 'comparison (done)', 200, done.body)
    expect(done.json().status).toBe('done')
    await ok('compare', 'comparisons', 'GET', '/api/v1/compare', h.czj)
    await xlsx('compare', 'comparison xlsx', `/api/v1/compare/${comparison.id}/result.xlsx`, h.czj)

    // --- the federation feed a peer receives ---
    const peer = await addPeer(ctx, admin, {
      name: 'beijing',
      platformId: 'beijing',
      url: 'https://credit.beijing.gov.cn',
      publicKeyPem: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      classes: ['admin_penalty', 'court_defaulter'],
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '110000' }),
    })
    const page = await app.inject({
      method: 'GET',
      url: '/api/v1/federation/feed?after=0&limit=1000',
      headers: { authorization: `Bearer ${peer.apiKey}` },
    })
    expect(page.statusCode, page.body).toBe(200)
    feedPages.push(page.body)
    await ok('federation', 'peers', 'GET', '/api/v1/federation/peers', h.operator)

    // --- grades (organisations only) ---
    await ok('grading', 'grade', 'GET', `/api/v1/entities/${companyId}/grade`, h.czj)
    companyRecord = await recordId('津市监罚〔2026〕Q-2号')
    await ok('grading', 'what-if', 'POST', `/api/v1/entities/${companyId}/grade/what-if`, h.czj, {
      exclude: [companyRecord],
    })
    await ok('grading', 'grade history', 'GET', `/api/v1/entities/${companyId}/grade/history`, h.czj)
    await inject('grading', 'grade of the person', 'GET', `/api/v1/entities/${personId}/grade`, h.czj)
    await inject('grading', 'what-if of the person', 'POST', `/api/v1/entities/${personId}/grade/what-if`, h.czj, {
      exclude: [await recordId('津市监罚〔2026〕Q-1号')],
    })

    // --- the portal's 双公示 listing: the person's penalty found by its document number, and the whole listing ---
    await ok(
      'publicity',
      'publicity (person)',
      'GET',
      `/api/v1/public/publicity/penalty?q=${encodeURIComponent('Q-1')}`,
    )
    await ok('publicity', 'publicity (all)', 'GET', '/api/v1/public/publicity/penalty?pageSize=50')

    // --- what all of it left in the logs: the person's access log, the audit log ---
    await ok('logs', 'access log', 'GET', '/api/v1/me/access-log?pageSize=200', h.person)
    await xlsx('logs', 'access log xlsx', '/api/v1/me/access-log.xlsx', h.person)
    await ok('logs', 'access log (auditor)', 'GET', `/api/v1/entities/${personId}/access-log?pageSize=200`, h.auditor)
    for (let page = 1; ; page++) {
      const events = await ok(
        'logs',
        `audit events ${page}`,
        'GET',
        `/api/v1/audit/events?pageSize=200&page=${page}`,
        h.auditor,
      )
      if (events.items.length < 200) break
    }
  }, 600_000)
  afterAll(async () => {
    hook?.server.close()
    await app?.close()
    await ctx?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const of = (path: string) => answers.filter((a) => a.path === path)
  const one = (name: string) => {
    const a = answers.find((x) => x.name === name)
    if (!a) throw new Error(`no answer ${name}`)
    return a
  }
  const json = (name: string) => JSON.parse(one(name).text)

  it('every path answered something about the person', () => {
    const about = (text: string) => flat(text).includes(masked(ID.self)) || text.includes(NAME)
    // reports: each kind, as JSON, as PDF text and attachments, online; the person's own number shown masked
    for (const name of [
      ...REPORT_KINDS,
      'public_overview',
      'person (department)',
      'person (self)',
      'person (agency)',
    ]) {
      expect(one(`${name} json`).text, name).toContain(NAME)
      expect(one(`${name} (pdf text)`).text, name).toContain(NAME)
      expect(one(`${name} (attachment report.json)`).text, name).toContain(NAME)
      expect(one(`${name} online check`).status, name).toBe(200)
    }
    for (const name of ['person (department)', 'person (self)', 'person (agency)']) {
      expect(json(`${name} json`).document.subject.idNumberMasked).toBe(masked(ID.self))
      expect(flat(one(`${name} (pdf text)`).text)).toContain(masked(ID.self))
      expect(flat(one(`${name} online check`).text)).toContain(masked(ID.self))
    }
    const batch = json('batch (finished)')
    expect(batch.items.map((i: { state: string }) => i.state)).toEqual(['issued', 'failed', 'failed'])
    expect(of('report batch').filter((a) => a.name.endsWith('(pdf text)') && a.text.includes(NAME))).toHaveLength(1)
    // sharing: the person matched, with records, the number masked
    const share = json('share query')
    expect(share.items[0]).toMatchObject({ status: 'matched', entity: { id: personId, idMasked: masked(ID.self) } })
    expect(share.items[0].records.length).toBeGreaterThan(0)
    expect(json('shared records (person)').records.length).toBeGreaterThan(0)
    // the texts came through, their numbers masked: the person's records, the company's, the government-scope 备注
    for (const id of [ID.self, ID.text, ID.later])
      expect(flat(one('shared records (person)').text)).toContain(masked(id))
    for (const id of [ID.self, ID.company]) expect(flat(one('shared records (company)').text)).toContain(masked(id))
    // checks, batch checks and the comparison found the person
    expect(json('check person').subject).toMatchObject({ entityId: personId })
    expect(about(one('batch check xlsx (cells)').text)).toBe(true)
    expect(about(one('batch check upload xlsx (cells)').text)).toBe(true)
    expect(json('comparison (done)').outcomes.hit).toBeGreaterThanOrEqual(2)
    expect(flat(one('comparison xlsx (cells)').text)).toContain(masked(ID.self))
    // watches: events about the person in the feed and in the webhooks
    const feed = json('watch feed').items as { entityId: string; type: string }[]
    expect(feed.filter((e) => e.entityId === personId).map((e) => e.type)).toEqual(
      expect.arrayContaining(['record.created', 'record.corrected', 'mark.opened']),
    )
    expect(of('watches').filter((a) => a.name.startsWith('webhook') && a.text.includes(personId)).length).toBe(
      feed.filter((e) => e.entityId === personId).length,
    )
    // federation: entries about the person, their texts with the numbers masked
    expect(feedPages[0]).toContain(NAME)
    expect(flat(feedPages[0] as string)).toContain(masked(ID.text))
    // grades: the company graded; the person refused
    const reasons = json('grade').reasons as { records: string[] }[]
    expect(reasons.flatMap((r) => r.records)).toContain(companyRecord)
    expect(json('what-if').excluded).toEqual([companyRecord])
    expect(one('grade of the person').status).toBeGreaterThanOrEqual(400)
    // 双公示: the person's penalty listed, the name masked
    expect(json('publicity (person)').items.map((i: { documentNo: string }) => i.documentNo)).toContain(
      '津市监罚〔2026〕Q-1号',
    )
    expect(one('publicity (person)').text).not.toContain(NAME)
    // the logs: the person's access log lists the reports, the sharing query, the checks and the comparison
    const kinds = new Set((json('access log').items as { kind: string }[]).map((i) => i.kind))
    expect(kinds.size, [...kinds].join()).toBeGreaterThanOrEqual(4)
  })

  it('no answer holds one of the numbers in clear, in any written form', () => {
    expect(answers.length).toBeGreaterThan(80)
    const found = answers.flatMap((a) => leaks(a.text).map((area) => `${a.path} / ${a.name}: ${area}`))
    expect(found).toEqual([])
  })

  it('no table holds one of the numbers in clear, in any written form', async () => {
    const found: string[] = []
    for await (const { table, text } of storedRows(ctx, dialect))
      for (const area of leaks(text)) found.push(`${table}: ${area}`)
    expect([...new Set(found)]).toEqual([])
  })

  it("the federation feed carries the person's number only in the subject's ID-number field (docs/federation.md)", () => {
    const page = JSON.parse(feedPages[0] as string) as {
      entries: { class: string; data: Record<string, string> }[]
    }
    const aboutPerson = page.entries.filter((e) => (nameFields.get(e.class) ?? []).some((f) => e.data[f] === NAME))
    expect(aboutPerson.length).toBeGreaterThanOrEqual(3)
    for (const e of aboutPerson) {
      const fields = idFields.get(e.class) ?? []
      expect(fields.map((f) => e.data[f])).toContain(ID.self)
    }
    // the same page with the subject's ID-number fields taken out holds no number at all
    const rest = page.entries.map((e) => {
      const data = { ...e.data }
      for (const f of idFields.get(e.class) ?? []) if (data[f] === ID.self) delete data[f]
      return { ...e, data }
    })
    expect(leaks(JSON.stringify({ ...page, entries: rest }))).toEqual([])
  })

  it('a mistyped number that passes as a USCC is answered masked', () => {
    expect(checkCode(TYPO).scheme).toBe('uscc')
    expect(flat(one('comparison xlsx (cells)').text)).toContain(masked(TYPO))
    expect(flat(one('batch check xlsx (cells)').text)).toContain(masked(TYPO))
  })
})

describe('the crawl of outbound answers itself', () => {
  it('sees every written form of a number, and the mistyped one', () => {
    for (const form of [ID.text, spaced(ID.text), hyphens(ID.text), fullWidth(ID.text)])
      expect(leaks(`前${form}后`)).toEqual(['text'])
    expect(leaks(`代码 ${TYPO}`)).toEqual(['typo'])
    expect(checkCode(TYPO).valid).toBe(true)
  })
})
