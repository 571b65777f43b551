// 批量出具 over HTTP on both databases: a department uploads a CSV of codes, the reports are issued in the background
// (each its own report.issue event), the progress answers until every row is done, failed rows say why, and the zip
// holds each issued report's PDF - verifiable offline - and result.csv. Bad lists, a missing purpose, too many rows,
// another caller's batch.
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateUscc, createRng } from '../../src/identifiers/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { type PublishedKeys, verifyReportPdf } from '../../src/modules/reports/index.js'
import { COMPANY_USCC, OTHER_USCC } from '../disclosure/fixtures.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { PURPOSE, type ReportCity, seedReportCity } from './fixture.js'

interface Batch {
  id: string
  state: string
  total: number
  done: number
  issued: number
  failed: number
  items: {
    index: number
    row: number | null
    state: string
    number: string | null
    error: { code: string; message: string } | null
  }[]
}

describeEachDialect('batch issue of reports', (dialect) => {
  let ctx: TestContext
  let city: ReportCity
  const unknown = generateUscc(createRng(4242), { dept: '9', category: '1', region: '120101' })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    city = await seedReportCity(ctx)
  })
  afterAll(async () => {
    await city?.app.close()
    await ctx?.close()
  })

  const upload = (headers: Record<string, string>, fields: Record<string, string>, csv?: string) => {
    const body = multipart(fields, csv === undefined ? undefined : { name: '名单.csv', content: `\uFEFF${csv}\n` })
    return city.app.inject({
      method: 'POST',
      url: '/api/v1/reports/batch',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    })
  }
  const poll = async (headers: Record<string, string>, id: string): Promise<Batch> => {
    for (let i = 0; i < 200; i++) {
      const r = await city.app.inject({ method: 'GET', url: `/api/v1/reports/batch/${id}`, headers })
      expect(r.statusCode, r.body).toBe(200)
      const b = r.json() as Batch
      if (b.state === 'finished') return b
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error('the batch did not finish')
  }

  it('issues every resolvable row in the background, says why the others failed, zips the PDFs', async () => {
    const csv = [
      '统一社会信用代码,主体名称',
      `${COMPANY_USCC},公司`,
      `${OTHER_USCC},小吃店`,
      `${unknown},不存在`,
      ',没有代码',
    ].join('\n')
    const r = await upload(city.h.czj as Record<string, string>, { kind: 'full', purpose: PURPOSE }, csv)
    expect(r.statusCode, r.body).toBe(202)
    const started = r.json() as Batch
    expect(started.total).toBe(4)
    // the row without a code is refused while reading the list
    expect(started.items[3]?.state).toBe('failed')
    expect(started.items[3]?.row).toBe(5)

    // another caller does not see it
    const other = await city.app.inject({
      method: 'GET',
      url: `/api/v1/reports/batch/${started.id}`,
      headers: city.h.operator as Record<string, string>,
    })
    expect(other.statusCode).toBe(404)
    expect(other.json().error.code).toBe('report.batch_not_found')

    const b = await poll(city.h.czj as Record<string, string>, started.id)
    expect([b.done, b.issued, b.failed]).toEqual([4, 2, 2])
    expect(b.items.map((i) => i.state)).toEqual(['issued', 'issued', 'failed', 'failed'])
    expect(b.items[2]?.error?.code).toBe('report.subject_unresolved')
    expect(b.items[3]?.error?.message).toContain('第 5 行没有代码')
    const numbers = b.items.filter((i) => i.number).map((i) => i.number as string)

    // each is its own audit event, with the department's purpose
    const events = await searchAuditEvents(ctx.db, { action: 'report.issue' }, 1, 100)
    for (const n of numbers) {
      const e = events.items.find((x) => x.details.number === n)
      expect(e?.purpose).toBe(PURPOSE)
      expect(e?.actorDept).toBe('tj-czj')
    }

    const z = await city.app.inject({
      method: 'GET',
      url: `/api/v1/reports/batch/${started.id}/zip`,
      headers: city.h.czj as Record<string, string>,
    })
    expect(z.statusCode).toBe(200)
    expect(z.headers['content-type']).toBe('application/zip')
    const files = unzipSync(new Uint8Array(z.rawPayload))
    expect(Object.keys(files).sort()).toEqual([`001-${numbers[0]}.pdf`, `002-${numbers[1]}.pdf`, 'result.csv'])
    const keys = (
      await city.app.inject({ method: 'GET', url: '/.well-known/gongxin-keys.json' })
    ).json() as PublishedKeys
    const verdict = await verifyReportPdf(files[`001-${numbers[0]}.pdf`] as Uint8Array, keys)
    expect(verdict).toMatchObject({ ok: true, number: numbers[0] })
    const result = new TextDecoder()
      .decode(files['result.csv'])
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(result[0]).toBe('序号,文件行号,代码,名称,结果,报告编号,核验码,文件,说明')
    expect(result[1]).toContain(`已出具,${numbers[0]},`)
    expect(result[3]).toContain('未出具')
    expect(result).toHaveLength(5)
  })

  it('refuses a list without a purpose, without a code column, over 500 rows, and callers without report.issue', async () => {
    const czj = city.h.czj as Record<string, string>
    const noPurpose = await upload(czj, { kind: 'full' }, `统一社会信用代码\n${COMPANY_USCC}`)
    expect(noPurpose.statusCode).toBe(400)
    expect(noPurpose.json().error.code).toBe('access.purpose_required')
    const noColumn = await upload(czj, { kind: 'public_overview' }, `甲,乙\n1,2`)
    expect(noColumn.statusCode).toBe(422)
    expect(noColumn.json().error.code).toBe('report.batch_file_invalid')
    expect(noColumn.json().error.message).toContain('未找到代码列')
    const tooMany = await upload(
      czj,
      { kind: 'public_overview' },
      ['统一社会信用代码', ...Array.from({ length: 501 }, () => COMPANY_USCC)].join('\n'),
    )
    expect(tooMany.statusCode).toBe(413)
    expect(tooMany.json().error.code).toBe('report.batch_too_large')
    const noFile = await upload(czj, { kind: 'full', purpose: PURPOSE })
    expect(noFile.statusCode).toBe(400)
    expect(noFile.json().error.code).toBe('report.batch_file_missing')
    const unknownKind = await upload(czj, { kind: 'nope', purpose: PURPOSE }, `统一社会信用代码\n${COMPANY_USCC}`)
    expect(unknownKind.json().error.code).toBe('report.kind_unknown')
    const subject = await upload(
      city.h.company as Record<string, string>,
      { kind: 'full' },
      `统一社会信用代码\n${COMPANY_USCC}`,
    )
    expect(subject.statusCode).toBe(403)
  })
})
