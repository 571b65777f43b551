import { type Static, type TObject, Type } from '@sinclair/typebox'
import { Nullable, StringEnum } from '../../http/typed.js'
import { type AttachedFileJson, AttachedFileSchema } from '../files/index.js'
import {
  CaseEventSchema,
  type CaseMachine,
  type CaseRow,
  type CaseDeadlineRow,
  type CaseEventRow,
  type ClockReading,
  DeadlineSchema,
  presentCaseEvent,
  presentCaseSummary,
} from '../cases/index.js'
import { type Eligibility, REASON_CODES } from './repairs.eligibility.js'
import { DEADLINE_LABELS, repairMachine } from './repairs.machine.js'
import type { RepairRow } from './repairs.repository.js'

export const ReasonSchema = Type.Object({
  code: StringEnum(REASON_CODES, { description: '原因代码' }),
  message: Type.String({ description: '中文说明' }),
})

export const EligibilitySchema = Type.Object({
  eligible: Type.Boolean({ description: '今天是否可以申请信用修复' }),
  ruleSet: Nullable(Type.String({ description: '决定作出时适用的公示期限规则版本（2019 / 2026）' })),
  severity: Nullable(Type.String({ description: '失信严重程度 minor / general / serious' })),
  earliestDate: Nullable(Type.String({ format: 'date', description: '最早可申请日（最短公示期满的次日）' })),
  reasons: Type.Array(ReasonSchema),
})
export type EligibilityJson = Static<typeof EligibilitySchema>

export const RecipientSchema = Type.Object({
  dept: Type.String({ description: '接收修复结果的部门' }),
  role: StringEnum(['decider', 'receiver'] as const, {
    description: 'decider 认定单位；receiver 曾通过核查获取该记录',
  }),
  deliveryId: Nullable(Type.String()),
  dueOn: Nullable(Type.String({ format: 'date', description: '推送期限（repair.notify 个工作日）' })),
  provisional: Type.Boolean(),
})
export type RecipientJson = Static<typeof RecipientSchema>

export const RepairSchema = Type.Object({
  id: Type.String(),
  number: Type.String({ description: '办件编号（XF + 年份 + 序号）' }),
  state: StringEnum(Object.keys(repairMachine.states) as (keyof typeof repairMachine.states)[]),
  stateLabel: Type.String(),
  version: Type.Integer({ description: '乐观锁版本：办理时回传' }),
  recordId: Type.String(),
  entityId: Type.String(),
  classCode: Type.String(),
  handlerDept: Nullable(Type.String({ description: '决定部门（记录的提供部门：谁认定、谁修复）' })),
  ruleSet: Nullable(Type.String()),
  severity: Nullable(Type.String()),
  earliestDate: Nullable(Type.String({ format: 'date' })),
  statement: Type.String({ description: '申请说明（身份证号已遮蔽）' }),
  evidence: Type.Array(Type.String(), { description: '证明材料文件编号' }),
  commitmentId: Nullable(Type.String({ description: '随申请提交的信用修复承诺' })),
  outcome: Nullable(StringEnum(['approved', 'rejected'] as const)),
  decisionReason: Nullable(Type.String()),
  openedOn: Type.String({ format: 'date' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  deadlines: Type.Array(DeadlineSchema),
  recipients: Type.Array(RecipientSchema),
})
export type RepairJson = Static<typeof RepairSchema>

/** A case of either kind (repair, list exit) with its history and evidence files. */
export const caseDetailSchema = <T extends TObject>(item: T) =>
  Type.Composite([
    item,
    Type.Object({
      history: Type.Array(CaseEventSchema),
      evidenceFiles: Type.Array(AttachedFileSchema, { description: '证明材料（文件名、大小、类型）' }),
    }),
  ])

/** A page of a queue of either kind. */
export const casePageSchema = <T extends TObject>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  })

/** A case's summary with its history (the machine's labels) and evidence files: the detail of either kind. */
export function withHistory<T extends object>(
  summary: T,
  m: CaseMachine,
  history: readonly CaseEventRow[],
  files: readonly AttachedFileJson[],
) {
  return { ...summary, evidenceFiles: [...files], history: history.map((e) => presentCaseEvent(m, e)) }
}

export const RepairDetailSchema = caseDetailSchema(RepairSchema)
export type RepairDetailJson = Static<typeof RepairDetailSchema>

export const RepairPageSchema = casePageSchema(RepairSchema)
export type RepairPageJson = Static<typeof RepairPageSchema>

export function presentEligibility(e: Eligibility): EligibilityJson {
  return {
    eligible: e.eligible,
    ruleSet: e.ruleSet,
    severity: e.severity,
    earliestDate: e.earliestDate,
    reasons: e.reasons,
  }
}

export function presentRepair(
  row: CaseRow,
  facts: RepairRow,
  deadlines: readonly CaseDeadlineRow[],
  read: ClockReading,
): RepairJson {
  const summary = presentCaseSummary(repairMachine, row, deadlines, read, DEADLINE_LABELS)
  return {
    id: row.id,
    number: row.number,
    state: row.state as RepairJson['state'],
    stateLabel: summary.stateLabel,
    version: row.version,
    recordId: facts.record_id,
    entityId: facts.entity_id,
    classCode: facts.class_code,
    handlerDept: row.handler_dept,
    ruleSet: facts.rule_set,
    severity: facts.severity,
    earliestDate: facts.earliest_on,
    statement: facts.statement,
    evidence: JSON.parse(facts.evidence) as string[],
    commitmentId: facts.commitment_id,
    outcome: (row.outcome as RepairJson['outcome']) ?? null,
    decisionReason: facts.decision_reason,
    openedOn: row.opened_on,
    closedAt: row.closed_at,
    overdue: summary.overdue,
    deadlines: summary.deadlines,
    recipients: facts.recipients ? (JSON.parse(facts.recipients) as RecipientJson[]) : [],
  }
}

export function presentRepairDetail(
  row: CaseRow,
  facts: RepairRow,
  deadlines: readonly CaseDeadlineRow[],
  read: ClockReading,
  history: readonly CaseEventRow[],
  files: readonly AttachedFileJson[] = [],
): RepairDetailJson {
  return withHistory(presentRepair(row, facts, deadlines, read), repairMachine, history, files)
}
