import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { isTrue } from '../../http/flag.js'
import { requireAnyPermission, requirePermission } from '../../http/guards.js'
import { assertEntityScope, principalActor, readPurpose, statedPurpose } from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import { lookupEntity } from './entities.lookup.js'
import { entityJsonSchema, presentEntity, presentResolve } from './entities.presenter.js'
import { createEntity, entityHistory, getEntity, getEntityByUscc, revealIdNumber } from './entities.service.js'
import { ENTITY_KINDS, ENTITY_STATUSES, type NewEntity, type ResolveQuery } from './entities.types.js'
import { entityFile, fileSectionSchemas } from './entity-file.js'

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const
const tags = ['主体']

/** A subject account sees only its own entity (self.read); everybody else needs entity.read. */
function assertMayRead(req: FastifyRequest, entityId: string): void {
  assertEntityScope(req.principal, entityId)
}

const mayRead = requireAnyPermission('entity.read', 'self.read')

/** The file's response schema (a whitelist): basic, the registered sections, notes. */
function entityFileSchema(): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      basic: entityJsonSchema,
      ...fileSectionSchemas(),
      notes: {
        type: 'array',
        items: {
          type: 'object',
          properties: { section: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  }
}

export async function entityRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/v1/entities/:id',
    {
      schema: { tags, summary: '按主体编号查询主体', params: idParams, response: { 200: entityJsonSchema } },
      preHandler: mayRead,
    },
    async (req) => {
      assertMayRead(req, req.params.id)
      return presentEntity(await getEntity(ctx.db, req.params.id))
    },
  )

  app.get<{ Params: { uscc: string } }>(
    '/api/v1/entities/by-uscc/:uscc',
    {
      schema: {
        tags,
        summary: '按统一社会信用代码查询主体',
        params: {
          type: 'object',
          required: ['uscc'],
          properties: { uscc: { type: 'string', minLength: 1, maxLength: 40 } },
        },
        response: { 200: entityJsonSchema },
      },
      preHandler: mayRead,
    },
    async (req) => {
      const e = await getEntityByUscc(ctx.db, req.params.uscc)
      assertMayRead(req, e.id)
      return presentEntity(e)
    },
  )

  app.get<{ Params: { id: string }; Querystring: { authorized?: string } }>(
    '/api/v1/entities/:id/file',
    {
      schema: {
        tags,
        summary:
          '主体信用档案（一户一档）：调用方可见的各范围记录、名单、异议标注、承诺、核查；授权查询记录须说明用途（X-Purpose）',
        params: idParams,
        querystring: {
          type: 'object',
          properties: { authorized: { type: 'string', enum: ['true', 'false', '1', '0'] } },
        },
        headers: { type: 'object', properties: { 'x-purpose': { type: 'string' } } },
        response: { 200: entityFileSchema() },
      },
      preHandler: mayRead,
    },
    async (req) => {
      assertMayRead(req, req.params.id)
      // a purpose is optional here (it opens the authorised section); one that is stated must be valid
      const purpose = statedPurpose(req.headers, undefined)
      const authorized = req.query.authorized === undefined ? undefined : isTrue(req.query.authorized)
      const file = await entityFile(ctx, req.params.id, req.principal, { purpose, authorized, requestId: req.id })
      return { basic: presentEntity(file.entity), ...file.sections, notes: file.notes }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/entities/:id/history',
    { schema: { tags, summary: '主体信息变更历史', params: idParams }, preHandler: mayRead },
    async (req) => {
      assertMayRead(req, req.params.id)
      await getEntity(ctx.db, req.params.id)
      return { items: await entityHistory(ctx.db, req.params.id) }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/entities/:id/id-number',
    {
      schema: {
        tags,
        summary: '查看自然人完整身份证件号码（须说明用途，记入审计）',
        params: idParams,
        headers: { type: 'object', properties: { 'x-purpose': { type: 'string' } } },
        response: {
          200: { type: 'object', properties: { entityId: { type: 'string' }, idNumber: { type: 'string' } } },
        },
      },
      preHandler: requirePermission('entity.read_personal'),
    },
    async (req) => {
      const purpose = readPurpose(req.headers, req.body)
      const idNumber = await revealIdNumber(ctx, principalActor(req.principal, req.id, purpose), req.params.id)
      return { entityId: req.params.id, idNumber }
    },
  )

  app.post<{ Body: ResolveQuery & { purpose?: string } }>(
    '/api/v1/entities/resolve',
    {
      schema: {
        tags,
        summary: '主体匹配：按代码、身份证件号码或名称找到唯一主体（任何字段中的身份证件号码都须说明用途，记入审计）',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            uscc: { type: 'string', maxLength: 40 },
            codes: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 40 } },
            name: { type: 'string', maxLength: 200 },
            district: { type: 'string', pattern: '^\\d{6}$' },
            idNumber: { type: 'string', maxLength: 40 },
            purpose: { type: 'string', maxLength: 200 },
          },
        },
      },
      preHandler: requirePermission('entity.resolve'),
    },
    async (req) => {
      const actor = principalActor(req.principal, req.id, statedPurpose(req.headers, req.body))
      return presentResolve(await lookupEntity(ctx, actor, req.body, { via: 'resolve' }))
    },
  )

  app.post<{ Body: NewEntity }>(
    '/api/v1/entities',
    {
      schema: {
        tags,
        summary: '登记信用主体',
        body: {
          type: 'object',
          required: ['kind', 'name'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...ENTITY_KINDS] },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            uscc: { type: 'string', maxLength: 40 },
            orgCode: { type: 'string', maxLength: 20 },
            regNo: { type: 'string', maxLength: 20 },
            district: { type: 'string', pattern: '^\\d{6}$' },
            industry: { type: 'string', pattern: '^[A-T]$' },
            status: { type: 'string', enum: [...ENTITY_STATUSES] },
            legalRep: { type: 'string', maxLength: 100 },
            establishedOn: { type: 'string', format: 'date' },
            idNumber: { type: 'string', maxLength: 40 },
            formerNames: {
              type: 'array',
              maxItems: 20,
              items: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string' }, validTo: { type: 'string' } },
              },
            },
          },
        },
        response: { 201: entityJsonSchema },
      },
      preHandler: requirePermission('entity.write'),
    },
    async (req, reply) => {
      const e = await createEntity(ctx, principalActor(req.principal, req.id), req.body)
      reply.code(201)
      return presentEntity(e)
    },
  )
}
