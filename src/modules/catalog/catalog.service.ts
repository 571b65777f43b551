import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import { deepFreeze } from '../../core/freeze.js'
import { contentHash, retryOnce } from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import { can, type Principal } from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import { type ClassDefinition, readDefaultClasses, readDefaultRuleSets } from './catalog.defaults.js'
import { classPolicy } from './catalog.policy.js'
import { type PublicClassSummary, presentPublicSummary } from './catalog.presenter.js'
import { compileClass } from './catalog.validate.js'
import { insertRuleSet, ruleSetKeys, ruleSetRows } from './catalog.repository.js'
import {
  CATEGORIES,
  type CatalogClass,
  type CatalogClassSummary,
  type CatalogDiff,
  type CatalogSource,
  type CatalogVersionInfo,
  type PublicationRuleSet,
} from './catalog.types.js'

/** SHA-256 of the canonical JSON (sorted keys) of a definition without its version. */
export function definitionHash(def: ClassDefinition | CatalogClass): string {
  return classPolicy.hash(def)
}

/** The class version (current by default), or undefined. The returned object is frozen and shared. */
export async function findClass(db: Db, code: string, version?: number): Promise<CatalogClass | undefined> {
  return (await classPolicy.find(db, code, version)) as CatalogClass | undefined
}

/** The class version (current by default); throws catalog.class_not_found / catalog.version_not_found. */
export async function getClass(db: Db, code: string, version?: number): Promise<CatalogClass> {
  return (await classPolicy.definition(db, code, version)) as CatalogClass
}

/** The current version of every class (retired ones included), sorted by code. */
export async function currentClasses(db: Db): Promise<CatalogClass[]> {
  return (await classPolicy.current(db)).map((c) => c.def as CatalogClass)
}

export function summarizeClass(cls: CatalogClass, meta: { source: string; created_at: string }): CatalogClassSummary {
  return {
    code: cls.code,
    version: cls.version,
    nameZh: cls.nameZh,
    nameEn: cls.nameEn,
    category: cls.category,
    categoryLabel: CATEGORIES[cls.category],
    polarity: cls.polarity,
    scope: cls.scope,
    listKind: cls.list?.kind ?? null,
    subjectKinds: [...cls.subjectKinds],
    providers: [...cls.providers],
    fieldCount: cls.fields.length,
    status: cls.status,
    source: meta.source as CatalogSource,
    updatedAt: meta.created_at,
  }
}

/** Summaries of the current versions, sorted by code (retired classes only when asked). */
export async function listClasses(
  ctx: { db: Db },
  options: { includeRetired?: boolean } = {},
): Promise<CatalogClassSummary[]> {
  return (await classPolicy.current(ctx.db))
    .map(({ def, meta }) => summarizeClass(def as CatalogClass, meta))
    .filter((s) => options.includeRetired === true || s.status === 'active')
}

/**
 * The catalog list as `principal` may see it: everyone sees the public summary of the active classes; with
 * catalog.read the full summary (providers, source, update time), retired classes too when asked.
 */
export async function catalogListFor(
  ctx: { db: Db },
  principal: Principal,
  options: { includeRetired?: boolean | undefined } = {},
): Promise<{ items: (CatalogClassSummary | PublicClassSummary)[] }> {
  const full = can(principal, 'catalog.read')
  const items = await listClasses(ctx, { includeRetired: full && options.includeRetired === true })
  return { items: full ? items : items.map(presentPublicSummary) }
}

/** The data-row JSON Schema of a class version (current by default). */
export async function classRowSchema(
  db: Db,
  code: string,
  version?: number,
): Promise<{ code: string; version: number; schema: Record<string, unknown> }> {
  const cls = await getClass(db, code, version)
  return { code: cls.code, version: cls.version, schema: compileClass(cls).schema }
}

/** Every stored version of a class, oldest first. */
export async function classVersions(db: Db, code: string): Promise<CatalogVersionInfo[]> {
  return (await classPolicy.versions(db, code)) as unknown as CatalogVersionInfo[]
}

/** Field-level diff between two stored versions of a class. */
export async function diffClassVersions(db: Db, code: string, from: number, to: number): Promise<CatalogDiff> {
  return (await classPolicy.diff(db, code, from, to)) as CatalogDiff
}

export interface UpdateOptions {
  /** The version the operator edited; a different current version -> catalog.version_conflict. */
  baseVersion?: number | undefined
}

/**
 * Stores an operator's definition as the class's new current version (a new class when the code is unknown: a
 * local supplementary class). Checked first; the audit event commits with the version.
 */
