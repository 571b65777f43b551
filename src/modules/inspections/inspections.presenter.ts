// Response and request shapes of the inspection routes (TypeBox: validation, serialisation whitelist, OpenAPI).
import { Type } from '@sinclair/typebox'
import { NullableString, Shape, StringEnum } from '../policies/index.js'
import { PLAN_STATUSES } from './inspections.service.js'

const Strings = Type.Array(Type.String())
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const District = Type.String({ pattern: '^\\d{6}$' })

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
/** A plan by id, or (the CLI, public links) by number. */
export const PlanParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })

export const InspectorSchema = Shape({
  id: Type.String(),
  dept: Type.String(),
  name: Type.String(),
  badgeNo: Type.String(),
  district: Type.String(),
  districtName: NullableString,
  status: StringEnum(['active', 'inactive']),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

export const InspectorBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    badgeNo: Type.String({ minLength: 1, maxLength: 32 }),
    district: District,
    status: Type.Optional(StringEnum(['active', 'inactive'])),
  },
  { additionalProperties: false },
)

export const InspectorPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    district: Type.Optional(District),
    status: Type.Optional(StringEnum(['active', 'inactive'])),
  },
  { additionalProperties: false },
)

export const ConflictSchema = Shape({
  id: Type.String(),
  inspectorId: Type.String(),
  entityId: Type.String(),
  entityName: NullableString,
  reason: Type.String(),
  createdAt: Type.String(),
  withdrawnAt: NullableString,
})

export const ConflictBody = Type.Object(
  {
    entityId: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
)

export const WithdrawBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
)

export const PlanBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    matter: Type.String({ minLength: 1, maxLength: 500 }),
    industries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-T]$' }), { maxItems: 20 })),
    districts: Type.Optional(Type.Array(District, { maxItems: 100 })),
    period: Type.Object({ from: Day, to: Day }, { additionalProperties: false }),
    policy: Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' }),
  },
  { additionalProperties: false },
)

export const PlanListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(PLAN_STATUSES)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)

const StratumSchema = Shape({
  grade: Type.String(),
  candidates: Type.Integer(),
  requested: Type.Integer(),
  drawn: Type.Union([Type.Integer(), Type.Null()]),
  takeAll: Type.Boolean(),
  note: NullableString,
})

const planProperties = {
  id: Type.String(),
  number: Type.String(),
  dept: Type.String(),
  deptName: NullableString,
  name: Type.String(),
  matter: Type.String(),
  industries: Strings,
  districts: Strings,
  period: Shape({ from: Type.String(), to: Type.String() }),
  policy: Shape({ code: Type.String(), version: Type.Union([Type.Integer(), Type.Null()]) }),
  status: StringEnum(PLAN_STATUSES),
  statusLabel: Type.String(),
  commitment: Type.Union([
    Shape({ seedHash: Type.String(), frozenHash: Type.String(), frozenAt: Type.String() }),
    Type.Null(),
  ]),
  seed: NullableString,
  candidates: Type.Integer(),
  targets: Type.Integer(),
  results: Type.Integer(),
  strata: Type.Array(StratumSchema),
  createdAt: Type.String(),
  drawnAt: NullableString,
  completedAt: NullableString,
}

export const PlanSchema = Shape(planProperties)
export const PlanPageSchema = Shape({ total: Type.Integer(), items: Type.Array(PlanSchema) })

const TargetSchema = Shape({
  position: Type.Integer(),
  entityId: Type.String(),
  name: NullableString,
  uscc: NullableString,
  district: NullableString,
  stratum: Type.String(),
  inspectors: Type.Array(Shape({ id: Type.String(), name: NullableString, badgeNo: NullableString })),
  result: NullableString,
  resultDetail: NullableString,
  inspectedOn: NullableString,
  documentNo: NullableString,
  recordId: NullableString,
})

export const PlanDetailSchema = Shape({ ...planProperties, items: Type.Array(TargetSchema) })

const PublicTargetSchema = Shape({
  position: Type.Integer(),
  entityId: Type.String(),
  name: NullableString,
  uscc: NullableString,
  stratum: NullableString,
  inspectors: Strings,
  result: NullableString,
  inspectedOn: NullableString,
  recordId: NullableString,
})

export const PublicPlanSchema = Shape({
  ...planProperties,
  frozenPublic: Type.Boolean(),
  items: Type.Array(PublicTargetSchema),
})

export const VerificationSchema = Shape({
  plan: Type.String(),
  number: Type.String(),
  status: StringEnum(PLAN_STATUSES),
  matches: Type.Boolean(),
  checks: Shape({
    seedCommitment: Type.Boolean(),
    frozenHash: Type.Boolean(),
    auditEvent: Type.Boolean(),
    targets: Type.Boolean(),
  }),
  targets: Type.Integer(),
  differences: Strings,
})
