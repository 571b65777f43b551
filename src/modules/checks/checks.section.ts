import type { Db } from '../../db/database.js'
import { can } from '../access/index.js'
import { registerFileSection } from '../entities/index.js'
import type { CheckHit } from './checks.evaluate.js'
import { checksOfEntity } from './checks.repository.js'

/** The newest checks the entity file lists (the total says how many there are). */
export const FILE_CHECKS = 20

export interface FileCheckJson {
  checkId: string
  /** 核查编号 (HC-YYYYMMDD-NNNNNN). */
  number: string
  at: string
  scenario: string
  dept: string | null
  purpose: string | null
  outcome: string
  hitCount: number
  measures: string[]
}

const str = { type: 'string' } as const
const nstr = { type: ['string', 'null'] } as const

export const fileChecksSchema = {
  type: 'object',
  properties: {
    scope: str,
    total: { type: 'integer' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          checkId: str,
          number: str,
          at: str,
          scenario: str,
          dept: nstr,
          purpose: nstr,
          outcome: str,
          hitCount: { type: 'integer' },
          measures: { type: 'array', items: str },
        },
      },
    },
  },
} as const

function presentFileCheck(r: Awaited<ReturnType<typeof checksOfEntity>>['rows'][number]): FileCheckJson {
  return {
    checkId: r.id,
    number: r.number ?? '',
    at: r.at,
    scenario: r.scenario,
    dept: r.dept,
    purpose: r.purpose,
    outcome: r.outcome,
    hitCount: Number(r.hit_count),
    measures: (JSON.parse(r.hits) as CheckHit[]).map((h) => h.measure),
  }
}

/**
 * The checks run on an entity by every department, the newest `limit` first, and how many there are: what the
 * entity's own file shows (GET /api/v1/me/file). Callers decide who may see them.
 */
export async function entityChecks(
  db: Db,
  entityId: string,
  limit = FILE_CHECKS,
): Promise<{ total: number; items: FileCheckJson[] }> {
  const { total, rows } = await checksOfEntity(db, entityId, null, limit)
  return { total, items: rows.map(presentFileCheck) }
}

/**
 * The `checks` section of the entity file (一户一档): the joint reward and punishment checks run on the entity, the
 * newest first. Whoever reads the audit log (audit.read) sees every department's (`scope: all`); a department's
 * users and keys see their department's own (`scope: dept`), as for receipts; a reader without a department sees
 * no such section.
 */
export function registerCheckSection(): void {
  registerFileSection(
    'checks',
    async (ctx, entity, principal) => {
      const all = can(principal, 'audit.read')
      if (!all && !principal.dept) return undefined
      const { total, rows } = await checksOfEntity(ctx.db, entity.id, all ? null : principal.dept, FILE_CHECKS)
      const items: FileCheckJson[] = rows.map(presentFileCheck)
      return { scope: all ? 'all' : 'dept', total, items }
    },
    fileChecksSchema,
  )
}
