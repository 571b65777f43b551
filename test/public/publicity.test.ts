// 双公示 listing, the lists index and list search: what the portal's 双公示 and 红黑名单 pages read, on both databases.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment } from '../../src/modules/access/index.js'
import {
  ADULT_NAME,
  actor,
  COMPANY_NAME,
  COMPANY_USCC,
  DEFAULTER_NAME,
  type Fixture,
  OTHER_USCC,
  SHOP_NAME,
  seedFixture,
} from '../disclosure/fixtures.js'
import { rowsOf } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { appWithPublic } from './helpers.js'

const ZJW_USCC = generateUscc(createRng(4141), { dept: '1', category: '1', region: '120000' })

function licenceRow(over: Record<string, string>): Record<string, string> {
  return {
    XK_XDR_MC: COMPANY_NAME,
    XK_XDR_LB: '法人及非法人组织',
    XK_XDR_SHXYM: COMPANY_USCC,
    XK_FRDB: '王五',
    XK_XKWS: '建筑业企业资质证书',
    XK_WSH: 'LIC-1',
    XK_XKLB: '认可',
    XK_XKZS: '建筑业企业资质证书',
    XK_NR: '施工总承包三级',
    XK_JDRQ: '2026-05-12',
    XK_YXQZ: '2026-05-12',
    XK_YXQZI: '2031-05-11',
    XK_XKJG: '天津市住房和城乡建设委员会',
    XK_XKJGDM: ZJW_USCC,
    XK_LYDW: '天津市住房和城乡建设委员会',
    XK_LYDWDM: ZJW_USCC,
    ...over,
  }
}

