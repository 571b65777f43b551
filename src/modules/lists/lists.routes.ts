import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requireAnyPermission, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { principalActor, statedPurpose } from '../access/index.js'
import { policyRoutes } from '../policies/index.js'
import { LIST_KINDS, listEntries } from './lists.entries.js'
import { entrySchema, pageOf, proposalSchema, scanSchema } from './lists.presenter.js'
import { RuleVersionSchema } from './lists.rule-presenter.js'
import { rulePolicy } from './lists.rule-policy.js'
import { PROPOSAL_STATUSES, readProposals, rejectProposal, scanProposals } from './lists.service.js'

const tags = ['名单管理']
/** A string of one of `values`, as `{ type: 'string', enum }` (what fastify's ajv and the OpenAPI document show). */
const StringEnum = <T extends readonly string[]>(values: T, options: { default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}

/**
 * List management (红名单、黑名单、重点关注名单): the entries of each list (record.read), the escalation rule (read:
 * measure.read, change: measure.write) and the focus-list proposals it produces (measure.write; auditors read).
 * Confirming a proposal creates a list record through the ingest flow: see src/flows/lists.
 */
export async function listRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  policyRoutes(app, ctx, rulePolicy, {
    path: '/api/v1/lists/escalation-rule',
    tags,
    summaries: {
      get: '重点关注名单升级规则（默认当前版本，?version= 指定历史版本）',
      versions: '升级规则的全部版本（来源、修改人、修改原因、规则内容）',
      edit: '修改升级规则（生成新版本并记入审计；默认文件更新时不覆盖运维人员的版本）',
    },
    read: { preHandler: requirePermission('measure.read') },
    write: 'measure.write',
    schemas: { served: RuleVersionSchema, version: RuleVersionSchema },
    edit: { field: 'rule', reasonLength: 'service', baseVersion: true, reply: 'served' },
  })

  r.get(
    '/api/v1/lists/proposals',
    {
      schema: {
        tags,
        summary: '重点关注名单列入建议（按状态筛选，最新在前）',
        querystring: Type.Object(
          {
            status: Type.Optional(StringEnum(PROPOSAL_STATUSES)),
            entityId: Type.Optional(Type.String({ maxLength: 64 })),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(proposalSchema) },
      },
      preHandler: requireAnyPermission('measure.write', 'audit.read'),
    },
    async (req) =>
      readProposals(
        ctx,
        principalActor(req.principal, req.id, statedPurpose(req.headers, undefined)),
        { status: req.query.status, entityId: req.query.entityId },
        req.query.page ?? 1,
        req.query.pageSize ?? 20,
      ),
  )

  r.post(
    '/api/v1/lists/proposals/scan',
    {
      schema: {
        tags,
        summary: '按当前升级规则扫描，生成列入建议（规则关闭时不生成；从不直接列入名单）',
        response: { 200: scanSchema },
      },
      preHandler: requirePermission('measure.write'),
    },
    async (req) => scanProposals(ctx, principalActor(req.principal, req.id)),
  )

  r.post(
    '/api/v1/lists/proposals/:id/reject',
    {
      schema: {
        tags,
        summary: '驳回列入建议（须填写理由，记入审计）',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: proposalSchema },
      },
      preHandler: requirePermission('measure.write'),
    },
    async (req) => rejectProposal(ctx, principalActor(req.principal, req.id), req.params.id, req.body.reason),
  )

  r.get(
    '/api/v1/lists/:kind/entries',
    {
      schema: {
        tags,
        summary: '名单条目（政务视图）：在列、已移出（期满、提前移出、撤销、修复）及其期限和原因',
        params: Type.Object({ kind: StringEnum(LIST_KINDS) }),
        querystring: Type.Object(
          {
            class: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' })),
            dept: Type.Optional(Type.String({ maxLength: 64 })),
            entityId: Type.Optional(Type.String({ maxLength: 64 })),
            state: Type.Optional(StringEnum(['listed', 'ended', 'all'] as const, { default: 'listed' })),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            type: 'object',
            properties: { kind: { type: 'string' }, state: { type: 'string' }, ...pageOf(entrySchema).properties },
          },
        },
      },
      preHandler: requirePermission('record.read'),
    },
    async (req) =>
      listEntries(
        ctx,
        principalActor(req.principal, req.id, statedPurpose(req.headers, undefined)),
        req.params.kind,
        { class: req.query.class, dept: req.query.dept, entityId: req.query.entityId, state: req.query.state },
        req.query.page ?? 1,
        req.query.pageSize ?? 20,
      ),
  )
}
