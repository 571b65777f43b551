import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requireAnyPermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { CodeParams, CodeVersionInfo, ItemsOf, policyRoutes } from '../policies/index.js'
import { SupervisionPolicyDiff, SupervisionPolicySchema } from './supervision.presenter.js'
import { supervisionPolicy } from './supervision.policy.js'
import { currentSupervisionPolicies } from './supervision.service.js'

const tags = ['分级分类监管']

/**
 * Supervision policies (versioned): read by whoever plans or reads inspections or grades (inspection.read,
 * grading.read), edited by grading.write (policy data run by the credit office, like the models).
 */
export async function supervisionRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const read = { preHandler: requireAnyPermission('inspection.read', 'grading.read') }
  typed(app).get(
    '/api/v1/supervision/policies',
    {
      schema: { tags, summary: '监管政策列表（当前版本）', response: { 200: ItemsOf(SupervisionPolicySchema) } },
      ...read,
    },
    async () => ({ items: await currentSupervisionPolicies(ctx.db) }),
  )

  policyRoutes(app, ctx, supervisionPolicy, {
    path: '/api/v1/supervision/policies/:code',
    params: CodeParams,
    tags,
    summaries: {
      get: '监管政策定义（默认当前版本，?version= 指定历史版本）',
      versions: '监管政策的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的逐项差异（默认：当前版本与上一版本）',
      edit: '修改监管政策（校验后生成新版本并记入审计；列出全部问题）',
    },
    read,
    write: 'grading.write',
    schemas: { served: SupervisionPolicySchema, version: CodeVersionInfo, diff: SupervisionPolicyDiff },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })
}
