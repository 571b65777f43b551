// Uploads on every multipart route (POST /api/v1/batches/upload, sync and async; POST /api/v1/checks/batch/upload):
// zip bombs refused with 413 before they cost memory, the upload budget (503 with Retry-After when full), and every
// malformed form a coded 400 (413 for a file over the size limit), never a 500.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import { createApiKey } from '../../src/modules/access/index.js'
import { actor, csvOf, penaltyRow, seedDepartments } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { xlsxBomb } from '../support/xlsx-bomb.js'

type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer | string }

/** A multipart body of the parts, with the boundary the content type names (or `bodyBoundary` inside the body). */
function form(parts: Part[], o: { boundary?: string; bodyBoundary?: string } = {}) {
  const boundary = o.boundary ?? '----gongxin-form'
  const b = o.bodyBoundary ?? boundary
  const chunks: Buffer[] = []
  for (const p of parts) {
    if ('filename' in p) {
      chunks.push(
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
        Buffer.from('\r\n'),
      )
    } else chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`))
  }
  chunks.push(Buffer.from(`--${b}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

const MiB = 1024 * 1024
const gc = () => (globalThis as { gc?: () => void }).gc?.()

describeEachDialect('uploads', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let provider: Record<string, string>
  let consumer: Record<string, string>
  let honestBomb: Buffer
  let lyingBomb: Buffer
  let lyingShared: Buffer

  beforeAll(async () => {
    ctx = await testContext(dialect, {
      now: '2026-06-01T02:00:00Z',
      env: { GONGXIN_UPLOAD_SLOTS: '1', GONGXIN_UPLOAD_MAX_MB: '4' },
    })
    await seedDepartments(ctx)
    provider = {
      authorization: `Bearer ${(await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key}`,
    }
    consumer = {
      authorization: `Bearer ${(await createApiKey(ctx, actor, { role: 'consumer', dept: 'tj-sw' })).key}`,
    }
    app = await buildApp(ctx, { web: false })
    const headers = Object.keys(penaltyRow())
    honestBomb = await xlsxBomb({ shape: 'text', megabytes: 300, headers })
    lyingBomb = await xlsxBomb({ shape: 'rows', megabytes: 300, lie: 4096, headers })
    lyingShared = await xlsxBomb({ shape: 'shared_strings', megabytes: 100, lie: 4096, headers })
    for (const b of [honestBomb, lyingBomb, lyingShared]) expect(b.length).toBeLessThan(2 * MiB)
  }, 120_000)
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const post = (url: string, auth: Record<string, string>, f: { payload: Buffer; contentType: string }) =>
    app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': f.contentType }, payload: f.payload })
  const uploadBatch = (fields: Record<string, string>, file: { filename: string; content: Buffer | string }) =>
    post(
      '/api/v1/batches/upload',
      provider,
      form([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', ...file }]),
    )
  const uploadCheck = (file: { filename: string; content: Buffer | string }) =>
    post(
      '/api/v1/checks/batch/upload',
      consumer,
      form([
        { name: 'scenario', value: 'government_procurement' },
        { name: 'file', ...file },
      ]),
    )
  const batchCount = async () =>
    (await app.inject({ url: '/api/v1/batches?pageSize=1', headers: provider })).json().total as number

  describe('zip bombs', () => {
    it('are refused with 413 on the upload (sync and async), before a batch exists, and on the batch check upload', async () => {
      const before = await batchCount()
      gc()
      const start = process.memoryUsage()
      let peak = start.rss
      const sample = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss)
      }, 10)
      try {
        for (const [label, bomb, kind] of [
          ['declared', honestBomb, 'sheet'],
          ['lying', lyingBomb, 'sheet'],
          ['lying shared strings', lyingShared, 'shared_strings'],
        ] as const) {
          for (const fields of [{ class: 'admin_penalty' }, { class: 'admin_penalty', async: 'true' }]) {
            const r = await uploadBatch(fields, { filename: '处罚.xlsx', content: bomb })
            expect(r.statusCode, `${label} ${JSON.stringify(fields)}: ${r.body}`).toBe(413)
            expect(r.json().error).toMatchObject({ code: 'ingest.xlsx_too_large', details: { kind } })
            expect(r.json().error.message).toMatch(/^XLSX 文件中的.+解压后超过 \d+ MB 的上限.*拆分/)
          }
          const c = await uploadCheck({ filename: '名单.xlsx', content: bomb })
          expect(c.statusCode, `${label} check: ${c.body}`).toBe(413)
          expect(c.json().error).toMatchObject({ code: 'ingest.xlsx_too_large', details: { kind } })
        }
      } finally {
        clearInterval(sample)
      }
      expect(await batchCount()).toBe(before) // refused as a whole: no batch was started
      expect(app.uploads.taken).toBe(0)
      // loosely: 9 bombs of 100-300 MB each were refused without holding what they inflate to
      expect((peak - start.rss) / MiB).toBeLessThan(150)
    }, 120_000)
  })

  describe('the upload budget', () => {
    const rowsCsv = (n: number, prefix: string) =>
      csvOf(Array.from({ length: n }, (_, i) => penaltyRow({ CF_WSH: `${prefix}-${i}` })))

    it('a full budget answers 503 upload.busy with Retry-After on every multipart route; a free slot is used again', async () => {
      const release = app.uploads.tryTake()
      expect(release).not.toBeNull()
      try {
        const r = await uploadBatch({ class: 'admin_penalty' }, { filename: 'a.csv', content: rowsCsv(1, 'B') })
        expect(r.statusCode).toBe(503)
        expect(r.headers['retry-after']).toBe('30')
        expect(r.json()).toEqual({
          error: {
            code: 'upload.busy',
            message: '服务器正在处理其他上传的文件（同时最多 1 个）：请 30 秒后重新上传。',
            details: { slots: 1, retryAfter: 30 },
          },
        })
        const c = await uploadCheck({ filename: 'a.csv', content: '统一社会信用代码\n91120000MA05000001\n' })
        expect(c.statusCode).toBe(503)
        expect(c.json().error.code).toBe('upload.busy')
      } finally {
        release?.()
      }
      const ok = await uploadBatch({ class: 'admin_penalty' }, { filename: 'a.csv', content: rowsCsv(1, 'B') })
      expect(ok.statusCode, ok.body).toBe(200)
      expect(app.uploads.taken).toBe(0)
    })

    it('of two uploads at once with one slot, one is read and the other refused; an async upload keeps its slot until read', async () => {
      const [a, b] = await Promise.all([
        uploadBatch({ class: 'admin_penalty' }, { filename: 'a.csv', content: rowsCsv(1500, 'C1') }),
        uploadBatch({ class: 'admin_penalty' }, { filename: 'b.csv', content: rowsCsv(1500, 'C2') }),
      ])
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 503])
      expect(app.uploads.taken).toBe(0)

      const started = await uploadBatch(
        { class: 'admin_penalty', async: 'true' },
        { filename: 'big.csv', content: rowsCsv(4000, 'C3') },
      )
      expect(started.statusCode, started.body).toBe(202)
      expect(app.uploads.taken).toBe(1) // the file is still being read in the background
      const refused = await uploadBatch({ class: 'admin_penalty' }, { filename: 'd.csv', content: rowsCsv(1, 'C4') })
      expect(refused.statusCode).toBe(503)
      for (let i = 0; i < 400 && app.uploads.taken > 0; i++) await new Promise((r) => setTimeout(r, 50))
      expect(app.uploads.taken).toBe(0)
      const batch = (await app.inject({ url: `/api/v1/batches/${started.json().batchId}`, headers: provider })).json()
      expect(batch).toMatchObject({ status: 'completed', total: 4000 })
      const after = await uploadBatch({ class: 'admin_penalty' }, { filename: 'd.csv', content: rowsCsv(1, 'C4') })
      expect(after.statusCode).toBe(200)
    }, 60_000)
  })

  describe('malformed forms are coded 400s (413 for size) on every multipart route', () => {
    const csv = csvOf([penaltyRow({ CF_WSH: 'M-1' })])
    const fieldsOf = (route: 'batch' | 'check'): Part[] =>
      route === 'batch'
        ? [{ name: 'class', value: 'admin_penalty' }]
        : [{ name: 'scenario', value: 'government_procurement' }]
    const file: Part = { name: 'file', filename: 'a.csv', content: csv }
    const missingFile = { batch: 'core.validation', check: 'checks.batch_file_missing' }
    type Case = {
      name: string
      body: (route: 'batch' | 'check') => { payload: Buffer; contentType: string }
      status: number
      code: string | ((route: 'batch' | 'check') => string)
    }
    const cut = (f: { payload: Buffer; contentType: string }, at: number) => ({
      ...f,
      payload: f.payload.subarray(0, at),
    })
    const cases: Case[] = [
      {
        name: 'no boundary in the content type',
        body: (r) => ({ ...form([...fieldsOf(r), file]), contentType: 'multipart/form-data' }),
        status: 400,
        code: 'upload.malformed',
      },
      {
        name: 'a boundary the body does not use',
        body: (r) => form([...fieldsOf(r), file], { bodyBoundary: '----another' }),
        status: 400,
        code: (r) => missingFile[r],
      },
      {
        name: 'a body cut off inside the file',
        body: (r) => {
          const f = form([...fieldsOf(r), { name: 'file', filename: 'a.csv', content: csv.repeat(50) }])
          return cut(f, f.payload.length - csv.length * 10)
        },
        status: 400,
        code: 'upload.malformed',
      },
      {
        name: 'a body cut off before the file',
        body: (r) => {
          const f = form([...fieldsOf(r), file])
          return cut(f, f.payload.indexOf('name="file"') - 50)
        },
        status: 400,
        code: (r) => missingFile[r],
      },
      { name: 'no file part', body: (r) => form(fieldsOf(r)), status: 400, code: (r) => missingFile[r] },
      {
        name: 'the file sent as a text field',
        body: (r) => form([...fieldsOf(r), { name: 'file', value: csv }]),
        status: 400,
        code: 'upload.field_type',
      },
      {
        name: 'a text field sent as a file',
        body: (r) => {
          const [first] = fieldsOf(r) as [{ name: string; value: string }]
          return form([{ name: first.name, filename: 'x.txt', content: first.value }, file])
        },
        status: 400,
        code: 'upload.field_type',
      },
      {
        name: 'two files',
        body: (r) => form([...fieldsOf(r), file, { ...file, filename: 'b.csv' }]),
        status: 400,
        code: 'upload.too_many_parts',
      },
      {
        name: 'too many fields',
        body: (r) =>
          form([...fieldsOf(r), ...Array.from({ length: 30 }, (_, i) => ({ name: `x${i}`, value: 'y' })), file]),
        status: 400,
        code: 'upload.too_many_parts',
      },
      {
        name: 'a field too long',
        body: (r) => form([...fieldsOf(r), { name: 'dept', value: 'x'.repeat(20_000) }, file]),
        status: 400,
        code: 'upload.field_too_long',
      },
      {
        name: 'a field named __proto__',
        body: (r) => form([{ name: '__proto__', value: 'x' }, ...fieldsOf(r), file]),
        status: 400,
        code: 'upload.malformed',
      },
      {
        name: 'a file over the size limit (4 MB here)',
        body: (r) => form([...fieldsOf(r), { name: 'file', filename: 'big.csv', content: Buffer.alloc(5 * MiB, 'a') }]),
        status: 413,
        code: 'upload.file_too_large',
      },
      {
        name: 'not a form at all (JSON)',
        body: () => ({ payload: Buffer.from('{"class":"admin_penalty"}'), contentType: 'application/json' }),
        status: 400,
        code: 'upload.not_multipart',
      },
    ]

    for (const route of ['batch', 'check'] as const) {
      it.each(cases)(`${route}: $name`, async (c) => {
        const url = route === 'batch' ? '/api/v1/batches/upload' : '/api/v1/checks/batch/upload'
        const r = await post(url, route === 'batch' ? provider : consumer, c.body(route))
        const code = typeof c.code === 'function' ? c.code(route) : c.code
        expect(r.statusCode, r.body).toBe(c.status)
        const body = r.json()
        expect(Object.keys(body)).toEqual(['error'])
        expect(body.error).toMatchObject({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
        expect(typeof body.error.details).toBe('object')
        expect(app.uploads.taken).toBe(0)
      })
    }

    it('the messages name the field and the fix', async () => {
      const asText = await post(
        '/api/v1/batches/upload',
        provider,
        form([
          { name: 'class', value: 'admin_penalty' },
          { name: 'file', value: csv },
        ]),
      )
      expect(asText.json().error.message).toBe('表单字段「file」应为文件：请选择要上传的数据文件。')
      const tooBig = await post(
        '/api/v1/batches/upload',
        provider,
        form([{ name: 'file', filename: 'big.csv', content: Buffer.alloc(5 * MiB, 'a') }]),
      )
      expect(tooBig.json().error.message).toBe(
        '上传的文件超过 4 MB 的上限：请按行把数据拆分为多个较小的文件（每个文件保留表头行）分别上传。',
      )
    })
  })
})
