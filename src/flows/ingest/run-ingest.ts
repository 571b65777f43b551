import { runCommand, runRolledBack } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import { maskResidentIdsInText } from '../../identifiers/index.js'
import { listDepartments } from '../../modules/access/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import {
  type BatchRow,
  countersOf,
  findResumableBatch,
  insertBatch,
  insertIssues,
  issuesOfRow,
  maxIssueSeq,
  updateBatch,
} from '../../modules/records/index.js'
import { claimHere, releaseHere, THIS_RUNNER, takeOver } from './batch-runner.js'
import { ingestError } from './ingest.errors.js'
import type { BatchCounts, IngestOptions, IngestResult, RowIssue } from './ingest.types.js'
import { protectIssue } from './personal-text.js'
import { type PlannedRow, planInProcess } from './plan-rows.js'
import { buildClassContext, loadClassSource } from './prepare.js'
import { refreshStatisticsAfterImport } from './statistics.js'
import { KNOWN_SUBJECTS, processChunk, type ResolvedSubject } from './write-chunk.js'

const DEFAULT_CHUNK = 1000

function zeroCounts(): BatchCounts {
  return countersOf(() => 0)
}

/**
 * Runs one batch through the pipeline: rows are planned (map -> normalise -> validate -> severity and window; in
 * this thread, or by `options.planner` in a worker) and written a chunk per transaction (resolve -> store, see
 * write-chunk.ts). Each transaction also moves the batch's counters and `rows_done`, so a crash leaves the batch at
 * a chunk boundary and a rerun of the same content resumes it: every record is stored exactly once. Bad rows never
 * cost good ones: they go to the error report.
 *
 * Called inside an open transaction (a flow's command: `ctx.db` is its transaction), it joins it: every chunk and
 * the batch's start and end are written in that one transaction, a dry run's chunks are undone to a savepoint of it,
 * a failure is left to the caller's rollback (no `failed` batch is written) and the planner statistics are not
 * refreshed (a one-row flow never needs it, and a failing ANALYZE must not abort the caller's transaction).
 */
export async function runIngest(ctx: Ctx, actor: Actor, options: IngestOptions): Promise<IngestResult> {
  const claimed: string[] = []
  try {
    return await ingestBatch(ctx, actor, options, claimed)
  } finally {
    for (const id of claimed) releaseHere(id)
  }
}

