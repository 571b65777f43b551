import type {} from '@fastify/cookie'
import type {} from '@fastify/rate-limit'
import type {} from '@fastify/swagger'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission, SESSION_COOKIE } from '../../http/guards.js'
import { Items, typed } from '../../http/typed.js'
import { accessError } from './access.errors.js'
import {
  ApiKeySchema,
  CreatedApiKeySchema,
  DepartmentSchema,
  OkSchema,
  presentApiKey,
  presentCreatedApiKey,
  presentDepartment,
  presentLogin,
  presentRoleCatalog,
  presentSession,
  presentUser,
  presentUserSummary,
  RoleCatalogSchema,
  SessionSchema,
  UserSchema,
  UserSummarySchema,
} from './access.presenter.js'
import { roleCatalog } from './access.roles.js'
import {
  addDepartment,
  createApiKey,
  createUser,
  listApiKeys,
  listDepartments,
  listUsers,
  login,
  logout,
  resetPassword,
  revokeApiKey,
  setUserEnabledById,
  unlockUserById,
  updateDepartment,
  updateUser,
} from './access.service.js'

const tags = ['账户与权限']
const secured: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }]
const NullableString = (maxLength: number, options: { description?: string } = {}) =>
  Type.Union([Type.String({ maxLength }), Type.Null()], options)

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
)

const DepartmentBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, description: '部门代码：2-32 位字母、数字、_ 或 -' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    uscc: Type.String({ minLength: 1, maxLength: 40, description: '部门的统一社会信用代码' }),
    district: Type.Optional(NullableString(6, { description: '6 位行政区划代码' })),
  },
  { additionalProperties: false },
)

const UserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.Optional(Type.String({ maxLength: 64 })),
    role: Type.String({ minLength: 1, maxLength: 32 }),
    dept: Type.Optional(NullableString(64)),
    district: Type.Optional(NullableString(6)),
    entityId: Type.Optional(NullableString(64)),
    password: Type.String({ minLength: 1, maxLength: 1024, description: '至少 10 个字符' }),
  },
  { additionalProperties: false },
)

const KeyBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.String({ minLength: 1, maxLength: 32 }),
    dept: Type.Optional(NullableString(64)),
    scopes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    expiresAt: Type.Optional(
      NullableString(40, { description: 'YYYY-MM-DD（当日北京时间 24 时失效）或 ISO-8601 时间；不填为长期有效' }),
    ),
  },
  { additionalProperties: false },
)

const DepartmentPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    district: Type.Optional(NullableString(6, { description: '6 位行政区划代码；null 清除' })),
  },
  { additionalProperties: false },
)

const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 64 })),
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    dept: Type.Optional(NullableString(64)),
    district: Type.Optional(NullableString(6)),
    entityId: Type.Optional(NullableString(64)),
  },
  { additionalProperties: false },
)

const EnableBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500, description: '停用或启用的原因（记入审计日志）' })) },
  { additionalProperties: false },
)

const PasswordBody = Type.Object(
  {
    password: Type.Optional(
      Type.String({ maxLength: 1024, description: '新密码（至少 10 个字符）；不填则生成临时密码，只在响应中出现一次' }),
    ),
  },
  { additionalProperties: false },
)

const PasswordReset = Type.Object({
  username: Type.String(),
  password: Type.Union([Type.String(), Type.Null()], { description: '生成的临时密码；自行填写密码时为 null' }),
  sessionsEnded: Type.Integer(),
})

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) })

const KeyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

