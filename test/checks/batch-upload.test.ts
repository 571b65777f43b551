// Batch comparison by file: upload a list of codes (CSV or XLSX), get the batch result, download it as XLSX.
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installErrorHandler } from '../../src/http/error-handler.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { installUploads } from '../../src/http/uploads.js'
import { createRng, generateResidentId } from '../../src/identifiers/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { checkRoutes, RESULT_HEADERS } from '../../src/modules/checks/index.js'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { bearer, companyUscc, ingestCourtDefaulter, ingestTaxA, seedDepts } from './helpers.js'

async function uploadApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  await installUploads(app, ctx.config)
  installErrorHandler(app)
  await app.register(authPlugin, { ctx })
  await checkRoutes(app, ctx)
  await app.ready()
  return app
}

async function sheetRows(buf: Buffer, sheet = '比对结果'): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf as unknown as ArrayBuffer)
  const ws = wb.getWorksheet(sheet)
  if (!ws) throw new Error(`no sheet ${sheet}`)
  const out: unknown[][] = []
  ws.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1))
  })
  return out
}

describeEachDialect('checks: batch comparison by file upload and the XLSX result', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  let jtw: Record<string, string>
  let operator: Record<string, string>
  const defaulter = companyUscc()
  const taxA = companyUscc()
  const unknown = companyUscc()
  let batchId = ''

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    jtw = await bearer(ctx, 'consumer', 'tj-jtw')
    operator = await bearer(ctx, 'operator')
    await ingestCourtDefaulter(ctx, defaulter, '天津市测试失信批量建材有限公司', '（2026）津01执31号')
    await ingestTaxA(ctx, taxA, '天津市测试守信批量科技有限公司')
    app = await uploadApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const upload = (
    headers: Record<string, string>,
    fields: Record<string, string>,
    file?: { name: string; content: Buffer | string },
  ) => {
    const body = multipart(fields, file)
    return app.inject({
      method: 'POST',
      url: '/api/v1/checks/batch/upload',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    })
  }

  it('a CSV list: each row checked, failed rows inline with their file row numbers, one audit event', async () => {
    const csv = [
      '统一社会信用代码,主体名称',
      `${defaulter},天津市测试失信批量建材有限公司`,
      `${taxA},天津市测试守信批量科技有限公司`,
      `${unknown},天津市不存在的公司`,
      ',只有名称没有代码',
      'ABC123,代码无效的单位',
    ].join('\n')
    const r = await upload(
      czj,
      { scenario: 'government_procurement', purpose: '政府采购供应商资格审查', allMeasures: 'true' },
      { name: '供应商名单.csv', content: `\uFEFF${csv}\n` },
    )
    expect(r.statusCode).toBe(200)
    const body = r.json()
    batchId = body.batchId
    expect(body).toMatchObject({
      scenario: 'government_procurement',
      purpose: '政府采购供应商资格审查',
      allMeasures: true,
      source: 'upload',
      fileName: '供应商名单.csv',
      dept: 'tj-czj',
      total: 5,
      checked: 2,
      failed: 3,
      outcomes: { none: 0, reward: 1, punish: 1, both: 0 },
    })
    const items = body.items as {
      index: number
      row: number
      code: string | null
      name: string | null
      outcome: string | null
      checkId: string | null
      error: { code: string; message: string } | null
      subject: { name: string } | null
      hits: { measure: string }[]
    }[]
    expect(items.map((i) => [i.index, i.row, i.code, i.outcome, i.error?.code ?? null])).toEqual([
      [0, 2, defaulter, 'punish', null],
      [1, 3, taxA, 'reward', null],
      [2, 4, unknown, null, 'checks.subject_unresolved'],
      [3, 5, null, null, 'checks.subject_invalid'],
      [4, 6, 'ABC123', null, 'checks.subject_unresolved'],
    ])
    expect(items[0]?.subject?.name).toBe('天津市测试失信批量建材有限公司')
    expect(items[0]?.hits.map((h) => h.measure)).toContain('punish_cd_procurement')
    expect(items[3]?.error?.message).toBe('第 5 行没有代码：请填写统一社会信用代码或其他代码。')
    expect(items[3]?.name).toBe('只有名称没有代码')

    const stored = await ctx.db
      .selectFrom('checks')
      .select(['id', 'batch_id'])
      .where('batch_id', '=', batchId)
      .execute()
    expect(stored.map((s) => s.id).sort()).toEqual([items[0]?.checkId, items[1]?.checkId].sort())
    const events = (await searchAuditEvents(ctx.db, { action: 'check.batch' }, 1, 10)).items
    expect(events).toHaveLength(1)
    expect(events[0]?.details).toMatchObject({
      subjects: 5,
      checked: 2,
      failed: 3,
      source: 'upload',
      fileName: '供应商名单.csv',
    })
  })

  it('the result as XLSX: one row per subject with outcome, measures, documents and check id; errors inline', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/checks/batch/${batchId}/result.xlsx`, headers: czj })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(String(r.headers['content-disposition'])).toContain(`batch-${batchId}.xlsx`)
    const rows = await sheetRows(r.rawPayload)
    expect(rows[0]).toEqual([...RESULT_HEADERS])
    expect(rows).toHaveLength(6)
    const byCol = (row: unknown[], header: (typeof RESULT_HEADERS)[number]) => row[RESULT_HEADERS.indexOf(header)]
    const first = rows[1] as unknown[]
    expect(byCol(first, '输入代码')).toBe(defaulter)
    expect(byCol(first, '匹配主体')).toBe('天津市测试失信批量建材有限公司')
    expect(byCol(first, '主体统一社会信用代码')).toBe(defaulter)
    expect(byCol(first, '核查结果')).toBe('失信惩戒')
    expect(String(byCol(first, '命中措施'))).toContain('（punish_cd_procurement）')
    expect(byCol(first, '触发文书')).toBe('(2026)津01执31号')
    expect(String(byCol(first, '核查编号'))).toMatch(/^HC-2026\d{4}-\d{6}$/)
    expect(String(byCol(first, '核查记录 ID'))).toMatch(/^[0-9a-f-]{36}$/)
    expect(byCol(rows[2] as unknown[], '核查结果')).toBe('守信激励')
    const failed = rows[3] as unknown[]
    expect(byCol(failed, '输入代码')).toBe(unknown)
    expect(byCol(failed, '核查结果')).toBe('核查失败')
    expect(String(byCol(failed, '错误说明'))).toContain('无法确定核查主体')
    expect(byCol(rows[4] as unknown[], '文件行号')).toBe(5)
    const info = await sheetRows(r.rawPayload, '批次信息')
    expect(info).toContainEqual(['应用场景', '政府采购（government_procurement）'])
    expect(info).toContainEqual(['核查失败', 3])
  })

  it('another department cannot read the batch; operators (audit.read) can', async () => {
    const other = await app.inject({ method: 'GET', url: `/api/v1/checks/batch/${batchId}`, headers: jtw })
    expect(other.statusCode).toBe(404)
    expect(other.json().error.code).toBe('checks.batch_not_found')
    const otherXlsx = await app.inject({
      method: 'GET',
      url: `/api/v1/checks/batch/${batchId}/result.xlsx`,
      headers: jtw,
    })
    expect(otherXlsx.statusCode).toBe(404)
    const op = await app.inject({ method: 'GET', url: `/api/v1/checks/batch/${batchId}`, headers: operator })
    expect(op.statusCode).toBe(200)
    expect(op.json().total).toBe(5)
  })

  it('an XLSX list with a 代码 column, and a plain list without a header', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('名单')
    ws.addRow(['序号', '代码'])
    ws.addRow([1, defaulter])
    ws.addRow([2, taxA])
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer())
    const r = await upload(jtw, { scenario: 'high_consumption' }, { name: 'list.xlsx', content: xlsx })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ total: 2, checked: 2, failed: 0, outcomes: { punish: 1, none: 1 } })
    expect(r.json().items[0].hits.map((h: { measure: string }) => h.measure)).toEqual(['punish_cd_high_consumption'])

    const plain = await upload(
      jtw,
      { scenario: 'high_consumption' },
      { name: 'plain.csv', content: `${defaulter}\n${taxA}\n` },
    )
    expect(plain.statusCode).toBe(200)
    expect(plain.json().items.map((i: { row: number; code: string }) => [i.row, i.code])).toEqual([
      [1, defaulter],
      [2, taxA],
    ])
  })

  it('ID numbers need a purpose and are kept masked; a JSON batch can be downloaded too', async () => {
    const id = generateResidentId(createRng(5), { region: '120101', birthDate: '1980-05-05', sex: 'male' })
    const r = await upload(czj, { scenario: 'government_procurement' }, { name: 'p.csv', content: `证件号码\n${id}\n` })
    expect(r.statusCode).toBe(200)
    const item = r.json().items[0]
    expect(item.error.code).toBe('checks.purpose_required')
    expect(item.code).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`)
    const row = await ctx.db
      .selectFrom('check_batches')
      .select('items')
      .where('id', '=', r.json().batchId)
      .executeTakeFirst()
    expect(row?.items).not.toContain(id)

    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/checks/batch',
      headers: czj,
      payload: { subjects: [{ uscc: defaulter }, { idNumber: id }], scenario: 'government_procurement' },
    })
    expect(json.statusCode).toBe(200)
    const xlsx = await app.inject({
      method: 'GET',
      url: `/api/v1/checks/batch/${json.json().batchId}/result.xlsx`,
      headers: czj,
    })
    const rows = await sheetRows(xlsx.rawPayload)
    expect(rows.map((x) => x[2])).toEqual(['输入代码', defaulter, `${id.slice(0, 4)}**********${id.slice(-4)}`])
    expect(String(rows[2]?.[12])).toContain('须说明查询用途')
  })

  describe('files of another shape are refused with a clear error', () => {
    it('no code column', async () => {
      const r = await upload(czj, { scenario: 'bidding' }, { name: 'x.csv', content: '单位,地址\n甲公司,和平区\n' })
      expect(r.statusCode).toBe(422)
      expect(r.json().error.code).toBe('checks.batch_file_invalid')
      expect(r.json().error.message).toContain('未找到代码列（表头为：单位、地址）')
    })
    it('more than 1,000 rows', async () => {
      const lines = ['统一社会信用代码', ...Array.from({ length: 1001 }, () => defaulter)]
      const r = await upload(czj, { scenario: 'bidding' }, { name: 'big.csv', content: lines.join('\n') })
      expect(r.statusCode).toBe(413)
      expect(r.json().error.code).toBe('checks.batch_too_large')
      expect(r.json().error.message).toContain('最多 1000 个主体')
      expect(
        await ctx.db.selectFrom('check_batches').select('id').where('file_name', '=', 'big.csv').execute(),
      ).toEqual([])
    })
    it('an .xls workbook, an empty list, no file, no scenario', async () => {
      const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
      const r = await upload(czj, { scenario: 'bidding' }, { name: 'old.xls', content: xls })
      expect(r.statusCode).toBe(415)
      expect(r.json().error.message).toContain('另存为 .xlsx 或 CSV')
      const empty = await upload(czj, { scenario: 'bidding' }, { name: 'e.csv', content: '统一社会信用代码\n' })
      expect(empty.statusCode).toBe(422)
      expect(empty.json().error.message).toContain('没有数据行')
      const noFile = await upload(czj, { scenario: 'bidding' })
      expect(noFile.statusCode).toBe(400)
      expect(noFile.json().error.code).toBe('checks.batch_file_missing')
      const noScenario = await upload(czj, {}, { name: 'a.csv', content: `代码\n${defaulter}\n` })
      expect(noScenario.statusCode).toBe(400)
    })
  })
})
