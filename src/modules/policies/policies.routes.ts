// The standard routes of a versioned policy kind, registered by one factory: GET one version (?version=), GET its
// versions, GET a diff (?from=&to=) when the kind has one, and PUT an operator's edit.
import type { FastifyInstance, RouteShorthandOptions } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { diffQuerystring, versionQuerystring } from '../../core/versioned-policy.js'
import { requirePermission } from '../../http/guards.js'
import { principalActor } from '../access/index.js'
import type { PolicyKey } from './policies.kind.js'
import { anyObject, itemsSchema, reasonSchema } from './policies.presenter.js'
import type { PolicyService } from './policies.service.js'

type Guard = Pick<RouteShorthandOptions, 'preHandler' | 'config'>

export interface PolicyRoutesOptions {
  /** The address of one policy: `/api/v1/catalog/classes/:code`, or the single policy's address. */
  path: string
  /** Schema of the address parameters (keyed kinds). */
  params?: object
  tags: string[]
  summaries: { get: string; versions: string; diff?: string; edit?: string }
  /** Who may read (a permission guard, or a public rate limit). */
  read: Guard
  /** The permission an edit needs (no edit route without it). */
  write?: string
  schemas: { served: object; version: object; diff?: object }
  edit?: {
    /**
     * Where the definition is in the body: under `definition` (or another name), with the reason beside it, or
     * `null`: the body is the definition itself (its `definitionSchema`) plus the reason.
     */
    field: string | null
    definitionSchema?: { properties: object; required?: readonly string[] }
    /** The reason's length is checked by the body schema (a 400) or only by the service (the kind's coded 422). */
    reasonLength?: 'schema' | 'service'
    /** The body takes `baseVersion` (the version the operator edited). */
    baseVersion: boolean
    /** The answer: the version now current as served, or `{key, version, changed}` with its schema. */
    reply: 'served' | { outcome: object }
  }
}

export function policyRoutes<D extends object, K extends PolicyKey>(
  app: FastifyInstance,
  ctx: Ctx,
  service: PolicyService<D, K>,
  o: PolicyRoutesOptions,
): void {
  const { kind } = service
  const keyOf = (params: unknown): K => (kind.key ? (params as Record<string, unknown>)[kind.key] : null) as K
  const params = o.params ? { params: o.params } : {}
  const tags = o.tags

  app.get<{ Querystring: { version?: number } }>(
    o.path,
    {
      schema: {
        tags,
        summary: o.summaries.get,
        ...params,
        querystring: versionQuerystring,
        response: { 200: o.schemas.served },
      },
      ...o.read,
    },
    async (req) => service.get(ctx.db, keyOf(req.params), req.query.version),
  )

  app.get(
    `${o.path}/versions`,
    {
      schema: { tags, summary: o.summaries.versions, ...params, response: { 200: itemsSchema(o.schemas.version) } },
      ...o.read,
    },
    async (req) => ({ items: await service.versions(ctx.db, keyOf(req.params)) }),
  )

  if (kind.diff && o.summaries.diff)
    app.get<{ Querystring: { from?: number; to?: number } }>(
      `${o.path}/diff`,
      {
        schema: {
          tags,
          summary: o.summaries.diff,
          ...params,
          querystring: diffQuerystring,
          response: { 200: o.schemas.diff ?? anyObject },
        },
        ...o.read,
      },
      async (req) => service.diffQuery(ctx.db, keyOf(req.params), req.query),
    )

  const edit = o.edit
  if (!edit || !o.write) return
  const reason = { reason: reasonSchema(kind.reason.required && edit.reasonLength !== 'service') }
  const base = edit.baseVersion ? { baseVersion: { type: 'integer', minimum: 0 } } : {}
  const required = kind.reason.required ? ['reason'] : []
  const body = edit.field
    ? {
        type: 'object',
        required: [edit.field, ...required],
        additionalProperties: false,
        properties: { [edit.field]: { type: 'object', additionalProperties: true }, ...reason, ...base },
      }
    : {
        type: 'object',
        required: [...(edit.definitionSchema?.required ?? []), ...required],
        additionalProperties: false,
        properties: { ...edit.definitionSchema?.properties, ...reason, ...base },
      }
  app.put<{ Body: Record<string, unknown> & { reason?: string; baseVersion?: number } }>(
    o.path,
    {
      schema: {
        tags,
        summary: o.summaries.edit,
        ...params,
        body,
        response: { 200: edit.reply === 'served' ? o.schemas.served : edit.reply.outcome },
      },
      preHandler: requirePermission(o.write),
    },
    async (req) => {
      const key = keyOf(req.params)
      const { reason: why, baseVersion, ...rest } = req.body
      const definition = edit.field ? rest[edit.field] : rest
      const done = await service.edit(ctx, principalActor(req.principal, req.id), key, definition, why ?? null, {
        baseVersion,
      })
      if (edit.reply === 'served') return service.get(ctx.db, key, done.version)
      return { ...(kind.key ? { [kind.key]: key } : {}), version: done.version, changed: done.changed }
    },
  )
}
