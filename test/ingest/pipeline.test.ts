import { spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors.js'
import { batchIssues, runIngest } from '../../src/flows/ingest/index.js'
import { searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { resolveEntity } from '../../src/modules/entities/index.js'
import { findBatch, recordHistory, updateBatch } from '../../src/modules/records/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import {
  ADULT_ID,
  actor,
  COMPANY_USCC,
  MINOR_ID,
  OTHER_USCC,
  penaltyRow,
  rowsOf,
  SW_USCC,
  seedDepartments,
} from './helpers.js'

describeEachDialect('collection pipeline', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
  })
  afterAll(async () => ctx.close())

  /** The rows as a source that fails (as a crash would) when it reaches row `rowNo`. */
  async function* failingAt<T extends { rowNo: number }>(rows: T[], rowNo: number, message: string) {
    for (const r of rows) {
      if (r.rowNo === rowNo) throw new Error(message)
      yield r
    }
  }

  const ingest = (list: Record<string, string>[], extra: Partial<Parameters<typeof runIngest>[2]> = {}) =>
    runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'api', ...rowsOf(list), ...extra })

  it('accepts good rows, rejects bad ones with field-level Chinese reasons, and creates subjects from their codes', async () => {
    const r = await ingest([
      penaltyRow(),
      penaltyRow({
        CF_WSH: '津市监罚〔2026〕2号',
        CF_XDR_SHXYM: `${COMPANY_USCC.slice(0, 17)}${COMPANY_USCC[17] === '0' ? '1' : '0'}`,
      }),
      penaltyRow({ CF_WSH: '津市监罚〔2026〕3号', CF_JDRQ: '2026年13月1日' }),
      penaltyRow({ CF_WSH: '津市监罚〔2026〕4号', CF_JDRQ: '2026-12-01' }),
      penaltyRow({ CF_WSH: '', CF_XDR_MC: '天津另一家公司' }),
      penaltyRow({
        CF_WSH: '津市监罚〔2026〕5号',
        CF_CFLB: '警告',
        CF_NR_FK: '',
        CF_XDR_SHXYM: OTHER_USCC,
        CF_XDR_MC: '和平区测试小吃店',
        CF_XDR_LB: '个体工商户',
      }),
    ])
    expect(r).toMatchObject({ total: 6, accepted: 2, rejected: 4, duplicates: 0, corrected: 0, revoked: 0 })
    const issues = await batchIssues(ctx.db, r.batchId as string)
    const errors = issues.filter((i) => i.level === 'error')
    expect(errors.map((i) => [i.rowNo, i.field, i.code])).toEqual(
      expect.arrayContaining([
        [3, 'CF_XDR_SHXYM', 'checksum'],
        [4, 'CF_JDRQ', expect.any(String)],
        [5, 'CF_JDRQ', 'decision_in_future'],
        [6, 'CF_WSH', 'required'],
      ]),
    )
    expect(errors.find((i) => i.rowNo === 4)?.message).toMatch(/处罚决定日期/)
    expect(errors.find((i) => i.rowNo === 6)?.message).toBe('「行政处罚决定书文号」为必填项。')
    const company = await resolveEntity(ctx.db, ctx.keys, { uscc: COMPANY_USCC })
    expect(company).toMatchObject({ status: 'matched', name: '天津市滨海测试贸易有限公司' })
    const shop = await resolveEntity(ctx.db, ctx.keys, { uscc: OTHER_USCC })
    expect(shop.status).toBe('matched')
    const batch = await findBatch(ctx.db, r.batchId as string)
    expect(batch).toMatchObject({ status: 'completed', total: 6, accepted: 2, rejected: 4, dept_code: 'tj-scjg' })
    const events = await searchAuditEvents(ctx.db, { targetId: r.batchId as string }, 1, 10)
    expect(events.items.map((e) => e.action).sort()).toEqual(['batch.complete', 'batch.start'])
    expect(events.items.find((e) => e.action === 'batch.complete')?.details).toMatchObject({ accepted: 2, rejected: 4 })
  })

  it('computes severity, the publication window under the rule set in force, and timeliness', async () => {
    const r = await ingest([
      penaltyRow({ CF_WSH: 'SEV-1', CF_CFLB: '吊销许可证件', CF_JDRQ: '2026-05-06' }),
      penaltyRow({ CF_WSH: 'SEV-2', CF_CFLB: '警告', CF_NR_FK: '', CF_JDRQ: '2026-03-20' }),
      penaltyRow({ CF_WSH: 'SEV-3', CF_CFLB: '罚款', CF_NR_FK: '0.5', CF_JDRQ: '2026-05-27', CF_GSJZQ: '2027-01-01' }),
    ])
    expect(r).toMatchObject({ accepted: 3, late: 2, warnings: 1 })
    const rows = await ctx.db
      .selectFrom('records')
      .selectAll()
      .where('provider_key', 'in', ['SEV-1', 'SEV-2', 'SEV-3'])
      .orderBy('provider_key')
      .execute()
    expect(
      rows.map((x) => [
        x.provider_key,
        x.severity,
        x.rule_version,
        x.publish_from,
        x.publish_min_until,
        x.publish_max_until,
        x.late,
      ]),
    ).toEqual([
      ['SEV-1', 'serious', '2026', '2026-05-06', '2027-05-06', '2029-05-06', 1],
      // a minor penalty decided before 2026-04-01 counts as general under the 2019 rules
      ['SEV-2', 'general', '2019', '2026-03-20', '2026-06-20', '2027-03-20', 1],
      ['SEV-3', 'general', '2026', '2026-05-27', '2026-08-27', '2027-05-27', 0],
    ])
    // 05-09 (Saturday) is an adjusted working day in 2026
    expect(rows[0]?.due_on).toBe('2026-05-14')
  })

  it('keeps duplicates out, turns a changed row into a correction with history, and revokes with a reason', async () => {
    const first = await ingest([penaltyRow({ CF_WSH: 'VER-1' }), penaltyRow({ CF_WSH: 'VER-1' })])
    expect(first).toMatchObject({ total: 2, accepted: 1, duplicates: 1 })
    const again = await ingest([penaltyRow({ CF_WSH: 'VER-1' })])
    expect(again).toMatchObject({ total: 1, accepted: 0, duplicates: 1 })
    const changed = await ingest([
      { ...penaltyRow({ CF_WSH: 'VER-1', CF_NR_FK: '3' }), _op: 'correct', _reason: '金额录入错误' },
    ])
    expect(changed).toMatchObject({ accepted: 1, corrected: 1 })
    const noReason = await ingest([{ ...penaltyRow({ CF_WSH: 'VER-1' }), _op: 'revoke' }])
    expect(noReason).toMatchObject({ rejected: 1, revoked: 0 })
    const revoke = await ingest([{ ...penaltyRow({ CF_WSH: 'VER-1' }), _op: '撤销', _reason: '决定已被撤销' }])
    expect(revoke).toMatchObject({ accepted: 1, revoked: 1 })
    const unknown = await ingest([{ ...penaltyRow({ CF_WSH: 'NEVER' }), _op: 'correct', _reason: 'x' }])
    expect(unknown).toMatchObject({ rejected: 1 })
    const row = await ctx.db
      .selectFrom('records')
      .selectAll()
      .where('provider_key', '=', 'VER-1')
      .executeTakeFirstOrThrow()
    const { versions, record } = await recordHistory(ctx.db, row.id)
    expect(record.state).toBe('revoked')
    expect(versions.map((v) => [v.version, v.op, v.state, v.reason])).toEqual([
      [1, 'add', 'active', null],
      [2, 'correct', 'active', '金额录入错误'],
      [3, 'revoke', 'revoked', '决定已被撤销'],
    ])
    expect(JSON.parse(versions[0]?.payload ?? '{}').CF_NR_FK).toBe('20000')
    expect(JSON.parse(versions[1]?.payload ?? '{}').CF_NR_FK).toBe('30000')
  })

  it('rejects rows of another registered department and unknown providers', async () => {
    const r = await ingest([penaltyRow({ CF_WSH: 'PROV-1', CF_SJLYDM: SW_USCC })])
    expect(r).toMatchObject({ rejected: 1 })
    expect((await batchIssues(ctx.db, r.batchId as string))[0]?.code).toBe('provider_mismatch')
    const byRow = await ingest([penaltyRow({ CF_WSH: 'PROV-2' })], { dept: null })
    expect(byRow).toMatchObject({ accepted: 1 })
    const rec = await ctx.db
      .selectFrom('records')
      .select('provider_dept')
      .where('provider_key', '=', 'PROV-2')
      .executeTakeFirstOrThrow()
    expect(rec.provider_dept).toBe('tj-scjg')
  })

  it('stores natural persons by encrypted ID and marks minors on the decision date', async () => {
    const person = {
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_CFLB: '罚款',
      CF_NR_FK: '0.05',
    }
    const r = await ingest([
      penaltyRow({ ...person, CF_WSH: 'P-1', CF_XDR_MC: '李大', CF_XDR_ZJHM: ADULT_ID }),
      penaltyRow({ ...person, CF_WSH: 'P-2', CF_XDR_MC: '王小', CF_XDR_ZJHM: MINOR_ID }),
      penaltyRow({ ...person, CF_WSH: 'P-3', CF_XDR_MC: '赵某', CF_XDR_ZJHM: '' }),
    ])
    expect(r).toMatchObject({ accepted: 2, rejected: 1 })
    const recs = await ctx.db
      .selectFrom('records')
      .innerJoin('record_versions', (j) =>
        j
          .onRef('record_versions.record_id', '=', 'records.id')
          .onRef('record_versions.version', '=', 'records.version'),
      )
      .select(['provider_key', 'minor_at_decision', 'record_versions.payload', 'subject_key'])
      .where('provider_key', 'in', ['P-1', 'P-2'])
      .orderBy('provider_key')
      .execute()
    expect(recs.map((x) => x.minor_at_decision)).toEqual([0, 1])
    const dump = JSON.stringify(
      await ctx.db.selectFrom('entities').selectAll().where('kind', '=', 'natural_person').execute(),
    )
    expect(dump).not.toContain(ADULT_ID)
    expect(JSON.stringify(recs)).not.toContain(ADULT_ID)
    expect(JSON.stringify(recs)).not.toContain(MINOR_ID)
    expect(JSON.parse(recs[0]?.payload ?? '{}').CF_XDR_ZJHM).toBe(
      `${ADULT_ID.slice(0, 4)}**********${ADULT_ID.slice(-4)}`,
    )
    const versions = JSON.stringify(await ctx.db.selectFrom('record_versions').selectAll().execute())
    expect(versions).not.toContain(ADULT_ID)
    // the same person again is a duplicate, not a new record
    const again = await ingest([penaltyRow({ ...person, CF_WSH: 'P-1', CF_XDR_MC: '李大', CF_XDR_ZJHM: ADULT_ID })])
    expect(again).toMatchObject({ duplicates: 1 })
  })

  it('refuses a whole batch for an unknown class or missing required columns, naming them', async () => {
    const unknown = await runIngest(ctx, actor, {
      classCode: 'no_such_class',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([penaltyRow()]),
    }).catch((e) => e)
    expect(unknown).toBeInstanceOf(AppError)
    expect(unknown.code).toBe('ingest.unknown_class')
    const { CF_WSH: _a, CF_JDRQ: _b, ...partial } = penaltyRow()
    const missing = await ingest([partial]).catch((e) => e)
    expect(missing.code).toBe('ingest.missing_columns')
    expect(missing.message).toMatch(/行政处罚决定书文号/)
    expect(missing.message).toMatch(/处罚决定日期/)
  })

  it('a row added and revoked within one chunk ends revoked, with both versions', async () => {
    const r = await ingest([
      penaltyRow({ CF_WSH: 'SAME-1' }),
      { ...penaltyRow({ CF_WSH: 'SAME-1' }), _op: 'revoke', _reason: '录入错误' },
    ])
    expect(r).toMatchObject({ accepted: 2, revoked: 1 })
    const rec = await ctx.db
      .selectFrom('records')
      .selectAll()
      .where('provider_key', '=', 'SAME-1')
      .executeTakeFirstOrThrow()
    expect([rec.state, rec.version]).toEqual(['revoked', 2])
    const { versions } = await recordHistory(ctx.db, rec.id)
    expect(versions.map((v) => v.op)).toEqual(['add', 'revoke'])
    expect(versions[1]?.payload).toBe(versions[0]?.payload)
  })

  it('accepts the legacy 2015-2017 column names, joining split penalty types', async () => {
    const { CF_CFLB: _t, CF_WSH: _w, ...rest } = penaltyRow()
    const r = await ingest([
      { ...rest, CF_CFMC: '行政处罚决定书', CF_WSH: 'LEGACY-1', CF_CFLB1: '罚款', CF_CFLB2: '吊销许可证件' },
    ])
    expect(r).toMatchObject({ accepted: 1, rejected: 0 })
    const rec = await ctx.db
      .selectFrom('records')
      .selectAll()
      .where('provider_key', '=', 'LEGACY-1')
      .executeTakeFirstOrThrow()
    expect(rec.severity).toBe('serious')
    const { versions } = await recordHistory(ctx.db, rec.id)
    expect(JSON.parse(versions[0]?.payload ?? '{}').CF_CFLB).toEqual(['罚款', '吊销许可证件'])
  })

  it('a dry run reports without storing anything', async () => {
    const before = await ctx.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const r = await ingest([penaltyRow({ CF_WSH: 'DRY-1' }), penaltyRow({ CF_WSH: 'DRY-2', CF_JDRQ: 'bad' })], {
      dryRun: true,
    })
    expect(r).toMatchObject({ batchId: null, total: 2, accepted: 1, rejected: 1, status: 'dry_run' })
    expect(r.issues?.[0]).toMatchObject({ rowNo: 3, field: 'CF_JDRQ' })
    const after = await ctx.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('the same content sent again while its batch runs in this process is refused, not run twice', async () => {
    const list = Array.from({ length: 20 }, (_, i) => penaltyRow({ CF_WSH: `TWICE-${i}` }))
    const send = (onProgress?: () => void) =>
      runIngest(ctx, actor, {
        classCode: 'admin_penalty',
        dept: 'tj-scjg',
        channel: 'upload',
        ...rowsOf(list),
        contentHash: 'hash-twice',
        chunkSize: 5,
        ...(onProgress ? { onProgress } : {}),
      })
    let second: Promise<unknown> | undefined
    const first = await send(() => {
      second ??= send().catch((e: unknown) => e)
    })
    expect(first).toMatchObject({ total: 20, accepted: 20 })
    const refused = (await second) as AppError
    expect(refused).toBeInstanceOf(AppError)
    expect(refused.code).toBe('ingest.batch_in_progress')
    expect(refused.status).toBe(409)
    expect(refused.message).toContain(first.batchId as string)
    const stored = await ctx.db.selectFrom('records').select('id').where('provider_key', 'like', 'TWICE-%').execute()
    expect(stored).toHaveLength(20)
    expect(await findBatch(ctx.db, first.batchId as string)).toMatchObject({ status: 'completed', total: 20, accepted: 20 })
    // once it is done, the same content is a new batch of duplicates
    expect(await send()).toMatchObject({ total: 20, accepted: 0, duplicates: 20 })
  })

  it('a crash mid-batch leaves it at a chunk boundary; rerunning the same content stores each record once', async () => {
    const list = Array.from({ length: 25 }, (_, i) => penaltyRow({ CF_WSH: `CRASH-${i}` }))
    const { headers, rows } = rowsOf(list)
    const err = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'cli',
      headers,
      rows: failingAt(rows, 14, 'simulated crash'),
      contentHash: 'hash-crash',
      chunkSize: 5,
    }).catch((e) => e)
    expect(err.message).toBe('simulated crash')
    const stored = await ctx.db
      .selectFrom('records')
      .select('provider_key')
      .where('provider_key', 'like', 'CRASH-%')
      .execute()
    expect(stored).toHaveLength(10)
    const rerun = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'cli',
      headers,
      rows,
      contentHash: 'hash-crash',
      chunkSize: 5,
    })
    expect(rerun).toMatchObject({ total: 25, accepted: 25, duplicates: 0 })
    const all = await ctx.db
      .selectFrom('records')
      .select('provider_key')
      .where('provider_key', 'like', 'CRASH-%')
      .execute()
    expect(all).toHaveLength(25)
    expect((await findBatch(ctx.db, rerun.batchId as string))?.status).toBe('completed')
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true)
  })

  it('a batch another live process runs is not resumed beside it; once that process is gone, a rerun resumes it', async () => {
    const list = Array.from({ length: 25 }, (_, i) => penaltyRow({ CF_WSH: `RUNNER-${i}` }))
    const { headers, rows } = rowsOf(list)
    const run = (source: Iterable<(typeof rows)[number]> | AsyncIterable<(typeof rows)[number]>) =>
      runIngest(ctx, actor, {
        classCode: 'admin_penalty',
        dept: 'tj-scjg',
        channel: 'cli',
        headers,
        rows: source,
        contentHash: 'hash-runner',
        chunkSize: 5,
      })
    expect((await run(failingAt(rows, 14, 'cut off')).catch((e: Error) => e)).message).toBe('cut off')
    const cut = await ctx.db
      .selectFrom('batches')
      .selectAll()
      .where('content_hash', '=', 'hash-runner')
      .executeTakeFirstOrThrow()
    expect(cut).toMatchObject({ status: 'failed', runner: null, rows_done: 11 })
    const stored = () => ctx.db.selectFrom('records').select('id').where('provider_key', 'like', 'RUNNER-%').execute()

    // as if another process on this host (this test's parent, alive) were still running it
    await updateBatch(ctx.db, cut.id, { status: 'running', runner: `${hostname()}:${process.ppid}` })
    const refused = (await run(rows).catch((e: unknown) => e)) as AppError
    expect(refused).toBeInstanceOf(AppError)
    expect(refused.code).toBe('ingest.batch_in_progress')
    expect(refused.status).toBe(409)
    expect(refused.message).toContain(cut.id)
    expect(await stored()).toHaveLength(10)
    expect(await findBatch(ctx.db, cut.id)).toMatchObject({ status: 'running', rows_done: 11, accepted: 10 })

    // that process is gone (killed): the rerun takes the batch over and completes it, each record once
    const gone = spawnSync(process.execPath, ['-e', '0']).pid
    await updateBatch(ctx.db, cut.id, { runner: `${hostname()}:${gone}` })
    const rerun = await run(rows)
    expect(rerun).toMatchObject({ batchId: cut.id, total: 25, accepted: 25, duplicates: 0 })
    expect(await stored()).toHaveLength(25)
    expect(await findBatch(ctx.db, cut.id)).toMatchObject({ status: 'completed', runner: null })
  })
})
