import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { principalActor, statedPurpose } from '../access/index.js'
import type { CatalogClass } from '../catalog/index.js'
import { getClass } from '../catalog/index.js'
import { visibilityOf, visibleTo } from '../disclosure/index.js'
import { openMarksOfRecords } from '../marks/index.js'
import {
  MarkedRecordSchema,
  presentRecord,
  presentRecordVersion,
  RecordHistorySchema,
  RecordSchema,
} from './records.presenter.js'
import { getRecordWithPayload, openRecordFor, recordHistory, revokeRecord } from './records.service.js'

const tags = ['信用记录']

const idParams = Type.Object({ id: Type.String({ maxLength: 64 }) })

/**
 * Government view: public and government-scope fields; authorised-only fields are left out (they need the
 * subject's authorisation and a purpose); ID numbers are masked. Decided by the disclosure module.
 */
export function governmentMask(cls: CatalogClass): (data: Record<string, unknown>) => Record<string, unknown> {
  return visibilityOf('government').mask(cls)
}

export async function recordRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.get(
    '/api/v1/records/:id',
    {
      schema: { tags, summary: '信用记录（政务共享视图）', params: idParams, response: { 200: MarkedRecordSchema } },
      preHandler: requirePermission('record.read'),
    },
    async (req) => {
      const { record, payload } = await getRecordWithPayload(ctx.db, req.params.id)
      const cls = await getClass(ctx.db, record.class_code, record.class_version)
      const visibility = visibleTo(req.principal, statedPurpose(req.headers, undefined))
      const data = JSON.parse(payload) as Record<string, unknown>
      await openRecordFor(
        ctx,
        principalActor(req.principal, req.id),
        visibility,
        record,
        [{ cls, payload: data }],
        'record',
      )
      // a record under objection is marked wherever it shows
      const marks = (await openMarksOfRecords(ctx.db, [record.id])).map((m) => m.kind)
      return { ...presentRecord(record, payload, visibility.mask(cls)), marks }
    },
  )

  r.get(
    '/api/v1/records/:id/history',
    {
      schema: { tags, summary: '信用记录的全部版本', params: idParams, response: { 200: RecordHistorySchema } },
      preHandler: requirePermission('record.read'),
    },
    async (req) => {
      const { record, versions } = await recordHistory(ctx.db, req.params.id)
      const visibility = visibleTo(req.principal, statedPurpose(req.headers, undefined))
      const classes = new Map<number, CatalogClass>()
      for (const v of versions)
        if (!classes.has(v.class_version))
          classes.set(v.class_version, await getClass(ctx.db, record.class_code, v.class_version))
      await openRecordFor(
        ctx,
        principalActor(req.principal, req.id),
        visibility,
        record,
        versions.map((v) => ({
          cls: classes.get(v.class_version) as CatalogClass,
          payload: JSON.parse(v.payload) as Record<string, unknown>,
        })),
        'history',
      )
      const items = []
      for (const v of versions)
        items.push(presentRecordVersion(v, visibility.mask(classes.get(v.class_version) as CatalogClass)))
      return {
        recordId: record.id,
        class: record.class_code,
        currentVersion: record.version,
        state: record.state,
        versions: items,
      }
    },
  )

  r.post(
    '/api/v1/records/:id/revoke',
    {
      schema: {
        tags,
        summary: '撤销一条记录（报送部门）',
        params: idParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }),
        response: { 200: RecordSchema },
      },
      preHandler: requirePermission('record.correct'),
    },
    async (req) => {
      await revokeRecord(ctx, principalActor(req.principal, req.id), req.params.id, req.body.reason)
      const { record, payload } = await getRecordWithPayload(ctx.db, req.params.id)
      const cls = await getClass(ctx.db, record.class_code, record.class_version)
      return presentRecord(record, payload, visibleTo(req.principal).mask(cls))
    },
  )
}
