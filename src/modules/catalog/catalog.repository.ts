import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CatalogClassesTable, PublicationRuleSetsTable } from './catalog.tables.js'

export type ClassRow = Selectable<CatalogClassesTable>
export type ClassMetaRow = Omit<ClassRow, 'definition'>
export type RuleSetRow = Selectable<PublicationRuleSetsTable>

const META = ['code', 'version', 'hash', 'source', 'created_at', 'created_by', 'reason', 'is_current'] as const

export async function currentMeta(db: Db, code: string): Promise<ClassMetaRow | undefined> {
  return db
    .selectFrom('catalog_classes')
    .select(META)
    .where('code', '=', code)
    .where('is_current', '=', 1)
    .executeTakeFirst()
}

export async function versionMeta(db: Db, code: string, version: number): Promise<ClassMetaRow | undefined> {
  return db
    .selectFrom('catalog_classes')
    .select(META)
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst()
}

export async function definitionOf(db: Db, code: string, version: number): Promise<string | undefined> {
  const r = await db
    .selectFrom('catalog_classes')
    .select('definition')
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst()
  return r?.definition
}

/** Every version of every class, without definitions (small: used to load defaults and list versions). */
export async function allMeta(db: Db): Promise<ClassMetaRow[]> {
  return db.selectFrom('catalog_classes').select(META).orderBy('code').orderBy('version').execute()
}

export async function versionsOf(db: Db, code: string): Promise<ClassMetaRow[]> {
  return db.selectFrom('catalog_classes').select(META).where('code', '=', code).orderBy('version').execute()
}

/** The current versions of every class, with definitions. */
export async function currentRows(db: Db): Promise<ClassRow[]> {
  return db.selectFrom('catalog_classes').selectAll().where('is_current', '=', 1).orderBy('code').execute()
}

export async function clearCurrent(db: Db, code: string): Promise<void> {
  await db
    .updateTable('catalog_classes')
    .set({ is_current: 0 })
    .where('code', '=', code)
    .where('is_current', '=', 1)
    .execute()
}

export async function insertClassRow(db: Db, row: Insertable<CatalogClassesTable>): Promise<void> {
  await db.insertInto('catalog_classes').values(row).execute()
}

export async function ruleSetRows(db: Db): Promise<RuleSetRow[]> {
  return db.selectFrom('publication_rule_sets').selectAll().orderBy('effective_from').execute()
}

export async function ruleSetKeys(db: Db): Promise<{ version: string; hash: string }[]> {
  return db.selectFrom('publication_rule_sets').select(['version', 'hash']).orderBy('effective_from').execute()
}

export async function insertRuleSet(db: Db, row: Insertable<PublicationRuleSetsTable>): Promise<void> {
  await db.insertInto('publication_rule_sets').values(row).execute()
}
