import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { presentQuality, QualityReportSchema } from './quality.presenter.js'
import { qualityReport } from './quality.service.js'

const tags = ['数据质量反馈']

const dateParam = () => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

/** `GET /api/v1/quality`: feedback per department and class (permission batch.read; providers see their own). */
export async function qualityRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).get(
    '/api/v1/quality',
    {
      schema: {
        tags,
        summary: '报送质量反馈：按部门和类别统计报送量、拒收率、主要错误、超期率、未匹配主体和最近报送时间',
        querystring: Type.Object(
          {
            dept: Type.Optional(Type.String({ maxLength: 32 })),
            class: Type.Optional(Type.String({ maxLength: 64 })),
            from: Type.Optional(dateParam()),
            to: Type.Optional(dateParam()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: QualityReportSchema,
        },
      },
      preHandler: requirePermission('batch.read'),
    },
    async (req) => presentQuality(await qualityReport(ctx, req.principal, req.query)),
  )
}
