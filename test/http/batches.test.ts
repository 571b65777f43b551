import { spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { createApiKey } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { updateBatch } from '../../src/modules/records/index.js'
import { actor, csvOf, penaltyRow, seedDepartments } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('collection over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let scjgKey: string
  let swKey: string
  let consumerKey: string
  const auth = (k: string) => ({ authorization: `Bearer ${k}` })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    scjgKey = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key
    swKey = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-sw' })).key
    consumerKey = (await createApiKey(ctx, actor, { role: 'consumer', dept: 'tj-sw' })).key
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('POST /api/v1/batches answers with the summary; the batch, its error report and records are readable', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: auth(scjgKey),
      payload: { class: 'admin_penalty', rows: [penaltyRow({ CF_WSH: 'H-1' }), penaltyRow({ CF_WSH: 'H-2', CF_JDRQ: '2026-02-30' }), { ...penaltyRow({ CF_WSH: 'H-3' }), 罚款金额: '1' }] },
    })
    expect(r.statusCode).toBe(200)
    const s = r.json()
    expect(s).toMatchObject({ total: 3, accepted: 2, rejected: 1, duplicates: 0, corrected: 0, revoked: 0, late: 0 })
    expect(s.batchId).toMatch(/^[0-9a-f-]{36}$/)
    const batch = await app.inject({ url: `/api/v1/batches/${s.batchId}`, headers: auth(scjgKey) })
    expect(batch.json()).toMatchObject({ batchId: s.batchId, class: 'admin_penalty', dept: 'tj-scjg', status: 'completed', total: 3 })
    const list = await app.inject({ url: '/api/v1/batches?pageSize=1', headers: auth(scjgKey) })
    expect(list.json()).toMatchObject({ total: 1, items: [{ batchId: s.batchId }] })
    const dry = await app.inject({ method: 'POST', url: '/api/v1/batches', headers: auth(scjgKey), payload: { class: 'admin_penalty', dryRun: true, rows: [penaltyRow({ CF_WSH: 'D-1', CF_JDRQ: 'x' })] } })
    expect(dry.json()).toMatchObject({ batchId: null, rejected: 1, issues: [{ rowNo: 1, field: 'CF_JDRQ', level: 'error' }] })
    // another department may not read it
    expect((await app.inject({ url: `/api/v1/batches/${s.batchId}`, headers: auth(swKey) })).statusCode).toBe(403)
    const csv = await app.inject({ url: `/api/v1/batches/${s.batchId}/errors?format=csv`, headers: auth(scjgKey) })
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toBe('行号,级别,字段,错误代码,说明,原始值')
    expect(lines[1]).toMatch(/^2,错误,CF_JDRQ,/)
    const xlsx = await app.inject({ url: `/api/v1/batches/${s.batchId}/errors?format=xlsx`, headers: auth(scjgKey) })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(wb.worksheets[0]?.getRow(2).getCell(3).value).toBe('CF_JDRQ')
    const rec = await ctx.db.selectFrom('records').select('id').where('provider_key', '=', 'H-1').executeTakeFirstOrThrow()
    const detail = await app.inject({ url: `/api/v1/records/${rec.id}`, headers: auth(consumerKey) })
    expect(detail.statusCode).toBe(200)
    expect(detail.json()).toMatchObject({ id: rec.id, class: 'admin_penalty', provider: 'tj-scjg', severity: 'general', state: 'active', data: { CF_WSH: 'H-1', CF_NR_FK: '20000' } })
  })

  it('rejects rows naming another registered department; refuses unknown classes and oversized batches', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/batches', headers: auth(swKey), payload: { class: 'admin_penalty', rows: [penaltyRow({ CF_WSH: 'X-1' })] } })
    expect(r.json()).toMatchObject({ total: 1, rejected: 1 })
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/batches', headers: auth(scjgKey), payload: { class: 'nope', rows: [] } })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.code).toBe('ingest.unknown_class')
    const big = await app.inject({ method: 'POST', url: '/api/v1/batches', headers: auth(scjgKey), payload: { class: 'admin_penalty', rows: Array.from({ length: 10_001 }, () => ({})) } })
    expect(big.statusCode).toBe(413)
    expect(big.json().error.code).toBe('ingest.too_many_rows')
    expect((await app.inject({ method: 'POST', url: '/api/v1/batches', headers: auth(consumerKey), payload: { class: 'admin_penalty', rows: [] } })).statusCode).toBe(403)
  })

  it('multipart upload, templates, history and revocation', async () => {
    const boundary = '----gongxin'
    const header = Object.keys(penaltyRow()).join(',')
    const body = `${header}\n${Object.values(penaltyRow({ CF_WSH: 'U-1' })).join(',')}\n`
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="class"\r\n\r\nadmin_penalty\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="处罚.csv"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n--${boundary}--\r\n`
    const up = await app.inject({ method: 'POST', url: '/api/v1/batches/upload', headers: { ...auth(scjgKey), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
    expect(up.statusCode, up.body).toBe(200)
    expect(up.json()).toMatchObject({ total: 1, accepted: 1 })
    const tpl = await app.inject({ url: '/api/v1/batches/templates/admin_penalty?format=csv', headers: auth(scjgKey) })
    expect(tpl.body.replace(/^\uFEFF/, '').split(',').slice(0, 2)).toEqual(['行政相对人名称', '行政相对人类别'])
    const rec = await ctx.db.selectFrom('records').select('id').where('provider_key', '=', 'U-1').executeTakeFirstOrThrow()
    const denied = await app.inject({ method: 'POST', url: `/api/v1/records/${rec.id}/revoke`, headers: auth(swKey), payload: { reason: '不是本部门' } })
    expect(denied.statusCode).toBe(403)
    const revoked = await app.inject({ method: 'POST', url: `/api/v1/records/${rec.id}/revoke`, headers: auth(scjgKey), payload: { reason: '处罚决定已撤销' } })
    expect(revoked.json()).toMatchObject({ state: 'revoked', version: 2 })
    const history = await app.inject({ url: `/api/v1/records/${rec.id}/history`, headers: auth(consumerKey) })
    expect(history.json().versions.map((v: { op: string; reason: string | null }) => [v.op, v.reason])).toEqual([
      ['add', null],
      ['revoke', '处罚决定已撤销'],
    ])
    const events = await searchAuditEvents(ctx.db, { action: 'record.revoke', targetId: rec.id }, 1, 5)
    expect(events.total).toBe(1)
    const batchRevoke = await app.inject({ method: 'POST', url: `/api/v1/batches/${up.json().batchId}/revoke`, headers: auth(scjgKey), payload: { reason: '整批撤回' } })
    expect(batchRevoke.json()).toMatchObject({ revoked: 0 })
  })

  /** A multipart body: the fields in order, then the CSV file. */
  function multipart(fields: Record<string, string>, csv: string): { payload: string; contentType: string } {
    const boundary = '----gongxin-async'
    const parts = Object.entries(fields).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    )
    const file = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="处罚.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`
    return { payload: parts.join('') + file, contentType: `multipart/form-data; boundary=${boundary}` }
  }

  async function untilDone(batchId: string) {
    for (let i = 0; i < 200; i++) {
      const b = (await app.inject({ url: `/api/v1/batches/${batchId}`, headers: auth(scjgKey) })).json()
      if (b.status !== 'running') return b
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('batch still running')
  }

  it('a batch whose process is gone shows as interrupted; one a live process runs does not', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: auth(scjgKey),
      payload: { class: 'admin_penalty', rows: [penaltyRow({ CF_WSH: 'INT-1' })] },
    })
    const id = r.json().batchId as string
    const show = async () => (await app.inject({ url: `/api/v1/batches/${id}`, headers: auth(scjgKey) })).json()
    expect(await show()).toMatchObject({ status: 'completed', interrupted: false })
    // as if a server had been running it and was killed
    const gone = spawnSync(process.execPath, ['-e', '0']).pid
    await updateBatch(ctx.db, id, { status: 'running', runner: `${hostname()}:${gone}` })
    expect(await show()).toMatchObject({ status: 'running', interrupted: true, rowsDone: expect.any(Number) })
    const list = await app.inject({ url: '/api/v1/batches?pageSize=100', headers: auth(scjgKey) })
    expect(list.json().items.find((b: { batchId: string }) => b.batchId === id)).toMatchObject({ interrupted: true })
    // a live process (this test's parent) still running it
    await updateBatch(ctx.db, id, { runner: `${hostname()}:${process.ppid}` })
    expect(await show()).toMatchObject({ status: 'running', interrupted: false })
    await updateBatch(ctx.db, id, { status: 'completed', runner: null })
  })

  it('async upload: 202 with the batch as soon as it exists, then the batch shows the result; refusals stay immediate', async () => {
    const rows = [penaltyRow({ CF_WSH: 'A-1' }), penaltyRow({ CF_WSH: 'A-2', CF_JDRQ: '2026-02-30' }), penaltyRow({ CF_WSH: 'A-3' })]
    const m = multipart({ class: 'admin_penalty', async: 'true' }, csvOf(rows))
    const up = await app.inject({ method: 'POST', url: '/api/v1/batches/upload', headers: { ...auth(scjgKey), 'content-type': m.contentType }, payload: m.payload })
    expect(up.statusCode, up.body).toBe(202)
    const started = up.json()
    expect(started).toMatchObject({ class: 'admin_penalty', dept: 'tj-scjg', channel: 'upload', fileName: '处罚.csv', dryRun: false })
    expect(started.batchId).toMatch(/^[0-9a-f-]{36}$/)
    expect(['running', 'completed']).toContain(started.status)
    expect(await untilDone(started.batchId)).toMatchObject({ status: 'completed', total: 3, accepted: 2, rejected: 1 })
    const report = await app.inject({ url: `/api/v1/batches/${started.batchId}/errors?format=csv`, headers: auth(scjgKey) })
    expect(report.body.replace(/^\uFEFF/, '').trim().split('\n')[1]).toMatch(/^3,错误,CF_JDRQ,/)

    // a file refused as a whole is refused in the answer, with no batch
    const before = (await app.inject({ url: '/api/v1/batches?pageSize=1', headers: auth(scjgKey) })).json().total
    const bad = multipart({ class: 'admin_penalty', async: 'true' }, '行政相对人名称,处罚类别\n某公司,罚款\n')
    const refused = await app.inject({ method: 'POST', url: '/api/v1/batches/upload', headers: { ...auth(scjgKey), 'content-type': bad.contentType }, payload: bad.payload })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().error.code).toBe('ingest.missing_columns')
    expect((await app.inject({ url: '/api/v1/batches?pageSize=1', headers: auth(scjgKey) })).json().total).toBe(before)

    // a dry run is always answered with its summary
    const dry = multipart({ class: 'admin_penalty', dryRun: 'true', async: 'true' }, csvOf([penaltyRow({ CF_WSH: 'A-9' })]))
    const checked = await app.inject({ method: 'POST', url: '/api/v1/batches/upload', headers: { ...auth(scjgKey), 'content-type': dry.contentType }, payload: dry.payload })
    expect(checked.statusCode).toBe(200)
    expect(checked.json()).toMatchObject({ batchId: null, total: 1, accepted: 1 })
  })

  it('closing the app waits for an async upload to finish', async () => {
    const other = await buildApp(ctx, { web: false })
    const rows = Array.from({ length: 2_500 }, (_, i) => penaltyRow({ CF_WSH: `C-${i + 1}` }))
    const m = multipart({ class: 'admin_penalty', async: 'true' }, csvOf(rows))
    const up = await other.inject({ method: 'POST', url: '/api/v1/batches/upload', headers: { ...auth(scjgKey), 'content-type': m.contentType }, payload: m.payload })
    expect(up.statusCode, up.body).toBe(202)
    await other.close()
    const stored = await ctx.db.selectFrom('batches').select(['status', 'accepted', 'total']).where('id', '=', up.json().batchId).executeTakeFirstOrThrow()
    expect(stored).toEqual({ status: 'completed', accepted: 2_500, total: 2_500 })
  })
})
