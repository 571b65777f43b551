import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requireAnyPermission, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { can, type Principal, principalActor, statedPurpose } from '../access/index.js'
import type { CatalogClass } from '../catalog/index.js'
import { visibilityOf, visibleTo } from '../disclosure/index.js'
import {
  MarkedRecordSchema,
  presentMarkedRecord,
  presentRecord,
  presentRecordHistory,
  RecordHistorySchema,
  RecordSchema,
} from './records.presenter.js'
import { type RecordReader, readRecord, readRecordHistory, revokeRecordFor } from './records.service.js'

const tags = ['信用记录']

const idParams = Type.Object({ id: Type.String({ maxLength: 64 }) })

/**
 * Government view: public and government-scope fields; authorised-only fields are left out (they need the
 * subject's authorisation and a purpose); ID numbers are masked. Decided by the disclosure module.
 */
export function governmentMask(cls: CatalogClass): (data: Record<string, unknown>) => Record<string, unknown> {
  return visibilityOf('government').mask(cls)
}

/**
 * Readers of one record: `record.read` opens every record; a provider (`record.correct`) opens the records of its own
 * department (404 record.not_found for another's), in the government view.
 */
const RECORD_READERS = ['record.read', 'record.correct'] as const

function readerOf(p: Principal): RecordReader {
  return can(p, 'record.read') ? { all: true } : { all: false, dept: p.dept }
}

export async function recordRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.get(
    '/api/v1/records/:id',
    {
      schema: {
        tags,
        summary: '信用记录（政务共享视图；报送部门只能查看本部门报送的记录）',
        params: idParams,
        response: { 200: MarkedRecordSchema },
      },
      preHandler: requireAnyPermission(...RECORD_READERS),
    },
    async (req) => {
      const purpose = statedPurpose(req.headers, undefined)
      const actor = principalActor(req.principal, req.id, purpose)
      const visibility = visibleTo(req.principal, purpose)
      return presentMarkedRecord(await readRecord(ctx, actor, visibility, readerOf(req.principal), req.params.id))
    },
  )

  r.get(
    '/api/v1/records/:id/history',
    {
      schema: {
        tags,
        summary: '信用记录的全部版本（报送部门只能查看本部门报送的记录）',
        params: idParams,
        response: { 200: RecordHistorySchema },
      },
      preHandler: requireAnyPermission(...RECORD_READERS),
    },
    async (req) => {
      const purpose = statedPurpose(req.headers, undefined)
      const actor = principalActor(req.principal, req.id, purpose)
      const visibility = visibleTo(req.principal, purpose)
      const view = await readRecordHistory(ctx, actor, visibility, readerOf(req.principal), req.params.id)
      return presentRecordHistory(view)
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
      const actor = principalActor(req.principal, req.id)
      const view = await revokeRecordFor(ctx, actor, visibleTo(req.principal), req.params.id, req.body.reason)
      return presentRecord(view.record, view.payload, view.mask)
    },
  )
}
