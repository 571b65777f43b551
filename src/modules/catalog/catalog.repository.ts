// SQL of the catalog's publication rule sets (class versions: the shared versioned-policy repository).
import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { PublicationRuleSetsTable } from './catalog.tables.js'

export type RuleSetRow = Selectable<PublicationRuleSetsTable>

export async function ruleSetRows(db: Db): Promise<RuleSetRow[]> {
  return db.selectFrom('publication_rule_sets').selectAll().orderBy('effective_from').execute()
}

export async function ruleSetKeys(db: Db): Promise<{ version: string; hash: string }[]> {
  return db.selectFrom('publication_rule_sets').select(['version', 'hash']).orderBy('effective_from').execute()
}

export async function insertRuleSet(db: Db, row: Insertable<PublicationRuleSetsTable>): Promise<void> {
  await db.insertInto('publication_rule_sets').values(row).execute()
}
