import { type Static, Type } from '@sinclair/typebox'
import { Nullable } from '../../http/typed.js'
import {
  CaseEventSchema,
  type ClockReading,
  DeadlineSchema,
  presentCaseEvent,
  presentCaseSummary,
} from '../cases/index.js'
import { AttachedFileSchema } from '../files/index.js'
import { NullableString, Shape, StringEnum, versionInfoProperties } from '../policies/index.js'
import { TIP_CLOCK_LABELS } from './tips.clock.js'
import { TIP_STATES, tipMachine } from './tips.machine.js'
import type { RoutingVersion } from './tips.policy.js'
import type { RoutingTable } from './tips.routing.js'
import { type FiledTip, fenToYuan, type TipDetail, type TipPage, type TipStatus, type TipView } from './tips.service.js'

// ---------------------------------------------------------------- the public

export const ContactBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 50, description: '联系人姓名' })),
    phone: Type.Optional(Type.String({ maxLength: 20, description: '联系电话' })),
    email: Type.Optional(Type.String({ maxLength: 254, description: '电子邮箱' })),
  },
  { additionalProperties: false },
)

export const SubmitTipBody = Type.Object(
  {
    category: Type.String({
      minLength: 1,
      maxLength: 40,
      description: '举报类别代码（GET /api/v1/public/tips/categories）',
    }),
    entityName: Type.Optional(Nullable(Type.String({ maxLength: 200, description: '被举报主体名称' }))),
    entityUscc: Type.Optional(Nullable(Type.String({ maxLength: 30, description: '被举报主体统一社会信用代码' }))),
    content: Type.String({ maxLength: 5000, description: '举报内容：谁、何时、何地、什么失信行为（10 到 5000 个字）' }),
    evidence: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10, description: '证据文件 id（POST /api/v1/files）' }),
    ),
    uploadToken: Type.Optional(Type.String({ maxLength: 200, description: '匿名上传证据文件时得到的 uploadToken' })),
    contact: Type.Optional(Nullable(ContactBody)),
    wantsReward: Type.Optional(Type.Boolean({ description: '申请举报奖励（须留联系方式）' })),
  },
  { additionalProperties: false },
)

export const FiledTipSchema = Type.Object({
  number: Type.String({ description: '举报编号' }),
  queryCode: Type.String({ description: '查询码：只显示这一次，平台只保存其散列值，请妥善保存' }),
})

export const TipStatusSchema = Type.Object({
  number: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  updatedOn: Type.String({ format: 'date', description: '最近一次办理的日期' }),
})

export const TipCategoriesSchema = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), nameZh: Type.String() })),
})

export const presentFiled = (f: FiledTip): Static<typeof FiledTipSchema> => ({
  number: f.number,
  queryCode: f.queryCode,
})
export const presentStatus = (s: TipStatus): Static<typeof TipStatusSchema> => ({ ...s })
export const presentCategories = (t: RoutingTable): Static<typeof TipCategoriesSchema> => ({
  items: t.categories.map((c) => ({ code: c.code, nameZh: c.nameZh })),
})

// ---------------------------------------------------------------- the console

