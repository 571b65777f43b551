// Planner statistics after large imports: on PostgreSQL a table that grew by a large import keeps the statistics of
// its smaller self until something analyses it (autovacuum, when it runs), and the planner may then prefer scans
// (search after a 200,000-entity load: p95 262-403 ms before ANALYZE, 55-108 ms after). docs/operations.md.
import type { Ctx } from '../../core/context.js'

/** The tables a collection batch writes in bulk: records and their versions, issues, new entities and their index. */
export const PIPELINE_TABLES = [
  'records',
  'record_versions',
  'batch_issues',
  'entities',
  'entity_identifiers',
  'entity_names',
  'search_names',
  'entity_flags',
  'entity_changes',
] as const

/**
 * Refreshes the statistics of the pipeline's tables when a batch stored at least `analyzeAfterRows` records (0:
 * never). The batch is already committed: a failure here is logged, never the batch's. Returns the tables analysed.
 */
export async function refreshStatisticsAfterImport(ctx: Ctx, storedRecords: number): Promise<string[]> {
  const threshold = ctx.config.analyzeAfterRows
  if (threshold <= 0 || storedRecords < threshold) return []
  try {
    return await ctx.dbh.helpers.refreshStatistics(ctx.db, PIPELINE_TABLES)
  } catch (e) {
    ctx.logger.warn({ err: e }, 'planner statistics not refreshed after the import')
    return []
  }
}
