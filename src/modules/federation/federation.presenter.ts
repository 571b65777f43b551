import { type Static, Type } from '@sinclair/typebox'
import { StringEnum } from '../../http/typed.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

export const FeedQuery = Type.Object({
  after: Type.Optional(Type.String({ description: '游标：上一页返回的 next，首次为 0', maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: '每页条数（默认 500，最多 1000）' })),
  pending: Type.Optional(
    Type.String({ enum: ['1'], description: '填 1：同时返回本页之后还有多少条（pending，不签名，用于显示同步滞后）' }),
  ),
})
export type FeedQueryInput = Static<typeof FeedQuery>

export const FeedEntrySchema = Type.Object({
  seq: Type.String(),
  platform: Type.String(),
  to: Type.String(),
  op: StringEnum(['add', 'modify', 'delete', 'repair']),
  kind: StringEnum(['record', 'list_entry']),
  class: Type.String(),
  classVersion: Type.Integer(),
  recordId: Type.String(),
  version: Type.Integer(),
  at: Type.String(),
  list: Type.Union([Type.Object({ kind: Type.String() }), Type.Null()]),
  data: Type.Record(Type.String(), Type.String()),
  reason: Nullable(Type.String()),
  keyId: Type.String(),
  signature: Type.String(),
})

export const FeedPageSchema = Type.Object({
  platform: Type.String(),
  to: Type.String(),
  after: Type.String(),
  entries: Type.Array(FeedEntrySchema),
  next: Type.String(),
  more: Type.Boolean(),
  keyId: Type.String(),
  signature: Type.String(),
  pending: Type.Optional(Type.Integer()),
})

export const PlatformSchema = Type.Object({
  platformId: Type.String(),
  keys: Type.Array(
    Type.Object({
      id: Type.String(),
      alg: Type.String(),
      status: Type.String(),
      publicKey: Type.String(),
      retiredAt: Type.Optional(Type.String()),
    }),
  ),
})

export const PeerSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  platformId: Type.String(),
  url: Type.String(),
  dept: Type.String(),
  classes: Type.Array(Type.String()),
  measureClasses: Type.Array(Type.String()),
  keys: Type.Array(Type.Object({ id: Type.String(), status: Type.String(), addedAt: Type.String() })),
  pulls: Type.Boolean(),
  serves: Type.Boolean(),
  status: Type.String(),
  cursor: Type.String(),
  received: Type.Integer(),
  behind: Type.Union([Type.Integer(), Type.Null()]),
  lastPullAt: Nullable(Type.String()),
  lastSuccessAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
})

export const PeerListSchema = Type.Object({ items: Type.Array(PeerSchema) })
