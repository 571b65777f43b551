// Batch comparison (批量比对): upload a list (POST /api/v1/compare), follow its progress, download the workbook with
// one sheet per outcome; purpose required, ID numbers resolved by their keyed hash and never kept or answered in
// clear, every subject read in the subjects' access logs, the department's comparisons only.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessLog } from '../../src/flows/me-file/index.js'
import { checkCode } from '../../src/identifiers/index.js'
import { searchAuditEvents, subjectAuditEvents } from '../../src/modules/audit/index.js'
import { SHEET_HEADERS } from '../../src/modules/compare/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { xlsxBomb } from '../support/xlsx-bomb.js'
import {
  bearer,
  compareApp,
  entityIdOf,
  masked,
  type Subjects,
  seedDepts,
  seedSubjects,
  uploadList,
  waitForComparison,
  workbookSheets,
} from './helpers.js'

describeEachDialect('compare: batch comparison of an uploaded list', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let s: Subjects
  let czj: Record<string, string>
  let sw: Record<string, string>
  let operator: Record<string, string>
  let provider: Record<string, string>
  let id = ''
  let personId = ''
  const PURPOSE = '政府采购供应商资格审查'

  beforeAll(async () => {
    ctx = await testContext(dialect, {
      now: '2026-06-01T02:00:00Z',
      env: { GONGXIN_XLSX_MAX_SHEET_MB: '1' },
    })
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    sw = await bearer(ctx, 'consumer', 'tj-sw')
    operator = await bearer(ctx, 'operator')
    provider = await bearer(ctx, 'provider', 'tj-scjg')
    s = await seedSubjects(ctx)
    personId = (
      await ctx.db.selectFrom('entities').select('id').where('kind', '=', 'natural_person').executeTakeFirstOrThrow()
    ).id
    app = await compareApp(ctx)
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  /** The person's ID number with a wrong check digit (and not by chance a valid USCC). */
  const wrongId = () => {
    for (const d of '0123456789X') {
      const n = `${s.person.idNumber.slice(0, 17)}${d}`
      const r = checkCode(n)
      if (r.scheme === 'resident_id' && !r.valid) return n
    }
    throw new Error('no wrong form')
  }
  const list = () =>
    [
      '统一社会信用代码,主体名称',
      `${s.black.uscc},${s.black.name}`,
      `${s.red.uscc},${s.red.name}`,
      `${s.serious.uscc},${s.serious.name}`,
      `${s.clean.uscc},${s.clean.name}`,
      `,${s.twinName}`,
      `${s.person.idNumber},${s.person.name}`,
      `${s.unknownUscc},天津市不存在的公司`,
      `,天津市查无此名有限公司`,
      `${wrongId()},错号的人`,
    ].join('\n')

  it('202 at once with the queued comparison; it runs in the background to done with its counts', async () => {
    const r = await uploadList(
      app,
      czj,
      { scenario: 'government_procurement', purpose: PURPOSE, allMeasures: 'true' },
      { name: '供应商名单.csv', content: `\uFEFF${list()}\n` },
    )
    expect(r.statusCode, r.body).toBe(202)
    expect(r.json()).toMatchObject({
      status: 'queued',
      scenario: 'government_procurement',
      purpose: PURPOSE,
      allMeasures: true,
      fileName: '供应商名单.csv',
      dept: 'tj-czj',
      total: 9,
      processed: 0,
    })
    id = r.json().id
    const done = await waitForComparison(app, czj, id)
    expect(done).toMatchObject({
      status: 'done',
      interrupted: false,
      total: 9,
      processed: 9,
      outcomes: { hit: 4, noHit: 1, ambiguous: 1, unresolved: 3 },
      error: null,
    })
    expect(done.finishedAt).toBe('2026-06-01T02:00:00.000Z')
  })

  it('each row resolved (matched, ambiguous with candidates, unresolved) with its hits: lists, serious records, measures', async () => {
    const rows = await ctx.db
      .selectFrom('comparison_results')
      .selectAll()
      .where('comparison_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(rows.map((r) => [Number(r.seq), r.row_no === null ? null : Number(r.row_no), r.outcome])).toEqual([
      [1, 2, 'hit'],
      [2, 3, 'hit'],
      [3, 4, 'hit'],
      [4, 5, 'no_hit'],
      [5, 6, 'ambiguous'],
      [6, 7, 'hit'],
      [7, 8, 'unresolved'],
      [8, 9, 'unresolved'],
      [9, 10, 'unresolved'],
    ])
    const hits = (i: number) => JSON.parse(rows[i]?.hits ?? '{}')
    // black list entry: the list and the procurement punishment
    expect(hits(0).lists.map((l: { listKind: string; class: string }) => [l.listKind, l.class])).toEqual([
      ['black', 'court_defaulter'],
    ])
    expect(hits(0).measures.map((m: { measure: string }) => m.measure)).toContain('punish_cd_procurement')
    expect(hits(0).serious).toEqual([])
    // red list: the A-grade taxpayer's reward
    expect(hits(1).lists.map((l: { listKind: string }) => l.listKind)).toEqual(['red'])
    expect(hits(1).measures.map((m: { kind: string }) => m.kind)).toEqual(['reward'])
    // a serious record, not on a list
    expect(hits(2).lists).toEqual([])
    expect(hits(2).serious).toEqual([
      expect.objectContaining({ class: 'admin_penalty', className: '行政处罚信息', decidedOn: '2026-05-20' }),
    ])
    expect(hits(3)).toEqual({ lists: [], serious: [], measures: [] })
    expect(rows[3]?.entity_id).toBe(await entityIdOf(ctx, s.clean.uscc))
    // a name of two organisations: ambiguous, both candidates
    const candidates = JSON.parse(rows[4]?.candidates ?? '[]') as { uscc: string }[]
    expect(candidates.map((c) => c.uscc).sort()).toEqual(s.twins.map((t) => t.uscc).sort())
    expect(rows[4]?.entity_id).toBeNull()
    // the person by the keyed hash of the ID number: on the black list
    expect(rows[5]?.entity_id).toBe(personId)
    expect(JSON.parse(rows[5]?.subject ?? '{}')).toMatchObject({
      kind: 'natural_person',
      idMasked: masked(s.person.idNumber),
    })
    expect(hits(5).lists.map((l: { listKind: string }) => l.listKind)).toEqual(['black'])
    // unresolved, each saying why
    expect(rows[6]?.message).toContain(`统一社会信用代码 ${s.unknownUscc} 尚未登记`)
    expect(rows[7]?.message).toContain('没有名称为「天津市查无此名有限公司」的已登记主体')
    expect(rows[8]?.message).toContain('身份证件号码')
    expect(rows[8]?.message).toContain('无效')
  })

  it('the result workbook: one sheet per outcome with Chinese headers, in list order, and the comparison', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/compare/${id}/result.xlsx`, headers: czj })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(String(r.headers['content-disposition'])).toContain(`compare-${id}.xlsx`)
    const sheets = await workbookSheets(r.rawPayload)
    expect([...sheets.keys()]).toEqual(['匹配命中', '匹配无命中', '多个候选', '未匹配', '比对信息'])
    const hit = sheets.get('匹配命中') as unknown[][]
    expect(hit[0]).toEqual([...SHEET_HEADERS.hit])
    expect(hit.map((row) => row[0])).toEqual(['序号', 1, 2, 3, 6])
    const col = (row: unknown[] | undefined, header: string) => row?.[SHEET_HEADERS.hit.indexOf(header)]
    expect(col(hit[1], '匹配主体')).toBe(s.black.name)
    expect(String(col(hit[1], '黑名单'))).toContain('失信被执行人')
    expect(String(col(hit[1], '适用措施'))).toContain('（punish_cd_procurement）')
    expect(String(col(hit[1], '依据文书'))).toContain('(2026)津01执71号')
    expect(String(col(hit[2], '红名单'))).toContain('纳税信用A级')
    expect(String(col(hit[3], '严重失信记录'))).toContain('行政处罚')
    expect(col(hit[4], '主体代码')).toBe(masked(s.person.idNumber))
    expect(col(hit[4], '输入代码')).toBe(masked(s.person.idNumber))
    expect(sheets.get('匹配无命中')?.slice(1)).toEqual([[4, 5, s.clean.uscc, s.clean.name, s.clean.name, s.clean.uscc]])
    const ambiguous = sheets.get('多个候选') as unknown[][]
    expect(ambiguous[0]).toEqual([...SHEET_HEADERS.ambiguous])
    expect(String(ambiguous[1]?.[4])).toContain(s.twins[0].uscc)
    expect(String(ambiguous[1]?.[4])).toContain(s.twins[1].uscc)
    expect((sheets.get('未匹配') as unknown[][]).map((row) => row[1])).toEqual(['文件行号', 8, 9, 10])
    const info = sheets.get('比对信息') as unknown[][]
    expect(info).toContainEqual(['应用场景', '政府采购（government_procurement）'])
    expect(info).toContainEqual(['查询用途', PURPOSE])
    expect(info).toContainEqual(['匹配命中', 4])
  })

  it('no clear ID number anywhere: results, staged rows (deleted when done), answers, workbook, audit events', async () => {
    const clear = s.person.idNumber
    const wrong = wrongId()
    const results = JSON.stringify(
      await ctx.db.selectFrom('comparison_results').selectAll().where('comparison_id', '=', id).execute(),
    )
    for (const n of [clear, wrong, clear.slice(6, 14)]) expect(results).not.toContain(n)
    expect(results).toContain(masked(clear))
    expect(
      await ctx.db.selectFrom('comparison_inputs').select('seq').where('comparison_id', '=', id).execute(),
    ).toEqual([])
    const xlsx = await app.inject({ method: 'GET', url: `/api/v1/compare/${id}/result.xlsx`, headers: czj })
    const text = JSON.stringify([...(await workbookSheets(xlsx.rawPayload)).entries()])
    expect(text).not.toContain(clear)
    expect(text).not.toContain(wrong)
    const events = JSON.stringify((await searchAuditEvents(ctx.db, {}, 1, 500)).items)
    expect(events).not.toContain(clear)
    expect(events).not.toContain(wrong)
  })

  it('every subject read is in its access log: the chunk that compared it, the download, the ID lookup with the purpose', async () => {
    const black = await entityIdOf(ctx, s.black.uscc)
    const log = await subjectAuditEvents(ctx.db, { entityId: black, actions: ['compare.rows', 'compare.read'] }, 1, 50)
    expect(log.items.map((e) => e.action).sort()).toEqual(['compare.read', 'compare.read', 'compare.rows'])
    expect(log.items.every((e) => e.purpose === PURPOSE)).toBe(true)
    const personal = await subjectAuditEvents(
      ctx.db,
      { entityId: personId, actions: ['entity.resolve_personal'] },
      1,
      50,
    )
    expect(personal.items).toHaveLength(1)
    expect(personal.items[0]).toMatchObject({ purpose: PURPOSE })
    expect(personal.items[0]?.details).toMatchObject({
      via: 'compare',
      status: 'matched',
      idMasked: [masked(s.person.idNumber)],
    })
    // as the subject sees it (查询记录)
    const seen = await accessLog(ctx, black, {})
    expect(seen.items.map((e) => e.kindLabel).sort()).toEqual(['批量比对', '查阅批量比对结果', '查阅批量比对结果'])
    expect(seen.items.find((e) => e.kind === 'compare')).toMatchObject({
      dept: 'tj-czj',
      purpose: PURPOSE,
      batchId: id,
    })
    // candidates of an ambiguous name are not reads of those subjects' records
    const twin = await entityIdOf(ctx, s.twins[0].uscc)
    expect((await subjectAuditEvents(ctx.db, { entityId: twin, actions: ['compare.rows'] }, 1, 10)).total).toBe(0)
    // the progress answer names no subject and is not audited
    const reads = (await searchAuditEvents(ctx.db, { action: 'compare.read' }, 1, 50)).items
    expect(reads.every((e) => (e.details as { via?: string }).via === 'result_xlsx')).toBe(true)
  })

  it('without a scenario: lists and serious records only, no measure', async () => {
    const r = await uploadList(
      app,
      sw,
      { purpose: '行政许可审查' },
      { name: 'list.csv', content: `代码\n${s.black.uscc}\n${s.red.uscc}\n${s.clean.uscc}\n` },
    )
    expect(r.statusCode, r.body).toBe(202)
    const done = await waitForComparison(app, sw, r.json().id)
    expect(done).toMatchObject({
      status: 'done',
      scenario: null,
      outcomes: { hit: 2, noHit: 1, ambiguous: 0, unresolved: 0 },
    })
    const rows = await ctx.db
      .selectFrom('comparison_results')
      .select('hits')
      .where('comparison_id', '=', r.json().id)
      .orderBy('seq')
      .execute()
    expect(rows.map((x) => JSON.parse(x.hits).measures)).toEqual([[], [], []])
  })

  it('a list of names only: each found by name, or ambiguous with candidates', async () => {
    const r = await uploadList(
      app,
      czj,
      { purpose: PURPOSE },
      { name: 'names.csv', content: `主体名称\n${s.clean.name}\n${s.twinName}\n` },
    )
    expect(r.statusCode, r.body).toBe(202)
    expect(await waitForComparison(app, czj, r.json().id)).toMatchObject({
      status: 'done',
      outcomes: { hit: 0, noHit: 1, ambiguous: 1, unresolved: 0 },
    })
  })

  describe('refused', () => {
    const file = () => ({ name: 'a.csv', content: `代码\n${s.black.uscc}\n` })
    it('without a purpose (400 compare.purpose_required), nothing stored', async () => {
      const before = await ctx.db.selectFrom('comparisons').select('id').execute()
      const r = await uploadList(app, czj, { scenario: 'government_procurement' }, file())
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code).toBe('compare.purpose_required')
      expect(r.json().error.message).toContain('查询用途')
      expect(await ctx.db.selectFrom('comparisons').select('id').execute()).toHaveLength(before.length)
    })
    it('an unknown scenario, no file, a file without a code or name column, a zip bomb', async () => {
      const unknown = await uploadList(app, czj, { scenario: 'no_such_scenario', purpose: PURPOSE }, file())
      expect(unknown.statusCode).toBe(422)
      expect(unknown.json().error.code).toBe('checks.scenario_unknown')
      const noFile = await uploadList(app, czj, { purpose: PURPOSE })
      expect(noFile.statusCode).toBe(400)
      expect(noFile.json().error.code).toBe('compare.file_missing')
      const noColumn = await uploadList(
        app,
        czj,
        { purpose: PURPOSE },
        { name: 'x.csv', content: '单位地址\n和平区\n' },
      )
      expect(noColumn.statusCode).toBe(422)
      expect(noColumn.json().error.code).toBe('checks.batch_file_invalid')
      const bomb = await xlsxBomb({ shape: 'rows', megabytes: 8, lie: 4096, headers: ['统一社会信用代码'] })
      const r = await uploadList(app, czj, { purpose: PURPOSE }, { name: 'bomb.xlsx', content: bomb })
      expect(r.statusCode).toBe(413)
      expect(r.json().error.code).toBe('ingest.xlsx_too_large')
      expect(app.uploads.taken).toBe(0)
    })
  })

  describe('permissions', () => {
    it('compare.run or check.run: a provider (neither) gets 403, an anonymous caller 401', async () => {
      const p = await uploadList(
        app,
        provider,
        { purpose: PURPOSE },
        { name: 'a.csv', content: `代码\n${s.black.uscc}\n` },
      )
      expect(p.statusCode).toBe(403)
      const anonymous = await uploadList(
        app,
        {},
        { purpose: PURPOSE },
        { name: 'a.csv', content: `代码\n${s.black.uscc}\n` },
      )
      expect(anonymous.statusCode).toBe(401)
      expect((await app.inject({ method: 'GET', url: `/api/v1/compare/${id}`, headers: provider })).statusCode).toBe(
        403,
      )
    })
    it('a key scoped to check.run alone may compare (one feature with the batch check)', async () => {
      const { createApiKey } = await import('../../src/modules/access/index.js')
      const { admin } = await import('./helpers.js')
      const { key } = await createApiKey(ctx, admin, { role: 'consumer', dept: 'tj-czj', scopes: ['check.run'] })
      const r = await uploadList(
        app,
        { authorization: `Bearer ${key}` },
        { purpose: PURPOSE },
        { name: 'a.csv', content: `代码\n${s.clean.uscc}\n` },
      )
      expect(r.statusCode, r.body).toBe(202)
      await waitForComparison(app, czj, r.json().id)
    })
    it('another department sees neither the comparison nor its result; the list is the department’s own; auditors see all', async () => {
      expect((await app.inject({ method: 'GET', url: `/api/v1/compare/${id}`, headers: sw })).json().error.code).toBe(
        'compare.not_found',
      )
      const xlsx = await app.inject({ method: 'GET', url: `/api/v1/compare/${id}/result.xlsx`, headers: sw })
      expect(xlsx.statusCode).toBe(404)
      const own = (await app.inject({ method: 'GET', url: '/api/v1/compare', headers: sw })).json()
      expect(own.items.every((c: { dept: string }) => c.dept === 'tj-sw')).toBe(true)
      expect(own.total).toBe(1)
      const mine = (await app.inject({ method: 'GET', url: '/api/v1/compare?pageSize=100', headers: czj })).json()
      expect(mine.items.map((c: { id: string }) => c.id)).toContain(id)
      expect(mine.items.every((c: { dept: string }) => c.dept === 'tj-czj')).toBe(true)
      const all = (await app.inject({ method: 'GET', url: '/api/v1/compare?pageSize=100', headers: operator })).json()
      expect(all.total).toBe(mine.total + own.total)
      expect((await app.inject({ method: 'GET', url: `/api/v1/compare/${id}`, headers: operator })).statusCode).toBe(
        200,
      )
    })
  })
})
