import { type Static, Type } from '@sinclair/typebox'
import { Nullable, StringEnum } from '../../http/typed.js'
import {
  type CaseDeadlineRow,
  type CaseEventRow,
  CaseEventSchema,
  type CaseRow,
  type ClockReading,
  DeadlineSchema,
  presentCaseEvent,
  presentDeadline,
  stateLabel,
} from '../cases/index.js'
import { AttachedFileSchema } from '../files/index.js'
import {
  DEADLINE_LABELS,
  OBJECTION_DEADLINES,
  OBJECTION_OUTCOMES,
  OBJECTION_STATES,
  type ObjectionOutcome,
  OUTCOME_LABELS,
  objectionMachine,
} from './objections.machine.js'
import type { ObjectionFacts } from './objections.service.js'

/** One clock of a case, keyed by its code in `deadlines`. */
export const ObjectionClockSchema = Type.Object({
  label: Type.String({ description: '期限项目名称' }),
  startOn: Type.String({ format: 'date', description: '起算日（不计入）' }),
  dueOn: Type.String({ format: 'date', description: '最迟办结日（含当日）' }),
  workingDays: Type.Integer({ description: '工作日数（期限政策版本见 policyVersion）' }),
  provisional: Type.Boolean({ description: '超出已发布的节假日安排，暂按周末计算，发布后重算' }),
  metAt: Nullable(Type.String({ format: 'date-time', description: '该环节办结时间；未办结为 null' })),
  remainingWorkingDays: Nullable(Type.Integer({ description: '剩余工作日（已办结为 null，逾期为负数）' })),
  overdue: Type.Boolean({ description: '未办结且已过最迟办结日' }),
})
export type ObjectionClockJson = Static<typeof ObjectionClockSchema>

export const ObjectionDeadlinesSchema = Type.Object(
  {
    [OBJECTION_DEADLINES.accept]: Type.Optional(ObjectionClockSchema),
    [OBJECTION_DEADLINES.platformCheck]: Type.Optional(ObjectionClockSchema),
    [OBJECTION_DEADLINES.providerVerify]: Type.Optional(ObjectionClockSchema),
  },
  {
    description:
      '各环节期限，按期限代码：objection.accept 受理审查（自提交）、objection.platform_check 平台初核（自受理）、objection.provider_verify 提供部门核实（自转办）',
  },
)

export const ObjectionSchema = Type.Object({
  id: Type.String(),
  number: Type.String({ description: '办件编号，如 YY2026000001' }),
  recordId: Type.String(),
  entityId: Type.String(),
  state: StringEnum(Object.keys(OBJECTION_STATES)),
  stateLabel: Type.String(),
  outcome: Nullable(StringEnum(OBJECTION_OUTCOMES)),
  outcomeLabel: Nullable(Type.String()),
  version: Type.Integer({ description: '乐观锁版本：办理时回传，已被他人办理则 409' }),
  applicantKind: StringEnum(['subject', 'operator']),
  onBehalf: Type.Boolean({ description: '窗口代录：信用工作人员代信用主体提出' }),
  providerDept: Type.String({ description: '提供该记录的部门（谁提供谁核实）' }),
  handlerDept: Nullable(Type.String({ description: '当前承办部门；null 为信用办（平台）' })),
  policyVersion: Nullable(Type.String({ description: '本件适用的期限政策版本' })),
  openedOn: Type.String({ format: 'date' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean({ description: '有逾期未办结的环节' }),
  deadlines: ObjectionDeadlinesSchema,
  deadlineList: Type.Array(DeadlineSchema, { description: '同一期限的列表形式（办件通用格式）' }),
  reason: Type.String({ description: '异议理由' }),
  contact: Nullable(Type.String({ description: '联系方式（仅承办人员可见）' })),
  evidence: Type.Array(Type.Object({ id: Type.String() }), { description: '证明材料文件' }),
})
export type ObjectionJson = Static<typeof ObjectionSchema>

export const ObjectionRecordSchema = Type.Object({
  id: Type.String(),
  classCode: Type.String(),
  className: Type.String(),
  version: Type.Integer(),
  versionObjected: Type.Integer({ description: '提出异议时的记录版本' }),
  state: Type.String({ description: 'active | revoked | repaired' }),
  documentNo: Nullable(Type.String()),
  decidedOn: Nullable(Type.String({ format: 'date' })),
  providerDept: Type.String(),
  underObjection: Type.Boolean({ description: '记录当前带有「异议处理中」标注' }),
})

export const ObjectionDetailSchema = Type.Composite([
  ObjectionSchema,
  Type.Object({
    record: ObjectionRecordSchema,
    evidenceFiles: Type.Array(AttachedFileSchema, { description: '证明材料文件（名称、大小、类型）' }),
    history: Type.Array(CaseEventSchema),
    actions: Type.Array(StringEnum(['accept', 'reject', 'forward', 'decide', 'withdraw']), {
      description: '当前调用者可以进行的办理操作',
    }),
  }),
])
export type ObjectionDetailJson = Static<typeof ObjectionDetailSchema>

export const ObjectionPageSchema = Type.Object({
  items: Type.Array(ObjectionSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
})
export type ObjectionPageJson = Static<typeof ObjectionPageSchema>

export function presentObjection(
  row: CaseRow,
  clocks: readonly CaseDeadlineRow[],
  facts: ObjectionFacts,
  read: ClockReading,
  options: { handler: boolean },
): ObjectionJson {
  const list = clocks.map((d) => presentDeadline(d, read, DEADLINE_LABELS))
  const keyed: Record<string, ObjectionClockJson> = {}
  for (const d of list)
    keyed[d.code] = {
      label: d.label,
      startOn: d.startOn,
      dueOn: d.dueOn,
      workingDays: d.workingDays,
      provisional: d.provisional,
      metAt: d.metAt,
      remainingWorkingDays: d.remainingWorkingDays,
      overdue: d.overdue,
    }
  const outcome = (row.outcome as ObjectionOutcome | null) ?? null
  return {
    id: row.id,
    number: row.number,
    recordId: facts.recordId,
    entityId: facts.entityId,
    state: row.state,
    stateLabel: stateLabel(objectionMachine, row.state),
    outcome,
    outcomeLabel: outcome ? OUTCOME_LABELS[outcome] : null,
    version: row.version,
    applicantKind: row.applicant_kind === 'subject' ? 'subject' : 'operator',
    onBehalf: facts.onBehalf,
    providerDept: facts.providerDept,
    handlerDept: row.handler_dept,
    policyVersion: row.policy_version,
    openedOn: row.opened_on,
    closedAt: row.closed_at,
    overdue: list.some((d) => d.overdue),
    deadlines: keyed,
    deadlineList: list,
    reason: facts.reason,
    contact: options.handler ? facts.contact : null,
    evidence: facts.evidence.map((id) => ({ id })),
  }
}

export function presentObjectionHistory(events: readonly CaseEventRow[]) {
  return events.map((e) => presentCaseEvent(objectionMachine, e))
}