async function ingestBatch(ctx: Ctx, actor: Actor, options: IngestOptions, claimed: string[]): Promise<IngestResult> {
  const depts = await listDepartments(ctx)
  const deptByCode = new Map(depts.map((d) => [d.code, d]))
  const deptByUscc = new Map(depts.map((d) => [d.uscc, d]))
  if (options.dept && !deptByCode.has(options.dept)) throw ingestError('ingest.unknown_dept', { dept: options.dept })
  const own = options.dept ? deptByCode.get(options.dept) : undefined
  // the department's own name and USCC fill an empty 处罚机关/数据来源单位 (and their codes)
  const source = {
    ...(await loadClassSource(ctx, options.classCode)),
    ownDept: own ? { name: own.name, uscc: own.uscc } : null,
  }
  const cc = buildClassContext(source, options.headers)
  if (options.dept && !options.fromPeer && cc.cls.providers.length && !cc.cls.providers.includes(options.dept))
    throw ingestError('ingest.provider_not_allowed', { dept: options.dept, className: cc.cls.nameZh })

  const dryRun = Boolean(options.dryRun)
  const joined = ctx.db.isTransaction
  const now = () => ctx.clock.now().toISOString()
  let batch: BatchRow | undefined
  if (!dryRun && options.contentHash)
    batch = await findResumableBatch(ctx.db, options.contentHash, cc.cls.code, options.dept)
  const counts: BatchCounts = batch ? countersOf((c) => batch[c]) : zeroCounts()
  const resumeAfter = batch?.rows_done ?? 0
  const batchId = dryRun ? null : (batch?.id ?? newId())
  // claimed before the next await: two runs that found the same unfinished batch cannot both pass
  if (batchId) {
    claimHere(batchId)
    claimed.push(batchId)
  }
  // a batch another process is still running is not resumed beside it
  if (batch) await takeOver(ctx.db, batch, ctx.clock.now())
  if (!dryRun && !batch) {
    await runCommand(ctx, actor, async ({ trx, clock }) => {
      await insertBatch(trx, {
        id: batchId as string,
        class_code: cc.cls.code,
        class_version: cc.cls.version,
        dept_code: options.dept,
        channel: options.channel,
        file_name: options.fileName == null ? null : maskResidentIdsInText(options.fileName).text,
        content_hash: options.contentHash ?? null,
        status: 'running',
        dry_run: 0,
        ...zeroCounts(),
        rows_done: 0,
        actor_kind: actor.kind,
        actor_id: actor.id,
        created_at: now(),
        updated_at: now(),
        error: null,
        finished_at: null,
        runner: THIS_RUNNER,
      })
      await recordAudit(trx, clock, actor, {
        action: 'batch.start',
        targetType: 'batch',
        targetId: batchId,
        details: {
          class: cc.cls.code,
          classVersion: cc.cls.version,
          dept: options.dept,
          channel: options.channel,
          file: options.fileName ?? null,
        },
      })
    })
  }

  if (batchId) options.onBatch?.(batchId)
  let issueSeq = batchId ? await maxIssueSeq(ctx.db, batchId) : 0
  const memoryIssues: RowIssue[] = []
  const maxMem = options.maxIssuesInMemory ?? 100_000
  let done = resumeAfter
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK
  const known = new Map<string, ResolvedSubject>()

  const flush = async (rows: PlannedRow[]) => {
    if (rows.length === 0) return
    const lastRowNo = rows[rows.length - 1]?.rowNo ?? done
    const delta = zeroCounts()
    const issues: RowIssue[] = []
    const resolved = new Map<string, ResolvedSubject | null>()
    // a dry run's chunk is written and undone, which runs every check the real write runs
    const write = dryRun ? runRolledBack : runCommand
    try {
      await write(ctx, actor, async ({ ctx: tctx, trx }) => {
        await processChunk(
          tctx,
          trx,
          actor,
          cc,
          {
            deptByCode,
            deptByUscc,
            dept: options.dept,
            batchId,
            known,
            ...(options.onSettled ? { onSettled: options.onSettled } : {}),
          },
          rows,
          delta,
          issues,
          resolved,
        )
        // the error report never holds a clear ID number (stored issues and a dry run's answer alike)
        const today = civilDate(ctx.clock.now())
        for (let k = 0; k < issues.length; k++)
          issues[k] = protectIssue(issues[k] as RowIssue, cc.textFields.idFields, today)
        if (batchId) {
          if (issues.length)
            await insertIssues(
              trx,
              issues.map((i) => ({
                batch_id: batchId,
                seq: ++issueSeq,
                row_no: i.rowNo,
                level: i.level,
                field: i.field,
                code: i.code,
                message: i.message,
                value: clip(i.value),
              })),
            )
          const next = addCounts(counts, delta)
          await updateBatch(trx, batchId, { ...next, rows_done: lastRowNo, updated_at: now() })
        }
      })
    } catch (e) {
      // a joined run's transaction is the caller's to roll back (on PostgreSQL it accepts no statement any more)
      if (batchId && !joined) issueSeq = await maxIssueSeq(ctx.db, batchId)
      throw e
    }
    Object.assign(counts, addCounts(counts, delta))
    // subjects registered by this chunk exist now that it committed (a dry run's never do)
    if (!dryRun)
      for (const [key, subject] of resolved) if (subject && known.size < KNOWN_SUBJECTS) known.set(key, subject)
    if (dryRun) for (const i of issues) if (memoryIssues.length < maxMem) memoryIssues.push(i)
    done = lastRowNo
    options.onProgress?.(counts.total)
  }

  const planned = options.planner
    ? options.planner({ source, headers: options.headers, resumeAfter, chunkSize, today: civilDate(ctx.clock.now()) })
    : planInProcess(ctx.keys, cc, options.rows ?? [], {
        resumeAfter,
        chunkSize,
        today: () => civilDate(ctx.clock.now()),
      })
  try {
    for await (const rows of planned) await flush(rows)
  } catch (e) {
    if (batchId && !joined)
      await updateBatch(ctx.db, batchId, {
        status: 'failed',
        error: maskResidentIdsInText((e as Error).message ?? 'error').text.slice(0, 500),
        runner: null,
        updated_at: now(),
      }).catch(() => {})
    throw e
  }

  // file-level warnings (row 0): once per batch, also when a rerun completes a resumed batch
  const fileIssues: RowIssue[] = (options.fileWarnings?.() ?? []).map((w) => ({
    rowNo: 0,
    level: 'warning',
    field: null,
    code: w.code,
    message: w.message,
    value: null,
  }))
  if (dryRun) memoryIssues.unshift(...fileIssues)
  if (batchId) {
    const known = fileIssues.length ? await issuesOfRow(ctx.db, batchId, 0) : []
    const fresh = fileIssues.filter((i) => !known.some((k) => k.code === i.code))
    await runCommand(ctx, actor, async ({ trx, clock }) => {
      if (fresh.length)
        await insertIssues(
          trx,
          fresh.map((i) => ({
            batch_id: batchId,
            seq: ++issueSeq,
            row_no: 0,
            level: i.level,
            field: null,
            code: i.code,
            message: i.message,
            value: null,
          })),
        )
      await updateBatch(trx, batchId, { status: 'completed', runner: null, finished_at: now(), updated_at: now() })
      await recordAudit(trx, clock, actor, {
        action: 'batch.complete',
        targetType: 'batch',
        targetId: batchId,
        details: {
          class: cc.cls.code,
          ...counts,
          contentHash: options.contentHash ?? null,
          resumedAfterRow: resumeAfter || undefined,
        },
      })
    })
  }
  // a large import: fresh planner statistics for the tables it wrote (PostgreSQL)
  if (!dryRun && !joined) await refreshStatisticsAfterImport(ctx, counts.accepted - (batch?.accepted ?? 0))
  return {
    batchId,
    status: dryRun ? 'dry_run' : 'completed',
    total: counts.total,
    accepted: counts.accepted,
    rejected: counts.rejected,
    duplicates: counts.duplicates,
    corrected: counts.corrected,
    revoked: counts.revoked,
    warnings: counts.warnings,
    late: counts.late,
    ...(dryRun ? { issues: memoryIssues } : {}),
  }
}

function clip(v: string | null): string | null {
  return v !== null && v.length > 500 ? `${v.slice(0, 500)}…` : v
}

function addCounts(a: BatchCounts, b: BatchCounts): BatchCounts {
  const out = { ...a }
  for (const k of Object.keys(b) as (keyof BatchCounts)[]) out[k] = a[k] + b[k]
  return out
}
