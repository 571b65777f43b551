import { type Static, Type } from '@sinclair/typebox'
import { Nullable, StringEnum } from '../../http/typed.js'
import type { AttachedFileJson } from '../files/index.js'
import {
  type CaseDeadlineRow,
  type CaseEventRow,
  type CaseRow,
  type ClockReading,
  DeadlineSchema,
  presentCaseSummary,
} from '../cases/index.js'
import { LIST_EXIT_REASON_CODES, type ListExitEligibility } from './list-exits.eligibility.js'
import { LIST_EXIT_DEADLINE_LABELS, LIST_EXIT_STATES, listExitMachine } from './list-exits.machine.js'
import { caseDetailSchema, casePageSchema, withHistory } from './repairs.presenter.js'
import type { ListExitRow } from './repairs.repository.js'

export const ListExitEligibilitySchema = Type.Object({
  eligible: Type.Boolean(),
  listKind: Nullable(Type.String({ description: 'red / black / focus' })),
  until: Nullable(Type.String({ format: 'date', description: '今天所在名单期的最后一日' })),
  grounds: Type.Array(Type.String(), { description: '可申请移出的情形（本名单类别的移出条件）' }),
  reasons: Type.Array(Type.Object({ code: StringEnum(LIST_EXIT_REASON_CODES), message: Type.String() })),
})
export type ListExitEligibilityJson = Static<typeof ListExitEligibilitySchema>

export const ListExitSchema = Type.Object({
  id: Type.String(),
  number: Type.String({ description: '办件编号（YC + 年份 + 序号）' }),
  state: StringEnum(LIST_EXIT_STATES),
  stateLabel: Type.String(),
  version: Type.Integer(),
  recordId: Type.String(),
  entityId: Type.String(),
  classCode: Type.String(),
  handlerDept: Nullable(Type.String()),
  ground: Type.String(),
  statement: Type.String(),
  evidence: Type.Array(Type.String()),
  commitmentId: Nullable(Type.String()),
  outcome: Nullable(StringEnum(['approved', 'rejected'] as const)),
  decisionReason: Nullable(Type.String()),
  lastDay: Nullable(Type.String({ format: 'date', description: '同意移出后在名单上的最后一日' })),
  openedOn: Type.String({ format: 'date' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  deadlines: Type.Array(DeadlineSchema),
})
export type ListExitJson = Static<typeof ListExitSchema>

export const ListExitDetailSchema = caseDetailSchema(ListExitSchema)
export type ListExitDetailJson = Static<typeof ListExitDetailSchema>

export const ListExitPageSchema = casePageSchema(ListExitSchema)
export type ListExitPageJson = Static<typeof ListExitPageSchema>

export function presentListExitEligibility(e: ListExitEligibility): ListExitEligibilityJson {
  return { eligible: e.eligible, listKind: e.listKind, until: e.until, grounds: e.grounds, reasons: e.reasons }
}

export function presentListExit(
  row: CaseRow,
  facts: ListExitRow,
  deadlines: readonly CaseDeadlineRow[],
  read: ClockReading,
): ListExitJson {
  const summary = presentCaseSummary(listExitMachine, row, deadlines, read, LIST_EXIT_DEADLINE_LABELS)
  return {
    id: row.id,
    number: row.number,
    state: row.state as ListExitJson['state'],
    stateLabel: summary.stateLabel,
    version: row.version,
    recordId: facts.record_id,
    entityId: facts.entity_id,
    classCode: facts.class_code,
    handlerDept: row.handler_dept,
    ground: facts.ground,
    statement: facts.statement,
    evidence: JSON.parse(facts.evidence) as string[],
    commitmentId: facts.commitment_id,
    outcome: (row.outcome as ListExitJson['outcome']) ?? null,
    decisionReason: facts.decision_reason,
    lastDay: facts.last_day,
    openedOn: row.opened_on,
    closedAt: row.closed_at,
    overdue: summary.overdue,
    deadlines: summary.deadlines,
  }
}

export function presentListExitDetail(
  row: CaseRow,
  facts: ListExitRow,
  deadlines: readonly CaseDeadlineRow[],
  read: ClockReading,
  history: readonly CaseEventRow[],
  files: readonly AttachedFileJson[] = [],
): ListExitDetailJson {
  return withHistory(presentListExit(row, facts, deadlines, read), listExitMachine, history, files)
}
