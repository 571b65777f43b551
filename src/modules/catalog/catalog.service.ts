import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { deepFreeze } from '../../core/freeze.js'
import {
  contentHash,
  policyVersionInfo,
  readOperatorEdit,
  retryOnce,
  storeDefaultVersion,
  storeOperatorVersion,
  versionlessHash,
} from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import { recordAudit } from '../audit/index.js'
import {
  type ClassDefinition,
  normaliseDefinition,
  readDefaultClasses,
  readDefaultRuleSets,
} from './catalog.defaults.js'
import { diffVersions } from './catalog.diff.js'
import { catalogError } from './catalog.errors.js'
import {
  allMeta,
  type ClassMetaRow,
  clearCurrent,
  currentMeta,
  currentRows,
  definitionOf,
  insertClassRow,
  insertRuleSet,
  ruleSetKeys,
  ruleSetRows,
  versionMeta,
  versionsOf,
} from './catalog.repository.js'
import {
  CATEGORIES,
  type CatalogClass,
  type CatalogClassSummary,
  type CatalogSource,
  type CatalogVersionInfo,
  type PublicationRuleSet,
} from './catalog.types.js'
import { checkClassDefinition } from './catalog.validate.js'

/** SHA-256 of the canonical JSON (sorted keys) of a definition without its version. */
export function definitionHash(def: ClassDefinition | CatalogClass): string {
  return versionlessHash(def)
}

// Versions are immutable: a parsed class is cached by (code, version, content hash), so one process serving several
// databases (tests) or a version rolled back and written again never sees a stale definition.
const classCache = new Map<string, CatalogClass>()
const CACHE_MAX = 2000

function cacheKey(m: Pick<ClassMetaRow, 'code' | 'version' | 'hash'>): string {
  return `${m.code}@${m.version}#${m.hash}`
}

function remember(m: Pick<ClassMetaRow, 'code' | 'version' | 'hash'>, definition: string): CatalogClass {
  const key = cacheKey(m)
  const hit = classCache.get(key)
  if (hit) return hit
  const cls = deepFreeze({ ...(JSON.parse(definition) as CatalogClass), version: Number(m.version) })
  if (classCache.size >= CACHE_MAX) classCache.clear()
  classCache.set(key, cls)
  return cls
}

/** The class version (current by default), or undefined. The returned object is frozen and shared. */
export async function findClass(db: Db, code: string, version?: number): Promise<CatalogClass | undefined> {
  const meta = version === undefined ? await currentMeta(db, code) : await versionMeta(db, code, version)
  if (!meta) return undefined
  const hit = classCache.get(cacheKey(meta))
  if (hit) return hit
  const def = await definitionOf(db, code, Number(meta.version))
  return def === undefined ? undefined : remember(meta, def)
}

/** The class version (current by default); throws catalog.class_not_found / catalog.version_not_found. */
export async function getClass(db: Db, code: string, version?: number): Promise<CatalogClass> {
  const cls = await findClass(db, code, version)
  if (cls) return cls
  if (version !== undefined && (await currentMeta(db, code)))
    throw catalogError('catalog.version_not_found', { code, version })
  throw catalogError('catalog.class_not_found', { code })
}

/** The current version of every class (retired ones included), sorted by code. */
export async function currentClasses(db: Db): Promise<CatalogClass[]> {
  return (await currentRows(db)).map((r) => remember(r, r.definition))
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
  const rows = await currentRows(ctx.db)
  return rows
    .map((r) => summarizeClass(remember(r, r.definition), r))
    .filter((s) => options.includeRetired === true || s.status === 'active')
}

function versionInfo(m: ClassMetaRow): CatalogVersionInfo {
  return { code: m.code, ...policyVersionInfo(m) }
}

/** Every stored version of a class, oldest first. */
export async function classVersions(db: Db, code: string): Promise<CatalogVersionInfo[]> {
  const rows = await versionsOf(db, code)
  if (rows.length === 0) throw catalogError('catalog.class_not_found', { code })
  return rows.map(versionInfo)
}

