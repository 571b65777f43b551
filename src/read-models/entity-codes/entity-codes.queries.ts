// Read model "entity codes": which entity holds a code (USCC, organisation code, registration number). Used by the
// search module for its exact code queries: search is fed by the entities module (which writes the search index), so
// it cannot load the entities module back. Reads `entity_identifiers` (module entities); it never writes.
import type { Db } from '../../db/database.js'

/** The entity holding the code of that scheme, if any. */
export async function codeOwner(db: Db, scheme: string, value: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('entity_identifiers')
    .select('entity_id')
    .where('scheme', '=', scheme)
    .where('value', '=', value)
    .executeTakeFirst()
  return r?.entity_id
}