const tipProperties = {
  id: Type.String(),
  number: Type.String({ description: '举报编号' }),
  state: StringEnum(TIP_STATES),
  stateLabel: Type.String(),
  version: Type.Integer({ description: '乐观锁版本：办理时回传（version），已被他人办理则 409' }),
  entityId: Nullable(Type.String({ description: '按统一社会信用代码匹配到的主体' })),
  category: Type.String(),
  categoryLabel: Type.String(),
  entityName: Nullable(Type.String()),
  entityUscc: Nullable(Type.String()),
  wantsReward: Type.Boolean(),
  applicantKind: Type.String({ description: 'public：匿名或未登录；subject：信用主体账户' }),
  handlerDept: Nullable(Type.String({ description: '承办部门（null：待信用办分办）' })),
  handlerDeptName: Nullable(Type.String()),
  suggestedDept: Nullable(Type.String({ description: '提交时分办表建议的承办部门' })),
  suggestedDeptName: Nullable(Type.String()),
  routingVersion: Type.Integer({ description: '提交时适用的分办表版本' }),
  outcome: Nullable(Type.String()),
  openedOn: Type.String({ format: 'date' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean(),
  deadlines: Type.Array(DeadlineSchema),
  reward: Nullable(
    Type.Object({
      amount: Type.String({ description: '奖励金额（元，两位小数）' }),
      amountFen: Type.Integer({ description: '奖励金额（分）' }),
      paidOn: Type.String({ format: 'date' }),
    }),
  ),
}

export const TipSummarySchema = Type.Object(tipProperties)
export type TipSummaryJson = Static<typeof TipSummarySchema>

export const TipDetailSchema = Type.Object({
  ...tipProperties,
  content: Type.String({ description: '举报内容（承办部门看到原文，其他人看到身份证号已脱敏的文本）' }),
  evidence: Type.Array(AttachedFileSchema),
  contactVisible: Type.Boolean({ description: '本人所在部门正在办理该举报：可见举报人联系方式' }),
  contact: Nullable(Type.Object({ name: Type.String(), phone: Type.String(), email: Type.String() })),
  actions: Type.Array(Type.String(), { description: '当前用户可执行的办理动作' }),
  history: Type.Array(CaseEventSchema),
})
export type TipDetailJson = Static<typeof TipDetailSchema>

export const TipListSchema = Type.Object({
  items: Type.Array(TipSummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  counts: Type.Array(
    Type.Object({ state: Type.String(), stateLabel: Type.String(), dept: Nullable(Type.String()), n: Type.Integer() }),
  ),
})

export function presentTip(t: TipView, read: ClockReading): TipSummaryJson {
  const c = presentCaseSummary(tipMachine, t.view.row, t.view.deadlines, read, TIP_CLOCK_LABELS)
  const name = (code: string | null) => (code ? (t.deptNames.get(code) ?? code) : null)
  return {
    id: c.id,
    number: c.number,
    state: c.state as TipSummaryJson['state'],
    stateLabel: c.stateLabel,
    version: c.version,
    entityId: c.entityId,
    category: t.tip.category,
    categoryLabel: t.categoryLabel,
    entityName: t.tip.entity_name,
    entityUscc: t.tip.entity_uscc,
    wantsReward: t.tip.wants_reward === 1,
    applicantKind: c.applicantKind,
    handlerDept: c.handlerDept,
    handlerDeptName: name(c.handlerDept),
    suggestedDept: t.tip.suggested_dept,
    suggestedDeptName: name(t.tip.suggested_dept),
    routingVersion: t.tip.routing_version,
    outcome: c.outcome,
    openedOn: c.openedOn,
    closedAt: c.closedAt,
    overdue: c.overdue,
    deadlines: c.deadlines,
    reward:
      t.tip.reward_fen !== null && t.tip.reward_paid_on !== null
        ? { amount: fenToYuan(t.tip.reward_fen), amountFen: t.tip.reward_fen, paidOn: t.tip.reward_paid_on }
        : null,
  }
}

export function presentTipDetail(t: TipDetail, read: ClockReading): TipDetailJson {
  return {
    ...presentTip(t, read),
    entityName: t.entityName,
    content: t.content,
    evidence: t.evidence,
    contactVisible: t.contactVisible,
    contact: t.contact,
    actions: t.actions,
    history: t.history.map((e) => presentCaseEvent(tipMachine, e)),
  }
}

export function presentTipPage(p: TipPage, read: ClockReading): Static<typeof TipListSchema> {
  return {
    items: p.items.map((t) => presentTip(t, read)),
    total: p.total,
    page: p.page,
    pageSize: p.pageSize,
    counts: p.counts.map((c) => ({
      ...c,
      stateLabel: (tipMachine.states as Record<string, string>)[c.state] ?? c.state,
    })),
  }
}

// ---------------------------------------------------------------- the routing table

export const RoutingTableSchema = Shape({
  categories: Type.Array(
    Shape({ code: Type.String(), nameZh: Type.String(), dept: NullableString }, { additionalProperties: false }),
  ),
  basis: Type.Array(Type.String()),
})

export const RoutingVersionSchema = Shape({ ...versionInfoProperties, routing: RoutingTableSchema })

export type { RoutingVersion }
