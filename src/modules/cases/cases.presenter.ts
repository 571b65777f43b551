import { type Static, Type } from '@sinclair/typebox'
import { AnyObject, Nullable } from '../../http/typed.js'
import { type CaseMachine, stateLabel } from './cases.machine.js'
import type { CaseDeadlineRow, CaseEventRow, CaseRow } from './cases.repository.js'

/** How a running clock stands today: working days left (negative once overdue). Supplied by the caller's calendar. */
export type ClockReading = (dueOn: string) => { remainingWorkingDays: number; overdue: boolean }

export const DeadlineSchema = Type.Object({
  code: Type.String({ description: '期限项目代码，如 objection.accept' }),
  label: Type.String({ description: '期限项目名称' }),
  startOn: Type.String({ format: 'date' }),
  workingDays: Type.Integer(),
  dueOn: Type.String({ format: 'date', description: '最迟办结日（含当日）' }),
  provisional: Type.Boolean({ description: '超出已发布的节假日安排，暂按周末计算' }),
  metAt: Nullable(Type.String({ format: 'date-time' })),
  remainingWorkingDays: Nullable(Type.Integer({ description: '剩余工作日（已办结为 null，逾期为负数）' })),
  overdue: Type.Boolean(),
})
export type DeadlineJson = Static<typeof DeadlineSchema>

export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  number: Type.String({ description: '办件编号' }),
  state: Type.String(),
  stateLabel: Type.String(),
  version: Type.Integer({ description: '乐观锁版本：办理时回传，已被他人办理则 409' }),
  entityId: Nullable(Type.String()),
  recordId: Nullable(Type.String()),
  applicantKind: Type.String(),
  handlerDept: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  openedOn: Type.String({ format: 'date' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean({ description: '有逾期未办结的期限' }),
  deadlines: Type.Array(DeadlineSchema),
})
export type CaseSummaryJson = Static<typeof CaseSummarySchema>

export const CaseEventSchema = Type.Object({
  seq: Type.Integer(),
  action: Type.String(),
  actionLabel: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  toStateLabel: Type.String(),
  details: AnyObject,
  actorKind: Type.String(),
  actorId: Nullable(Type.String()),
  actorDept: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
})
export type CaseEventJson = Static<typeof CaseEventSchema>

export function presentDeadline(
  d: CaseDeadlineRow,
  read: ClockReading,
  labels: Readonly<Record<string, string>> = {},
): DeadlineJson {
  const running = d.met_at === null
  const clock = running ? read(d.due_on) : null
  return {
    code: d.code,
    label: labels[d.code] ?? d.code,
    startOn: d.start_on,
    workingDays: d.working_days,
    dueOn: d.due_on,
    provisional: d.provisional === 1,
    metAt: d.met_at,
    remainingWorkingDays: clock ? clock.remainingWorkingDays : null,
    overdue: clock ? clock.overdue : false,
  }
}

export function presentCaseSummary(
  m: Pick<CaseMachine, 'states'>,
  row: CaseRow,
  deadlines: readonly CaseDeadlineRow[],
  read: ClockReading,
  labels: Readonly<Record<string, string>> = {},
): CaseSummaryJson {
  const clocks = deadlines.map((d) => presentDeadline(d, read, labels))
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    state: row.state,
    stateLabel: stateLabel(m, row.state),
    version: row.version,
    entityId: row.entity_id,
    recordId: row.record_id,
    applicantKind: row.applicant_kind,
    handlerDept: row.handler_dept,
    outcome: row.outcome,
    openedOn: row.opened_on,
    closedAt: row.closed_at,
    overdue: clocks.some((c) => c.overdue),
    deadlines: clocks,
  }
}

export function presentCaseEvent(m: CaseMachine, e: CaseEventRow): CaseEventJson {
  const actions = m.actions as Record<string, { label: string }>
  return {
    seq: e.seq,
    action: e.action,
    actionLabel: e.action === 'submit' ? '提交' : (actions[e.action]?.label ?? e.action),
    fromState: e.from_state,
    toState: e.to_state,
    toStateLabel: stateLabel(m, e.to_state),
    details: JSON.parse(e.details) as Record<string, unknown>,
    actorKind: e.actor_kind,
    actorId: e.actor_id,
    actorDept: e.actor_dept,
    at: e.at,
  }
}
