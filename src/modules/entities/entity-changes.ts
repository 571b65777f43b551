// Changes to what an entity's files show, recorded in the database so that every process learns of them: a cache
// of entity files (the portal's, in any server process) compares the entity's change counter with the one it
// computed the file at before serving it. Whoever changes an entity's records, marks or register data calls
// noteEntitiesChanged in the same transaction (the disclosure module's flag refresh does it for records and marks).
import type { Db } from '../../db/database.js'
import {
  bumpEntityChanges,
  bumpFigureChanges,
  entityChangeVersion,
  figureChangeVersion,
} from './entities.repository.js'

/** Records that the entities' files changed; call it in the transaction of the change. */
export async function noteEntitiesChanged(db: Db, entityIds: readonly string[], now: Date): Promise<void> {
  if (entityIds.length) await bumpEntityChanges(db, entityIds, now.toISOString())
}

/** The entity's change counter: read it before computing a file, keep the file with it, compare before serving. */
export async function entityFileVersion(db: Db, entityId: string): Promise<number> {
  return entityChangeVersion(db, entityId)
}

/**
 * Records that the portal's figures (counts of public records and list entries) changed before their time, e.g. a
 * record repaired: the figures cache of every process compares this counter before serving. Call it in the
 * transaction of the change.
 */
export async function noteFiguresChanged(db: Db, now: Date): Promise<void> {
  await bumpFigureChanges(db, now.toISOString())
}

/** The figures' change counter: read it before computing the figures, compare before serving them. */
export async function figuresVersion(db: Db): Promise<number> {
  return figureChangeVersion(db)
}
