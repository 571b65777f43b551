// Cases (办件): numbering, the state machine of each kind with an optimistic lock, the history and the running clocks.
// Kinds (objections, repairs, tips) keep their own facts in their modules and call these commands inside their
// command's scope; the queue reads serve the console and 「我的办件」.
import type { CommandScope } from '../../core/command.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import { maskPersonalTextDeep } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import { type CaseMachine, isClosedState, stateLabel } from './cases.machine.js'
import {
  type CaseDeadlineRow,
  type CaseEventRow,
  type CaseQuery,
  type CaseRow,
  caseTallies,
  countCaseRows,
  deadlinesOfCases,
  eventsOfCase,
  findCase,
  findCaseByNumber,
  insertCase,
  insertCaseEvent,
  insertDeadlines,
  lastEventSeq,
  listCaseRows,
  meetDeadlines,
  nextCaseNumber,
  openCasesOfRecord,
  provisionalDeadlines,
  updateCaseIfVersion,
  updateDeadlineDue,
} from './cases.repository.js'

/** A clock to start: the caller computed its due date (working days, the deadline policy in force). */
export interface DeadlineStart {
  code: string
  startOn: string
  workingDays: number
  dueOn: string
  provisional: boolean
}

export interface OpenCaseInput {
  entityId: string | null
  recordId: string | null
  applicantKind: 'subject' | 'operator' | 'public' | 'dept'
  applicantUser: string | null
  handlerDept: string | null
  policyVersion: string | null
  /** What the filing recorded (shown in the history); personal text is masked. */
  details?: Record<string, unknown> | undefined
  deadlines?: readonly DeadlineStart[] | undefined
}

export interface MoveCaseInput {
  /** The version the caller read: a case moved since then is a 409 (the other change won). */
  expectedVersion?: number | undefined
  details?: Record<string, unknown> | undefined
  outcome?: string | null | undefined
  /** Hands the case to another department (null: back to the credit office). */
  handlerDept?: string | null | undefined
  /** Clocks this step stops (the step they count for is done). Closing a case stops every running clock. */
  meet?: readonly string[] | undefined
  /** Clocks this step starts. */
  deadlines?: readonly DeadlineStart[] | undefined
}

/** A case with its clocks (and, for one case, its history). */
export interface CaseView {
  row: CaseRow
  deadlines: CaseDeadlineRow[]
}

/** Files a new case in its initial state: number, first history event, clocks and audit event, in the scope. */
export async function openCase(scope: CommandScope, m: CaseMachine, input: OpenCaseInput): Promise<CaseRow> {
  const { trx, now, today, actor } = scope
  const id = newId()
  const year = today.slice(0, 4)
  const seq = await nextCaseNumber(trx, m.prefix, year)
  const at = now.toISOString()
  const row: CaseRow = {
    id,
    kind: m.kind,
    number: `${m.prefix}${year}${String(seq).padStart(6, '0')}`,
    state: m.initial,
    version: 1,
    entity_id: input.entityId,
    record_id: input.recordId,
    applicant_kind: input.applicantKind,
    applicant_user: input.applicantUser,
    handler_dept: input.handlerDept,
    policy_version: input.policyVersion,
    outcome: null,
    opened_on: today,
    closed_at: null,
    created_at: at,
    updated_at: at,
  }
  await insertCase(trx, row)
  await insertCaseEvent(trx, {
    case_id: id,
    seq: 1,
    action: 'submit',
    from_state: null,
    to_state: m.initial,
    details: JSON.stringify(maskPersonalTextDeep(input.details ?? {})),
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_dept: actor.dept,
    at,
  })
  await insertDeadlines(
    trx,
    (input.deadlines ?? []).map((d) => deadlineRow(id, d)),
  )
  await recordAudit(trx, scope.clock, actor, {
    action: `${m.kind}.submit`,
    targetType: m.kind,
    targetId: id,
    details: { number: row.number, recordId: input.recordId, entityId: input.entityId },
  })
  return row
}

/**
 * Takes one action on a case: the machine must allow it from the current state (else the kind's 409 naming the
 * state), and nobody may have moved the case since `expectedVersion` (else the kind's 409 conflict): of two decisions
 * racing on one case, one wins. History event, clocks and audit event in the scope's transaction.
 */
