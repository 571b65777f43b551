// Resident ID numbers inside free text (issue 12, items 1 and 3): rows that carry ID numbers in 违法事实, 处罚依据,
// 处罚内容, 违法行为类型, 法定代表人, a 文书号, a subject's name or a reason arrive through the national-format CSV, an
// XLSX upload and the JSON API; then the public API, the government views and every export are crawled, and the
// database read table by table: no clear ID number anywhere, in any form. Rows are never dropped, a warning says what
// was done, the clear text stays sealed, and sending the same rows again finds them as duplicates.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { checkCode, generateResidentId, mod1110CheckDigit } from '../../src/identifiers/index.js'
import { createApiKey } from '../../src/modules/access/index.js'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { appWithPublic } from '../public/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { actor, penaltyRow, rng, seedDepartments } from './helpers.js'

const TODAY = '2026-06-01'
/** The review's number (天津市红桥区, 1986-09-20) and others of the city. */
const ID_CSV = '120106198609206365'
const ID_XLSX = generateResidentId(rng, { region: '120101', birthDate: '1975-03-08', sex: 'female' })
const ID_API = generateResidentId(rng, { region: '120104', birthDate: '1992-12-31', sex: 'male' })
const ID_NAME = generateResidentId(rng, { region: '120105', birthDate: '1969-07-01', sex: 'male' })
const ID_REP = generateResidentId(rng, { region: '120110', birthDate: '1958-01-20', sex: 'male' })
const ID_DOC = generateResidentId(rng, { region: '120113', birthDate: '1988-05-05', sex: 'female' })
const ID_REASON = generateResidentId(rng, { region: '120116', birthDate: '2001-02-28', sex: 'female' })
const ID_ENUM = generateResidentId(rng, { region: '120102', birthDate: '1990-10-10', sex: 'male' })
const ID_USCC = generateResidentId(rng, { region: '120111', birthDate: '1983-04-16', sex: 'female' })
/** First generation: 南开区, 1975-03-08, sequence 123. */
const OLD_ID = '120104750308123'
/** A mistyped ID number in the 证件号码 field: 17 digits. */
const TYPO = ID_REP.slice(0, 17)
/** A 20-digit bank account, whose middle is a valid ID number: not one. */
const ACCOUNT = `62${ID_CSV}`
/** A valid 工商注册号 that looks like a first-generation ID number (region, 1986-09-20). */
const REG_NO = `12010686092063${mod1110CheckDigit('12010686092063')}`
const CLEAR = [ID_CSV, ID_XLSX, ID_API, ID_NAME, ID_REP, ID_DOC, ID_REASON, ID_ENUM, ID_USCC, OLD_ID]

const wide = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
const mask = (id: string) => `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`

/**
 * Any clear number of CLEAR, however written (full width, spaces, hyphens), and any run of 18 digits that is a valid
 * ID number (check digit and birth date: an independent check). The bank account is taken out first: it holds a valid
 * number inside a longer run on purpose.
 */
function clearIn(raw: string): string[] {
  const text = raw.split(ACCOUNT).join('<account>')
  const flat = text.normalize('NFKC').replace(/[\s\u00AD\u2010-\u2015\u2212\uFE58\uFE63\uFF0D-]+/g, '')
  const found = new Set(CLEAR.filter((id) => flat.includes(id)))
  for (const run of flat.match(/[0-9X]{18,}/gi) ?? [])
    for (let i = 0; i + 18 <= run.length; i++) {
      const c = run.slice(i, i + 18).toUpperCase()
      if (!/X/.test(c.slice(0, 17)) && checkCode(c, { today: TODAY }).valid && checkCode(c).scheme === 'resident_id')
        found.add(c)
    }
  return [...found]
}

