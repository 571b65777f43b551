// Rewards have exclusions as data: an A-grade taxpayer with an active serious record, on a black list or on a focus
// list gets no reward measure, and the check (its answer, receipt, batch result and audit event) names the record
// that excluded it; once the record no longer counts (revoked, expired), the reward applies again.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { getMeasure } from '../../src/modules/measures/index.js'
import { recordsOfEntity, revokeRecord } from '../../src/modules/records/index.js'
import { rowsOf } from '../ingest/helpers.js'
import {
  admin,
  bearer,
  companyUscc,
  entityIdOf,
  ingestDefaulter,
  ingestPenalties,
  seedDepts,
  testApp,
} from '../lists/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

type Company = { name: string; uscc: string }
const SERIOUS = { CF_CFLB: '吊销许可证件', CF_NR: '吊销食品经营许可证。', CF_NR_FK: '' }

async function ingestTaxA(ctx: TestContext, c: Company): Promise<void> {
  const r = await runIngest(ctx, admin, {
    classCode: 'tax_a_grade',
    dept: 'tj-sw',
    channel: 'api',
    ...rowsOf([
      {
        subject_name: c.name,
        uscc: c.uscc,
        rating_year: '2025',
        grade: 'A',
        decision_date: '2026-04-15',
        authority_name: '国家税务总局天津市税务局',
      },
    ]),
  })
  if (r.accepted !== 1) throw new Error(`tax_a_grade not accepted: ${JSON.stringify(r)}`)
}

async function ingestFocus(ctx: TestContext, c: Company, documentNo: string): Promise<void> {
  const r = await runIngest(ctx, admin, {
    classCode: 'focus_list',
    dept: 'tj-fgw',
    channel: 'api',
    ...rowsOf([
      {
        subject_name: c.name,
        uscc: c.uscc,
        reason: '一年内多次受到行政处罚',
        basis: '《天津市社会信用条例》',
        document_no: documentNo,
        decision_date: '2026-05-10',
        authority_name: '天津市发展和改革委员会',
      },
    ]),
  })
  if (r.accepted !== 1) throw new Error(`focus_list not accepted: ${JSON.stringify(r)}`)
}

interface Exclusion {
  measure: string
  kind: string
  triggeredBy: { class: string }[]
  excludedBy: { recordId: string; class: string; documentNo: string | null; listKind: string | null; reason: string }[]
}

