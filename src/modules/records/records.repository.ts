import type { Insertable, RawBuilder, Selectable, Updateable } from 'kysely'
import type { Db, DialectHelpers } from '../../db/database.js'
import {
  BATCH_COUNTERS,
  type BatchCounters,
  countersOf,
  type BatchesTable,
  type BatchIssuesTable,
  type RecordChangesTable,
  type RecordsTable,
  type RecordVersionsTable,
} from './records.tables.js'

export type RecordRow = Selectable<RecordsTable>
export type RecordVersionRow = Selectable<RecordVersionsTable>
export type BatchRow = Selectable<BatchesTable>
export type BatchIssueRow = Selectable<BatchIssuesTable>
export type RecordWithPayload = RecordRow & { payload: string }

/** Current rows for the given keys of one provider and class (chunked IN lists). */
export async function findRecordsByKeys(
  db: Db,
  providerDept: string,
  classCode: string,
  providerKeys: string[],
): Promise<RecordRow[]> {
  const out: RecordRow[] = []
  const unique = [...new Set(providerKeys)]
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500)
    out.push(
      ...(await db
        .selectFrom('records')
        .selectAll()
        .where('provider_dept', '=', providerDept)
        .where('class_code', '=', classCode)
        .where('provider_key', 'in', part)
        .execute()),
    )
  }
  return out
}

