import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { AnyObject, Nullable, typed } from '../../http/typed.js'
import { auditCheckpoint, consistencyProof, inclusionProof, publishedKeys } from './audit.log.js'
import { AUDIT_ACTION_LABELS } from './audit.labels.js'
import { type AuditNamesSource, readableEvents } from './audit.readable.js'
import { exportAuditCsv, searchAuditEvents, verifyAuditChain } from './audit.service.js'

const Filter = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  targetType: Type.Optional(Type.String({ maxLength: 50 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 30 })),
  to: Type.Optional(Type.String({ maxLength: 30 })),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
})

const AuditEvent = Type.Object({
  seq: Type.Number(),
  id: Type.String(),
  at: Type.String(),
  actorKind: Type.String(),
  actor: Nullable(Type.String()),
  actorRole: Nullable(Type.String()),
  actorDept: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  details: AnyObject,
  actionLabel: Type.String({ description: '操作的中文名称' }),
  targetLabel: Nullable(Type.String()),
  actorName: Nullable(Type.String({ description: '操作人的用户名（API 密钥为密钥名称）' })),
  actorDeptName: Nullable(Type.String({ description: '操作人当时所属部门的名称' })),
  detailItems: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), value: Type.String() }), {
    description: '详情的可读形式：字段中文名与取值',
  }),
})

const VerifyAnswer = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Number(),
  firstBad: Type.Optional(
    Type.Object({ id: Nullable(Type.String()), seq: Nullable(Type.Number()), reason: Type.String() }),
  ),
})

const tags = ['审计']

const Hex = Type.String({ pattern: '^[0-9a-f]{64}$' })
const CheckpointShape = Type.Object({
  size: Type.Number(),
  root: Hex,
  time: Type.String(),
  keyId: Type.String(),
  signature: Type.String({ description: 'Ed25519，base64，签名对象见 docs/audit-log.md' }),
})
const KeysShape = Type.Object({
  keys: Type.Array(
    Type.Object({
      id: Type.String(),
      alg: Type.Literal('Ed25519'),
      status: Type.String(),
      publicKey: Type.String(),
      retiredAt: Type.Optional(Type.String()),
    }),
  ),
})

export interface AuditRouteOptions {
  /** Names of users, keys, departments and roles for the readable fields (from the access module, via the app). */
  names?: AuditNamesSource
}

export async function auditRoutes(app: FastifyInstance, ctx: Ctx, options: AuditRouteOptions = {}): Promise<void> {
  const r = typed(app)
  r.get(
    '/api/v1/audit/actions',
    {
      schema: {
        tags,
        summary: '审计操作代码及其中文名称',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })) }),
        },
      },
      preHandler: requirePermission('audit.read'),
    },
    async () => ({ items: Object.entries(AUDIT_ACTION_LABELS).map(([code, label]) => ({ code, label })) }),
  )

  r.get(
    '/api/v1/audit/events',
    {
      schema: {
        tags,
        summary: '查询审计日志',
        querystring: Filter,
        response: { 200: Type.Object({ total: Type.Number(), items: Type.Array(AuditEvent) }) },
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req) => {
      const { total, items } = await searchAuditEvents(ctx.db, req.query, req.query.page, req.query.pageSize)
      return { total, items: await readableEvents(items, options.names) }
    },
  )

  r.get(
    '/api/v1/audit/events.csv',
    {
      schema: {
        tags,
        summary: '导出审计日志（CSV，最多 50,000 条）',
        querystring: Filter,
        response: { 200: Type.String({ description: 'text/csv' }) },
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req, reply) => {
      const { csv, total } = await exportAuditCsv(ctx, requestActor(req), req.query, options.names)
      reply.header('content-type', 'text/csv; charset=utf-8')
      reply.header('content-disposition', 'attachment; filename="audit-events.csv"')
      reply.header('x-total-count', String(total))
      return csv
    },
  )

  r.post(
    '/api/v1/audit/verify',
    {
      schema: { tags, summary: '校验审计日志哈希链完整性', response: { 200: VerifyAnswer } },
      preHandler: requirePermission('audit.verify'),
    },
    async () => verifyAuditChain(ctx.db, ctx.keys),
  )

  // Checkpoints and consistency proofs show only sizes and hashes: public, for witnesses (docs/audit-log.md).
  r.get(
    '/.well-known/gongxin-keys.json',
    { schema: { tags, summary: '平台签名公钥（当前与已停用）', response: { 200: KeysShape } } },
    async () => publishedKeys(ctx),
  )

  r.get(
    '/api/v1/audit/checkpoint',
    {
      schema: {
        tags,
        summary: '审计日志最新签名检查点',
        response: { 200: Type.Object({ checkpoint: Nullable(CheckpointShape) }) },
      },
    },
    async () => ({ checkpoint: await auditCheckpoint(ctx) }),
  )

  r.get(
    '/api/v1/audit/proofs/consistency',
    {
      schema: {
        tags,
        summary: '审计日志一致性证明（RFC 6962 §2.1.2）',
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
        response: {
          200: Type.Object({
            from: Type.Number(),
            to: Type.Number(),
            fromRoot: Hex,
            toRoot: Hex,
            proof: Type.Array(Hex),
          }),
        },
      },
    },
    async (req) => consistencyProof(ctx.db, req.query.from, req.query.to),
  )

  // an inclusion proof names an event (its id and position): audit.read, like the events themselves
  r.get(
    '/api/v1/audit/proofs/inclusion',
    {
      schema: {
        tags,
        summary: '审计事件包含证明（RFC 6962 §2.1.1）',
        querystring: Type.Object({
          event: Type.String({ minLength: 1, maxLength: 100 }),
          size: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: {
          200: Type.Object({
            event: Type.String(),
            index: Type.Number(),
            size: Type.Number(),
            eventHash: Hex,
            leafHash: Hex,
            root: Hex,
            path: Type.Array(Hex),
          }),
        },
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req) => inclusionProof(ctx, req.query.event, req.query.size),
  )
}
