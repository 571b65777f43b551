import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { EntryDetailSchema, EntryPageSchema } from './unmatched.presenter.js'
import { getEntry, listEntries } from './unmatched.service.js'
import { ENTRY_STATUSES, type EntryStatus } from './unmatched.types.js'

const tags = ['待匹配主体']

/**
 * The queue of unmatched subjects (unmatched.read, operators): rows whose subject the collection pipeline could not
 * determine, one entry per subject, with candidate entities. Matching and registering are flows (src/flows/unmatched).
 */
export async function unmatchedRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.get(
    '/api/v1/unmatched',
    {
      schema: {
        tags,
        summary: '待匹配主体：归集时无法确定行政相对人的行（跨批次，每个主体一项），附候选主体',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Unsafe<EntryStatus | 'all'>({ type: 'string', enum: [...ENTRY_STATUSES, 'all'], default: 'open' }),
            ),
            dept: Type.Optional(Type.String({ maxLength: 64 })),
            class: Type.Optional(Type.String({ maxLength: 64 })),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: EntryPageSchema },
      },
      preHandler: requirePermission('unmatched.read'),
    },
    async (req) => {
      const q = req.query
      return listEntries(
        ctx.db,
        { status: q.status === 'all' ? undefined : (q.status ?? 'open'), dept: q.dept, classCode: q.class, q: q.q },
        q.page ?? 1,
        q.pageSize ?? 20,
      )
    },
  )

  r.get(
    '/api/v1/unmatched/:id',
    {
      schema: {
        tags,
        summary: '一个待匹配主体：它的各行（批次、行号、处理结果）和全部候选主体（代码、名称、名称片段）',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: EntryDetailSchema },
      },
      preHandler: requirePermission('unmatched.read'),
    },
    async (req) => getEntry(ctx.db, req.params.id),
  )
}
