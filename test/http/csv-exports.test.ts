// Exports are safe to open (issue 12, item 4): every CSV the server or the CLI writes neutralises cells that a
// spreadsheet would run as formulas (OWASP CSV injection), through one helper; XLSX exports write text as text.
import { PassThrough } from 'node:stream'
import { parse } from 'csv-parse/sync'
import type { FastifyInstance } from 'fastify'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { neutralizeCsvCell, safeCsv } from '../../src/core/csv.js'
import { writeErrorReport } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createApiKey } from '../../src/modules/access/index.js'
import { recordAudit } from '../../src/modules/audit/index.js'
import { getClass, updateClass } from '../../src/modules/catalog/index.js'
import { actor, penaltyRow, seedDepartments } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const DANGEROUS = [
  '=HYPERLINK("http://evil.example","点此")',
  '+1+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  '－1+1',
]

describe('neutralizeCsvCell', () => {
  it.each(DANGEROUS)('prefixes %j with a single quote', (v) => {
    expect(neutralizeCsvCell(v)).toBe(`'${v}`)
  })

  it.each(['-12', '-12.5', '+3', '0.25', '2026-05-28', '行政处罚', '', "'=already", '1+1', ' =1+1'])(
    'leaves %j as it is',
    (v) => {
      expect(neutralizeCsvCell(v)).toBe(v)
    },
  )

  it('a whole file: header and cells, numbers untouched, quoting kept', () => {
    const text = safeCsv(
      ['=列', '说明'],
      [
        [-5, '=1+1'],
        [3, 'a,"b"'],
      ],
    )
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(parse(text.slice(1))).toEqual([
      ["'=列", '说明'],
      ['-5', "'=1+1"],
      ['3', 'a,"b"'],
    ])
  })
})

describe('error report files (HTTP and CLI write them with writeErrorReport)', () => {
  const issues = DANGEROUS.map((v, i) => ({
    rowNo: i + 2,
    level: 'error' as const,
    field: '=FIELD',
    code: 'date_format',
    message: `@说明${i}`,
    value: v,
  }))

  async function report(format: 'csv' | 'xlsx'): Promise<Buffer> {
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (c) => chunks.push(c))
    await writeErrorReport(issues, format, out)
    return Buffer.concat(chunks)
  }

  it('CSV: every dangerous cell neutralised', async () => {
    const rows = parse((await report('csv')).toString('utf8').replace(/^\uFEFF/, '')) as string[][]
    expect(rows[0]).toEqual(['行号', '级别', '字段', '错误代码', '说明', '原始值'])
    expect(rows.slice(1)).toEqual(
      DANGEROUS.map((v, i) => [String(i + 2), '错误', "'=FIELD", 'date_format', `'@说明${i}`, `'${v}`]),
    )
  })

  it('XLSX: text stays text (string cells, no formula anywhere)', async () => {
    const zip = await JSZip.loadAsync(await report('xlsx'))
    const sheets = Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/') && n.endsWith('.xml'))
    expect(sheets.length).toBe(1)
    const xml = await zip.file(sheets[0] as string)?.async('string')
    // a formula would be an <f> element; exceljs writes text as string cells (t="str", or shared/inline strings)
    expect(xml).not.toMatch(/<f[ >]/)
    const cells = [...(xml as string).matchAll(/<c r="([A-Z]+)(\d+)"( t="(\w+)")?>/g)]
    expect(cells.length).toBe(6 * (issues.length + 1))
    for (const [, col, row, , type] of cells)
      expect([`${col}${row}`, type]).toEqual([`${col}${row}`, col === 'A' && row !== '1' ? undefined : 'str'])
    expect(xml).toContain('<v>=HYPERLINK(&quot;http://evil.example&quot;,&quot;点此&quot;)</v>')
  })
})

describeEachDialect('CSV exports over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  const keys: Record<string, string> = {}
  const auth = (role: string) => ({ authorization: `Bearer ${keys[role]}` })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    keys.provider = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key
    keys.operator = (await createApiKey(ctx, actor, { role: 'operator' })).key
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('batch error report: the values a provider sent come back neutralised', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: auth('provider'),
      payload: {
        class: 'admin_penalty',
        rows: [
          penaltyRow({ CF_WSH: 'C-1', CF_JDRQ: '=1+2' }),
          penaltyRow({ CF_WSH: 'C-2', CF_NR_FK: '-5' }),
          penaltyRow({ CF_WSH: 'C-3', CF_JDRQ: '@now' }),
        ],
      },
    })
    expect(r.json()).toMatchObject({ total: 3, rejected: 3 })
    const csv = await app.inject({
      url: `/api/v1/batches/${r.json().batchId}/errors?format=csv`,
      headers: auth('provider'),
    })
    const rows = parse(csv.body.replace(/^\uFEFF/, '')) as string[][]
    expect(rows.slice(1).map((x) => [x[0], x[2], x[5]])).toEqual([
      ['1', 'CF_JDRQ', "'=1+2"],
      ['2', 'CF_NR_FK', '-5'],
      ['3', 'CF_JDRQ', "'@now"],
    ])
  })

  it('audit export: purposes, actors and targets neutralised', async () => {
    await ctx.db.transaction().execute((trx) =>
      recordAudit(
        trx,
        ctx.clock,
        { ...systemActor('@evil'), purpose: '=HYPERLINK("http://x")' },
        {
          action: 'test.export',
          targetType: 'record',
          targetId: '+1+1',
          details: { reason: '-1' },
        },
      ),
    )
    const r = await app.inject({ url: '/api/v1/audit/events.csv?action=test.export', headers: auth('operator') })
    expect(r.statusCode).toBe(200)
    const rows = parse(r.body.replace(/^\uFEFF/, '')) as string[][]
    const [header, event] = rows
    const col = (name: string) => event?.[(header as string[]).indexOf(name)]
    expect([col('操作者'), col('对象编号'), col('用途'), col('详情')]).toEqual([
      "'@evil",
      "'+1+1",
      `'=HYPERLINK("http://x")`,
      '{"reason":"-1"}',
    ])
  })

  it('the CSV template: a label an operator wrote is neutralised too', async () => {
    const cls = await getClass(ctx.db, 'honor')
    const fields = cls.fields.map((f, i) => (i === 1 ? { ...f, label: '=HYPERLINK("http://x")' } : f))
    await updateClass(ctx, actor, 'honor', { ...cls, fields }, '测试：导出模板')
    const r = await app.inject({ url: '/api/v1/batches/templates/honor?format=csv', headers: auth('provider') })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.body.startsWith('\uFEFF')).toBe(true)
    const [header] = parse(r.body.replace(/^\uFEFF/, '')) as string[][]
    expect(header?.slice(0, 2)).toEqual([cls.fields[0]?.label, `'=HYPERLINK("http://x")`])
  })
})
