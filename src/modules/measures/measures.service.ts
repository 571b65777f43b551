import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { FieldChange } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { currentClasses } from '../catalog/index.js'
import { readDefaultMeasures } from './measures.defaults.js'
import { type MeasureCoverage, measureCoverage } from './measures.coverage.js'
import { measureError } from './measures.errors.js'
import { catalogIndex, measurePolicy } from './measures.policy.js'
import { assertScenario, scenariosOf } from './measures.scenarios.js'
import type { Measure, MeasureDefinition, MeasureSource, MeasureSummary, MeasureVersionInfo } from './measures.types.js'

/** SHA-256 of the canonical JSON (sorted keys) of a definition without its version. */
export function measureHash(def: MeasureDefinition | Measure): string {
  return measurePolicy.hash(def)
}

// The current list, cached per database by the (code, version, hash) of every current version. The key is checked
// at most once a second (and after every write of this process), so other processes' edits show within a second.
type ListRows = { measure: Measure; source: MeasureSource; updatedAt: string }[]
const listCache = new WeakMap<Db, { key: string; rows: ListRows; checkedAt: number; writes: number }>()
const RECHECK_MS = 1000

async function currentList(db: Db): Promise<ListRows> {
  const cached = listCache.get(db)
  // elapsed time of this process (a cache's age), not the platform's time: no clock involved
  const now = performance.now()
  if (cached && now - cached.checkedAt < RECHECK_MS && cached.writes === measurePolicy.writes()) return cached.rows
  const writes = measurePolicy.writes()
  const keys = await measurePolicy.currentKeys(db)
  const key = keys.map((k) => `${String(k.key)}@${k.version}#${k.hash}`).join('|')
  if (cached?.key === key) {
    listCache.set(db, { ...cached, checkedAt: now, writes })
    return cached.rows
  }
  const rows = (await measurePolicy.current(db)).map(({ def, meta }) => ({
    measure: def as Measure,
    source: meta.source as MeasureSource,
    updatedAt: meta.created_at,
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
  return (await measurePolicy.definition(db, code, version)) as Measure
}

export async function listMeasureVersions(db: Db, code: string): Promise<MeasureVersionInfo[]> {
  return (await measurePolicy.versions(db, code)) as unknown as MeasureVersionInfo[]
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
  const { version } = await measurePolicy.edit(ctx, actor, code, definition, reason, options)
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
  return (await measurePolicy.diff(db, code, from, to)) as MeasureDiff
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
  if (await measurePolicy.find(ctx.db, code)) throw measureError('measure.exists', { code })
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
  const { added, updated, kept, unchanged } = await measurePolicy.loadDefaults(
    ctx,
    options.actor ?? systemActor('migrate'),
    async () => readDefaultMeasures(options.dir, await catalogIndex(ctx.db)).map((d) => [d.code, d] as const),
  )
  return { added, updated, kept, unchanged }
}
