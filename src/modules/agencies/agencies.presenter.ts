// Response schemas (whitelists) and request bodies of the agency registry and the agencies' update feed.
import { Type } from '@sinclair/typebox'
import { Fields, StringOrNull } from '../../http/typed.js'

const str = Type.String()
const nstr = StringOrNull()
const int = Type.Integer()

const agencyProps = {
  id: str,
  entityId: str,
  uscc: str,
  name: str,
  filingNo: str,
  businessScope: str,
  filedOn: nstr,
  status: Type.String({ description: 'filed 备案 / suspended 暂停 / cancelled 注销' }),
  statusLabel: str,
  statusReason: nstr,
  statusChangedAt: str,
  createdAt: str,
  updatedAt: str,
}

export const AgencySchema = Fields(agencyProps)

export const AgencyPrincipalSchema = Fields({
  kind: Type.String({ description: 'user 账户 / api_key 密钥' }),
  id: str,
  name: str,
  displayName: nstr,
  prefix: nstr,
  role: str,
  status: str,
})

export const AgencyDetailSchema = Fields({
  ...agencyProps,
  principals: Type.Array(AgencyPrincipalSchema),
  subjectsRead: int,
})

export const AgencyKeySchema = Fields({ id: str, key: str, agencyId: str, expiresAt: nstr })

export const AgencyFeedSchema = Fields({
  items: Type.Array(
    Fields({
      id: str,
      cursor: str,
      type: Type.String({ description: 'record.repaired 信用修复 / record.revoked 信用记录撤销' }),
      occurredAt: str,
      entityId: str,
      data: Type.Object({}, { additionalProperties: true }),
    }),
  ),
  next: str,
  more: Type.Boolean(),
})

const text = (max: number, description: string) => Type.String({ maxLength: max, description })

export const RegisterAgencyBody = Type.Object(
  {
    uscc: text(40, '统一社会信用代码'),
    name: Type.Optional(text(200, '机构名称（该代码尚未登记为主体时必填，随备案登记主体）')),
    filingNo: text(100, '备案编号，不能重复'),
    businessScope: text(1000, '业务范围'),
    filedOn: Type.Optional(text(20, '备案日期 YYYY-MM-DD')),
    status: Type.Optional(text(20, 'filed（默认）/ suspended / cancelled')),
    reason: Type.Optional(text(400, '状态不是 filed 时的原因')),
    district: Type.Optional(text(12, '随备案登记主体时的行政区划代码')),
  },
  { additionalProperties: false },
)

export const AgencyStatusBody = Type.Object(
  {
    status: text(20, 'filed 备案 / suspended 暂停 / cancelled 注销'),
    reason: Type.Optional(text(400, '暂停、注销的原因（必填）')),
  },
  { additionalProperties: false },
)

export const AgencyPrincipalBody = Type.Union([
  Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ keyId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
])

export const AgencyKeyBody = Type.Object(
  {
    name: Type.Optional(text(100, '密钥名称')),
    expiresAt: Type.Optional(text(40, '到期日 YYYY-MM-DD 或 ISO-8601 时间')),
  },
  { additionalProperties: false },
)
