import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { readPurpose, statedPurpose } from '../access/index.js'
import { CodeParams, CodeVersionInfo, ItemsOf, policyRoutes } from '../policies/index.js'
import {
  AgencyScreenPageSchema,
  ScreeningRuleDiff,
  ScreeningRuleSchema,
  ScreenPageSchema,
  ScreenQuerySchema,
} from './sme.presenter.js'
import { smePolicy } from './sme.policy.js'
import { agencySmeList, currentScreeningRules, smeList } from './sme.service.js'

const tags = ['优质中小企业']

/**
 * 优质中小企业名单 (信易贷): the screening rules (versioned: grading.read / grading.write), the list for government
 * readers (grading.read) and, for a credit agency (agency.read), the list among the subjects that authorised it.
 */
export async function smeRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const read = { preHandler: requirePermission('grading.read') }

  api.get(
    '/api/v1/sme/rules',
    { schema: { tags, summary: '筛选规则列表（当前版本）', response: { 200: ItemsOf(ScreeningRuleSchema) } }, ...read },
    async () => ({ items: await currentScreeningRules(ctx.db) }),
  )

  policyRoutes(app, ctx, smePolicy, {
    path: '/api/v1/sme/rules/:code',
    params: CodeParams,
    tags,
    summaries: {
      get: '筛选规则定义（默认当前版本，?version= 指定历史版本）',
      versions: '筛选规则的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的逐项差异（默认：当前版本与上一版本）',
      edit: '修改筛选规则（校验后生成新版本并记入审计；列出全部问题）',
    },
    read,
    write: 'grading.write',
    schemas: { served: ScreeningRuleSchema, version: CodeVersionInfo, diff: ScreeningRuleDiff },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })

  api.get(
    '/api/v1/sme/list',
    {
      schema: {
        tags,
        summary:
          '优质中小企业名单：按筛选规则（默认 sme）从当前信用等级、红黑名单和严重失信记录算出，列明入选理由；可按区划、行业门类、等级、红名单筛选，分页；每次查询记入所列主体的查询记录',
        querystring: ScreenQuerySchema,
        response: { 200: ScreenPageSchema },
      },
      ...read,
    },
    async (req) => smeList(ctx, requestActor(req, statedPurpose(req.headers, undefined)), req.query),
  )

  api.get(
    '/api/v1/agency/sme',
    {
      schema: {
        tags: [...tags, '信用服务机构'],
        summary:
          '信用服务机构（银行）查询优质中小企业名单：只列出授权本机构、授权范围含 sme.list 且在有效期内的主体；须在请求头 X-Purpose 说明用途，每次查询记入所列主体的查询记录',
        querystring: ScreenQuerySchema,
        response: { 200: AgencyScreenPageSchema },
      },
      preHandler: requirePermission('agency.read'),
    },
    async (req) => agencySmeList(ctx, req.principal, requestActor(req, readPurpose(req.headers, undefined)), req.query),
  )
}
