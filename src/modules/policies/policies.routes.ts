// The standard routes of a versioned policy kind, registered by one factory: GET one version (?version=), GET its
// versions, GET a diff (?from=&to=) when the kind has one, and PUT an operator's edit. Each: guard -> TypeBox-checked
// input -> one service call; the kind's schemas describe (and whitelist) the answers.
import { type TObject, type TSchema, Type } from '@sinclair/typebox'
import type { FastifyInstance, RouteShorthandOptions } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { principalActor } from '../access/index.js'
import type { PolicyKey } from './policies.kind.js'
import { DiffQuery, ItemsOf, OpenObject, reasonSchema, VersionQuery } from './policies.presenter.js'
import type { PolicyService } from './policies.service.js'

type Guard = Pick<RouteShorthandOptions, 'preHandler' | 'config'>

export interface PolicyRoutesOptions {
  /** The address of one policy: `/api/v1/catalog/classes/:code`, or the single policy's address. */
  path: string
  /** The address parameters (keyed kinds: the key, under the kind's key name). */
  params?: TObject
  tags: string[]
  summaries: { get: string; versions: string; diff?: string; edit?: string }
  /** Who may read (a permission guard, or a public rate limit). */
  read: Guard
  /** The permission an edit needs (no edit route without it). */
  write?: string
  /** The answers: one version as served, one entry of the versions list, a diff (default: any object). */
  schemas: { served: TSchema; version: TSchema; diff?: TSchema }
  edit?: {
    /**
     * Where the definition is in the body: under `definition` (or another name), with the reason beside it, or
     * `null`: the body is the definition itself (`definitionSchema`) plus the reason.
     */
    field: string | null
    definitionSchema?: TObject
    /** The reason's length is checked by the body schema (a 400) or only by the service (the kind's coded 422). */
    reasonLength?: 'schema' | 'service'
    /** The body takes `baseVersion` (the version the operator edited). */
    baseVersion: boolean
    /** The answer: the version now current as served, or `{key, version, changed}` (its schema). */
    reply: 'served' | { outcome: TSchema }
  }
}

/** An edit's body as the handler sees it: the definition (under `field`, or the body itself), reason, baseVersion. */
type EditBody = Record<string, unknown> & { reason?: string; baseVersion?: number }

export function policyRoutes<D extends object, K extends PolicyKey>(
  app: FastifyInstance,
  ctx: Ctx,
  service: PolicyService<D, K>,
  o: PolicyRoutesOptions,
): void {
  const { kind } = service
  const api = typed(app)
  const keyOf = (params: unknown): K => (kind.key ? (params as Record<string, unknown>)[kind.key] : null) as K
  // the kind's answers are described by its own schemas: the handlers here pass them on as the service gives them
  const served: TSchema = o.schemas.served
  const params = o.params ? { params: o.params } : {}
  const tags = o.tags

  api.get(
    o.path,
    {
      schema: { tags, summary: o.summaries.get, ...params, querystring: VersionQuery, response: { 200: served } },
      ...o.read,
    },
    async (req) => service.get(ctx.db, keyOf(req.params), req.query.version),
  )

  const versions: TSchema = ItemsOf(o.schemas.version)
  api.get(
    `${o.path}/versions`,
    { schema: { tags, summary: o.summaries.versions, ...params, response: { 200: versions } }, ...o.read },
    async (req) => ({ items: await service.versions(ctx.db, keyOf(req.params)) }),
  )

  if (kind.diff && o.summaries.diff) {
    const diff: TSchema = o.schemas.diff ?? OpenObject
    api.get(
      `${o.path}/diff`,
      {
        schema: { tags, summary: o.summaries.diff, ...params, querystring: DiffQuery, response: { 200: diff } },
        ...o.read,
      },
      async (req) => service.diffQuery(ctx.db, keyOf(req.params), req.query),
    )
  }

  const edit = o.edit
  if (!edit || !o.write) return
  const reason = reasonSchema(kind.reason.required && edit.reasonLength !== 'service')
  const properties = {
    ...(edit.field ? { [edit.field]: OpenObject } : edit.definitionSchema?.properties),
    reason: kind.reason.required ? reason : Type.Optional(reason),
    ...(edit.baseVersion ? { baseVersion: Type.Optional(Type.Integer({ minimum: 0 })) } : {}),
  }
  const body = Type.Unsafe<EditBody>(Type.Object(properties, { additionalProperties: false }))
  const answer: TSchema = edit.reply === 'served' ? served : edit.reply.outcome
  api.put(
    o.path,
    {
      schema: { tags, summary: o.summaries.edit, ...params, body, response: { 200: answer } },
      preHandler: requirePermission(o.write),
    },
    async (req) => {
      const { reason: why, baseVersion, ...rest } = req.body
      const definition = edit.field ? rest[edit.field] : rest
      const actor = principalActor(req.principal, req.id)
      const input = { definition, reason: why ?? null, baseVersion }
      return service.editAnswer(ctx, actor, keyOf(req.params), input, edit.reply === 'served' ? 'served' : 'outcome')
    },
  )
}
