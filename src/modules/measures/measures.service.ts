import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { type FieldChange, propertyChanges } from '../../core/diff.js'
import { deepFreeze } from '../../core/freeze.js'
import {
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
import { currentClasses } from '../catalog/index.js'
import { readDefaultMeasures } from './measures.defaults.js'
import { type MeasureCoverage, measureCoverage } from './measures.coverage.js'
import { measureError } from './measures.errors.js'
import { assertScenario, scenariosOf } from './measures.scenarios.js'
import {
  allMeasureMeta,
  clearCurrentMeasure,
  currentMeasureKeys,
  currentMeasureMeta,
  currentMeasureRows,
  insertMeasureRow,
  type MeasureMetaRow,
  measureVersionRow,
  measureVersions,
  measureWriteCount,
} from './measures.repository.js'
import type { Measure, MeasureDefinition, MeasureSource, MeasureSummary, MeasureVersionInfo } from './measures.types.js'
import { checkMeasureDefinition, normaliseMeasure } from './measures.validate.js'

/** SHA-256 of the canonical JSON (sorted keys) of a definition without its version. */
export function measureHash(def: MeasureDefinition | Measure): string {
  return versionlessHash(def)
}

function parse(row: { version: number; definition: string }): Measure {
  return deepFreeze({ ...(JSON.parse(row.definition) as Measure), version: Number(row.version) })
}

/** The catalog's current classes as the validator wants them (trigger classes must exist; list triggers on lists). */
async function catalogIndex(db: Db): Promise<Map<string, { list: boolean }>> {
  return new Map((await currentClasses(db)).map((c) => [c.code, { list: c.list !== null && c.list !== undefined }]))
}

// The current list, cached per database by the (code, version, hash) of every current version. The key is checked
// at most once a second (and after every write of this process), so other processes' edits show within a second.
type ListRows = { measure: Measure; source: MeasureSource; updatedAt: string }[]
const listCache = new WeakMap<Db, { key: string; rows: ListRows; checkedAt: number; writes: number }>()
const RECHECK_MS = 1000

async function currentList(db: Db): Promise<ListRows> {
  const cached = listCache.get(db)
  const now = Date.now()
  if (cached && now - cached.checkedAt < RECHECK_MS && cached.writes === measureWriteCount()) return cached.rows
  const writes = measureWriteCount()
  const keys = await currentMeasureKeys(db)
  const key = keys.map((k) => `${k.code}@${k.version}#${k.hash}`).join('|')
  if (cached?.key === key) {
    listCache.set(db, { ...cached, checkedAt: now, writes })
    return cached.rows
  }
  const rows = (await currentMeasureRows(db)).map((r) => ({
    measure: parse(r),
    source: r.source as MeasureSource,
    updatedAt: r.created_at,
  }))
  listCache.set(db, { key, rows, checkedAt: now, writes })
  return rows
}

/** The coverage of the current catalog by the current measure list today (see measures.coverage.ts). */
export async function currentCoverage(ctx: Ctx): Promise<MeasureCoverage> {
  return measureCoverage(await currentClasses(ctx.db), await currentMeasures(ctx.db), civilDate(ctx.clock.now()))
}

/** The current version of every measure (retired ones included), sorted by code; frozen, shared objects. */
export async function currentMeasures(db: Db): Promise<Measure[]> {
  return (await currentList(db)).map((r) => r.measure)
}

export interface MeasureFilter {
  kind?: string | undefined
  scenario?: string | undefined
  dept?: string | undefined
  includeRetired?: boolean | undefined
}

/**
 * The current list, filtered. A `scenario` none of the listed measures names (retired ones count with
 * includeRetired) is checks.scenario_unknown: an empty answer would read as "no measure in this scenario".
 */
export async function listMeasures(db: Db, filter: MeasureFilter = {}): Promise<MeasureSummary[]> {
  const listed = (await currentList(db)).filter(
    ({ measure: m }) => filter.includeRetired === true || m.status === 'active',
  )
  if (filter.scenario) assertScenario(filter.scenario, scenariosOf(listed.map((r) => r.measure)))
  return listed
    .filter(({ measure: m }) => !filter.kind || m.kind === filter.kind)
    .filter(({ measure: m }) => !filter.scenario || m.scenarios.includes(filter.scenario))
    .filter(({ measure: m }) => !filter.dept || m.departments.includes(filter.dept))
    .map(({ measure, source, updatedAt }) => ({ ...measure, source, updatedAt }))
}

/** The measure version (current by default); throws measure.not_found. */
export async function getMeasure(db: Db, code: string, version?: number): Promise<Measure> {
  const meta = version === undefined ? await currentMeasureMeta(db, code) : { version }
  const row = meta ? await measureVersionRow(db, code, Number(meta.version)) : undefined
  if (!row) throw measureError('measure.not_found', { code, ...(version !== undefined ? { version } : {}) })
  return parse(row)
}

function versionInfo(m: MeasureMetaRow): MeasureVersionInfo {
  return { code: m.code, ...policyVersionInfo(m) }
}

export async function listMeasureVersions(db: Db, code: string): Promise<MeasureVersionInfo[]> {
  const rows = await measureVersions(db, code)
  if (rows.length === 0) throw measureError('measure.not_found', { code })
  return rows.map(versionInfo)
}

/**
 * Stores an operator's definition as the measure's new current version (a new measure when the code is unknown: a
 * local measure, which still needs its basis). Checked against the catalog first; audited in the same transaction.
 */
export async function updateMeasure(
  ctx: Ctx,
  actor: Actor,
  code: string,
  definition: unknown,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<Measure> {
  const { reason: why, given } = readOperatorEdit(
    code,
    definition,
    reason,
    {
      reason: () => measureError('measure.reason_required'),
      invalid: (problems) => measureError('measure.invalid_definition', { problems }),
    },
    civilDate(ctx.clock.now()),
  )
  const def = normaliseMeasure({ ...given, code })
  const problems = checkMeasureDefinition(def, await catalogIndex(ctx.db))
  if (problems.length) throw measureError('measure.invalid_definition', { problems })
  const hash = measureHash(def)
  let version = 0
  try {
    version = await ctx.db.transaction().execute(async (trx) => {
      const { version: next, previous: replaced } = await storeOperatorVersion(
        {
          versions: await measureVersions(trx, code),
          hash,
          baseVersion: options.baseVersion,
          at: ctx.clock.now().toISOString(),
          by: actor.id,
          reason: why,
        },
        {
          conflict: (current) =>
            measureError('measure.version_conflict', {
              code,
              current: current?.version ?? 0,
              base: options.baseVersion,
            }),
          unchanged: () => measureError('measure.unchanged', { code }),
          clearCurrent: () => clearCurrentMeasure(trx, code),
          insert: (row) =>
            insertMeasureRow(trx, { ...row, code, definition: JSON.stringify({ ...def, version: row.version }) }),
        },
      )
      const previous = replaced ? await getMeasure(trx, code, Number(replaced.version)) : undefined
      const stored: Measure = { ...def, version: next }
      const changed = previous
        ? propertyChanges(
            previous as unknown as Record<string, unknown>,
            stored as unknown as Record<string, unknown>,
            ['version'],
          ).map((c) => c.property)
        : []
      await recordAudit(trx, ctx.clock, actor, {
        action: previous ? 'measure.updated' : 'measure.created',
        targetType: 'measure',
        targetId: code,
        details: { code, version: next, previous: previous?.version ?? null, reason: why, changed },
      })
      return next
    })
  } catch (e) {
    if (isUniqueViolation(e))
      throw measureError('measure.version_conflict', { code, base: options.baseVersion ?? null }, { cause: e })
    throw e
  }
  return getMeasure(ctx.db, code, version)
}

/** Field-level difference between two stored versions of a measure (every property but the version). */
export interface MeasureDiff {
  code: string
  from: number
  to: number
  changes: FieldChange[]
}

/** Diff of versions `from` and `to` of a measure; throws measure.version_not_found for a version never stored. */
export async function diffMeasureVersions(db: Db, code: string, from: number, to: number): Promise<MeasureDiff> {
  const versions = await listMeasureVersions(db, code)
  for (const v of [from, to])
    if (!versions.some((x) => x.version === v))
      throw measureError('measure.version_not_found', { code, version: v, latest: versions.at(-1)?.version ?? 0 })
  const [a, b] = await Promise.all([getMeasure(db, code, from), getMeasure(db, code, to)])
  return {
    code,
    from,
    to,
    changes: propertyChanges(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, [
      'version',
    ]),
  }
}

/** A new (local) measure: the code must be unused; otherwise as updateMeasure (checked, versioned, audited). */
export async function createMeasure(ctx: Ctx, actor: Actor, definition: unknown, reason: string): Promise<Measure> {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition))
    throw measureError('measure.invalid_definition', { problems: ['定义应为 JSON 对象'] })
  const code = (definition as Record<string, unknown>).code
  if (typeof code !== 'string' || !/^[a-z][a-z0-9_]{1,63}$/.test(code))
    throw measureError('measure.invalid_definition', {
      problems: ['code（措施代码）为必填项：小写字母开头，字母、数字、下划线，2 到 64 位'],
    })
  if ((await measureVersions(ctx.db, code)).length > 0) throw measureError('measure.exists', { code })
  return updateMeasure(ctx, actor, code, definition, reason, { baseVersion: 0 })
}

