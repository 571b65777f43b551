// `gongxin report issue` on both databases: --json prints the object the API answers; the report is stored,
// signed and logged like one issued over HTTP; usage errors exit 2.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerReportCommands } from '../../src/cli/commands/report.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { COMPANY_USCC } from '../disclosure/fixtures.js'
import { seedFixture } from '../disclosure/fixtures.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('cli: report issue', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
    await seedFixture(ctx)
  })
  afterAll(async () => ctx?.close())

  const run = inProcessCli(() => ctx.testDb, registerReportCommands)

  it('issues a special report for a USCC; --json prints number, times, code and links', async () => {
    const out = join(ctx.testDb.dir, 'special.pdf')
    const r = await run([
      'report',
      'issue',
      '--uscc',
      COMPANY_USCC,
      '--kind',
      'special',
      '--fields',
      'market,judicial',
      '--json',
    ])
    expect(r.code, r.err).toBe(0)
    const issued = JSON.parse(r.out) as Record<string, unknown>
    expect(Object.keys(issued).sort()).toEqual(['issuedAt', 'links', 'number', 'validUntil', 'verifyCode'])
    expect(issued.links).toEqual({
      pdf: `/api/v1/reports/${issued.number}/pdf`,
      json: `/api/v1/reports/${issued.number}/json`,
    })
    const row = await ctx.db
      .selectFrom('reports')
      .select(['kind', 'recipient_kind', 'purpose', 'issued_by_kind'])
      .where('number', '=', issued.number as string)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      kind: 'special',
      recipient_kind: 'department',
      purpose: '信用主体依申请出具（信用办窗口）',
      issued_by_kind: 'system',
    })
    const events = (await searchAuditEvents(ctx.db, { action: 'report.issue' }, 1, 10)).items
    expect(events.map((e) => e.targetId)).toContain(issued.number)
    // with --out: the PDF once the renderer exists (until then the report stands and the error says so)
    const withPdf = await run(['report', 'issue', '--uscc', COMPANY_USCC, '--kind', 'public_overview', '--out', out])
    if (withPdf.code === 0) expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-')
    else {
      expect(withPdf.err).toContain('report.not_rendered')
      expect(existsSync(out)).toBe(false)
    }
  })

  it('usage: one subject, a known kind', async () => {
    expect((await run(['report', 'issue', '--kind', 'full'])).code).toBe(2)
    expect((await run(['report', 'issue', '--uscc', COMPANY_USCC, '--kind', 'nope'])).code).toBe(2)
    const bad = await run(['report', 'issue', '--uscc', COMPANY_USCC, '--kind', 'special', '--from', '2001-01-01'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('report.bad_period')
  })
})
