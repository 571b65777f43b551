import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { batchIssues, runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createApiKey } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { getRecordWithPayload, recordHistory } from '../../src/modules/records/index.js'
import { actor, COMPANY_USCC, OTHER_USCC, penaltyRow, rowsOf, SCJG_USCC, seedDepartments } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('upload and records', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let scjgKey: string
  let swKey: string
  let consumerKey: string
  let operatorKey: string
  const auth = (k: string) => ({ authorization: `Bearer ${k}` })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    scjgKey = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key
    swKey = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-sw' })).key
    consumerKey = (await createApiKey(ctx, actor, { role: 'consumer', dept: 'tj-sw' })).key
    operatorKey = (await createApiKey(ctx, actor, { role: 'operator' })).key
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  /** A penalty row without 处罚机关/数据来源单位 and their codes. */
  function withoutOwnDept(over: Record<string, string> = {}): Record<string, string> {
    const { CF_CFJG, CF_CFJGDM, CF_SJLY, CF_SJLYDM, ...rest } = penaltyRow(over)
    return rest
  }

  it("fills the department's own name and USCC into an empty 处罚机关/数据来源单位 and their codes", async () => {
    const r = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        withoutOwnDept({ CF_WSH: 'F-1' }),
        // another authority named without its code: its code is not taken from the department
        { ...withoutOwnDept({ CF_WSH: 'F-2' }), CF_CFJG: '天津市某区市场监督管理局' },
      ]),
    })
    expect(r).toMatchObject({ total: 2, accepted: 1, rejected: 1 })
    const rec = await ctx.db
      .selectFrom('records')
      .select('id')
      .where('provider_key', '=', 'F-1')
      .executeTakeFirstOrThrow()
    const data = JSON.parse((await getRecordWithPayload(ctx.db, rec.id)).payload)
    expect(data).toMatchObject({
      CF_CFJG: '天津市市场监督管理委员会',
      CF_CFJGDM: SCJG_USCC,
      CF_SJLY: '天津市市场监督管理委员会',
      CF_SJLYDM: SCJG_USCC,
    })
    const issues = await batchIssues(ctx.db, r.batchId as string)
    expect(issues.map((i) => [i.rowNo, i.field, i.code])).toEqual([[3, 'CF_CFJGDM', 'required']])
    // without a submitting department there is nothing to fill from: the columns are missing
    await expect(
      runIngest(ctx, actor, { classCode: 'admin_penalty', dept: null, channel: 'api', ...rowsOf([withoutOwnDept()]) }),
    ).rejects.toMatchObject({ code: 'ingest.missing_columns' })
  })

  it('templates carry one example row, noted as such, that an upload of the filled template skips', async () => {
    const tpl = await app.inject({ url: '/api/v1/batches/templates/admin_penalty?format=csv', headers: auth(scjgKey) })
    const lines = tpl.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^【示例】天津市某某商贸有限公司,/)
    const xlsx = await app.inject({ url: '/api/v1/batches/templates/admin_penalty', headers: auth(scjgKey) })
    const ExcelJS = (await import('../../src/modules/ingest/parse/exceljs.js')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    if (!ws) throw new Error('template without a sheet')
    const cfjg = (ws.getRow(1).values as unknown[]).indexOf('处罚机关')
    expect(String(ws.getRow(1).getCell(cfjg).note)).toContain('留空时按上传部门（本部门）的名称和统一社会信用代码填写')
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/^【示例】/)
    expect(String(ws.getRow(2).getCell(1).note)).toContain('导入时忽略')
    // the template's example row, then one real row: only the real one is read
    const header = lines[0] as string
    const labels = header.split(',')
    const byLabel: Record<string, string> = {
      行政相对人名称: '天津市示例后测试有限公司',
      行政相对人类别: '法人及非法人组织',
      法定代表人: '李四',
      统一社会信用代码: OTHER_USCC,
      行政处罚决定书文号: 'T-1',
      违法行为类型: '未按规定公示',
      违法事实: '经查，未按规定公示。',
      处罚依据: '《条例》第十条',
      处罚类别: '警告',
      处罚内容: '警告',
      处罚决定日期: '2026-05-20',
    }
    const body = `${header}\n${lines[1]}\n${labels.map((l) => byLabel[l] ?? '').join(',')}\n`
    const boundary = '----gongxin-tpl'
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="class"\r\n\r\nadmin_penalty\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="模板.csv"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n--${boundary}--\r\n`
    const up = await app.inject({
      method: 'POST',
      url: '/api/v1/batches/upload',
      headers: { ...auth(scjgKey), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })
    expect(up.statusCode, up.body).toBe(200)
    const summary = up.json()
    expect(summary, JSON.stringify(await batchIssues(ctx.db, summary.batchId))).toMatchObject({
      total: 1,
      accepted: 1,
      rejected: 0,
    })
  })

  it("searches records (a provider only its own department's), by batch, entity, class, date and state", async () => {
    const a = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([penaltyRow({ CF_WSH: 'S-1' }), penaltyRow({ CF_WSH: 'S-2', CF_JDRQ: '2026-04-01' })]),
    })
    await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-sw',
      channel: 'api',
      ...rowsOf([
        penaltyRow({
          CF_WSH: 'SW-1',
          CF_CFJG: '国家税务总局天津市税务局',
          CF_CFJGDM: (
            await ctx.db.selectFrom('departments').select('uscc').where('code', '=', 'tj-sw').executeTakeFirstOrThrow()
          ).uscc,
          CF_SJLY: '',
          CF_SJLYDM: '',
        }),
      ]),
    })
    const get = async (key: string, query: string) => {
      const res = await app.inject({ url: `/api/v1/records?${query}`, headers: auth(key) })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as { total: number; items: { documentNo: string; provider: string; canCorrect: boolean }[] }
    }
    const batch = await get(scjgKey, `batch=${a.batchId}`)
    expect(batch.items.map((i) => i.documentNo).sort()).toEqual(['S-1', 'S-2'])
    expect(batch.items.every((i) => i.canCorrect)).toBe(true)
    // a provider never sees another department's records, whatever it asks for
    const own = await get(scjgKey, 'dept=tj-sw&pageSize=100')
    expect(own.items.some((i) => i.provider === 'tj-sw')).toBe(false)
    expect(own.items.map((i) => i.documentNo)).toEqual(expect.arrayContaining(['S-1', 'S-2']))
    const consumer = await get(consumerKey, 'dept=tj-sw')
    expect(consumer.items.map((i) => i.documentNo)).toEqual(['SW-1'])
    expect(consumer.items[0]?.canCorrect).toBe(false)
    const byName = await get(consumerKey, `entity=${encodeURIComponent('滨海测试')}&from=2026-03-01&to=2026-04-30`)
    expect(byName.items.map((i) => i.documentNo)).toEqual(['S-2'])
    const byCode = await get(operatorKey, `entity=${COMPANY_USCC}&class=admin_penalty&dept=tj-scjg`)
    expect(byCode.items.map((i) => i.documentNo)).toContain('S-1')
    expect((await get(operatorKey, 'state=revoked')).total).toBe(0)
    expect(
      (
        await app.inject({
          url: '/api/v1/records',
          headers: auth((await createApiKey(ctx, actor, { role: 'agency' })).key),
        })
      ).statusCode,
    ).toBe(403)
  })

  it('corrects one record through the pipeline (history, batch, audit) and withdraws one with a reason', async () => {
    const rec = await ctx.db
      .selectFrom('records')
      .select(['id', 'batch_id'])
      .where('provider_key', '=', 'S-1')
      .executeTakeFirstOrThrow()
    const denied = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${rec.id}/correct`,
      headers: auth(swKey),
      payload: { fields: { CF_NR: '警告' }, reason: '不是本部门' },
    })
    expect(denied.statusCode).toBe(403)
    const locked = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${rec.id}/correct`,
      headers: auth(scjgKey),
      payload: { fields: { CF_WSH: 'S-9' }, reason: '改文号' },
    })
    expect(locked.statusCode).toBe(422)
    // refusals of the records routes are in the records' family, with the field and the fix named
    expect(locked.json().error.code).toBe('record.field_locked')
    expect(locked.json().error.message).toContain('行政处罚决定书文号')
    expect(locked.json().error.message).toContain('撤销该记录后重新报送')
    const refusal = async (fields: Record<string, unknown>) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/records/${rec.id}/correct`,
        headers: auth(scjgKey),
        payload: { fields, reason: '试更正' },
      })
      return { status: res.statusCode, ...(res.json().error as { code: string; message: string }) }
    }
    expect(await refusal({ NO_SUCH: '1' })).toMatchObject({
      status: 422,
      code: 'record.field_unknown',
      message: expect.stringContaining('没有字段「NO_SUCH」'),
    })
    expect(await refusal({})).toMatchObject({ status: 400, code: 'record.fields_required' })
    expect(await refusal({ CF_JDRQ: '2026-13-45' })).toMatchObject({
      status: 422,
      code: 'record.correction_rejected',
      message: expect.stringMatching(/^更正未通过数据校验，记录未作任何修改：.*处罚决定日期/),
    })
    expect((await recordHistory(ctx.db, rec.id)).versions).toHaveLength(1)
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${rec.id}/correct`,
      headers: auth(scjgKey),
      payload: { fields: { CF_NR: '罚款人民币3万元，没收违法所得。', CF_NR_FK: '30000' }, reason: '罚款金额录入错误' },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({ version: 2, state: 'active', data: { CF_NR_FK: '30000' } })
    const { versions } = await recordHistory(ctx.db, rec.id)
    expect(versions.map((v) => [v.op, v.reason])).toEqual([
      ['add', null],
      ['correct', '罚款金额录入错误'],
    ])
    expect(versions[1]?.batch_id).not.toBe(rec.batch_id)
    expect((await searchAuditEvents(ctx.db, { action: 'record.correct', targetId: rec.id }, 1, 5)).total).toBe(1)
    // the batch of the correction lists the record (its current version was stored by it)
    const byBatch = await app.inject({ url: `/api/v1/records?batch=${versions[1]?.batch_id}`, headers: auth(scjgKey) })
    expect(byBatch.json().items.map((i: { id: string }) => i.id)).toEqual([rec.id])
    const unchanged = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${rec.id}/correct`,
      headers: auth(scjgKey),
      payload: { fields: { CF_NR_FK: '30000' }, reason: '再次更正' },
    })
    expect(unchanged.statusCode).toBe(422)
    expect(unchanged.json().error).toMatchObject({
      code: 'record.correction_unchanged',
      message: expect.stringContaining('请修改至少一个字段'),
    })

    const revoked = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${rec.id}/revoke`,
      headers: auth(scjgKey),
      payload: { reason: '处罚决定已被撤销' },
    })
    expect(revoked.json()).toMatchObject({ state: 'revoked', version: 3 })
    const search = await app.inject({ url: '/api/v1/records?state=revoked', headers: auth(scjgKey) })
    expect(search.json().items).toMatchObject([{ id: rec.id, state: 'revoked', canCorrect: false }])
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${rec.id}/correct`,
      headers: auth(scjgKey),
      payload: { fields: { CF_NR: '警告' }, reason: '已撤销的记录' },
    })
    expect(again.statusCode).toBe(409)
  })

  it('ends a list entry early (移出) by its department or an operator, as a correction of its 移出日期', async () => {
    const r = await runIngest(ctx, actor, {
      classCode: 'focus_list',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: '天津市滨海测试贸易有限公司',
          uscc: COMPANY_USCC,
          reason: '多次违法',
          basis: '《条例》',
          document_no: 'FL-1',
          decision_date: '2026-05-01',
        },
        {
          subject_name: '天津市滨海测试贸易有限公司',
          uscc: COMPANY_USCC,
          reason: '多次违法',
          basis: '《条例》',
          document_no: 'FL-2',
          decision_date: '2026-05-02',
        },
      ]),
    })
    expect(r).toMatchObject({ accepted: 2 })
    const listed = await app.inject({ url: '/api/v1/records?listed=true&class=focus_list', headers: auth(operatorKey) })
    const items = listed.json().items as {
      id: string
      documentNo: string
      list: { inForce: boolean; until: string }
      canEndListEntry: boolean
    }[]
    expect(items.map((i) => [i.documentNo, i.list.inForce, i.canEndListEntry]).sort()).toEqual([
      ['FL-1', true, true],
      ['FL-2', true, true],
    ])
    const [first, second] = [items.find((i) => i.documentNo === 'FL-1'), items.find((i) => i.documentNo === 'FL-2')]
    // another department and a consumer may not
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/records/${first?.id}/list-exit`,
          headers: auth(swKey),
          payload: { reason: '不是本部门' },
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/records/${first?.id}/list-exit`,
          headers: auth(consumerKey),
          payload: { reason: '不是本部门' },
        })
      ).statusCode,
    ).toBe(403)
    const byOperator = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${first?.id}/list-exit`,
      headers: auth(operatorKey),
      payload: { reason: '已纠正失信行为并作出信用承诺' },
    })
    expect(byOperator.statusCode, byOperator.body).toBe(200)
    expect(byOperator.json()).toMatchObject({ version: 2, state: 'active', list: { until: '2026-05-31' } })
    const byDept = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${second?.id}/list-exit`,
      headers: auth(scjgKey),
      payload: { reason: '认定依据已变更' },
    })
    expect(byDept.statusCode, byDept.body).toBe(200)
    const { versions } = await recordHistory(ctx.db, second?.id as string)
    expect(versions.map((v) => [v.op, v.reason])).toEqual([
      ['add', null],
      ['correct', '提前移出：认定依据已变更'],
    ])
    expect(JSON.parse(versions[1]?.payload as string).list_until).toBe('2026-05-31')
    expect((await searchAuditEvents(ctx.db, { action: 'record.list_exit', targetId: second?.id }, 1, 5)).total).toBe(1)
    const after = await app.inject({ url: '/api/v1/records?listed=true&class=focus_list', headers: auth(operatorKey) })
    expect(after.json().items.map((i: { list: { inForce: boolean } }) => i.list.inForce)).toEqual([false, false])
    const twice = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${second?.id}/list-exit`,
      headers: auth(scjgKey),
      payload: { reason: '再次移出' },
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('record.not_listed')
    // an entry listed today cannot end yesterday, before it began: withdrawn instead
    const today = await runIngest(ctx, actor, {
      classCode: 'focus_list',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: '天津市滨海测试贸易有限公司',
          uscc: COMPANY_USCC,
          reason: '多次违法',
          basis: '《条例》',
          document_no: 'FL-3',
          decision_date: '2026-06-01',
        },
      ]),
    })
    expect(today).toMatchObject({ accepted: 1 })
    const fresh = await ctx.db
      .selectFrom('records')
      .select(['id', 'publish_from'])
      .where('document_no', '=', 'FL-3')
      .executeTakeFirstOrThrow()
    expect(fresh.publish_from).toBe('2026-06-01')
    const sameDay = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${fresh.id}/list-exit`,
      headers: auth(scjgKey),
      payload: { reason: '列入有误' },
    })
    expect([sameDay.statusCode, sameDay.json().error.code]).toEqual([422, 'record.list_exit_same_day'])
    expect((await recordHistory(ctx.db, fresh.id)).versions).toHaveLength(1)
    // collection refuses a 移出日期 before the 列入 (decision) date, and keeps the good row of the batch
    const mixed = await runIngest(ctx, actor, {
      classCode: 'focus_list',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: '天津市滨海测试贸易有限公司',
          uscc: COMPANY_USCC,
          reason: '多次违法',
          basis: '《条例》',
          document_no: 'FL-4',
          decision_date: '2026-05-10',
          list_until: '2026-05-09',
        },
        {
          subject_name: '天津市滨海测试贸易有限公司',
          uscc: COMPANY_USCC,
          reason: '多次违法',
          basis: '《条例》',
          document_no: 'FL-5',
          decision_date: '2026-05-10',
          list_until: '2026-11-10',
        },
      ]),
    })
    expect(mixed).toMatchObject({ accepted: 1, rejected: 1 })
    const issue = (await batchIssues(ctx.db, mixed.batchId as string)).find((i) => i.level === 'error')
    expect(issue).toMatchObject({ rowNo: 2, field: 'list_until', code: 'list_range' })
    expect(issue?.message).toContain('移出日期 2026-05-09 早于列入（决定）日期 2026-05-10')
  })

  it("a provider opens its own department's records with their history (government view), never another's", async () => {
    const rows = await ctx.db
      .selectFrom('records')
      .select(['id', 'document_no', 'provider_dept'])
      .where('document_no', 'in', ['S-1', 'SW-1'])
      .execute()
    const own = rows.find((r) => r.document_no === 'S-1')?.id as string
    const other = rows.find((r) => r.document_no === 'SW-1')?.id as string
    const detail = await app.inject({ url: `/api/v1/records/${own}`, headers: auth(scjgKey) })
    expect(detail.statusCode, detail.body).toBe(200)
    expect(detail.json()).toMatchObject({ id: own, provider: 'tj-scjg', state: 'revoked', version: 3 })
    const history = await app.inject({ url: `/api/v1/records/${own}/history`, headers: auth(scjgKey) })
    expect(history.statusCode, history.body).toBe(200)
    expect(history.json().versions.map((v: { op: string }) => v.op)).toEqual(['add', 'correct', 'revoke'])
    // each read audited as a government read by the provider
    const reads = await searchAuditEvents(ctx.db, { action: 'record.read', targetId: own }, 1, 10)
    expect(reads.items.map((e) => [e.actorRole, e.details.via]).sort()).toEqual([
      ['provider', 'history'],
      ['provider', 'record'],
    ])
    // another department's record: as if it did not exist, and nothing audited
    for (const url of [`/api/v1/records/${other}`, `/api/v1/records/${other}/history`]) {
      const res = await app.inject({ url, headers: auth(scjgKey) })
      expect([url, res.statusCode]).toEqual([url, 404])
      expect(res.json().error.code).toBe('record.not_found')
    }
    expect((await searchAuditEvents(ctx.db, { action: 'record.read', targetId: other }, 1, 10)).total).toBe(0)
    // its own provider, a consumer and an operator open it
    for (const key of [swKey, consumerKey, operatorKey])
      expect((await app.inject({ url: `/api/v1/records/${other}`, headers: auth(key) })).statusCode).toBe(200)
    // a role with neither permission is refused by permission
    const agency = (await createApiKey(ctx, actor, { role: 'agency' })).key
    const refused = await app.inject({ url: `/api/v1/records/${own}`, headers: auth(agency) })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('access.forbidden')
  })
})
