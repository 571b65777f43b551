import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors.js'
import { batchIssues, importFile, planningWorkersInUse } from '../../src/flows/ingest/index.js'
import { planInWorker, planWorkerScript } from '../../src/flows/ingest/plan-thread.js'
import { loadClassSource } from '../../src/flows/ingest/prepare.js'
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from '../../src/modules/ingest/parse/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { writeXlsxBomb } from '../support/xlsx-bomb.js'
import { ADULT_ID, actor, COMPANY_USCC, csvOf, OTHER_USCC, penaltyRow, seedDepartments } from './helpers.js'

const person = {
  CF_XDR_LB: '自然人',
  CF_XDR_SHXYM: '',
  CF_FRDB: '',
  CF_XDR_ZJLX: '身份证',
  CF_XDR_ZJHM: ADULT_ID,
  CF_XDR_MC: '李大',
}

/** `n` rows: mostly valid company penalties, every 25th about a person, the other 10ths with a bad code. */
function mixedRows(n: number, prefix: string): Record<string, string>[] {
  const out: Record<string, string>[] = []
  for (let i = 1; i <= n; i++) {
    const base = { CF_WSH: `${prefix}〔2026〕${i}号`, CF_XDR_SHXYM: i % 2 ? COMPANY_USCC : OTHER_USCC }
    if (i % 25 === 0) out.push(penaltyRow({ ...base, ...person }))
    else if (i % 10 === 0) out.push(penaltyRow({ ...base, CF_XDR_SHXYM: '91120000XXXXXXXXX1' }))
    else
      out.push(penaltyRow({ ...base, CF_XDR_MC: i % 2 ? '天津市滨海测试贸易有限公司' : '天津市和平测试科技有限公司' }))
  }
  return out
}

