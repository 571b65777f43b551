import type {} from '@fastify/cookie'
import type {} from '@fastify/rate-limit'
import type {} from '@fastify/swagger'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission, SESSION_COOKIE } from '../../http/guards.js'
import { accessError } from './access.errors.js'
import {
  apiKeyJsonSchema,
  createdApiKeyJsonSchema,
  departmentJsonSchema,
  presentApiKey,
  presentCreatedApiKey,
  presentDepartment,
  presentSession,
  presentUser,
  presentUserSummary,
  sessionJsonSchema,
  userJsonSchema,
  userSummaryJsonSchema,
} from './access.presenter.js'
import { permissionsOf, roleCatalog } from './access.roles.js'
import {
  addDepartment,
  createApiKey,
  createUser,
  listApiKeys,
  listDepartments,
  listUsers,
  login,
  logout,
  revokeApiKey,
} from './access.service.js'
import { type Principal, principalActor } from './access.principal.js'

const tags = ['账户与权限']
const secured: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }]
const nullableString = (maxLength: number) => ({ anyOf: [{ type: 'string', maxLength }, { type: 'null' }] }) as const

const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const

const departmentBody = {
  type: 'object',
  required: ['code', 'name', 'uscc'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64, description: '部门代码：2-32 位字母、数字、_ 或 -' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    uscc: { type: 'string', minLength: 1, maxLength: 40, description: '部门的统一社会信用代码' },
    district: { ...nullableString(6), description: '6 位行政区划代码' },
  },
} as const

const userBody = {
  type: 'object',
  required: ['username', 'role', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    displayName: { type: 'string', maxLength: 64 },
    role: { type: 'string', minLength: 1, maxLength: 32 },
    dept: nullableString(64),
    district: nullableString(6),
    entityId: nullableString(64),
    password: { type: 'string', minLength: 1, maxLength: 1024, description: '至少 10 个字符' },
  },
} as const

const keyBody = {
  type: 'object',
  required: ['role'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 100 },
    role: { type: 'string', minLength: 1, maxLength: 32 },
    dept: nullableString(64),
    scopes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 } },
    expiresAt: {
      ...nullableString(40),
      description: 'YYYY-MM-DD（当日北京时间 24 时失效）或 ISO-8601 时间；不填为长期有效',
    },
  },
} as const

const keyParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const

const okSchema = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } as const

const listOf = (items: object) =>
  ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items } } }) as const

interface LoginBody {
  username: string
  password: string
}
interface DepartmentBody {
  code: string
  name: string
  uscc: string
  district?: string | null
}
interface UserBody {
  username: string
  displayName?: string
  role: string
  dept?: string | null
  district?: string | null
  entityId?: string | null
  password: string
}
interface KeyBody {
  name?: string
  role: string
  dept?: string | null
  scopes?: string[]
  expiresAt?: string | null
}

