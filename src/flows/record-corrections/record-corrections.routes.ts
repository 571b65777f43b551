import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { Nullable, StringEnum, typed } from '../../http/typed.js'
import { getRecordWithPayload, presentRecord, RecordSchema } from '../../modules/records/index.js'
import { visibleTo } from '../../modules/disclosure/index.js'
import { getClass } from '../../modules/catalog/index.js'
import type { Principal } from '../../modules/access/index.js'
import { correctRecordFor, endListEntryFor, searchRecordsFor } from './record-corrections.flow.js'

const tags = ['信用记录']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const Reason = Type.String({ minLength: 2, maxLength: 500 })

const SearchItem = Type.Object({
  id: Type.String(),
  class: Type.String(),
  classVersion: Type.Integer(),
  provider: Type.String(),
  documentNo: Nullable(Type.String()),
  decidedOn: Nullable(Type.String()),
  authority: Nullable(Type.String()),
  state: Type.String(),
  version: Type.Integer(),
  scope: Type.String(),
  polarity: Type.String(),
  entity: Type.Object({ id: Type.String(), name: Type.String(), uscc: Nullable(Type.String()) }),
  list: Nullable(Type.Object({ kind: Type.String(), until: Nullable(Type.String()), inForce: Type.Boolean() })),
  batchId: Nullable(Type.String()),
  updatedAt: Type.String(),
  canCorrect: Type.Boolean(),
  canEndListEntry: Type.Boolean(),
})

/** The record as its reader sees it after a change (the government view). */
async function shown(ctx: Ctx, p: Principal, id: string) {
  const { record, payload } = await getRecordWithPayload(ctx.db, id)
  const cls = await getClass(ctx.db, record.class_code, record.class_version)
  return presentRecord(record, payload, visibleTo(p).mask(cls))
}

export async function recordCorrectionRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.get(
    '/api/v1/records',
    {
      schema: {
        tags,
        summary: '查询信用记录（报送部门只查本部门的）',
        description:
          '按报送部门、信息类别、决定日期、主体（编号、统一社会信用代码、文书号或名称片段）、状态和批次查询当前记录。',
        querystring: Type.Object({
          dept: Type.Optional(Type.String({ maxLength: 32 })),
          class: Type.Optional(Type.String({ maxLength: 64 })),
          from: Type.Optional(Day),
          to: Type.Optional(Day),
          entity: Type.Optional(Type.String({ maxLength: 200 })),
          state: Type.Optional(StringEnum(['active', 'revoked', 'repaired'] as const)),
          batch: Type.Optional(Type.String({ maxLength: 64 })),
          listed: Type.Optional(Type.Boolean()),
          page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            items: Type.Array(SearchItem),
          }),
        },
      },
      preHandler: requireAnyPermission('record.read', 'record.correct'),
    },
    async (req) =>
      searchRecordsFor(ctx, req.principal, requestActor(req), {
        ...req.query,
        page: req.query.page ?? 1,
        pageSize: req.query.pageSize ?? 20,
      }),
  )

  r.post(
    '/api/v1/records/:id/correct',
    {
      schema: {
        tags,
        summary: '更正一条记录（报送部门；经归集校验，保留历史版本）',
        params: IdParams,
        body: Type.Object(
          { fields: Type.Record(Type.String(), Type.Unknown()), reason: Reason },
          { additionalProperties: false },
        ),
        response: { 200: RecordSchema },
      },
      preHandler: requirePermission('record.correct'),
    },
    async (req) => {
      await correctRecordFor(ctx, req.principal, requestActor(req), req.params.id, req.body)
      return shown(ctx, req.principal, req.params.id)
    },
  )

  r.post(
    '/api/v1/records/:id/list-exit',
    {
      schema: {
        tags,
        summary: '提前移出名单（认定部门或运维；以更正记录移出日期的方式办理）',
        params: IdParams,
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: RecordSchema },
      },
      preHandler: requireAnyPermission('record.correct', 'record.read'),
    },
    async (req) => {
      await endListEntryFor(ctx, req.principal, requestActor(req), req.params.id, req.body)
      return shown(ctx, req.principal, req.params.id)
    },
  )
}
