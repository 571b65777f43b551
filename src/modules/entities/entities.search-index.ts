// Keeps the search module's index in step with the entities: the entities module hands over its rows (search never
// reads the entities' tables), on every registration and change, and for a full rebuild.
import { performance } from 'node:perf_hooks'
import { systemActor } from '../../core/actor.js'
import { runCommand, type Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import {
  clearSearchIndex,
  countIndexed,
  indexEntityRows,
  optimizeSearchIndex,
  replaceIndexedEntities,
} from '../search/index.js'
import { indexSourceOf, indexSourcePage } from './entities.repository.js'

export { indexEntityRows }

/**
 * Re-indexes entities from their stored rows (after a change of name, district, status...); removes deleted ones.
 * Runs in the transaction that changed them.
 */
export async function indexEntities(trx: Trx, entityIds: Iterable<string>): Promise<number> {
  const ids = [...new Set(entityIds)].filter(Boolean)
  if (ids.length === 0) return 0
  return replaceIndexedEntities(trx, ids, await indexSourceOf(trx, ids))
}

export interface RebuildProgress {
  done: number
}

export interface RebuildSummary {
  entities: number
  names: number
  seconds: number
}

const REBUILD = systemActor('search-index')

/**
 * Rebuilds the whole search index from the entities tables, `batch` entities per transaction, then compacts it.
 * Searches during the rebuild see a partial index.
 */
export async function rebuildSearchIndex(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  options: { batch?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<RebuildSummary> {
  const started = performance.now()
  const batch = options.batch ?? 5000
  await runCommand(ctx, REBUILD, ({ trx }) => clearSearchIndex(trx))
  let after: string | null = null
  let done = 0
  for (;;) {
    const page = await indexSourcePage(ctx.db, after, batch)
    const last = page.entities.at(-1)
    if (!last) break
    await runCommand(ctx, REBUILD, ({ trx }) => indexEntityRows(trx, page))
    done += page.entities.length
    after = last.id
    options.onProgress?.({ done })
  }
  await optimizeSearchIndex(ctx.db)
  const counted = await countIndexed(ctx.db)
  return {
    entities: counted.entities,
    names: counted.names,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  }
}