export async function accessRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.config.secureCookies,
  }
  const clearSession = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, cookieOptions)

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: '登录（用户名和密码），成功后设置会话 Cookie 并返回 CSRF 令牌',
        body: LoginBody,
        response: { 200: SessionSchema },
      },
      config: { csrf: false, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const session = await login(ctx, { ...req.body, ip: req.ip, requestId: req.id })
      reply.setCookie(SESSION_COOKIE, session.sessionToken, {
        ...cookieOptions,
        maxAge: ctx.config.sessionTtlMinutes * 60,
      })
      reply.header('cache-control', 'no-store')
      return presentLogin(session)
    },
  )

  r.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags,
        summary: '当前登录的用户或 API 密钥及其权限',
        security: secured,
        response: { 200: SessionSchema },
      },
    },
    async (req, reply) => {
      if (req.principal.kind === 'public') throw accessError('access.unauthenticated')
      reply.header('cache-control', 'no-store')
      return presentSession(req.principal)
    },
  )

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: '退出登录（注销当前会话）', security: secured, response: { 200: OkSchema } } },
    async (req, reply) => {
      await logout(ctx, req.principal, req.id)
      clearSession(reply)
      return { ok: true }
    },
  )

  r.get(
    '/api/v1/roles',
    {
      schema: { tags, summary: '角色与权限清单', security: secured, response: { 200: RoleCatalogSchema } },
      preHandler: requirePermission('role.read'),
    },
    async () => presentRoleCatalog(roleCatalog()),
  )

  r.get(
    '/api/v1/departments',
    {
      schema: {
        tags,
        summary: '部门列表（按代码排序）',
        security: secured,
        response: { 200: Items(DepartmentSchema) },
      },
      preHandler: requirePermission('dept.read'),
    },
    async () => ({ items: (await listDepartments(ctx)).map(presentDepartment) }),
  )

  r.post(
    '/api/v1/departments',
    {
      schema: {
        tags,
        summary: '登记部门',
        security: secured,
        body: DepartmentBody,
        response: { 201: DepartmentSchema },
      },
      preHandler: requirePermission('dept.write'),
    },
    async (req, reply) => {
      const d = await addDepartment(ctx, requestActor(req), req.body)
      reply.code(201)
      return presentDepartment(d)
    },
  )

  r.patch(
    '/api/v1/departments/:code',
    {
      schema: {
        tags,
        summary: '修改部门名称或所属区县（代码和统一社会信用代码不变）',
        security: secured,
        params: CodeParams,
        body: DepartmentPatch,
        response: { 200: DepartmentSchema },
      },
      preHandler: requirePermission('dept.write'),
    },
    async (req) => presentDepartment(await updateDepartment(ctx, requestActor(req), req.params.code, req.body)),
  )

  r.get(
    '/api/v1/users',
    {
      schema: { tags, summary: '用户列表', security: secured, response: { 200: Items(UserSummarySchema) } },
      preHandler: requirePermission('user.read'),
    },
    async () => ({ items: (await listUsers(ctx)).map(presentUserSummary) }),
  )

  r.post(
    '/api/v1/users',
    {
      schema: { tags, summary: '新增用户', security: secured, body: UserBody, response: { 201: UserSchema } },
      preHandler: requirePermission('user.write'),
    },
    async (req, reply) => {
      const u = await createUser(ctx, requestActor(req), req.body)
      reply.code(201)
      return presentUser(u)
    },
  )

  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: '修改用户的显示名称、角色、所属部门、区县或绑定主体',
        security: secured,
        params: IdParams,
        body: UserPatch,
        response: { 200: UserSchema },
      },
      preHandler: requirePermission('user.write'),
    },
    async (req) => presentUser(await updateUser(ctx, requestActor(req), req.params.id, req.body)),
  )

  for (const [path, enabled, summary] of [
    ['disable', false, '停用用户（不能登录，已登录的会话立即失效）'],
    ['enable', true, '启用用户'],
  ] as const) {
    r.post(
      `/api/v1/users/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          security: secured,
          params: IdParams,
          body: Type.Optional(EnableBody),
          response: { 200: UserSummarySchema },
        },
        preHandler: requirePermission('user.write'),
      },
      async (req) =>
        presentUserSummary(
          await setUserEnabledById(ctx, requestActor(req), req.params.id, { enabled, reason: req.body?.reason }),
        ),
    )
  }

  r.post(
    '/api/v1/users/:id/unlock',
    {
      schema: {
        tags,
        summary: '解除用户的登录限制（多次输错密码后的等待）',
        security: secured,
        params: IdParams,
        response: { 200: UserSummarySchema },
      },
      preHandler: requirePermission('user.write'),
    },
    async (req) => presentUserSummary(await unlockUserById(ctx, requestActor(req), req.params.id)),
  )

  r.post(
    '/api/v1/users/:id/password',
    {
      schema: {
        tags,
        summary: '重置用户密码（不填密码则生成临时密码，只显示一次）；该用户已登录的会话全部失效',
        security: secured,
        params: IdParams,
        body: Type.Optional(PasswordBody),
        response: { 200: PasswordReset },
      },
      preHandler: requirePermission('user.write'),
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return resetPassword(ctx, requestActor(req), req.params.id, { password: req.body?.password })
    },
  )

  r.post(
    '/api/v1/keys',
    {
      schema: {
        tags,
        summary: '签发 API 密钥（密钥只在此响应中出现一次）',
        security: secured,
        body: KeyBody,
        response: { 201: CreatedApiKeySchema },
      },
      preHandler: requirePermission('key.write'),
    },
    async (req, reply) => {
      const k = await createApiKey(ctx, requestActor(req), req.body)
      reply.code(201)
      reply.header('cache-control', 'no-store')
      return presentCreatedApiKey(k)
    },
  )

  r.get(
    '/api/v1/keys',
    {
      schema: {
        tags,
        summary: 'API 密钥列表（不含密钥本身）',
        security: secured,
        response: { 200: Items(ApiKeySchema) },
      },
      preHandler: requirePermission('key.write'),
    },
    async () => ({ items: (await listApiKeys(ctx)).map(presentApiKey) }),
  )

  r.delete(
    '/api/v1/keys/:id',
    {
      schema: {
        tags,
        summary: '吊销 API 密钥（立即失效）',
        security: secured,
        params: KeyParams,
        response: { 200: ApiKeySchema },
      },
      preHandler: requirePermission('key.write'),
    },
    async (req) => presentApiKey(await revokeApiKey(ctx, requestActor(req), req.params.id)),
  )
}