export async function updateClass(
  ctx: Ctx,
  actor: Actor,
  code: string,
  definition: unknown,
  reason: string,
  options: UpdateOptions = {},
): Promise<CatalogClass> {
  const { version } = await classPolicy.edit(ctx, actor, code, definition, reason, options)
  return getClass(ctx.db, code, version)
}

export interface DefaultLoadResult {
  /** Classes new to this database. */
  added: string[]
  /** Classes whose default changed: the new default version is now current. */
  updated: string[]
  /** Classes whose default changed while an operator's version is current: stored, not made current. */
  kept: string[]
  unchanged: number
  ruleSetsAdded: string[]
  /** Rule set versions whose stored content differs from the file (stored versions are never changed). */
  ruleSetConflicts: string[]
}

export interface DefaultLoadOptions {
  /** Directory of class files (default data/catalog/classes). */
  dir?: string
  /** Rule set file (default data/catalog/publication-rules.json). */
  rulesFile?: string
  actor?: Actor
}

/**
 * Loads the default catalog (called by `gongxin migrate`): adds classes new to the database and, when a default
 * file changed (content hash), a new default version. That version becomes current only when the current version is
 * a default one: an operator's version is never replaced (the new default is kept, not current, for the operator to
 * diff and adopt). Rule sets are added by version and never changed. One transaction, one audit event when anything
 * changed; running it again changes nothing.
 */
export async function loadDefaultCatalog(ctx: Ctx, options: DefaultLoadOptions = {}): Promise<DefaultLoadResult> {
  // another process (a second `migrate`, the server starting) may load the same defaults at the same moment
  return retryOnce(() => loadDefaultsOnce(ctx, options), isUniqueViolation)
}

async function loadDefaultsOnce(ctx: Ctx, options: DefaultLoadOptions): Promise<DefaultLoadResult> {
  const defs = readDefaultClasses(options.dir)
  const ruleSets = readDefaultRuleSets(options.rulesFile)
  const actor = options.actor ?? systemActor('migrate')
  const result = await runCommand(ctx, actor, async (scope) => {
    const { trx } = scope
    const classes = await classPolicy.storeDefaults(
      scope,
      defs.map((d) => [d.code, d] as const),
    )
    const result: DefaultLoadResult = {
      added: classes.added,
      updated: classes.updated,
      kept: classes.kept,
      unchanged: classes.unchanged,
      ruleSetsAdded: [],
      ruleSetConflicts: [],
    }
    const now = scope.now.toISOString()
    const stored = new Map((await ruleSetKeys(trx)).map((r) => [r.version, r.hash]))
    for (const rs of ruleSets) {
      const hash = contentHash(rs)
      const have = stored.get(rs.version)
      if (have === hash) continue
      if (have !== undefined) {
        result.ruleSetConflicts.push(rs.version)
        continue
      }
      await insertRuleSet(trx, {
        version: rs.version,
        effective_from: rs.effectiveFrom,
        definition: JSON.stringify(rs),
        hash,
        source: 'default',
        created_at: now,
        created_by: actor.id,
      })
      result.ruleSetsAdded.push(rs.version)
    }
    if (result.added.length || result.updated.length || result.kept.length || result.ruleSetsAdded.length) {
      const event = classPolicy.kind.audit.defaultsLoaded(classes, [])
      await recordAudit(trx, ctx.clock, actor, {
        ...event,
        details: { ...event.details, ruleSetsAdded: result.ruleSetsAdded },
      })
    }
    return result
  })
  if (result.ruleSetConflicts.length)
    ctx.logger.warn(
      { versions: result.ruleSetConflicts },
      'publication rule sets in the database differ from data/catalog/publication-rules.json; the stored ones are kept',
    )
  return result
}

let ruleCache: { key: string; sets: PublicationRuleSet[] } | undefined

/** Every stored publication rule set, oldest first (cached until the stored set changes). */
export async function listRuleSets(db: Db): Promise<PublicationRuleSet[]> {
  const keys = await ruleSetKeys(db)
  const key = keys.map((k) => `${k.version}#${k.hash}`).join('|')
  if (ruleCache?.key === key) return ruleCache.sets
  const sets = deepFreeze((await ruleSetRows(db)).map((r) => JSON.parse(r.definition) as PublicationRuleSet))
  ruleCache = { key, sets }
  return sets
}

/** The same as listRuleSets (the name the collection pipeline uses). */
export const loadRuleSets = listRuleSets