/** Field-level diff between two stored versions of a class. */
export async function diffClassVersions(db: Db, code: string, from: number, to: number) {
  const [a, b] = await Promise.all([getClass(db, code, from), getClass(db, code, to)])
  return diffVersions(a, b)
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
  const { reason: why, given } = readOperatorEdit(
    code,
    definition,
    reason,
    {
      reason: () => catalogError('catalog.reason_required'),
      invalid: (problems) => catalogError('catalog.invalid_definition', { problems }),
    },
    civilDate(ctx.clock.now()),
  )
  const def = normaliseDefinition({ ...given, code })
  const problems = checkClassDefinition(def)
  if (problems.length) throw catalogError('catalog.invalid_definition', { problems })
  const hash = definitionHash(def)
  let version = 0
  try {
    version = await ctx.db.transaction().execute(async (trx) => {
      const { version: next, previous: replaced } = await storeOperatorVersion(
        {
          versions: await versionsOf(trx, code),
          hash,
          baseVersion: options.baseVersion,
          at: ctx.clock.now().toISOString(),
          by: actor.id,
          reason: why,
        },
        {
          conflict: (current) =>
            catalogError('catalog.version_conflict', {
              code,
              current: current?.version ?? 0,
              base: options.baseVersion,
            }),
          unchanged: () => catalogError('catalog.unchanged', { code }),
          clearCurrent: () => clearCurrent(trx, code),
          insert: (row) =>
            insertClassRow(trx, { ...row, code, definition: JSON.stringify({ ...def, version: row.version }) }),
        },
      )
      const previous = replaced ? await getClass(trx, code, Number(replaced.version)) : undefined
      const stored: CatalogClass = { ...def, version: next }
      const diff = previous ? diffVersions(previous, stored) : undefined
      await recordAudit(trx, ctx.clock, actor, {
        action: previous ? 'catalog.class_updated' : 'catalog.class_created',
        targetType: 'catalog_class',
        targetId: code,
        details: {
          code,
          version: next,
          previous: previous?.version ?? null,
          reason: why,
          ...(diff
            ? {
                changed: diff.changes.map((c) => c.property),
                fieldsAdded: diff.fields.added.map((f) => f.code),
                fieldsRemoved: diff.fields.removed.map((f) => f.code),
                fieldsChanged: diff.fields.changed.map((f) => f.code),
              }
            : {}),
        },
      })
      return next
    })
  } catch (e) {
    if (isUniqueViolation(e))
      throw catalogError('catalog.version_conflict', { code, base: options.baseVersion ?? null }, { cause: e })
    throw e
  }
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
  const result: DefaultLoadResult = {
    added: [],
    updated: [],
    kept: [],
    unchanged: 0,
    ruleSetsAdded: [],
    ruleSetConflicts: [],
  }
  await ctx.db.transaction().execute(async (trx) => {
    const byCode = new Map<string, ClassMetaRow[]>()
    for (const m of await allMeta(trx)) byCode.set(m.code, [...(byCode.get(m.code) ?? []), m])
    const now = ctx.clock.now().toISOString()
    for (const def of defs) {
      const { outcome } = await storeDefaultVersion(
        byCode.get(def.code) ?? [],
        { hash: definitionHash(def), at: now, by: actor.id, reasons: { first: '默认目录', update: '默认目录更新' } },
        {
          clearCurrent: () => clearCurrent(trx, def.code),
          insert: (row) =>
            insertClassRow(trx, {
              ...row,
              code: def.code,
              definition: JSON.stringify({ ...def, version: row.version }),
            }),
        },
      )
      if (outcome === 'unchanged') result.unchanged += 1
      else result[outcome].push(def.code)
    }
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
      await recordAudit(trx, ctx.clock, actor, {
        action: 'catalog.defaults_loaded',
        targetType: 'catalog',
        details: {
          added: result.added,
          updated: result.updated,
          kept: result.kept,
          ruleSetsAdded: result.ruleSetsAdded,
        },
      })
    }
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