describeEachDialect('resident ID numbers inside text', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  const keys: Record<string, string> = {}
  const auth = (role: string) => ({ authorization: `Bearer ${keys[role]}` })
  const batchIds: string[] = []
  const bodies: { url: string; text: string }[] = []

  const csvRows = [
    penaltyRow({ CF_WSH: 'T-CSV-1', CF_SY: `当事人身份证号 ${ID_CSV}，经查销售不合格产品。`, CF_XDR_GSZC: REG_NO }),
    penaltyRow({ CF_WSH: 'T-CSV-2', CF_SY: `罚没款汇入账户 ${ACCOUNT}。` }),
  ]
  const xlsxRows = [
    penaltyRow({
      CF_WSH: 'T-XLSX-1',
      CF_YJ: `《产品质量法》第四十九条；当事人证件：${wide(ID_XLSX.slice(0, 6))}-${wide(ID_XLSX.slice(6, 14))}-${wide(ID_XLSX.slice(14))}`,
      CF_FRDB: `王五（${ID_REP}）`,
    }),
  ]
  const apiRows = [
    penaltyRow({
      CF_WSH: `津市监罚〔2024〕${ID_DOC}号`,
      CF_NR: `罚款人民币2万元（当事人 ${ID_API.slice(0, 6)} ${ID_API.slice(6, 14)} ${ID_API.slice(14)}）。`,
      CF_WFXW: `销售不合格产品（原身份证号${OLD_ID}）`,
    }),
    // a natural person whose name cell carries the number too; the ID field itself is sealed as always
    penaltyRow({
      CF_WSH: 'T-API-2',
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_XDR_ZJHM: ID_NAME,
      CF_XDR_MC: `李四${ID_NAME}`,
      CF_NR_FK: '0.05',
    }),
    // rejected: a mistyped ID number, and an ID number where an enumerated value belongs
    penaltyRow({
      CF_WSH: 'T-API-3',
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_XDR_ZJHM: TYPO,
      CF_XDR_MC: '赵六',
    }),
    penaltyRow({ CF_WSH: 'T-API-4', CF_CFLB: `罚款${ID_ENUM}` }),
    // a person's number in the USCC column of a company: refused as what it is, masked in the report
    penaltyRow({ CF_WSH: 'T-API-5', CF_XDR_SHXYM: ID_USCC }),
  ]

  async function upload(name: string, type: string, file: Buffer): Promise<Record<string, unknown>> {
    const boundary = '----gongxin-id'
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="class"\r\n\r\nadmin_penalty\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/batches/upload',
      headers: { ...auth('provider'), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })
    expect(r.statusCode, r.body).toBe(200)
    return r.json()
  }

  function csvOf(rows: Record<string, string>[]): Buffer {
    const headers = Object.keys(rows[0] as Record<string, string>)
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
    return Buffer.from(
      `${headers.join(',')}\n${rows.map((r) => headers.map((h) => quote(r[h] ?? '')).join(',')).join('\n')}\n`,
    )
  }

  async function xlsxOf(rows: Record<string, string>[]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('处罚')
    const headers = Object.keys(rows[0] as Record<string, string>)
    ws.addRow(headers)
    for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ''))
    return Buffer.from(await wb.xlsx.writeBuffer())
  }

  async function xlsxText(buf: Buffer): Promise<string> {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf as unknown as ArrayBuffer)
    const out: string[] = []
    for (const ws of wb.worksheets) ws.eachRow((row) => out.push(JSON.stringify(row.values)))
    return out.join('\n')
  }

  const get = async (url: string, role?: string) => {
    const r = await app.inject({ url, headers: role ? auth(role) : {} })
    expect(r.statusCode, `${url}: ${r.body.slice(0, 200)}`).toBe(200)
    const text = r.headers['content-type']?.toString().includes('spreadsheetml') ? await xlsxText(r.rawPayload) : r.body
    bodies.push({ url, text })
    return text
  }

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: `${TODAY}T02:00:00Z` })
    await seedDepartments(ctx)
    keys.provider = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key
    keys.consumer = (await createApiKey(ctx, actor, { role: 'consumer', dept: 'tj-sw' })).key
    keys.operator = (await createApiKey(ctx, actor, { role: 'operator' })).key
    app = await appWithPublic(ctx)

    const csv = await upload(`处罚-${ID_CSV}.csv`, 'text/csv', csvOf(csvRows))
    expect(csv).toMatchObject({ total: 2, accepted: 2, rejected: 0, warnings: 1 })
    const xlsx = await upload('处罚.xlsx', 'application/octet-stream', await xlsxOf(xlsxRows))
    expect(xlsx).toMatchObject({ total: 1, accepted: 1, rejected: 0, warnings: 1 })
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: auth('provider'),
      payload: { class: 'admin_penalty', rows: apiRows },
    })
    expect(api.json()).toMatchObject({ total: 5, accepted: 2, rejected: 3 })
    // a correction whose reason names a person
    const correction = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: auth('provider'),
      payload: {
        class: 'admin_penalty',
        rows: [{ ...csvRows[1], CF_NR: '罚款人民币3万元。', _op: 'correct', _reason: `更正：当事人为${ID_REASON}` }],
      },
    })
    expect(correction.json()).toMatchObject({ total: 1, corrected: 1 })
    batchIds.push(csv.batchId as string, xlsx.batchId as string, api.json().batchId, correction.json().batchId)
    // a dry run answers with its issues
    const dry = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: auth('provider'),
      payload: { class: 'admin_penalty', dryRun: true, rows: apiRows },
    })
    bodies.push({ url: 'dry run', text: dry.body })
    // a revocation whose reason names a person
    const rec = await ctx.db
      .selectFrom('records')
      .select('id')
      .where('provider_key', '=', 'T-API-2')
      .executeTakeFirstOrThrow()
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${rec.id}/revoke`,
      headers: auth('provider'),
      payload: { reason: `当事人${wide(ID_REASON)}申请撤销` },
    })
    expect(revoked.statusCode, revoked.body).toBe(200)
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('no clear ID number on the public API, in the government views or in any export', async () => {
    const records = await ctx.db.selectFrom('records').select(['id', 'entity_id']).execute()
    expect(records.length).toBe(5)
    for (const r of records) {
      await get(`/api/v1/records/${r.id}`, 'consumer')
      await get(`/api/v1/records/${r.id}/history`, 'consumer')
      await get(`/api/v1/entities/${r.entity_id}`, 'consumer')
      await get(`/api/v1/entities/${r.entity_id}/file`, 'consumer')
      for (const url of [`/api/v1/public/entities/${r.entity_id}`, `/api/v1/public/records/${r.id}`]) {
        const pub = await app.inject({ url })
        expect([200, 404]).toContain(pub.statusCode)
        if (pub.statusCode === 200) bodies.push({ url, text: pub.body })
      }
    }
    expect(bodies.filter((b) => b.url.startsWith('/api/v1/public/records/')).length).toBeGreaterThanOrEqual(3)
    await get(`/api/v1/public/search?q=${encodeURIComponent('李四')}`)
    await get(`/api/v1/public/search?q=${encodeURIComponent('天津市滨海测试')}`)
    await get('/api/v1/batches?pageSize=100', 'provider')
    for (const id of batchIds) {
      await get(`/api/v1/batches/${id}`, 'provider')
      await get(`/api/v1/batches/${id}/errors?format=csv`, 'provider')
      await get(`/api/v1/batches/${id}/errors?format=xlsx`, 'provider')
    }
    await get('/api/v1/quality', 'operator')
    await get('/api/v1/audit/events?pageSize=200', 'operator')
    await get('/api/v1/audit/events.csv', 'operator')
    const found = bodies.flatMap((b) => clearIn(b.text).map((id) => `${b.url}: ${id}`))
    expect(found).toEqual([])
    // the crawl saw the masked forms, so it looked at the right places
    const all = bodies.map((b) => b.text).join('\n')
    for (const id of [ID_CSV, ID_XLSX, ID_API, ID_REP, ID_DOC, OLD_ID]) expect(all).toContain(mask(id))
  })

  it('no clear ID number in any table that holds text', async () => {
    const tables = [
      'records',
      'record_versions',
      'batches',
      'batch_issues',
      'audit_events',
      'entities',
      'entity_names',
      'entity_history',
      'search_names',
    ] as const
    const found: string[] = []
    for (const t of tables) {
      const rows = await ctx.db.selectFrom(t).selectAll().execute()
      for (const row of rows) {
        const r = { ...(row as Record<string, unknown>) }
        if (t === 'record_versions') {
          // the seals are ciphertexts, the only place the clear text is kept
          const p = JSON.parse(r.payload as string)
          delete p._sealed
          r.payload = p
        }
        for (const id of clearIn(JSON.stringify(r))) found.push(`${t}: ${id}`)
      }
    }
    expect(found).toEqual([])
  })

  it('stores the text masked, seals the clear text, warns on the row; not an ID number stays as it was', async () => {
    const one = await ctx.db
      .selectFrom('records')
      .selectAll()
      .where('provider_key', '=', 'T-CSV-1')
      .executeTakeFirstOrThrow()
    const view = (await app.inject({ url: `/api/v1/records/${one.id}`, headers: auth('consumer') })).json()
    expect(view.data.CF_SY).toBe(`当事人身份证号 ${mask(ID_CSV)}，经查销售不合格产品。`)
    expect(view.data.CF_XDR_GSZC).toBe(REG_NO)
    const pub = (await app.inject({ url: `/api/v1/public/records/${one.id}` })).json()
    expect(JSON.stringify(pub)).toContain(`当事人身份证号 ${mask(ID_CSV)}`)
    const version = await ctx.db
      .selectFrom('record_versions')
      .select('payload')
      .where('record_id', '=', one.id)
      .executeTakeFirstOrThrow()
    const payload = JSON.parse(version.payload)
    expect(ctx.keys.decrypt(payload._sealed.CF_SY)).toBe(`当事人身份证号 ${ID_CSV}，经查销售不合格产品。`)
    expect(payload._hmac.CF_SY).toBe(ctx.keys.hmac(`当事人身份证号 ${ID_CSV}，经查销售不合格产品。`))
    // a longer digit run is no ID number
    const two = await ctx.db
      .selectFrom('records')
      .select('id')
      .where('provider_key', '=', 'T-CSV-2')
      .executeTakeFirstOrThrow()
    const twoView = (await app.inject({ url: `/api/v1/records/${two.id}`, headers: auth('consumer') })).json()
    expect(twoView.data.CF_SY).toBe(`罚没款汇入账户 ${ACCOUNT}。`)

    // the warnings of the CSV batch's error report
    const report = await app.inject({
      url: `/api/v1/batches/${batchIds[0]}/errors?format=csv`,
      headers: auth('provider'),
    })
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    expect(lines.slice(1)).toEqual([
      `2,警告,CF_SY,id_number_in_text,「违法事实」中含有居民身份证号码，已脱敏保存（原文加密存档，仅经授权方可查阅）。身份证号码请只填写在证件号码列。,${mask(ID_CSV)}`,
    ])
  })

  it('a 文书号, a name, 法定代表人 and reasons are masked; the record key stays exact', async () => {
    const doc = await ctx.db
      .selectFrom('records')
      .selectAll()
      .where('document_no', '=', `津市监罚〔2024〕${mask(ID_DOC)}号`)
      .executeTakeFirstOrThrow()
    expect(doc.provider_key).toBe(
      `津市监罚〔2024〕${mask(ID_DOC)}号#${ctx.keys.hmac(`津市监罚〔2024〕${ID_DOC}号`).slice(0, 16)}`,
    )
    const docView = (await app.inject({ url: `/api/v1/records/${doc.id}`, headers: auth('consumer') })).json()
    expect(docView.data).toMatchObject({
      CF_NR: `罚款人民币2万元（当事人 ${mask(ID_API)}）。`,
      // a one-line field: NFKC turns （） into ()
      CF_WFXW: `销售不合格产品(原身份证号${mask(OLD_ID)})`,
    })
    const xlsxRecord = await ctx.db
      .selectFrom('records')
      .select('id')
      .where('provider_key', '=', 'T-XLSX-1')
      .executeTakeFirstOrThrow()
    const xlsxView = (await app.inject({ url: `/api/v1/records/${xlsxRecord.id}`, headers: auth('consumer') })).json()
    expect(xlsxView.data.CF_FRDB).toBe(`王五(${mask(ID_REP)})`)
    expect(xlsxView.data.CF_YJ).toBe(`《产品质量法》第四十九条；当事人证件：${mask(ID_XLSX)}`)
    const person = await ctx.db
      .selectFrom('records')
      .select('entity_id')
      .where('provider_key', '=', 'T-API-2')
      .executeTakeFirstOrThrow()
    const entity = await ctx.db
      .selectFrom('entities')
      .selectAll()
      .where('id', '=', person.entity_id)
      .executeTakeFirstOrThrow()
    expect([entity.name, entity.id_masked]).toEqual([`李四${mask(ID_NAME)}`, mask(ID_NAME)])
    const history = (
      await app.inject({
        url: `/api/v1/records/${(await ctx.db.selectFrom('records').select('id').where('provider_key', '=', 'T-CSV-2').executeTakeFirstOrThrow()).id}/history`,
        headers: auth('consumer'),
      })
    ).json()
    expect(history.versions.map((v: { op: string; reason: string | null }) => [v.op, v.reason])).toEqual([
      ['add', null],
      ['correct', `更正：当事人为${mask(ID_REASON)}`],
    ])
  })

  it('the error report masks ID-number fields whether valid or not, and ID numbers quoted in messages', async () => {
    const issues = await ctx.db
      .selectFrom('batch_issues')
      .select(['row_no', 'level', 'field', 'code', 'message', 'value'])
      .where('batch_id', '=', batchIds[2] as string)
      .orderBy('seq')
      .execute()
    const typo = issues.find((i) => i.field === 'CF_XDR_ZJHM' && i.level === 'error')
    expect(typo).toMatchObject({ row_no: 3, value: mask(TYPO) })
    expect(typo?.message).not.toContain(TYPO.slice(6, 14))
    const enumIssue = issues.find((i) => i.field === 'CF_CFLB')
    expect(enumIssue).toMatchObject({ row_no: 4, code: 'enum', value: `罚款${mask(ID_ENUM)}` })
    expect(enumIssue?.message).toContain(`罚款${mask(ID_ENUM)}`)
    expect(
      issues
        .filter((i) => i.code === 'id_number_in_text')
        .map((i) => [i.row_no, i.field, i.value])
        .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [1, 'CF_NR', mask(ID_API)],
      [1, 'CF_WFXW', mask(OLD_ID)],
      [1, 'CF_WSH', mask(ID_DOC)],
      [2, 'CF_XDR_MC', mask(ID_NAME)],
      [5, 'CF_XDR_SHXYM', mask(ID_USCC)],
    ])
    const uscc = issues.find((i) => i.row_no === 5 && i.level === 'error')
    expect(uscc).toMatchObject({
      field: 'CF_XDR_SHXYM',
      code: 'format',
      message: `「统一社会信用代码」${mask(ID_USCC)} 不是有效的统一社会信用代码。`,
      value: mask(ID_USCC),
    })
  })

  it('the same rows sent again are duplicates of their records', async () => {
    const again = await upload('处罚-再次.csv', 'text/csv', csvOf(csvRows))
    expect(again).toMatchObject({ total: 2, accepted: 1, duplicates: 1, corrected: 1 })
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: auth('provider'),
      payload: { class: 'admin_penalty', rows: apiRows.slice(0, 1) },
    })
    expect(api.json()).toMatchObject({ total: 1, duplicates: 1, accepted: 0 })
    const xlsx = await upload('处罚-再次.xlsx', 'application/octet-stream', await xlsxOf(xlsxRows))
    expect(xlsx).toMatchObject({ total: 1, duplicates: 1 })
  })
})
