import { Type } from '@sinclair/typebox'
import { StringEnum, StringOrNull } from '../../http/typed.js'
import type {
  ActivatedAccount,
  AgentView,
  BoundEntity,
  InvitationView,
  IssuedInvitation,
  SubjectAccount,
} from './subjects.service.js'

/** The shapes of subject accounts that leave the server. An ID number only ever leaves masked (idMasked). */

export const BoundEntitySchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  uscc: StringOrNull(),
  idMasked: StringOrNull({ description: '自然人身份证号码（脱敏）' }),
  district: StringOrNull(),
  status: Type.String(),
  legalRep: StringOrNull({ description: '法定代表人（负责人）；自然人为 null' }),
})

export const IssuedInvitationSchema = Type.Object({
  id: Type.String({ description: '激活码记录编号（吊销时使用）' }),
  entityId: Type.String(),
  code: Type.String({ description: '一次性激活码，只在此响应中出现一次' }),
  expiresAt: Type.String(),
})

export const InvitationSchema = Type.Object({
  id: Type.String(),
  entityId: Type.String(),
  state: StringEnum(['open', 'expired', 'used', 'revoked', 'superseded'] as const),
  expiresAt: Type.String(),
  createdAt: Type.String(),
  createdBy: StringOrNull(),
  usedAt: StringOrNull(),
  usedBy: StringOrNull(),
  revokedAt: StringOrNull(),
})

export const ActivatedSchema = Type.Object({
  id: Type.String(),
  username: StringOrNull(),
  displayName: Type.String(),
  role: Type.String(),
  dept: StringOrNull(),
  district: StringOrNull(),
  entityId: StringOrNull(),
  entity: BoundEntitySchema,
})

export const SubjectAccountSchema = Type.Object({
  user: Type.Object({
    id: Type.String(),
    username: StringOrNull(),
    displayName: Type.String(),
    role: Type.String(),
    isAgent: Type.Boolean({ description: '是否为经办人账户' }),
  }),
  entity: BoundEntitySchema,
})

export const AgentSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  username: StringOrNull(),
  displayName: Type.String(),
  entityId: Type.String(),
  entityName: StringOrNull(),
  letterFileId: Type.String({ description: '授权委托书（证据材料文件编号）' }),
  state: StringEnum(['pending', 'approved', 'rejected'] as const),
  reason: StringOrNull({ description: '退回理由' }),
  createdAt: Type.String(),
  createdBy: StringOrNull(),
  decidedAt: StringOrNull(),
  decidedBy: StringOrNull(),
})

function entityJson(e: BoundEntity) {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    uscc: e.uscc,
    idMasked: e.idMasked,
    district: e.district,
    status: e.status,
    legalRep: e.legalRep,
  }
}

export function presentIssuedInvitation(i: IssuedInvitation) {
  return { id: i.id, entityId: i.entityId, code: i.code, expiresAt: i.expiresAt }
}

export function presentInvitation(i: InvitationView) {
  return { ...i }
}

export function presentActivated(a: ActivatedAccount) {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    dept: a.dept,
    district: a.district,
    entityId: a.entityId,
    entity: entityJson(a.entity),
  }
}

export function presentSubjectAccount(a: SubjectAccount) {
  return { user: { ...a.user }, entity: entityJson(a.entity) }
}

export function presentAgent(a: AgentView) {
  return { ...a }
}
