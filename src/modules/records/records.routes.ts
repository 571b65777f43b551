import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../container.js'
import { maskResidentId } from '../../identifiers/index.js'
import { requirePermission } from '../../http/plugins/auth.js'
import { principalActor } from '../access/index.js'
import type { CatalogClass } from '../catalog/catalog.types.js'
import { getClass } from '../catalog/index.js'
import { presentRecord, presentRecordVersion } from './records.presenter.js'
import { getRecordWithPayload, recordHistory, revokeRecord } from './records.service.js'

const tags = ['信用记录']
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const

/**
 * Government view: public and government-scope fields; authorised-only fields are left out (they need the
 * subject's authorisation and a purpose); ID numbers are masked.
 */
export function governmentMask(cls: CatalogClass): (data: Record<string, unknown>) => Record<string, unknown> {
  const byCode = new Map(cls.fields.map((f) => [f.code, f]))
  return (data) => {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(data)) {
      const f = byCode.get(k)
      if (!f || f.scope === 'authorized' || f.mask === 'hidden') continue
      out[k] = f.mask === 'id_number' && typeof v === 'string' && v.length >= 15 ? maskResidentId(v) : v
    }
    return out
  }
}

export async function recordRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/v1/records/:id',
    { schema: { tags, summary: '信用记录（政务共享视图）', params: idParams }, preHandler: requirePermission('record.read') },
    async (req) => {
      const { record, payload } = await getRecordWithPayload(ctx.db, req.params.id)
      return presentRecord(record, payload, governmentMask(await getClass(ctx.db, record.class_code, record.class_version)))
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/records/:id/history',
    { schema: { tags, summary: '信用记录的全部版本', params: idParams }, preHandler: requirePermission('record.read') },
    async (req) => {
      const { record, versions } = await recordHistory(ctx.db, req.params.id)
      const masks = new Map<number, (d: Record<string, unknown>) => Record<string, unknown>>()
      const maskFor = async (v: number) => {
        let m = masks.get(v)
        if (!m) {
          m = governmentMask(await getClass(ctx.db, record.class_code, v))
          masks.set(v, m)
        }
        return m
      }
      const items = []
      for (const v of versions) items.push(presentRecordVersion(v, await maskFor(v.class_version)))
      return { recordId: record.id, class: record.class_code, currentVersion: record.version, state: record.state, versions: items }
    },
  )

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/v1/records/:id/revoke',
    {
      schema: {
        tags,
        summary: '撤销一条记录（报送部门）',
        params: idParams,
        body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 2, maxLength: 500 } } },
      },
      preHandler: requirePermission('record.correct'),
    },
    async (req) => {
      await revokeRecord(ctx, principalActor(req.principal, req.id), req.params.id, req.body.reason)
      const { record, payload } = await getRecordWithPayload(ctx.db, req.params.id)
      return presentRecord(record, payload, governmentMask(await getClass(ctx.db, record.class_code, record.class_version)))
    },
  )
}
