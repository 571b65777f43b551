import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { ENTITY_KINDS, type EntityKind } from '../../modules/entities/index.js'
import { ReleaseSchema } from '../../modules/unmatched/index.js'
import { matchEntry, registerEntry } from './decide.js'

const tags = ['待匹配主体']
const idParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
/** What a match or a registration did (the module's release schema). */
const Decision = ReleaseSchema

/**
 * Deciding an entry of the queue of unmatched subjects (unmatched.resolve, operators): its rows go through the
 * collection pipeline again on the providing department's behalf.
 */
export async function unmatchedFlowRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.post(
    '/api/v1/unmatched/:id/match',
    {
      schema: {
        tags,
        summary: '匹配主体：确认行政相对人为已登记的主体，其各行代报送单位重新归集（记入审计）',
        params: idParams,
        body: Type.Object(
          {
            entityId: Type.String({ minLength: 1, maxLength: 64 }),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Decision },
      },
      preHandler: requirePermission('unmatched.resolve'),
    },
    async (req) => matchEntry(ctx, requestActor(req), req.params.id, req.body.entityId, req.body.reason),
  )

  r.post(
    '/api/v1/unmatched/:id/register',
    {
      schema: {
        tags,
        summary: '登记为新主体：按报送的行政相对人信息（可修正名称、类别、区县等）登记主体，其各行代报送单位重新归集',
        params: idParams,
        body: Type.Object(
          {
            reason: Type.Optional(Type.String({ maxLength: 500 })),
            kind: Type.Optional(
              Type.Unsafe<EntityKind>({ type: 'string', enum: ENTITY_KINDS.filter((k) => k !== 'natural_person') }),
            ),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            district: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
            industry: Type.Optional(Type.String({ pattern: '^[A-T]$' })),
            legalRep: Type.Optional(Type.String({ maxLength: 100 })),
            establishedOn: Type.Optional(Type.String({ format: 'date' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Decision },
      },
      preHandler: requirePermission('unmatched.resolve'),
    },
    async (req) => registerEntry(ctx, requestActor(req), req.params.id, req.body ?? {}),
  )
}
