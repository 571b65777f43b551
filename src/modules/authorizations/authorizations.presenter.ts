import { Type } from '@sinclair/typebox'
import { Nullable } from '../../http/typed.js'

export const GrantSchema = Type.Object({
  id: Type.String(),
  entityId: Type.String(),
  grantee: Type.String(),
  scopes: Type.Array(Type.String()),
  until: Type.String(),
  note: Nullable(Type.String()),
  status: Type.String({ description: 'active 有效 / expired 已过期 / revoked 已撤销' }),
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
  uses: Type.Integer(),
})

export const GrantBody = Type.Object(
  {
    grantee: Type.String({
      minLength: 1,
      maxLength: 64,
      description: '被授权方：信用服务机构或部门的代码、统一社会信用代码，或其账户编号',
    }),
    scopes: Type.Array(Type.String({ maxLength: 64 }), {
      minItems: 1,
      maxItems: 20,
      description: '授权范围，如 ["report.full"]（完整信用报告）、["report.special"]、["report.person"]',
    }),
    until: Type.String({
      maxLength: 40,
      description: 'YYYY-MM-DD（当日北京时间 24 时失效）或 ISO-8601 时间，最长 366 天',
    }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
  },
  { additionalProperties: false },
)
