import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requireAnyPermission, requirePermission } from '../../http/guards.js'
import { principalActor, statedPurpose } from '../../modules/access/index.js'
import { checkResultSchema, subjectSchema } from '../../modules/checks/index.js'
import {
  BREACH_TYPES,
  COMMITMENT_STATUSES,
  COMMITMENT_TYPE_CODES,
  commitmentDetailSchema,
  commitmentPageSchema,
  commitmentSchema,
  type FileInput,
  type ListQuery,
  getCommitment,
  listVisible,
  overdueCommitments,
  summarySchema,
} from '../../modules/commitments/index.js'
import {
  type BreachInput,
  breachCommitment,
  creditReview,
  type FulfilInput,
  fileCommitment,
  fulfilCommitment,
  type ReviewInput,
  withdrawCommitment,
} from './commitments.flow.js'

const tags = ['信用承诺']
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const
const DATE = '^\\d{4}-\\d{2}-\\d{2}$'
const date = { type: 'string', pattern: DATE } as const
const subjectBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uscc: text(18 + 8),
    entityId: text(64),
    name: text(200),
    code: text(40),
    idNumber: text(30),
  },
} as const
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const
const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    entity: { type: 'string', maxLength: 64 },
    dept: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: [...COMMITMENT_STATUSES] },
    type: { type: 'string', enum: [...COMMITMENT_TYPE_CODES] },
    page: { type: 'integer', minimum: 1, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
  },
} as const

/** The audit actor of a read, with the purpose it stated (a department's read of commitments is audited). */
const readerOf = (req: FastifyRequest) => principalActor(req.principal, req.id, statedPurpose(req.headers, undefined))

/** Who may file, list and read: applicants (commitment.submit), departments (check.feedback / batch.submit), reviewers. */
const readers = requireAnyPermission('commitment.submit', 'commitment.review', 'check.feedback', 'batch.submit')
const filers = requireAnyPermission('commitment.submit', 'check.feedback', 'batch.submit')
const deciders = requireAnyPermission('check.feedback', 'batch.submit')

/**
 * Credit commitments (信用承诺): filing, fulfilment, breach (-> commitment_breach record), withdrawal, lists,
 * and the applicant credit review (信用审查).
 */