describeEachDialect('public 双公示 and lists', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    await addDepartment(ctx, actor, {
      code: 'tj-zjw',
      name: '天津市住房和城乡建设委员会',
      uscc: ZJW_USCC,
      district: '120000',
    })
    const r = await runIngest(ctx, actor, {
      classCode: 'admin_license',
      dept: 'tj-zjw',
      channel: 'api',
      ...rowsOf([
        licenceRow({ XK_WSH: 'LIC-1' }),
        licenceRow({
          XK_WSH: 'LIC-2',
          XK_XDR_MC: SHOP_NAME,
          XK_XDR_LB: '个体工商户',
          XK_XDR_SHXYM: OTHER_USCC,
          XK_XKWS: '食品经营许可决定书',
          XK_XKZS: '食品经营许可证',
          XK_XKLB: '普通',
          XK_NR: '预包装食品销售',
          XK_JDRQ: '2026-03-02',
        }),
      ]),
    })
    expect(r.rejected).toBe(0)
    app = await appWithPublic(ctx)
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })
  const get = (url: string) => app.inject({ url, remoteAddress: '10.30.0.1' })
  const docs = (body: { items: { documentNo: string }[] }) => body.items.map((i) => i.documentNo)

  it('lists public penalties newest first: revoked, 轻微, expired and minors left out, persons masked', async () => {
    const r = await get('/api/v1/public/publicity/penalty')
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['cache-control']).toMatch(/^public, max-age=\d+$/)
    const body = r.json()
    expect(body).toMatchObject({
      kind: 'penalty',
      class: 'admin_penalty',
      className: '行政处罚信息',
      page: 1,
      pageSize: 20,
    })
    expect(body.total).toBe(3)
    // newest first; PUB-GEN and P-ADULT were decided the same day (their order between them is not a rule)
    expect(docs(body).slice(0, 2).sort()).toEqual(['P-ADULT', 'PUB-GEN'])
    expect(docs(body)[2]).toBe('PUB-SER')
    const byDoc = (doc: string) => body.items[docs(body).indexOf(doc)]
    const gen = byDoc('PUB-GEN')
    expect(gen).toMatchObject({
      recordId: f.rec['PUB-GEN'],
      entityId: f.ent.company,
      name: COMPANY_NAME,
      uscc: COMPANY_USCC,
      districtName: '滨海新区',
      authority: '天津市市场监督管理委员会',
      deptName: '天津市市场监督管理委员会',
      decidedOn: '2026-05-28',
      until: '2027-05-28',
      marks: [],
    })
    expect(gen.fields).toEqual([
      { code: 'CF_WFXW', label: '违法行为类型', value: '销售不合格产品', type: 'string' },
      { code: 'CF_CFLB', label: '处罚类别', value: ['罚款', '没收违法所得'], type: 'enum' },
      { code: 'CF_NR_FK', label: '罚款金额', value: '20000', type: 'amount' },
    ])
    const adult = byDoc('P-ADULT')
    expect(adult.entityId).toBeNull()
    expect(adult.uscc).toBeNull()
    expect(adult.districtName).toBeNull()
    expect(adult.name).not.toBe(ADULT_NAME)
    expect(adult.name.startsWith(ADULT_NAME.slice(0, 1))).toBe(true)
    expect(body.departments).toEqual([{ code: 'tj-scjg', name: '天津市市场监督管理委员会', count: 3 }])
  })

  it('filters by keyword, district, department and dates, and pages', async () => {
    const q = async (query: string) => (await get(`/api/v1/public/publicity/penalty?${query}`)).json()
    // a fragment of the organisation's name or of the document number, or a whole USCC
    expect(docs(await q(`q=${encodeURIComponent('滨海测试')}`))).toEqual(['PUB-GEN', 'PUB-SER'])
    expect(docs(await q('q=PUB-S'))).toEqual(['PUB-SER'])
    expect(docs(await q(`q=${COMPANY_USCC.toLowerCase()}`))).toEqual(['PUB-GEN', 'PUB-SER'])
    // a person is never found by name (not published), only by document number
    expect((await q(`q=${encodeURIComponent(ADULT_NAME)}`)).total).toBe(0)
    expect(docs(await q('q=P-ADULT'))).toEqual(['P-ADULT'])
    // LIKE wildcards are literal
    expect((await q('q=%25')).total).toBe(0)
    expect((await q('q=PUB_GEN')).total).toBe(0)
    // district: organisations only
    expect(docs(await q('district=120116'))).toEqual(['PUB-GEN', 'PUB-SER'])
    expect((await q('district=120101')).total).toBe(0)
    expect((await q('dept=tj-zjw')).total).toBe(0)
    expect(docs(await q('dept=tj-scjg&from=2026-05-01&to=2026-05-27'))).toEqual(['PUB-SER'])
    expect(docs(await q('from=2026-05-28')).sort()).toEqual(['P-ADULT', 'PUB-GEN'])
    const page2 = await q('pageSize=2&page=2')
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 })
    expect(docs(page2)).toEqual(['PUB-SER'])
    expect((await get('/api/v1/public/publicity/penalty?from=2026-5-1')).statusCode).toBe(400)
    expect((await get('/api/v1/public/publicity/honor')).statusCode).toBe(400)
  })

  it('lists licences with their own fields and departments', async () => {
    const body = (await get('/api/v1/public/publicity/license')).json()
    expect(body).toMatchObject({ kind: 'license', class: 'admin_license', className: '行政许可信息', total: 2 })
    expect(docs(body)).toEqual(['LIC-1', 'LIC-2'])
    expect(body.items[0].fields).toEqual([
      { code: 'XK_XKLB', label: '许可类别', value: '认可', type: 'enum' },
      { code: 'XK_XKZS', label: '许可证书名称', value: '建筑业企业资质证书', type: 'string' },
      { code: 'XK_NR', label: '许可内容', value: '施工总承包三级', type: 'text' },
      { code: 'XK_YXQZI', label: '有效期至', value: '2031-05-11', type: 'date' },
    ])
    expect(body.items[1]).toMatchObject({
      name: SHOP_NAME,
      districtName: '和平区',
      deptName: '天津市住房和城乡建设委员会',
    })
    expect(body.departments).toEqual([{ code: 'tj-zjw', name: '天津市住房和城乡建设委员会', count: 2 }])
    expect(docs((await get('/api/v1/public/publicity/license?district=120101')).json())).toEqual(['LIC-2'])
  })

  it('record fields carry their type (amounts in 元)', async () => {
    const body = (await get(`/api/v1/public/records/${f.rec['PUB-GEN']}`)).json()
    expect(body.fields.find((x: { code: string }) => x.code === 'CF_NR_FK')).toEqual({
      code: 'CF_NR_FK',
      label: '罚款金额',
      value: '20000',
      type: 'amount',
    })
  })

  it('the lists index counts entries and entities of every public list class', async () => {
    const body = (await get('/api/v1/public/lists')).json()
    const byClass = Object.fromEntries(
      body.items.map((i: { class: string; entries: number; entities: number; kind: string }) => [
        i.class,
        [i.kind, i.entries, i.entities],
      ]),
    )
    expect(byClass.court_defaulter).toEqual(['black', 2, 2])
    expect(byClass.honor).toEqual(['red', 1, 1])
    expect(byClass.tax_a_grade).toEqual(['red', 0, 0])
    expect(byClass.focus_list?.[0]).toBe('focus')
    // red lists first, then black, then focus
    const kinds = body.items.map((i: { kind: string }) => i.kind)
    expect(kinds).toEqual(
      [...kinds].sort(
        (a: string, b: string) => ['red', 'black', 'focus'].indexOf(a) - ['red', 'black', 'focus'].indexOf(b),
      ),
    )
    expect(body.items.every((i: { className: string }) => i.className.length > 0)).toBe(true)
  })

  it('a list counts entries and entities apart and can be searched', async () => {
    // a second case against the same company: two entries, still two entities
    await runIngest(ctx, actor, {
      classCode: 'court_defaulter',
      dept: 'tj-fy',
      channel: 'api',
      ...rowsOf([
        {
          case_no: 'CD-ORG-2',
          subject_name: COMPANY_NAME,
          subject_category: '法人及非法人组织',
          uscc: COMPANY_USCC,
          legal_rep: '王五',
          court: '天津市和平区人民法院',
          basis_doc_no: '（2025）津0101民初2号',
          basis_issuer: '天津市和平区人民法院',
          obligation: '支付货款人民币五万元',
          performance: '全部未履行',
          conduct: '有履行能力而拒不履行生效法律文书确定义务',
          filed_on: '2026-02-05',
          published_on: '2026-05-02',
        },
      ]),
    })
    const all = (await get('/api/v1/public/lists/court_defaulter')).json()
    expect(all).toMatchObject({ total: 3, entities: 2, q: '' })
    const byName = (await get(`/api/v1/public/lists/court_defaulter?q=${encodeURIComponent('滨海测试')}`)).json()
    expect(byName).toMatchObject({ total: 2, entities: 1, q: '滨海测试' })
    expect(byName.items.map((i: { basis: string }) => i.basis).sort()).toEqual(['CD-ORG', 'CD-ORG-2'])
    // black lists publish persons by name: found by it
    const person = (await get(`/api/v1/public/lists/court_defaulter?q=${encodeURIComponent(DEFAULTER_NAME)}`)).json()
    expect(person).toMatchObject({ total: 1, entities: 1 })
    expect((await get(`/api/v1/public/lists/court_defaulter?q=CD-ORG-2`)).json().total).toBe(1)
    expect(
      (await get('/api/v1/public/lists')).json().items.find((i: { class: string }) => i.class === 'court_defaulter'),
    ).toMatchObject({ entries: 3, entities: 2 })
  })
})
