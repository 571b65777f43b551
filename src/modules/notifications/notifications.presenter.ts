// Response shapes of the inbox and outbox routes (TypeBox: serialisation whitelist, OpenAPI and the handlers' types).
import { Type } from '@sinclair/typebox'
import { NullableString, OpenObject, Shape, StringEnum } from '../policies/index.js'

export const NoticeSchema = Shape({
  id: Type.String(),
  to: Shape({ kind: Type.String(), id: Type.String() }),
  topic: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: NullableString,
  createdAt: Type.String(),
  read: Type.Boolean(),
  readAt: NullableString,
})

export const InboxPageSchema = Shape({
  items: Type.Array(NoticeSchema),
  total: Type.Integer(),
  unread: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
})

export const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

const NullableInteger = Type.Unsafe<number | null>({ type: ['integer', 'null'] })

export const DeliverySchema = Shape({
  id: Type.String(),
  target: Type.String(),
  targetKind: Type.String(),
  topic: Type.String(),
  payload: OpenObject,
  ref: Type.Union([Shape({ type: Type.String(), id: Type.String() }), Type.Null()]),
  state: StringEnum(['pending', 'delivered', 'failed']),
  channel: NullableString,
  attempts: Type.Integer(),
  nextAttemptAt: NullableString,
  lastError: NullableString,
  createdAt: Type.String(),
  deliveredAt: NullableString,
  due: NullableString,
  dueProvisional: Type.Boolean(),
  remainingWorkingDays: NullableInteger,
  overdue: Type.Boolean(),
})

export const DeliveryPageSchema = Shape({
  items: Type.Array(DeliverySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
})

export const DeliveryQuery = Type.Object({
  state: Type.Optional(StringEnum(['pending', 'delivered', 'failed'])),
  target: Type.Optional(Type.String({ maxLength: 64 })),
  refType: Type.Optional(Type.String({ maxLength: 64 })),
  refId: Type.Optional(Type.String({ maxLength: 64 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
})

export const DeliverResultSchema = Shape({
  attempted: Type.Integer(),
  delivered: Type.Integer(),
  retrying: Type.Integer(),
  failed: Type.Integer(),
})

export const TargetSchema = Shape({
  code: Type.String(),
  kind: StringEnum(['dept', 'peer', 'relay']),
  name: Type.String(),
  webhookUrl: NullableString,
  hasSecret: Type.Boolean(),
  active: Type.Boolean(),
  updatedAt: Type.String(),
})

export const TargetParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }) })

export const TargetBody = Type.Object(
  {
    kind: StringEnum(['dept', 'peer', 'relay']),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    webhookUrl: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