/**
 * Retires a measure: a new version equal to the current one with status `retired` (the history keeps every earlier
 * version; a retired measure no longer applies in checks). Throws measure.already_retired when it is retired.
 */
export async function retireMeasure(
  ctx: Ctx,
  actor: Actor,
  code: string,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<Measure> {
  const current = await getMeasure(ctx.db, code)
  if (current.status === 'retired') throw measureError('measure.already_retired', { code })
  const { version: _v, ...definition } = current
  return updateMeasure(ctx, actor, code, { ...definition, status: 'retired' }, reason, {
    baseVersion: options.baseVersion ?? current.version,
  })
}

export interface MeasureDefaultsResult {
  added: string[]
  /** Default changed and the current version was a default one: the new default is current. */
  updated: string[]
  /** Default changed while an operator's version is current: stored, not made current. */
  kept: string[]
  unchanged: number
}

/**
 * Loads the default measure list (called by `gongxin migrate` after the catalog): adds new measures and, when a
 * default changed, a new default version, current only when the current version is a default one (an operator's
 * edit is never replaced). One transaction, one audit event when anything changed; a rerun changes nothing.
 */
export async function loadDefaultMeasures(
  ctx: Ctx,
  options: { dir?: string; actor?: Actor } = {},
): Promise<MeasureDefaultsResult> {
  return retryOnce(() => loadOnce(ctx, options), isUniqueViolation)
}

async function loadOnce(ctx: Ctx, options: { dir?: string; actor?: Actor }): Promise<MeasureDefaultsResult> {
  const defs = readDefaultMeasures(options.dir, await catalogIndex(ctx.db))
  const actor = options.actor ?? systemActor('migrate')
  const result: MeasureDefaultsResult = { added: [], updated: [], kept: [], unchanged: 0 }
  await ctx.db.transaction().execute(async (trx) => {
    const byCode = new Map<string, MeasureMetaRow[]>()
    for (const m of await allMeasureMeta(trx)) byCode.set(m.code, [...(byCode.get(m.code) ?? []), m])
    const now = ctx.clock.now().toISOString()
    for (const def of defs) {
      const { outcome } = await storeDefaultVersion(
        byCode.get(def.code) ?? [],
        {
          hash: measureHash(def),
          at: now,
          by: actor.id,
          reasons: { first: '默认措施清单', update: '默认措施清单更新' },
        },
        {
          clearCurrent: () => clearCurrentMeasure(trx, def.code),
          insert: (row) =>
            insertMeasureRow(trx, {
              ...row,
              code: def.code,
              definition: JSON.stringify({ ...def, version: row.version }),
            }),
        },
      )
      if (outcome === 'unchanged') result.unchanged += 1
      else result[outcome].push(def.code)
    }
    if (result.added.length || result.updated.length || result.kept.length)
      await recordAudit(trx, ctx.clock, actor, {
        action: 'measure.defaults_loaded',
        targetType: 'measures',
        details: { added: result.added.length, updated: result.updated, kept: result.kept },
      })
  })
  return result
}
