import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CaseDeadlinesTable, CaseEventsTable, CasesTable } from './cases.tables.js'

export type CaseRow = Selectable<CasesTable>
export type CaseEventRow = Selectable<CaseEventsTable>
export type CaseDeadlineRow = Selectable<CaseDeadlinesTable>

export async function insertCase(db: Db, row: Insertable<CasesTable>): Promise<void> {
  await db.insertInto('cases').values(row).execute()
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findCaseByNumber(db: Db, number: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirst()
}

/** Moves a case on if nobody moved it since `version` was read; false when another change won. */
export async function updateCaseIfVersion(
  db: Db,
  id: string,
  version: number,
  patch: Updateable<CasesTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('cases')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** The open cases of a kind about one record (states not in `closedStates`). */
export async function openCasesOfRecord(
  db: Db,
  recordId: string,
  kind: string,
  closedStates: readonly string[],
): Promise<CaseRow[]> {
  let q = db.selectFrom('cases').selectAll().where('record_id', '=', recordId).where('kind', '=', kind)
  if (closedStates.length) q = q.where('state', 'not in', [...closedStates])
  return q.orderBy('created_at').execute()
}

export interface CaseQuery {
  kinds?: readonly string[] | undefined
  states?: readonly string[] | undefined
  handlerDept?: string | undefined
  entityId?: string | undefined
  recordId?: string | undefined
  applicantUser?: string | undefined
  /**
   * The applicant's own cases: about the entity the account acts for (tips excepted: a tip about an entity is not
   * the entity's business) or filed by the user.
   */
  mine?: { entityId: string | null; userId: string } | undefined
  /** Only cases with a running clock due before this civil date. */
  overdueOn?: string | undefined
  limit: number
  offset: number
}

function filtered(db: Db, f: Omit<CaseQuery, 'limit' | 'offset'>) {
  let q = db.selectFrom('cases')
  if (f.kinds?.length) q = q.where('kind', 'in', [...f.kinds])
  if (f.states?.length) q = q.where('state', 'in', [...f.states])
  if (f.handlerDept !== undefined) q = q.where('handler_dept', '=', f.handlerDept)
  if (f.entityId !== undefined) q = q.where('entity_id', '=', f.entityId)
  if (f.recordId !== undefined) q = q.where('record_id', '=', f.recordId)
  if (f.applicantUser !== undefined) q = q.where('applicant_user', '=', f.applicantUser)
  if (f.mine !== undefined) {
    const { entityId, userId } = f.mine
    q = q.where((eb) =>
      eb.or([
        eb('applicant_user', '=', userId),
        ...(entityId ? [eb.and([eb('entity_id', '=', entityId), eb('kind', '!=', 'tip')])] : []),
      ]),
    )
  }
  if (f.overdueOn !== undefined) {
    const due = f.overdueOn
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_deadlines')
          .select('case_deadlines.case_id')
          .whereRef('case_deadlines.case_id', '=', 'cases.id')
          .where('case_deadlines.met_at', 'is', null)
          .where('case_deadlines.due_on', '<', due),
      ),
    )
  }
  return q
}

export async function listCaseRows(db: Db, f: CaseQuery): Promise<CaseRow[]> {
  return filtered(db, f)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute()
}

export async function countCaseRows(db: Db, f: Omit<CaseQuery, 'limit' | 'offset'>): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Counts per (kind, state, handler) under the filter: the queue's tallies. */
export async function caseTallies(
  db: Db,
  f: Omit<CaseQuery, 'limit' | 'offset' | 'states'>,
): Promise<{ kind: string; state: string; handler_dept: string | null; n: number }[]> {
  const rows = await filtered(db, f)
    .select(['kind', 'state', 'handler_dept', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy(['kind', 'state', 'handler_dept'])
    .execute()
  return rows.map((r) => ({ kind: r.kind, state: r.state, handler_dept: r.handler_dept, n: Number(r.n) }))
}

export async function insertCaseEvent(db: Db, row: Insertable<CaseEventsTable>): Promise<void> {
  await db.insertInto('case_events').values(row).execute()
}

export async function lastEventSeq(db: Db, caseId: string): Promise<number> {
  const r = await db
    .selectFrom('case_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  return Number(r?.seq ?? 0)
}

export async function eventsOfCase(db: Db, caseId: string): Promise<CaseEventRow[]> {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute()
}

export async function insertDeadlines(db: Db, rows: Insertable<CaseDeadlinesTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('case_deadlines').values(rows).execute()
}

export async function meetDeadlines(db: Db, caseId: string, codes: readonly string[], at: string): Promise<void> {
  if (!codes.length) return
  await db
    .updateTable('case_deadlines')
    .set({ met_at: at })
    .where('case_id', '=', caseId)
    .where('code', 'in', [...codes])
    .where('met_at', 'is', null)
    .execute()
}

export async function deadlinesOfCases(db: Db, caseIds: readonly string[]): Promise<CaseDeadlineRow[]> {
  const out: CaseDeadlineRow[] = []
  const ids = [...new Set(caseIds)]
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('case_deadlines')
        .selectAll()
        .where('case_id', 'in', ids.slice(i, i + 500))
        .orderBy('start_on')
        .orderBy('code')
        .execute()),
    )
  return out
}

/** Running clocks whose due date was counted on weekends alone (past the calendar's last year). */
export async function provisionalDeadlines(db: Db): Promise<CaseDeadlineRow[]> {
  return db.selectFrom('case_deadlines').selectAll().where('provisional', '=', 1).where('met_at', 'is', null).execute()
}

export async function updateDeadlineDue(
  db: Db,
  caseId: string,
  code: string,
  dueOn: string,
  provisional: boolean,
): Promise<void> {
  await db
    .updateTable('case_deadlines')
    .set({ due_on: dueOn, provisional: provisional ? 1 : 0 })
    .where('case_id', '=', caseId)
    .where('code', '=', code)
    .execute()
}

/**
 * The next number of a (prefix, year) counter, taken inside the caller's transaction: the update locks the counter
 * row until the transaction ends, so two filings never get the same number.
 */
export async function nextCaseNumber(db: Db, prefix: string, year: string): Promise<number> {
  await db
    .insertInto('case_counters')
    .values({ prefix, year, last: 0 })
    .onConflict((oc) => oc.columns(['prefix', 'year']).doNothing())
    .execute()
  await db
    .updateTable('case_counters')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('prefix', '=', prefix)
    .where('year', '=', year)
    .execute()
  const row = await db
    .selectFrom('case_counters')
    .select('last')
    .where('prefix', '=', prefix)
    .where('year', '=', year)
    .executeTakeFirstOrThrow()
  return Number(row.last)
}
