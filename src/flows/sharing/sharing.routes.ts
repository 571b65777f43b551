import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { readPurpose } from '../../modules/access/index.js'
import { shareEntityRecords, shareQuery } from './sharing.flow.js'
import { EntityShareSchema, ShareAnswerSchema } from './sharing.presenter.js'

const tags = ['政务共享']
const text = (max: number) => Type.String({ minLength: 1, maxLength: max })
const SubjectBody = Type.Object(
  {
    uscc: Type.Optional(text(26)),
    entityId: Type.Optional(text(64)),
    name: Type.Optional(text(200)),
    code: Type.Optional(text(40)),
    idNumber: Type.Optional(text(30)),
  },
  { additionalProperties: false },
)
const ClassCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' })
const ClassesQuery = Type.Object({ classes: Type.Optional(Type.String({ maxLength: 2000 })) })

/** Comma-separated class codes of a query string. */
const classList = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** 政务共享查询 (docs/sharing.md): several subjects at once, or one entity; a stated purpose always. */
export async function sharingRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.post(
    '/api/v1/share/query',
    {
      schema: {
        tags,
        summary:
          '政务共享查询：最多 1000 个主体，返回社会公开和政务共享范围内现行有效的信用记录（授权查询类别除外）；须说明用途，每次查询记入各主体的查询记录',
        body: Type.Object(
          {
            subjects: Type.Array(SubjectBody),
            classes: Type.Optional(Type.Array(ClassCode, { maxItems: 100 })),
            purpose: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ShareAnswerSchema },
      },
      preHandler: requirePermission('share.query'),
    },
    async (req) =>
      shareQuery(ctx, requestActor(req, readPurpose(req.headers, req.body)), {
        subjects: req.body.subjects,
        classes: req.body.classes,
      }),
  )

  r.get(
    '/api/v1/share/entities/:id/records',
    {
      schema: {
        tags,
        summary:
          '政务共享查询（单个主体）：须在请求头 X-Purpose 说明用途（中文请用 URL 编码的 UTF-8）；classes 可按逗号分隔的类别代码筛选',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: ClassesQuery,
        response: { 200: EntityShareSchema },
      },
      preHandler: requirePermission('share.query'),
    },
    async (req) =>
      shareEntityRecords(ctx, requestActor(req, readPurpose(req.headers, undefined)), req.params.id, {
        classes: classList(req.query.classes),
      }),
  )
}