export async function moveCase<A extends string>(
  scope: CommandScope,
  m: CaseMachine<string, A>,
  id: string,
  action: A,
  input: MoveCaseInput = {},
): Promise<CaseRow> {
  const { trx, now, actor } = scope
  const current = await findCase(trx, id)
  if (!current || current.kind !== m.kind) throw m.notFound({ id })
  const t = m.actions[action]
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
    throw m.conflict({ id, state: current.state, stateLabel: stateLabel(m, current.state) })
  if (!t.from.includes(current.state))
    throw m.badTransition({
      id,
      state: current.state,
      stateLabel: stateLabel(m, current.state),
      action,
      actionLabel: t.label,
    })
  const at = now.toISOString()
  const closing = isClosedState(m, t.to)
  const patch = {
    state: t.to,
    updated_at: at,
    ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
    ...(input.handlerDept !== undefined ? { handler_dept: input.handlerDept } : {}),
    ...(closing ? { closed_at: at } : {}),
  }
  if (!(await updateCaseIfVersion(trx, id, current.version, patch)))
    throw m.conflict({ id, state: current.state, stateLabel: stateLabel(m, current.state) })
  await insertCaseEvent(trx, {
    case_id: id,
    seq: (await lastEventSeq(trx, id)) + 1,
    action,
    from_state: current.state,
    to_state: t.to,
    details: JSON.stringify(
      maskPersonalTextDeep({ ...(input.details ?? {}), ...(input.outcome ? { outcome: input.outcome } : {}) }),
    ),
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_dept: actor.dept,
    at,
  })
  if (closing) {
    const running = (await deadlinesOfCases(trx, [id])).filter((d) => d.met_at === null).map((d) => d.code)
    await meetDeadlines(trx, id, running, at)
  } else await meetDeadlines(trx, id, input.meet ?? [], at)
  await insertDeadlines(
    trx,
    (input.deadlines ?? []).map((d) => deadlineRow(id, d)),
  )
  await recordAudit(trx, scope.clock, actor, {
    action: `${m.kind}.${action}`,
    targetType: m.kind,
    targetId: id,
    details: {
      number: current.number,
      from: current.state,
      to: t.to,
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(input.handlerDept !== undefined ? { handlerDept: input.handlerDept } : {}),
    },
  })
  return { ...current, ...patch, version: current.version + 1 }
}

function deadlineRow(caseId: string, d: DeadlineStart) {
  return {
    case_id: caseId,
    code: d.code,
    start_on: d.startOn,
    working_days: d.workingDays,
    due_on: d.dueOn,
    provisional: d.provisional ? 1 : 0,
    met_at: null,
  }
}

// ------------------------------------------------------------------ reads

export async function getCase(db: Db, m: CaseMachine, id: string): Promise<CaseView> {
  const row = await findCase(db, id)
  if (!row || row.kind !== m.kind) throw m.notFound({ id })
  return { row, deadlines: await deadlinesOfCases(db, [id]) }
}

export async function getCaseByNumber(db: Db, number: string): Promise<CaseView | undefined> {
  const row = await findCaseByNumber(db, number)
  return row ? { row, deadlines: await deadlinesOfCases(db, [row.id]) } : undefined
}

export async function caseHistory(db: Db, id: string): Promise<CaseEventRow[]> {
  return eventsOfCase(db, id)
}

/** Cases of a kind about one record that are not closed (an open objection blocks a second one and a repair). */
export async function openCasesAbout(db: Db, m: CaseMachine, recordId: string): Promise<CaseRow[]> {
  return openCasesOfRecord(db, recordId, m.kind, m.closed)
}

export interface CasePage {
  items: CaseView[]
  total: number
}

export async function listCases(db: Db, query: CaseQuery): Promise<CasePage> {
  const rows = await listCaseRows(db, query)
  const total = await countCaseRows(db, query)
  const clocks = await deadlinesOfCases(
    db,
    rows.map((r) => r.id),
  )
  const byCase = new Map<string, CaseDeadlineRow[]>()
  for (const d of clocks) byCase.set(d.case_id, [...(byCase.get(d.case_id) ?? []), d])
  return { items: rows.map((row) => ({ row, deadlines: byCase.get(row.id) ?? [] })), total }
}

/** Counts per kind, state and handling department under the filter (the queue's tallies). */
export async function caseCounts(db: Db, query: Omit<CaseQuery, 'limit' | 'offset' | 'states'>) {
  return caseTallies(db, query)
}

// ------------------------------------------------------------------ provisional clocks

/**
 * Recomputes the due dates that were counted on weekends alone (past the working-day calendar's last year), with
 * `recount(startOn, workingDays)`: called when an operator loads a new year. Returns how many changed.
 */
export async function recountProvisionalDeadlines(
  db: Db,
  recount: (startOn: string, workingDays: number) => { dueOn: string; provisional: boolean },
): Promise<number> {
  let changed = 0
  for (const d of await provisionalDeadlines(db)) {
    const next = recount(d.start_on, d.working_days)
    if (next.dueOn !== d.due_on || next.provisional !== (d.provisional === 1)) {
      await updateDeadlineDue(db, d.case_id, d.code, next.dueOn, next.provisional)
      changed++
    }
  }
  return changed
}

export type { CaseDeadlineRow, CaseEventRow, CaseQuery, CaseRow }
