// The collection pipeline again, for rows of the queue of unmatched subjects (待匹配主体): once an operator has said
// which entity a queued subject is (matched or registered), its pending rows are written exactly as the provider's
// batch would have written them - same plan (validation, severity, publication window and timeliness as submitted),
// same providing department, same batch and row - with the operator as the version's actor and the queue entry as
// `resubmitted_from`. Runs inside the caller's transaction, which also closes the entry and writes the audit event:
// a crash leaves nothing half done, and a second release finds no pending rows.
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import type { Department } from '../../modules/access/index.js'
import { loadCalendar } from '../../modules/calendar/index.js'
import { getClass, loadRuleSets } from '../../modules/catalog/index.js'
import type { Entity } from '../../modules/entities/index.js'
import { findRecordsByKeys } from '../../modules/records/index.js'
import { pendingRowsOf, settleQueueRow } from '../../modules/unmatched/index.js'
import type { Trx } from '../../core/command.js'
import type { BatchCounts, RowIssue } from './ingest.types.js'
import type { PlannedRow } from './plan-rows.js'
import { buildClassContext, type ClassContext, type RowPlan } from './prepare.js'
import { processChunk, type ResolvedSubject, type RowOutcome } from './write-chunk.js'

export interface ReleasedRow {
  batchId: string
  rowNo: number
  outcome: RowOutcome
  recordId: string | null
}

export interface ReleaseSummary {
  released: number
  added: number
  corrected: number
  revoked: number
  duplicates: number
  rejected: number
  /** Rows left out because their batch was revoked. */
  withdrawn: number
  rows: ReleasedRow[]
}

/**
 * Writes the pending rows of a queue entry for `entity`, in submission order (batch, row), each batch's rows in one
 * pass of the write step, and settles each queue row with its outcome and record.
 */
export async function releaseQueuedRows(
  ctx: Ctx,
  trx: Trx,
  actor: Actor,
  entryId: string,
  entity: Entity,
  departments: readonly Department[],
): Promise<ReleaseSummary> {
  const now = ctx.clock.now().toISOString()
  const deptByCode = new Map(departments.map((d) => [d.code, d]))
  const deptByUscc = new Map(departments.map((d) => [d.uscc, d]))
  const subject: ResolvedSubject = { id: entity.id, adultOn: entity.adultOn }
  // the key a resubmission with the entity's own code would carry: the released record answers to it
  const entityKey = entity.uscc ? `uscc:${entity.uscc}` : null
  const summary: ReleaseSummary = {
    released: 0,
    added: 0,
    corrected: 0,
    revoked: 0,
    duplicates: 0,
    rejected: 0,
    withdrawn: 0,
    rows: [],
  }

  // a row of a batch its provider has revoked is never written (the revocation normally took it out already)
  const rows: Awaited<ReturnType<typeof pendingRowsOf>> = []
  for (const r of await pendingRowsOf(trx, entryId)) {
    if (r.batch_status !== 'revoked') rows.push(r)
    else if (await settleQueueRow(trx, r.batch_id, r.row_no, { status: 'withdrawn', settled_at: now }))
      summary.withdrawn++
  }
  const groups: (typeof rows)[] = []
  for (const r of rows) {
    const last = groups.at(-1)?.[0]
    if (last && last.batch_id === r.batch_id && last.dept === r.dept) groups.at(-1)?.push(r)
    else groups.push([r])
  }
  const contexts = new Map<string, ClassContext>()
  for (const group of groups) {
    const first = group[0] as (typeof rows)[number]
    const ccKey = `${first.class_code}@${first.class_version}`
    let cc = contexts.get(ccKey)
    if (!cc) {
      const cls = await getClass(trx, first.class_code, first.class_version)
      cc = buildClassContext(
        { cls, ruleSets: await loadRuleSets(trx), calendar: await loadCalendar(trx) },
        cls.fields.map((f) => f.code),
      )
      contexts.set(ccKey, cc)
    }
    // a row keeps its own subject key when a record is stored under it (a correction or revocation of a record the
    // provider submitted before its subject became unresolvable); otherwise it takes the entity's key
    const stored = new Set(
      (
        await findRecordsByKeys(
          trx,
          first.dept,
          first.class_code,
          group.map((r) => r.provider_key),
        )
      ).map((r) => `${r.provider_key}\u0000${r.subject_key}`),
    )
    const resolved = new Map<string, ResolvedSubject | null>()
    const planned: PlannedRow[] = group.map((r) => {
      const key = entityKey && !stored.has(`${r.provider_key}\u0000${r.subject_key}`) ? entityKey : r.subject_key
      resolved.set(key, subject)
      const plan = JSON.parse(r.plan) as RowPlan
      plan.subject = { key, query: {}, create: null, personId: null, category: null }
      return { rowNo: r.row_no, plan, issues: [] }
    })
    const outcomes = new Map<number, { outcome: RowOutcome; recordId: string | null; message: string | null }>()
    await processChunk(
      ctx,
      trx,
      actor,
      cc,
      {
        deptByCode,
        deptByUscc,
        dept: first.dept,
        batchId: first.batch_id,
        known: new Map(),
        resubmittedFrom: entryId,
        onSettled: (rowNo, outcome, recordId, issues) =>
          outcomes.set(rowNo, { outcome, recordId, message: errorText(issues) }),
      },
      planned,
      zeroCounts(),
      [],
      resolved,
    )
    for (const r of group) {
      const o = outcomes.get(r.row_no) ?? { outcome: 'rejected' as const, recordId: null, message: null }
      await settleQueueRow(trx, r.batch_id, r.row_no, {
        status: 'released',
        outcome: o.outcome,
        outcome_message: o.message,
        record_id: o.recordId,
        settled_at: now,
      })
      summary.released++
      if (o.outcome === 'duplicate') summary.duplicates++
      else summary[o.outcome]++
      summary.rows.push({ batchId: r.batch_id, rowNo: r.row_no, outcome: o.outcome, recordId: o.recordId })
    }
  }
  return summary
}

function errorText(issues: RowIssue[]): string | null {
  const errors = issues.filter((i) => i.level === 'error').map((i) => i.message)
  return errors.length ? errors.join('；') : null
}

function zeroCounts(): BatchCounts {
  return {
    total: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    corrected: 0,
    revoked: 0,
    warnings: 0,
    late: 0,
    unresolved: 0,
  }
}
