// Read model "sme sources": the candidates of a screening rule (active organisations with a current grade by one of
// the rule's models at one of the grades the rule admits, with the entity facts a list shows), and, for a set of
// entities, their list entries and serious negative records in force on a day. It never writes.
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../db/database.js'

const CHUNK = 500

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

/** A record in force on `today`: active, published, inside its publication window and (a list entry) its period. */
function inForceSql(today: string): RawBuilder<boolean> {
  return sql<boolean>`(records.state = 'active' and coalesce(records.publish_from, records.decided_on) <= ${today} and (records.publish_max_until is null or records.publish_max_until >= ${today}) and (records.list_until is null or records.list_until >= ${today}))`
}

export interface ScreenFilter {
  /** Per model: the grades it admits (the rule's minimum and, for red-listed entities, the lower bonus grades). */
  models: readonly { model: string; grades: readonly string[] }[]
  kinds: readonly string[]
  /** GB/T 2260 code: the district itself and (a city or province code ending in 00) the districts below it. */
  district?: string | undefined
  /** GB/T 4754 section. */
  industry?: string | undefined
  /** Only these grades. */
  grades?: readonly string[] | undefined
  /** Only these entities (an agency's granting subjects). */
  entityIds?: readonly string[] | undefined
}

export interface ScreenCandidate {
  entity_id: string
  kind: string
  name: string
  uscc: string | null
  district: string | null
  industry: string | null
  model_code: string
  model_version: number
  grade: string
  score: number
  as_of: string
}

/** The district prefix a code stands for: 120000 -> 12, 120100 -> 1201, 120104 -> 120104. */
function districtPrefix(code: string): string {
  if (/^\d{6}$/.test(code)) {
    if (code.endsWith('0000')) return code.slice(0, 2)
    if (code.endsWith('00')) return code.slice(0, 4)
  }
  return code
}

/** Active organisations with a current grade by one of the filter's models at one of its grades (unsorted). */
export async function screenCandidates(db: Db, f: ScreenFilter): Promise<ScreenCandidate[]> {
  if (f.models.length === 0 || f.kinds.length === 0) return []
  if (f.entityIds && f.entityIds.length === 0) return []
  const run = async (ids: readonly string[] | null) => {
    let q = db
      .selectFrom('grades as g')
      .innerJoin('entities as e', 'e.id', 'g.entity_id')
      .select([
        'g.entity_id as entity_id',
        'e.kind as kind',
        'e.name as name',
        'e.uscc as uscc',
        'e.district as district',
        'e.industry as industry',
        'g.model_code as model_code',
        'g.model_version as model_version',
        'g.grade as grade',
        'g.score as score',
        'g.as_of as as_of',
      ])
      .where('g.is_current', '=', 1)
      .where('e.status', '=', 'active')
      .where('e.kind', 'in', [...f.kinds])
      .where((eb) =>
        eb.or(
          f.models.map((m) =>
            eb.and([eb('g.model_code', '=', m.model), eb('g.grade', 'in', m.grades.length ? [...m.grades] : ['-'])]),
          ),
        ),
      )
    if (f.grades?.length) q = q.where('g.grade', 'in', [...f.grades])
    if (f.industry) q = q.where('e.industry', '=', f.industry)
    if (f.district) {
      const p = districtPrefix(f.district)
      q = p.length === 6 ? q.where('e.district', '=', p) : q.where('e.district', 'like', `${p}%`)
    }
    if (ids) q = q.where('g.entity_id', 'in', [...ids])
    return (await q.execute()).map((r) => ({
      ...r,
      model_version: Number(r.model_version),
      score: Number(r.score),
    }))
  }
  if (!f.entityIds) return run(null)
  const out: ScreenCandidate[] = []
  for (const part of chunks(f.entityIds)) out.push(...(await run(part)))
  return out
}

export interface ListedEntry {
  entity_id: string
  record_id: string
  class_code: string
  list_kind: string
  decided_on: string | null
  list_until: string | null
  publish_max_until: string | null
}

/** The list entries of these entities in force on `today` with one of `kinds` (red, black, focus). */
export async function listedEntries(
  db: Db,
  entityIds: readonly string[],
  kinds: readonly string[],
  today: string,
): Promise<ListedEntry[]> {
  const out: ListedEntry[] = []
  if (kinds.length === 0) return out
  for (const part of chunks([...new Set(entityIds)]))
    out.push(
      ...(await db
        .selectFrom('records')
        .select([
          'records.entity_id as entity_id',
          'records.id as record_id',
          'records.class_code as class_code',
          'records.list_kind as list_kind',
          'records.decided_on as decided_on',
          'records.list_until as list_until',
          'records.publish_max_until as publish_max_until',
        ])
        .where('records.entity_id', 'in', part)
        .where('records.list_kind', 'in', [...kinds])
        .where(inForceSql(today))
        .orderBy('records.decided_on')
        .orderBy('records.id')
        .execute()
        .then((rows) => rows.map((r) => ({ ...r, list_kind: r.list_kind as string })))),
    )
  return out
}

/** Of these entities, those with a serious negative record in force on `today`. */
export async function seriousEntityIds(db: Db, entityIds: readonly string[], today: string): Promise<Set<string>> {
  const out = new Set<string>()
  for (const part of chunks([...new Set(entityIds)])) {
    const rows = await db
      .selectFrom('records')
      .select('records.entity_id')
      .distinct()
      .where('records.entity_id', 'in', part)
      .where('records.severity', '=', 'serious')
      .where('records.polarity', '=', 'negative')
      .where(inForceSql(today))
      .execute()
    for (const r of rows) out.add(r.entity_id)
  }
  return out
}
