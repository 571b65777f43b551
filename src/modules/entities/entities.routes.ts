import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { isTrue } from '../../http/flag.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { StringEnum, typed } from '../../http/typed.js'
import { assertEntityScope, readPurpose, statedPurpose } from '../access/index.js'
import { lookupEntity } from './entities.lookup.js'
import {
  EntityHistorySchema,
  EntitySchema,
  entityFileSchema,
  presentEntity,
  presentEntityFile,
  presentResolve,
  ResolveAnswerSchema,
} from './entities.presenter.js'
import { createEntity, entityHistory, getEntity, getEntityByUscc, revealIdNumber } from './entities.service.js'
import { ENTITY_KINDS, ENTITY_STATUSES } from './entities.types.js'
import { entityFile } from './entity-file.js'

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const PurposeHeader = Type.Object({ 'x-purpose': Type.Optional(Type.String()) })
const tags = ['主体']

/** A subject account sees only its own entity (self.read, checked in the handler); everybody else needs entity.read. */
const mayRead = requireAnyPermission('entity.read', 'self.read')

const ResolveBody = Type.Object(
  {
    uscc: Type.Optional(Type.String({ maxLength: 40 })),
    codes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    district: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    idNumber: Type.Optional(Type.String({ maxLength: 40 })),
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

const NewEntityBody = Type.Object(
  {
    kind: StringEnum(ENTITY_KINDS),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    uscc: Type.Optional(Type.String({ maxLength: 40 })),
    orgCode: Type.Optional(Type.String({ maxLength: 20 })),
    regNo: Type.Optional(Type.String({ maxLength: 20 })),
    district: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    industry: Type.Optional(Type.String({ pattern: '^[A-T]$' })),
    status: Type.Optional(StringEnum(ENTITY_STATUSES)),
    legalRep: Type.Optional(Type.String({ maxLength: 100 })),
    establishedOn: Type.Optional(Type.String({ format: 'date' })),
    idNumber: Type.Optional(Type.String({ maxLength: 40 })),
    formerNames: Type.Optional(
      Type.Array(Type.Object({ name: Type.String(), validTo: Type.Optional(Type.String()) }), { maxItems: 20 }),
    ),
  },
  { additionalProperties: false },
)

export async function entityRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.get(
    '/api/v1/entities/:id',
    {
      schema: { tags, summary: '按主体编号查询主体', params: IdParams, response: { 200: EntitySchema } },
      preHandler: mayRead,
    },
    async (req) => {
      assertEntityScope(req.principal, req.params.id)
      return presentEntity(await getEntity(ctx.db, req.params.id))
    },
  )

  r.get(
    '/api/v1/entities/by-uscc/:uscc',
    {
      schema: {
        tags,
        summary: '按统一社会信用代码查询主体',
        params: Type.Object({ uscc: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: EntitySchema },
      },
      preHandler: mayRead,
    },
    async (req) => {
      const e = await getEntityByUscc(ctx.db, req.params.uscc)
      assertEntityScope(req.principal, e.id)
      return presentEntity(e)
    },
  )

  r.get(
    '/api/v1/entities/:id/file',
    {
      schema: {
        tags,
        summary:
          '主体信用档案（一户一档）：调用方可见的各范围记录、名单、异议标注、承诺、核查；授权查询记录须说明用途（X-Purpose）',
        params: IdParams,
        querystring: Type.Object({ authorized: Type.Optional(StringEnum(['true', 'false', '1', '0'])) }),
        headers: PurposeHeader,
        response: { 200: entityFileSchema() },
      },
      preHandler: mayRead,
    },
    async (req) => {
      assertEntityScope(req.principal, req.params.id)
      // a purpose is optional here (it opens the authorised section); one that is stated must be valid
      const purpose = statedPurpose(req.headers, undefined)
      const authorized = req.query.authorized === undefined ? undefined : isTrue(req.query.authorized)
      const file = await entityFile(ctx, req.params.id, req.principal, { purpose, authorized, requestId: req.id })
      return presentEntityFile(file)
    },
  )

  r.get(
    '/api/v1/entities/:id/history',
    {
      schema: { tags, summary: '主体信息变更历史', params: IdParams, response: { 200: EntityHistorySchema } },
      preHandler: mayRead,
    },
    async (req) => {
      assertEntityScope(req.principal, req.params.id)
      return { items: await entityHistory(ctx.db, req.params.id) }
    },
  )

  r.get(
    '/api/v1/entities/:id/id-number',
    {
      schema: {
        tags,
        summary: '查看自然人完整身份证件号码（须说明用途，记入审计）',
        params: IdParams,
        headers: PurposeHeader,
        response: {
          200: Type.Partial(Type.Object({ entityId: Type.String(), idNumber: Type.String() })),
        },
      },
      preHandler: requirePermission('entity.read_personal'),
    },
    async (req) => {
      const actor = requestActor(req, readPurpose(req.headers, req.body))
      return { entityId: req.params.id, idNumber: await revealIdNumber(ctx, actor, req.params.id) }
    },
  )

  r.post(
    '/api/v1/entities/resolve',
    {
      schema: {
        tags,
        summary: '主体匹配：按代码、身份证件号码或名称找到唯一主体（任何字段中的身份证件号码都须说明用途，记入审计）',
        body: ResolveBody,
        response: { 200: ResolveAnswerSchema },
      },
      preHandler: requirePermission('entity.resolve'),
    },
    async (req) => {
      const actor = requestActor(req, statedPurpose(req.headers, req.body))
      return presentResolve(await lookupEntity(ctx, actor, req.body, { via: 'resolve' }))
    },
  )

  r.post(
    '/api/v1/entities',
    {
      schema: { tags, summary: '登记信用主体', body: NewEntityBody, response: { 201: EntitySchema } },
      preHandler: requirePermission('entity.write'),
    },
    async (req, reply) => {
      const e = await createEntity(ctx, requestActor(req), req.body)
      reply.code(201)
      return presentEntity(e)
    },
  )
}