export async function findRecord(db: Db, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertRecords(db: Db, helpers: DialectHelpers, rows: Insertable<RecordsTable>[]): Promise<void> {
  await helpers.bulkInsert(db, 'records', rows)
}

export async function insertVersions(
  db: Db,
  helpers: DialectHelpers,
  rows: Insertable<RecordVersionsTable>[],
): Promise<void> {
  await helpers.bulkInsert(db, 'record_versions', rows)
}

/** The highest change-feed seq (0 when none); call with the audit chain's lock held. */
export async function maxChangeSeq(db: Db): Promise<number> {
  const r = await db
    .selectFrom('record_changes')
    .select((eb) => eb.fn.max<number>('seq').as('m'))
    .executeTakeFirst()
  return r?.m == null ? 0 : Number(r.m)
}

export async function insertChanges(
  db: Db,
  helpers: DialectHelpers,
  rows: Insertable<RecordChangesTable>[],
): Promise<void> {
  await helpers.bulkInsert(db, 'record_changes', rows)
}

/** Moves a record to its next version; only applies when the stored version is still `fromVersion`. */
export async function updateRecordCurrent(
  db: Db,
  id: string,
  fromVersion: number,
  patch: Updateable<RecordsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('records')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', fromVersion)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** The payload (JSON text) of one version. */
export async function payloadOf(db: Db, recordId: string, version: number): Promise<string> {
  const r = await db
    .selectFrom('record_versions')
    .select('payload')
    .where('record_id', '=', recordId)
    .where('version', '=', version)
    .executeTakeFirst()
  return r?.payload ?? '{}'
}

export async function versionsOf(db: Db, recordId: string): Promise<RecordVersionRow[]> {
  return db.selectFrom('record_versions').selectAll().where('record_id', '=', recordId).orderBy('version').execute()
}

export async function recordsOfEntity(db: Db, entityId: string): Promise<RecordRow[]> {
  return db
    .selectFrom('records')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('decided_on', 'desc')
    .orderBy('id')
    .execute()
}

/**
 * The entity's records with their current payload, newest decision first; `filter` (a condition on `records`, e.g.
 * a disclosure pre-filter) narrows them in SQL.
 */
export async function recordsWithPayloadOfEntity(
  db: Db,
  entityId: string,
  filter?: RawBuilder<boolean>,
): Promise<RecordWithPayload[]> {
  let q = db
    .selectFrom('records')
    .innerJoin('record_versions', (j) =>
      j.onRef('record_versions.record_id', '=', 'records.id').onRef('record_versions.version', '=', 'records.version'),
    )
    .selectAll('records')
    .select('record_versions.payload')
    .where('records.entity_id', '=', entityId)
  if (filter) q = q.where(filter)
  return q.orderBy('records.decided_on', 'desc').orderBy('records.id').execute()
}

/** Active records whose current version came from the batch. */
export async function activeRecordsOfBatch(db: Db, batchId: string): Promise<RecordRow[]> {
  return db
    .selectFrom('records')
    .selectAll()
    .where('state', '=', 'active')
    .where('id', 'in', (eb) => eb.selectFrom('record_versions').select('record_id').where('batch_id', '=', batchId))
    .where('batch_id', '=', batchId)
    .execute()
}

// ---------------------------------------------------------------- batches

export async function insertBatch(db: Db, row: Insertable<BatchesTable>): Promise<void> {
  await db.insertInto('batches').values(row).execute()
}

export async function updateBatch(db: Db, id: string, patch: Updateable<BatchesTable>): Promise<void> {
  await db.updateTable('batches').set(patch).where('id', '=', id).execute()
}

/**
 * Takes an unfinished batch over for `runner` (status running) if its runner is still `from`; false when another
 * run took it first.
 */
export async function claimBatch(
  db: Db,
  id: string,
  from: string | null,
  runner: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('batches')
    .set({ runner, status: 'running', updated_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['running', 'failed'])
    .where('runner', from === null ? 'is' : '=', from)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function findBatch(db: Db, id: string): Promise<BatchRow | undefined> {
  return db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst()
}

/** An unfinished batch of the same content, class and department: a rerun resumes it. */
export async function findResumableBatch(
  db: Db,
  contentHash: string,
  classCode: string,
  deptCode: string | null,
): Promise<BatchRow | undefined> {
  let q = db
    .selectFrom('batches')
    .selectAll()
    .where('content_hash', '=', contentHash)
    .where('class_code', '=', classCode)
    .where('status', 'in', ['running', 'failed'])
    .where('dry_run', '=', 0)
  q = deptCode === null ? q.where('dept_code', 'is', null) : q.where('dept_code', '=', deptCode)
  return q.orderBy('created_at', 'desc').executeTakeFirst()
}

export async function insertIssues(
  db: Db,
  helpers: DialectHelpers,
  rows: Insertable<BatchIssuesTable>[],
): Promise<void> {
  await helpers.bulkInsert(db, 'batch_issues', rows)
}

export async function maxIssueSeq(db: Db, batchId: string): Promise<number> {
  const r = await db
    .selectFrom('batch_issues')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('batch_id', '=', batchId)
    .executeTakeFirst()
  return Number(r?.m ?? 0)
}

/** The issues a batch recorded for one source row (row 0: the file as a whole). */
export async function issuesOfRow(db: Db, batchId: string, rowNo: number): Promise<BatchIssueRow[]> {
  return db
    .selectFrom('batch_issues')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('row_no', '=', rowNo)
    .orderBy('seq')
    .execute()
}

export async function issuesOf(db: Db, batchId: string, limit = 1_000_000): Promise<BatchIssueRow[]> {
  return db.selectFrom('batch_issues').selectAll().where('batch_id', '=', batchId).orderBy('seq').limit(limit).execute()
}

export async function countBatches(db: Db, filter: { dept?: string | undefined }): Promise<number> {
  let q = db.selectFrom('batches').select((eb) => eb.fn.countAll<number>().as('n'))
  if (filter.dept) q = q.where('dept_code', '=', filter.dept)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

export async function listBatches(
  db: Db,
  filter: { dept?: string | undefined },
  offset: number,
  limit: number,
): Promise<BatchRow[]> {
  let q = db.selectFrom('batches').selectAll()
  if (filter.dept) q = q.where('dept_code', '=', filter.dept)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute()
}

// ---------------------------------------------------------------- statistics over batches (quality feedback)
// The same statements run on SQLite and PostgreSQL (window functions exist on both).

/** Batches received in [fromInstant, toInstant) (UTC ISO text, compared as text), by department and class. */
export interface BatchScope {
  dept?: string | undefined
  classCode?: string | undefined
  fromInstant?: string | undefined
  toInstant?: string | undefined
}

export interface BatchSumsRow extends BatchCounters {
  dept: string | null
  classCode: string
  batches: number
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
      ...BATCH_COUNTERS.map((c) => eb.fn.sum(c).as(c)),
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
    ...countersOf((c) => num(r[c])),
    lastSubmittedAt: r.last === null || r.last === undefined ? null : String(r.last),
  }))
}

/**
 * Error-level issues per (department, class, code): how many, and the first message reported with the code
 * (earliest batch, then the issue's order in it) as the example.
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
