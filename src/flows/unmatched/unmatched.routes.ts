import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { principalActor } from '../../modules/access/index.js'
import { ENTITY_KINDS } from '../../modules/entities/index.js'
import { releaseSchema } from '../../modules/unmatched/index.js'
import { matchEntry, type RegisterInput, registerEntry } from './decide.js'

const tags = ['待匹配主体']
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const

/**
 * Deciding an entry of the queue of unmatched subjects (unmatched.resolve, operators): its rows go through the
 * collection pipeline again on the providing department's behalf.
 */
export async function unmatchedFlowRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.post<{ Params: { id: string }; Body: { entityId: string; reason?: string } }>(
    '/api/v1/unmatched/:id/match',
    {
      schema: {
        tags,
        summary: '匹配主体：确认行政相对人为已登记的主体，其各行代报送单位重新归集（记入审计）',
        params: idParams,
        body: {
          type: 'object',
          required: ['entityId'],
          additionalProperties: false,
          properties: {
            entityId: { type: 'string', minLength: 1, maxLength: 64 },
            reason: { type: 'string', maxLength: 500 },
          },
        },
        response: { 200: releaseSchema },
      },
      preHandler: requirePermission('unmatched.resolve'),
    },
    async (req) =>
      matchEntry(ctx, principalActor(req.principal, req.id), req.params.id, req.body.entityId, req.body.reason),
  )

  app.post<{ Params: { id: string }; Body: RegisterInput }>(
    '/api/v1/unmatched/:id/register',
    {
      schema: {
        tags,
        summary: '登记为新主体：按报送的行政相对人信息（可修正名称、类别、区县等）登记主体，其各行代报送单位重新归集',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            reason: { type: 'string', maxLength: 500 },
            kind: { type: 'string', enum: ENTITY_KINDS.filter((k) => k !== 'natural_person') },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            district: { type: 'string', pattern: '^\\d{6}$' },
            industry: { type: 'string', pattern: '^[A-T]$' },
            legalRep: { type: 'string', maxLength: 100 },
            establishedOn: { type: 'string', format: 'date' },
          },
        },
        response: { 200: releaseSchema },
      },
      preHandler: requirePermission('unmatched.resolve'),
    },
    async (req) => registerEntry(ctx, principalActor(req.principal, req.id), req.params.id, req.body ?? {}),
  )
}
