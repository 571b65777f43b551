// SQL of the quality feedback: aggregates over the pipeline's `batches` and `batch_issues` (read only).
// The same statements run on SQLite and PostgreSQL (window functions exist on both).
import type { Db } from '../../db/database.js'

/** Batches received in [fromInstant, toInstant) (UTC ISO text, compared as text), by department and class. */
export interface BatchScope {
  dept?: string | undefined
  classCode?: string | undefined
  fromInstant?: string | undefined
  toInstant?: string | undefined
}

export interface BatchSumsRow {
  dept: string | null
  classCode: string
  batches: number
  total: number
  accepted: number
  rejected: number
  duplicates: number
  corrected: number
  revoked: number
  warnings: number
  late: number
  unresolved: number
  lastSubmittedAt: string | null
}

export interface ErrorCodeRow {
  dept: string | null
  classCode: string
  code: string
  count: number
  example: string
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))

/** Sums of the batch counters per (department, class). Dry runs are never stored, but are excluded anyway. */
export async function batchSums(db: Db, scope: BatchScope): Promise<BatchSumsRow[]> {
  let q = db
    .selectFrom('batches')
    .select((eb) => [
      'dept_code',
      'class_code',
      eb.fn.countAll().as('batches'),
      eb.fn.sum('total').as('total'),
      eb.fn.sum('accepted').as('accepted'),
      eb.fn.sum('rejected').as('rejected'),
      eb.fn.sum('duplicates').as('duplicates'),
      eb.fn.sum('corrected').as('corrected'),
      eb.fn.sum('revoked').as('revoked'),
      eb.fn.sum('warnings').as('warnings'),
      eb.fn.sum('late').as('late'),
      eb.fn.sum('unresolved').as('unresolved'),
      eb.fn.max('created_at').as('last'),
    ])
    .where('dry_run', '=', 0)
  if (scope.dept !== undefined) q = q.where('dept_code', '=', scope.dept)
  if (scope.classCode !== undefined) q = q.where('class_code', '=', scope.classCode)
  if (scope.fromInstant !== undefined) q = q.where('created_at', '>=', scope.fromInstant)
  if (scope.toInstant !== undefined) q = q.where('created_at', '<', scope.toInstant)
  const rows = await q.groupBy(['dept_code', 'class_code']).execute()
  return rows.map((r) => ({
    dept: r.dept_code,
    classCode: r.class_code,
    batches: num(r.batches),
    total: num(r.total),
    accepted: num(r.accepted),
    rejected: num(r.rejected),
    duplicates: num(r.duplicates),
    corrected: num(r.corrected),
    revoked: num(r.revoked),
    warnings: num(r.warnings),
    late: num(r.late),
    unresolved: num(r.unresolved),
    lastSubmittedAt: r.last === null || r.last === undefined ? null : String(r.last),
  }))
}

/**
 * Error-level issues per (department, class, code): how many, and the first message reported with the code
 * (earliest batch, then the order in it) as the example.
 */
export async function errorCodes(db: Db, scope: BatchScope): Promise<ErrorCodeRow[]> {
  let inner = db
    .selectFrom('batch_issues as i')
    .innerJoin('batches as b', 'b.id', 'i.batch_id')
    .select((eb) => [
      'b.dept_code as dept',
      'b.class_code as class_code',
      'i.code as code',
      'i.message as message',
      eb.fn
        .countAll()
        .over((ob) => ob.partitionBy(['b.dept_code', 'b.class_code', 'i.code']))
        .as('n'),
      eb.fn
        .agg<number>('row_number')
        .over((ob) =>
          ob
            .partitionBy(['b.dept_code', 'b.class_code', 'i.code'])
            .orderBy('b.created_at')
            .orderBy('i.batch_id')
            .orderBy('i.seq'),
        )
        .as('rn'),
    ])
    .where('i.level', '=', 'error')
    .where('b.dry_run', '=', 0)
  if (scope.dept !== undefined) inner = inner.where('b.dept_code', '=', scope.dept)
  if (scope.classCode !== undefined) inner = inner.where('b.class_code', '=', scope.classCode)
  if (scope.fromInstant !== undefined) inner = inner.where('b.created_at', '>=', scope.fromInstant)
  if (scope.toInstant !== undefined) inner = inner.where('b.created_at', '<', scope.toInstant)
  const rows = await db
    .selectFrom(inner.as('t'))
    .select(['t.dept', 't.class_code', 't.code', 't.message', 't.n'])
    .where('t.rn', '=', 1)
    .execute()
  return rows.map((r) => ({
    dept: r.dept,
    classCode: r.class_code,
    code: r.code,
    count: num(r.n),
    example: r.message,
  }))
}
