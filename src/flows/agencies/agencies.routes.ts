import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { Fields, typed } from '../../http/typed.js'
import { readPurpose } from '../../modules/access/index.js'
import { SharedEntitySchema, SharedRecordSchema } from '../sharing/index.js'
import { agencySubjectRecords } from './agency-reads.js'

const tags = ['信用服务机构']
const str = Type.String()

const AgencyReadSchema = Fields({
  purpose: str,
  asOf: str,
  agency: Fields({ id: str, name: str, filingNo: str }),
  entity: SharedEntitySchema,
  grants: Type.Array(Fields({ id: str, scopes: Type.Array(str), until: str })),
  granted: Type.Array(str),
  classes: Type.Union([Type.Array(str), Type.Null()]),
  total: Type.Integer(),
  records: Type.Array(SharedRecordSchema),
})

/** Comma-separated class codes of a query string. */
const classList = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** An agency's reads with the subject's grant (docs/agencies.md). */
export async function agencyReadRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).get(
    '/api/v1/agency/subjects/:subject/records',
    {
      schema: {
        tags,
        summary:
          '信用服务机构经主体授权查询其现行有效的信用记录（主体编号或统一社会信用代码；只在授权有效期内、授权范围 record.all 或 record.<类别代码> 内）；须在请求头 X-Purpose 说明用途，每次查询记入主体的查询记录',
        params: Type.Object({ subject: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object({ classes: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 200: AgencyReadSchema },
      },
      preHandler: requirePermission('agency.read'),
    },
    async (req) =>
      agencySubjectRecords(
        ctx,
        req.principal,
        requestActor(req, readPurpose(req.headers, undefined)),
        req.params.subject,
        {
          classes: classList(req.query.classes),
        },
      ),
  )
}
