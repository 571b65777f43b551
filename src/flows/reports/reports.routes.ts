import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { anonymousOnly } from '../../http/plugins/rate-limit.js'
import { typed } from '../../http/typed.js'
import { statedPurpose } from '../../modules/access/index.js'
import { IssuedSchema, REPORT_KINDS } from '../../modules/reports/index.js'
import { issueReport } from './issue.js'

const tags = ['信用报告']
const Str = (maxLength: number, description?: string) => Type.Optional(Type.String({ maxLength, description }))

const IssueBody = Type.Object(
  {
    subject: Type.Object(
      {
        uscc: Str(40, '统一社会信用代码'),
        entityId: Str(64, '主体编号'),
        name: Str(200, '组织名称（只找组织）'),
        code: Str(40, '其他代码：组织机构代码、工商注册号'),
        idNumber: Str(40, '身份证号码（自然人；须说明用途，只有部门和信用服务机构可以使用）'),
      },
      { additionalProperties: false },
    ),
    kind: Type.Unsafe<string>({ type: 'string', enum: [...REPORT_KINDS], description: '报告种类' }),
    scenario: Str(64, '场景报告的应用场景（可不填，由种类决定）'),
    purpose: Str(400, '用途：部门和信用服务机构出具非公开报告时必填'),
    authorization: Str(64, '信用服务机构使用的授权编号（可不填：自动使用主体给本机构的有效授权）'),
    from: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: '专项信用报告：查询期间的开始日期（最多追溯 5 年）',
      }),
    ),
    fields: Type.Optional(
      Type.Array(Type.String({ maxLength: 32 }), { maxItems: 40, description: '专项信用报告：查询的领域代码' }),
    ),
  },
  { additionalProperties: false },
)

/** POST /api/v1/reports: issue a credit report (who may get which: src/flows/reports/issue.ts, docs/reports.md). */
export async function reportFlowRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).post(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary:
          '出具信用报告：公共信用信息概况任何人可以出具（组织）；完整、专项、个人和场景报告只出具给主体本身、说明用途的部门或持有主体授权的机构',
        body: IssueBody,
        response: { 201: IssuedSchema },
      },
      // anonymous issues count in the public budget (an overview per request renders a PDF): a quarter of it
      config: { rateLimit: anonymousOnly(ctx, ctx.config.publicEntityFileLimit) },
    },
    async (req, reply) => {
      const purpose = statedPurpose(req.headers, req.body)
      const { issued } = await issueReport(ctx, req.principal, { ...req.body, purpose }, { requestId: req.id })
      return reply.code(201).send(issued)
    },
  )
}
