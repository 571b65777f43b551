// Response schemas (whitelists) of watches, their feed and delivery status, and the early-warning rules.
import { Type } from '@sinclair/typebox'
import { Fields, StringOrNull } from '../../http/typed.js'

const str = Type.String()
const nstr = StringOrNull()
const int = Type.Integer()

export const DeliveryStatusSchema = Fields({
  cursor: str,
  backlog: int,
  delivered: int,
  lastDeliveredAt: nstr,
  attempts: int,
  nextAttemptAt: nstr,
  lastError: nstr,
  deadLetters: int,
})

const watchProps = {
  id: str,
  name: str,
  dept: nstr,
  events: Type.Array(str),
  entityCount: int,
  webhook: Type.Union([Fields({ url: str }), Type.Null()]),
  createdAt: str,
  startCursor: str,
  delivery: Type.Union([DeliveryStatusSchema, Type.Null()]),
}

export const WatchSchema = Fields(watchProps)
export const WatchDetailSchema = Fields({ ...watchProps, entityIds: Type.Array(str) })
export const CreatedWatchSchema = Fields({ ...watchProps, secret: str })

const eventProps = {
  id: str,
  type: str,
  occurredAt: str,
  entityId: str,
  data: Type.Object({}, { additionalProperties: true }),
}

export const WatchFeedSchema = Fields({
  items: Type.Array(Fields({ ...eventProps, cursor: str })),
  next: str,
  more: Type.Boolean(),
})

export const WatchDeliveriesSchema = Fields({
  status: Type.Union([DeliveryStatusSchema, Type.Null()]),
  deadLetters: Type.Array(
    Fields({
      id: str,
      eventId: str,
      cursor: str,
      attempts: int,
      lastError: nstr,
      deadAt: str,
      replayedAt: nstr,
    }),
  ),
})

const conditionSchema = Type.Object({}, { additionalProperties: true })

export const WatchRuleSchema = Fields({
  code: str,
  version: int,
  name: str,
  level: str,
  enabled: Type.Boolean(),
  when: conditionSchema,
  basis: nstr,
})