describeEachDialect('checks: reward exclusions', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  const serious: Company = { name: '天津市排除测试一科技有限公司', uscc: companyUscc() }
  const black: Company = { name: '天津市排除测试二科技有限公司', uscc: companyUscc() }
  const focus: Company = { name: '天津市排除测试三科技有限公司', uscc: companyUscc() }
  const past: Company = { name: '天津市排除测试四科技有限公司', uscc: companyUscc() }
  /** The record of each company that should exclude the reward (class -> id). */
  const recordOf = new Map<string, { id: string; documentNo: string | null }>()

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    for (const c of [serious, black, focus, past]) await ingestTaxA(ctx, c)
    await ingestPenalties(ctx, serious, ['2026-05-20'], SERIOUS)
    await ingestDefaulter(ctx, black, '（2026）津01执88号', '2026-05-20')
    await ingestFocus(ctx, focus, '津发改信〔2026〕7号')
    // past: a serious penalty whose longest publication ended (2022 decision, 36 months) and a general one now
    await ingestPenalties(ctx, past, ['2022-03-01'], SERIOUS)
    await ingestPenalties(ctx, past, ['2026-05-02'])
    for (const [c, cls] of [
      [serious, 'admin_penalty'],
      [black, 'court_defaulter'],
      [focus, 'focus_list'],
    ] as const) {
      const r = (await recordsOfEntity(ctx.db, await entityIdOf(ctx, c.uscc))).find((x) => x.class_code === cls)
      if (!r) throw new Error(`no ${cls} record`)
      recordOf.set(c.uscc, { id: r.id, documentNo: r.document_no })
    }
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const check = (c: Company) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers: czj,
      payload: { subject: { uscc: c.uscc }, scenario: 'government_procurement', purpose: '政府采购供应商资格审查' },
    })

  it('the default list ships the exclusion rule with every reward measure (data, versioned)', async () => {
    const m = await getMeasure(ctx.db, 'reward_taxa_procurement')
    expect(
      m.exclusions?.map((x) => [
        x.type,
        'listKind' in x ? x.listKind : undefined,
        x.type === 'record' ? x.minSeverity : undefined,
      ]),
    ).toEqual([
      ['list', 'black', undefined],
      ['list', 'focus', undefined],
      ['record', undefined, 'serious'],
    ])
  })

  it('an active serious record: no reward; the answer, the receipt and the audit event name the record', async () => {
    const r = await check(serious)
    expect(r.statusCode).toBe(200)
    const body = r.json()
    expect(body.outcome).toBe('none')
    expect(body.hits).toEqual([])
    const rec = recordOf.get(serious.uscc)
    expect(rec?.documentNo).toBeTruthy()
    const expected = [
      {
        measure: 'reward_taxa_procurement',
        version: 1,
        nameZh: '政府采购中同等条件下优先',
        kind: 'reward',
        triggeredBy: [expect.objectContaining({ class: 'tax_a_grade' })],
        excludedBy: [
          {
            recordId: rec?.id,
            class: 'admin_penalty',
            documentNo: rec?.documentNo,
            period: { from: '2026-05-20', until: expect.any(String) },
            severity: 'serious',
            listKind: null,
            underObjection: false,
            reason: expect.stringContaining('严重失信记录'),
          },
        ],
      },
    ]
    expect(body.exclusions).toEqual(expected)
    const receipt = await app.inject({ method: 'GET', url: `/api/v1/checks/${body.checkId}`, headers: czj })
    expect(receipt.json().exclusions).toEqual(expected)
    const event = (await searchAuditEvents(ctx.db, { action: 'check.run' }, 1, 50)).items.find(
      (e) => e.targetId === body.checkId,
    )
    expect(event?.details).toMatchObject({ outcome: 'none', measures: [], excluded: ['reward_taxa_procurement'] })
  })

  it('a black-list entry: the punishment applies, the reward is excluded by the entry', async () => {
    const body = (await check(black)).json()
    expect(body.outcome).toBe('punish')
    expect(body.hits.map((h: { measure: string }) => h.measure)).toEqual(['punish_cd_procurement'])
    expect(
      (body.exclusions as Exclusion[]).map((x) => [
        x.measure,
        x.excludedBy.map((e) => [e.recordId, e.class, e.listKind]),
      ]),
    ).toEqual([['reward_taxa_procurement', [[recordOf.get(black.uscc)?.id, 'court_defaulter', 'black']]]])
    expect(body.exclusions[0].excludedBy[0].reason).toContain('黑名单')
    expect(body.exclusions[0].excludedBy[0].documentNo).toBe(recordOf.get(black.uscc)?.documentNo)
  })

  it('a focus-list entry excludes the reward with its own reason', async () => {
    const body = (await check(focus)).json()
    expect(body.hits).toEqual([])
    expect(body.exclusions).toHaveLength(1)
    expect(body.exclusions[0].excludedBy).toEqual([
      expect.objectContaining({
        recordId: recordOf.get(focus.uscc)?.id,
        class: 'focus_list',
        documentNo: '津发改信〔2026〕7号',
        listKind: 'focus',
        reason: expect.stringContaining('重点关注名单'),
      }),
    ])
  })

  it('an expired serious record and a general one do not exclude: the reward applies', async () => {
    const body = (await check(past)).json()
    expect(body.outcome).toBe('reward')
    expect(body.hits.map((h: { measure: string }) => h.measure)).toEqual(['reward_taxa_procurement'])
    expect(body.exclusions).toEqual([])
  })

  describe('a batch', () => {
    it('reports the exclusions per subject, in the answer, the stored result and the XLSX', async () => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/checks/batch',
        headers: czj,
        payload: { subjects: [{ uscc: serious.uscc }, { uscc: past.uscc }], scenario: 'government_procurement' },
      })
      expect(r.statusCode).toBe(200)
      const { batchId, items } = r.json()
      expect(items.map((i: { exclusions: Exclusion[] }) => i.exclusions.map((x) => x.measure))).toEqual([
        ['reward_taxa_procurement'],
        [],
      ])
      const stored = (await app.inject({ method: 'GET', url: `/api/v1/checks/batch/${batchId}`, headers: czj })).json()
      expect(stored.items[0].exclusions[0].excludedBy[0].recordId).toBe(recordOf.get(serious.uscc)?.id)
      const xlsx = await app.inject({ method: 'GET', url: `/api/v1/checks/batch/${batchId}/result.xlsx`, headers: czj })
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
      const ws = wb.getWorksheet('比对结果')
      if (!ws) throw new Error('no sheet 比对结果')
      const header = (ws.getRow(1).values as unknown[]).slice(1)
      const col = header.indexOf('不予适用的措施') + 1
      expect(col).toBeGreaterThan(0)
      const cell = String(ws.getRow(2).getCell(col).value)
      expect(cell).toContain('reward_taxa_procurement')
      expect(cell).toContain(String(recordOf.get(serious.uscc)?.documentNo))
      expect(cell).toContain('严重失信记录')
      expect(String(ws.getRow(3).getCell(col).value ?? '')).toBe('')
    })
  })

  it('once the serious record is revoked, the reward applies again', async () => {
    await revokeRecord(ctx, admin, recordOf.get(serious.uscc)?.id as string, '处罚决定被依法撤销')
    const body = (await check(serious)).json()
    expect(body.outcome).toBe('reward')
    expect(body.hits.map((h: { measure: string }) => h.measure)).toEqual(['reward_taxa_procurement'])
    expect(body.exclusions).toEqual([])
  })
})
