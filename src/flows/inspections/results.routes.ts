import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { PlanSchema } from '../../modules/inspections/index.js'
import { recordResults } from './results.flow.js'

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

/** Results of a drawn plan's targets (inspection.manage, the plan's department): stored and published as records. */
export async function inspectionResultRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).post(
    '/api/v1/inspections/plans/:id/results',
    {
      schema: {
        tags: ['双随机抽查'],
        summary: '登记检查结果（每个检查对象一次），作为行政检查结果信息归集并公示',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object(
          {
            items: Type.Array(
              Type.Object(
                {
                  entityId: Type.String({ minLength: 1, maxLength: 64 }),
                  result: Type.String({ minLength: 1, maxLength: 200 }),
                  detail: Type.Optional(Type.String({ maxLength: 2000 })),
                  inspectedOn: Day,
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 1000 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlanSchema },
      },
      preHandler: requirePermission('inspection.manage'),
    },
    async (req) => recordResults(ctx, requestActor(req), req.params.id, req.body.items),
  )
}
