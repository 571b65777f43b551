// SQL of the check-triggers read model: the records that decide a joint check, each with whether an objection is
// open on it, in one query per 500 entities (a batch of 1,000 subjects stays a handful of queries).
import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { MarkTables } from '../../modules/marks/index.js'
import type { RecordsTable } from '../../modules/records/index.js'

/** The record columns a check reads to decide triggers and exclusions. */
export const TRIGGER_COLUMNS = [
  'id',
  'entity_id',
  'class_code',
  'state',
  'severity',
  'decided_on',
  'document_no',
  'publish_from',
  'publish_max_until',
  'list_kind',
  'list_until',
] as const
export type TriggerRow = Pick<Selectable<RecordsTable>, (typeof TRIGGER_COLUMNS)[number]>

/**
 * The active records (a peer platform's only where they trigger local measures) of many entities (500 per query, in no particular order) that are of one of `classes`, or list
 * entries of one of `listKinds`, or of one of `severities`, each with whether an objection is open on it (an open
 * `under_objection` mark): what decides a check (triggers and exclusions), in one query.
 */
export async function triggerRowsOf(
  db: Db,
  entityIds: string[],
  what: { classes: string[]; listKinds: string[]; severities: string[] },
): Promise<(TriggerRow & { objected: boolean })[]> {
  const out: (TriggerRow & { objected: boolean })[] = []
  const unique = [...new Set(entityIds)]
  const mdb = db.withTables<MarkTables>()
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await mdb
      .selectFrom('records')
      .select(TRIGGER_COLUMNS.map((c) => `records.${c}` as const))
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('record_marks')
              .select('record_marks.id')
              .whereRef('record_marks.record_id', '=', 'records.id')
              .where('record_marks.kind', '=', 'under_objection')
              .where('record_marks.closed_at', 'is', null),
          )
          .as('objected'),
      )
      .where('records.entity_id', 'in', unique.slice(i, i + 500))
      .where((eb) =>
        eb.or([
          ...(what.classes.length ? [eb('records.class_code', 'in', what.classes)] : []),
          ...(what.listKinds.length ? [eb('records.list_kind', 'in', what.listKinds)] : []),
          ...(what.severities.length ? [eb('records.severity', 'in', what.severities)] : []),
        ]),
      )
      .where('records.state', '=', 'active')
      // a peer's record counts only when its class triggers local measures for that peer (docs/federation.md)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('federation_records')
              .select('federation_records.record_id')
              .whereRef('federation_records.record_id', '=', 'records.id')
              .where('federation_records.measures', '=', 0),
          ),
        ),
      )
      .execute()
    // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean
    for (const r of rows) out.push({ ...r, objected: Boolean(Number(r.objected)) })
  }
  return out
}