describeEachDialect('ingest: rows planned in a worker thread', (dialect) => {
  let ctx: TestContext
  let dir: string
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    dir = mkdtempSync(join(tmpdir(), 'gongxin-plan-worker-'))
  })
  // every import gives its worker back, whatever happened
  afterEach(() => expect(planningWorkersInUse()).toBe(0))
  afterAll(async () => {
    await ctx.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Writes `rows` as a CSV file (a trailing blank line makes a different file of the same content) and imports it. */
  const importRows = (
    name: string,
    rows: Record<string, string>[],
    planning: 'worker' | 'in_process',
    blank = false,
  ) => {
    const path = join(dir, name)
    writeFileSync(path, `${csvOf(rows)}${blank ? '\n' : ''}`)
    return importFile(ctx, actor, { path, classCode: 'admin_penalty', dept: 'tj-scjg', planning })
  }

  /** Runs a worker planner over `path` to the end. */
  const drain = async (path: string, heapMb?: number, xlsxLimits: XlsxLimits = DEFAULT_XLSX_LIMITS) => {
    const planner = planInWorker(planWorkerScript() as string, {
      keysFile: ctx.config.keysFile,
      path,
      xlsxLimits,
      ...(heapMb ? { heapMb } : {}),
    })
    for await (const _ of planner({
      source: await loadClassSource(ctx, 'admin_penalty'),
      headers: Object.keys(penaltyRow()),
      resumeAfter: 0,
      chunkSize: 1000,
      today: '2026-06-01',
    }));
  }

  it('has a worker script to run (the compiled module)', () => {
    expect(planWorkerScript()).toMatch(/plan-worker\.js$/)
  })

  it('plans exactly as this thread does: the same counts and issues, and the same file again is all duplicates', async () => {
    const rows = mixedRows(120, '津市监罚W')
    const byWorker = await importRows('a.csv', rows, 'worker')
    // the 10 rows with a bad code are rejected; the rest (4 about a person) accepted
    expect(byWorker).toMatchObject({ total: 120, accepted: 110, rejected: 10, duplicates: 0 })

    // the same content planned in this thread: same hashes and subject keys (ID numbers sealed with the same keys)
    const inProcess = await importRows('b.csv', rows, 'in_process', true)
    expect(inProcess).toMatchObject({ total: 120, accepted: 0, rejected: 10, duplicates: 110 })
    const issuesOf = async (id: string) =>
      (await batchIssues(ctx.db, id)).map((i) => `${i.rowNo}|${i.level}|${i.field}|${i.code}|${i.value}`).sort()
    const workerIssues = await issuesOf(byWorker.batchId as string)
    expect(workerIssues.length).toBeGreaterThanOrEqual(10)
    expect(await issuesOf(inProcess.batchId as string)).toEqual(workerIssues)

    // a dry run in the worker reports the same and stores nothing
    const dry = await importFile(ctx, actor, {
      path: join(dir, 'a.csv'),
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      planning: 'worker',
      dryRun: true,
    })
    expect(dry).toMatchObject({ status: 'dry_run', batchId: null, accepted: 0, rejected: 10, duplicates: 110 })
    expect(dry.issues?.filter((i) => i.level === 'error')).toHaveLength(10)

    // and in the other direction: a new file planned here, then again in the worker
    const more = mixedRows(30, '津市监罚X')
    expect(await importRows('c.csv', more, 'in_process')).toMatchObject({ accepted: 27, rejected: 3 })
    expect(await importRows('d.csv', more, 'worker', true)).toMatchObject({ accepted: 0, rejected: 3, duplicates: 27 })
  })

  it('a run stopped after its first chunk resumes with the worker and stores every record once', async () => {
    const rows = mixedRows(2_400, '津市监罚R').filter((_, i) => (i + 1) % 10 !== 0)
    const path = join(dir, 'resume.csv')
    writeFileSync(path, csvOf(rows))
    let calls = 0
    const err = await importFile(ctx, actor, {
      path,
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      planning: 'worker',
      onProgress: () => {
        calls++
        throw new Error('stopped')
      },
    }).catch((e: Error) => e)
    expect((err as Error).message).toBe('stopped')
    expect(calls).toBe(1)
    const first = await ctx.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('document_no', 'like', '津市监罚R%')
      .executeTakeFirstOrThrow()
    expect(Number(first.n)).toBe(1_000)

    const r = await importFile(ctx, actor, { path, classCode: 'admin_penalty', dept: 'tj-scjg', planning: 'worker' })
    expect(r).toMatchObject({ total: rows.length, accepted: rows.length, rejected: 0, duplicates: 0 })
    const after = await ctx.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('document_no', 'like', '津市监罚R%')
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(rows.length)
  })

  it('a file refused before its rows are read (missing columns) takes no worker', async () => {
    const path = join(dir, 'no-subject.csv')
    writeFileSync(path, csvOf([penaltyRow()]).replace(/^CF_XDR_MC,/, 'X,'))
    const e = await importFile(ctx, actor, {
      path,
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      planning: 'worker',
    }).catch((x: unknown) => x)
    expect((e as AppError).code).toBe('ingest.missing_columns')
  })

  it("passes the worker's coded errors on as they are", async () => {
    const e = await drain(join(dir, 'missing.csv')).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('ingest.unreadable')
  })

  it('a worker that runs out of memory is a coded error, not a crash', async () => {
    const path = join(dir, 'wide.csv')
    const wide = 'x'.repeat(20_000)
    writeFileSync(
      path,
      csvOf(Array.from({ length: 3_000 }, (_, i) => penaltyRow({ CF_WSH: `宽〔2026〕${i}号`, CF_SY: wide }))),
    )
    const e = await drain(path, 16).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('ingest.rows_too_large')
    expect((e as AppError).message).toContain('拆小')
  })

  it('the worker reads an XLSX within the limits it is given: a zip bomb is refused with 413, a heap of 64 MB is enough', async () => {
    const path = join(dir, 'bomb.xlsx')
    await writeXlsxBomb(path, { shape: 'rows', megabytes: 300, lie: 4096, headers: Object.keys(penaltyRow()) })
    const e = await drain(path, 64).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({ code: 'ingest.xlsx_too_large', status: 413, details: { kind: 'sheet' } })
    // the limits travel to the worker: a smaller one is the one it applies
    const small = join(dir, 'small-bomb.xlsx')
    await writeXlsxBomb(small, { shape: 'rows', megabytes: 3, lie: 4096, headers: Object.keys(penaltyRow()) })
    const limited = await drain(small, 64, {
      maxSheetBytes: 2 * 1024 * 1024,
      maxSharedStringsBytes: 1024 * 1024,
    }).catch((x: unknown) => x)
    expect(limited).toMatchObject({
      code: 'ingest.xlsx_too_large',
      details: { kind: 'sheet', limitBytes: 2 * 1024 * 1024 },
    })
  }, 60_000)
})
