// A comparison survives its process: a run that dies mid-chunk (its transaction rolled back) or a server that stops
// between chunks leaves the comparison at its last committed chunk, and the next start continues it from there -
// every row compared, stored and counted exactly once, every row's audit event written once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ComparisonRuns, comparisonInterrupted, runComparison } from '../../src/flows/compare/index.js'
import { RUNNER_STALE_MS } from '../../src/flows/ingest/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  claimComparisonRun,
  compareNextChunk,
  comparisonRow,
  createComparison,
} from '../../src/modules/compare/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { Interrupted, interruptedAt } from '../support/interrupt.js'
import { admin, companyUscc, seedDepts } from './helpers.js'

const ROWS = 23
const consumer = { kind: 'api_key' as const, id: 'key-czj', role: 'consumer', dept: 'tj-czj' }

describeEachDialect('compare: resumable after an interruption, exactly once', (dialect) => {
  let ctx: TestContext
  let dir: string
  const usccs: string[] = []

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    // every other row a registered company, the others unknown codes
    for (let i = 0; i < ROWS; i++) {
      const uscc = companyUscc()
      usccs.push(uscc)
      if (i % 2 === 0)
        await createEntity(ctx, admin, { kind: 'legal_person', name: `天津市续传测试${i}号有限公司`, uscc })
    }
    dir = mkdtempSync(join(tmpdir(), 'gongxin-compare-'))
  }, 60_000)
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await ctx?.close()
  })

  async function newComparison(name: string): Promise<string> {
    const path = join(dir, `${name}.csv`)
    writeFileSync(path, `统一社会信用代码\n${usccs.join('\n')}\n`)
    const c = await createComparison(ctx, consumer, {
      file: { path, fileName: `${name}.csv` },
      scenario: undefined,
      purpose: '续传测试',
      allMeasures: false,
    })
    expect(c).toMatchObject({ status: 'queued', total: ROWS })
    return c.id
  }

  /** The comparison's stored results, counts and audit events checked for exactly-once. */
  async function expectExactlyOnce(id: string): Promise<void> {
    const c = await comparisonRow(ctx, id)
    expect(c).toMatchObject({ status: 'done', runner: null })
    expect(Number(c?.processed)).toBe(ROWS)
    const results = await ctx.db
      .selectFrom('comparison_results')
      .select(['seq', 'outcome'])
      .where('comparison_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(results.map((r) => Number(r.seq))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1))
    const noHit = results.filter((r) => r.outcome === 'no_hit').length
    const unresolved = results.filter((r) => r.outcome === 'unresolved').length
    expect([noHit, unresolved]).toEqual([Math.ceil(ROWS / 2), Math.floor(ROWS / 2)])
    expect([Number(c?.no_hit), Number(c?.unresolved), Number(c?.hit), Number(c?.ambiguous)]).toEqual([
      noHit,
      unresolved,
      0,
      0,
    ])
    const events = (await searchAuditEvents(ctx.db, { action: 'compare.rows' }, 1, 500)).items.filter(
      (e) => e.targetId === id,
    )
    const covered = events.flatMap((e) => {
      const d = e.details as { from: number; to: number }
      return Array.from({ length: d.to - d.from + 1 }, (_, i) => d.from + i)
    })
    expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1))
    expect(
      (await searchAuditEvents(ctx.db, { action: 'compare.finish' }, 1, 50)).items.filter((e) => e.targetId === id),
    ).toHaveLength(1)
    expect(
      await ctx.db.selectFrom('comparison_inputs').select('seq').where('comparison_id', '=', id).execute(),
    ).toEqual([])
  }

  it('a process that died mid-chunk: nothing of that chunk stays; a restart continues from the last committed chunk', async () => {
    const id = await newComparison('crash')
    const dead = 'gone-host:4242@77'
    const row = await comparisonRow(ctx, id)
    expect(await claimComparisonRun(ctx, row as NonNullable<typeof row>, dead)).toBe(true)
    expect(await compareNextChunk(ctx, id, dead, 5)).toEqual({ done: false, processed: 5 })
    expect(await compareNextChunk(ctx, id, dead, 5)).toEqual({ done: false, processed: 10 })
    // the third chunk dies after storing its results, before its progress: the transaction never commits
    const crashing = interruptedAt(ctx, 'update:comparisons')
    await expect(compareNextChunk(crashing, id, dead, 5)).rejects.toBeInstanceOf(Interrupted)
    const left = await comparisonRow(ctx, id)
    expect(left).toMatchObject({ status: 'running', runner: dead })
    expect(Number(left?.processed)).toBe(10)
    expect(
      (await ctx.db.selectFrom('comparison_results').select('seq').where('comparison_id', '=', id).execute()).length,
    ).toBe(10)
    // a runner on another host counts as alive while its comparison moved recently; then as gone
    expect(comparisonInterrupted(left as NonNullable<typeof left>, ctx.clock.now())).toBe(false)
    const runs = new ComparisonRuns(ctx, { chunkRows: 5 })
    expect(await runs.resume()).toEqual([])
    ctx.clock.advance(RUNNER_STALE_MS + 1000)
    expect(comparisonInterrupted(left as NonNullable<typeof left>, ctx.clock.now())).toBe(true)
    // the restart: the server's runner takes it over and finishes it
    expect(await runs.resume()).toEqual([id])
    await runs.settle()
    await expectExactlyOnce(id)
  })

  it('a server that stops between chunks lets the comparison go; the next start continues it', async () => {
    const id = await newComparison('stop')
    let chunks = 0
    const outcome = await runComparison(ctx, id, {
      chunkRows: 4,
      shouldStop: () => chunks++ >= 3,
    })
    expect(outcome).toBe('stopped')
    const left = await comparisonRow(ctx, id)
    expect(left).toMatchObject({ status: 'running', runner: null })
    expect(Number(left?.processed)).toBe(12)
    expect(comparisonInterrupted(left as NonNullable<typeof left>, ctx.clock.now())).toBe(true)
    const runs = new ComparisonRuns(ctx, { chunkRows: 4 })
    expect(await runs.resume()).toEqual([id])
    await runs.settle()
    await expectExactlyOnce(id)
  })

  it('never two runs at once: a live runner keeps its comparison, a stale chunk is refused', async () => {
    const id = await newComparison('busy')
    const other = 'other-host:99@1'
    const row = await comparisonRow(ctx, id)
    expect(await claimComparisonRun(ctx, row as NonNullable<typeof row>, other)).toBe(true)
    expect(await compareNextChunk(ctx, id, other, 5)).toEqual({ done: false, processed: 5 })
    // this process may not take it while the other moves it
    expect(await runComparison(ctx, id, { chunkRows: 5 })).toBe('busy')
    // nor compare a chunk under a name that does not hold it
    await expect(compareNextChunk(ctx, id, 'impostor:1@1', 5)).rejects.toMatchObject({ code: 'compare.in_progress' })
    expect(Number((await comparisonRow(ctx, id))?.processed)).toBe(5)
    // the other finishes it
    for (;;) if ((await compareNextChunk(ctx, id, other, 5)).done) break
    await expectExactlyOnce(id)
  })
})