export async function accessRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.config.secureCookies,
  }
  const clearSession = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, cookieOptions)

  app.post<{ Body: LoginBody }>(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: '登录（用户名和密码），成功后设置会话 Cookie 并返回 CSRF 令牌',
        body: loginBody,
        response: { 200: sessionJsonSchema },
      },
      config: { csrf: false, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const r = await login(ctx, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        requestId: req.id,
      })
      reply.setCookie(SESSION_COOKIE, r.sessionToken, { ...cookieOptions, maxAge: ctx.config.sessionTtlMinutes * 60 })
      reply.header('cache-control', 'no-store')
      const principal: Principal = {
        kind: 'user',
        id: r.user.id,
        username: r.user.username,
        displayName: r.user.displayName,
        role: r.user.role,
        dept: r.user.dept,
        district: r.user.district,
        entityId: r.user.entityId,
        permissions: permissionsOf(r.user.role),
        csrfToken: r.csrfToken,
        expiresAt: r.expiresAt,
      }
      return presentSession(principal)
    },
  )

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags,
        summary: '当前登录的用户或 API 密钥及其权限',
        security: secured,
        response: { 200: sessionJsonSchema },
      },
    },
    async (req, reply) => {
      if (req.principal.kind === 'public') throw accessError('access.unauthenticated')
      reply.header('cache-control', 'no-store')
      return presentSession(req.principal)
    },
  )

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: '退出登录（注销当前会话）', security: secured, response: { 200: okSchema } } },
    async (req, reply) => {
      await logout(ctx, req.principal, req.id)
      clearSession(reply)
      return { ok: true }
    },
  )

  app.get(
    '/api/v1/roles',
    {
      schema: {
        tags,
        summary: '角色与权限清单',
        security: secured,
        response: {
          200: {
            type: 'object',
            properties: {
              roles: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    code: { type: 'string' },
                    label: { type: 'string' },
                    principals: { type: 'array', items: { type: 'string' } },
                    requires: { type: 'array', items: { type: 'string' } },
                    permissions: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
              permissions: {
                type: 'array',
                items: { type: 'object', properties: { code: { type: 'string' }, label: { type: 'string' } } },
              },
            },
          },
        },
      },
      preHandler: requirePermission('role.read'),
    },
    async () => {
      const c = roleCatalog()
      return {
        roles: [...c.roles.values()].map((r) => ({
          code: r.code,
          label: r.label,
          principals: [...r.principals],
          requires: [...r.requires],
          permissions: [...r.permissions],
        })),
        permissions: [...c.permissions.entries()].map(([code, label]) => ({ code, label })),
      }
    },
  )

  app.get(
    '/api/v1/departments',
    {
      schema: {
        tags,
        summary: '部门列表（按代码排序）',
        security: secured,
        response: { 200: listOf(departmentJsonSchema) },
      },
      preHandler: requirePermission('dept.read'),
    },
    async () => ({ items: (await listDepartments(ctx)).map(presentDepartment) }),
  )

  app.post<{ Body: DepartmentBody }>(
    '/api/v1/departments',
    {
      schema: {
        tags,
        summary: '登记部门',
        security: secured,
        body: departmentBody,
        response: { 201: departmentJsonSchema },
      },
      preHandler: requirePermission('dept.write'),
    },
    async (req, reply) => {
      const d = await addDepartment(ctx, principalActor(req.principal, req.id), req.body)
      reply.code(201)
      return presentDepartment(d)
    },
  )

  app.get(
    '/api/v1/users',
    {
      schema: { tags, summary: '用户列表', security: secured, response: { 200: listOf(userSummaryJsonSchema) } },
      preHandler: requirePermission('user.read'),
    },
    async () => ({ items: (await listUsers(ctx)).map(presentUserSummary) }),
  )

  app.post<{ Body: UserBody }>(
    '/api/v1/users',
    {
      schema: { tags, summary: '新增用户', security: secured, body: userBody, response: { 201: userJsonSchema } },
      preHandler: requirePermission('user.write'),
    },
    async (req, reply) => {
      const u = await createUser(ctx, principalActor(req.principal, req.id), req.body)
      reply.code(201)
      return presentUser(u)
    },
  )

  app.post<{ Body: KeyBody }>(
    '/api/v1/keys',
    {
      schema: {
        tags,
        summary: '签发 API 密钥（密钥只在此响应中出现一次）',
        security: secured,
        body: keyBody,
        response: { 201: createdApiKeyJsonSchema },
      },
      preHandler: requirePermission('key.write'),
    },
    async (req, reply) => {
      const k = await createApiKey(ctx, principalActor(req.principal, req.id), req.body)
      reply.code(201)
      reply.header('cache-control', 'no-store')
      return presentCreatedApiKey(k)
    },
  )

  app.get(
    '/api/v1/keys',
    {
      schema: {
        tags,
        summary: 'API 密钥列表（不含密钥本身）',
        security: secured,
        response: { 200: listOf(apiKeyJsonSchema) },
      },
      preHandler: requirePermission('key.write'),
    },
    async () => ({ items: (await listApiKeys(ctx)).map(presentApiKey) }),
  )

  app.delete<{ Params: { id: string } }>(
    '/api/v1/keys/:id',
    {
      schema: {
        tags,
        summary: '吊销 API 密钥（立即失效）',
        security: secured,
        params: keyParams,
        response: { 200: apiKeyJsonSchema },
      },
      preHandler: requirePermission('key.write'),
    },
    async (req) => presentApiKey(await revokeApiKey(ctx, principalActor(req.principal, req.id), req.params.id)),
  )
}