export async function commitmentRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.post<{ Body: FileInput & { purpose?: string } }>(
    '/api/v1/commitments',
    {
      schema: {
        tags,
        summary:
          '提交信用承诺（信用主体为本单位提交，须填写受理部门 dept；部门代申请人提交时 subject 必填、受理部门为本部门；按身份证件号码指定申请人时须说明用途 purpose）',
        body: {
          type: 'object',
          required: ['type', 'matter', 'content'],
          additionalProperties: false,
          properties: {
            subject: subjectBody,
            type: { type: 'string', enum: [...COMMITMENT_TYPE_CODES] },
            matter: text(500),
            matterCode: { type: 'string', maxLength: 100 },
            dept: { type: 'string', maxLength: 64 },
            content: text(4000),
            dueOn: date,
            validTo: date,
            public: { type: 'boolean' },
            number: { type: 'string', maxLength: 100 },
            purpose: { type: 'string', maxLength: 200 },
          },
        },
        response: { 200: commitmentDetailSchema },
      },
      preHandler: filers,
    },
    async (req) =>
      fileCommitment(
        ctx,
        req.principal,
        principalActor(req.principal, req.id, statedPurpose(req.headers, req.body)),
        req.body,
      ),
  )

  app.get<{ Querystring: ListQuery }>(
    '/api/v1/commitments',
    {
      schema: {
        tags,
        summary: '信用承诺列表（部门：本部门受理的；信用主体：本单位的；具有管理权限：全部）',
        querystring: listQuery,
        response: { 200: commitmentPageSchema },
      },
      preHandler: readers,
    },
    async (req) => listVisible(ctx, req.principal, readerOf(req), req.query),
  )

  app.get<{ Querystring: ListQuery }>(
    '/api/v1/commitments/overdue',
    {
      schema: {
        tags,
        summary: '逾期未履约的承诺：履约期限已过、尚未登记履约或违诺（本部门受理的，按期限先后）',
        querystring: listQuery,
        response: { 200: commitmentPageSchema },
      },
      preHandler: readers,
    },
    async (req) => overdueCommitments(ctx, req.principal, readerOf(req), req.query),
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/commitments/:id',
    {
      schema: {
        tags,
        summary: '一项信用承诺及其全部状态变更历史',
        params: idParams,
        response: { 200: commitmentDetailSchema },
      },
      preHandler: readers,
    },
    async (req) => getCommitment(ctx, req.principal, readerOf(req), req.params.id),
  )

  app.post<{ Params: { id: string }; Body: FulfilInput }>(
    '/api/v1/commitments/:id/fulfil',
    {
      schema: {
        tags,
        summary: '登记履约（受理部门）；公开的承诺同时更新公示记录的履约状态',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { fulfilledOn: date, note: { type: 'string', maxLength: 2000 } },
        },
        response: { 200: commitmentDetailSchema },
      },
      preHandler: deciders,
    },
    async (req) =>
      fulfilCommitment(ctx, req.principal, principalActor(req.principal, req.id), req.params.id, req.body ?? {}),
  )

  app.post<{ Params: { id: string }; Body: BreachInput }>(
    '/api/v1/commitments/:id/breach',
    {
      schema: {
        tags,
        summary:
          '认定违诺（受理部门）：生成一条违背信用承诺信息记录（commitment_breach）并关联到承诺，重复提交不会生成第二条',
        params: idParams,
        body: {
          type: 'object',
          required: ['breachTypes', 'facts', 'documentNo', 'decidedOn'],
          additionalProperties: false,
          properties: {
            breachTypes: {
              type: 'array',
              minItems: 1,
              maxItems: 5,
              items: { type: 'string', minLength: 1, maxLength: 100 },
              description: `违诺情形：${BREACH_TYPES.join('、')}，或「其他-具体说明」`,
            },
            facts: text(4000),
            handling: { type: 'string', maxLength: 2000 },
            documentNo: text(100),
            decidedOn: date,
          },
        },
        response: { 200: commitmentDetailSchema },
      },
      preHandler: deciders,
    },
    async (req) => breachCommitment(ctx, req.principal, principalActor(req.principal, req.id), req.params.id, req.body),
  )

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/v1/commitments/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤回承诺（申请人本身，或受理部门代为登记；仅限尚未登记履约或违诺的承诺）',
        params: idParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 500 } },
        },
        response: { 200: commitmentDetailSchema },
      },
      preHandler: filers,
    },
    async (req) =>
      withdrawCommitment(ctx, req.principal, principalActor(req.principal, req.id), req.params.id, req.body),
  )

  app.post<{ Body: ReviewInput & { purpose?: string } }>(
    '/api/v1/reviews',
    {
      schema: {
        tags,
        summary: '申请人信用审查：行政审批场景（admin_approval）的联合奖惩核查结果，加上主体的信用承诺及履约情况',
        body: {
          type: 'object',
          required: ['subject'],
          additionalProperties: false,
          properties: {
            subject: { ...subjectBody, minProperties: 1 },
            purpose: { type: 'string', maxLength: 200 },
            allMeasures: { type: 'boolean' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              checkId: { type: 'string' },
              at: { type: 'string' },
              subject: subjectSchema,
              check: checkResultSchema,
              commitments: { type: 'array', items: commitmentSchema },
              summary: summarySchema,
              breaches: { type: 'integer' },
            },
          },
        },
      },
      preHandler: requirePermission('check.run'),
    },
    async (req) =>
      creditReview(ctx, principalActor(req.principal, req.id), {
        ...req.body,
        purpose: statedPurpose(req.headers, req.body),
      }),
  )
}
