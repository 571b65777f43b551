import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { retryOnce, storeDefaultVersion } from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import { dataFilePath, maskPersonalText, maskPersonalTextDeep } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import { buildCalendar, checkYearData, parseCalendarDocument } from './calendar.core.js'
import { calendarError } from './calendar.errors.js'
import {
  allYearMeta,
  type CalendarMetaRow,
  type CalendarRow,
  clearCurrentYear,
  currentKeys,
  currentYearRows,
  insertYearRow,
  yearRow,
  yearVersions,
} from './calendar.repository.js'
import type { CalendarSource, CalendarYearData, CalendarYearVersion, WorkingCalendar } from './calendar.types.js'

export function defaultCalendarFile(): string {
  return dataFilePath('calendar/cn-holidays.json')
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = canonical((v as Record<string, unknown>)[k])
    return out
  }
  return v
}

/** Only the three properties of a notice, dates sorted, so equal notices hash equally. */
function cleanYearData(data: CalendarYearData): CalendarYearData {
  return {
    source: data.source.trim(),
    holidays: data.holidays.map((h) => ({ name: h.name.trim(), dates: [...h.dates].sort() })),
    workdays: [...data.workdays].sort(),
  }
}

function yearHash(data: CalendarYearData): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(data)))
    .digest('hex')
}

function readDocument(path: string): Map<number, CalendarYearData> {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch (e) {
    throw calendarError('calendar.unreadable', { path, reason: (e as Error).message })
  }
  return parseCalendarDocument(doc)
}

function present(r: CalendarRow): CalendarYearVersion {
  return { ...presentMeta(r), data: JSON.parse(r.definition) as CalendarYearData }
}

function presentMeta(r: CalendarMetaRow): Omit<CalendarYearVersion, 'data'> {
  return {
    year: Number(r.year),
    version: Number(r.version),
    source: r.source as CalendarSource,
    isCurrent: Number(r.is_current) === 1,
    createdAt: r.created_at,
    createdBy: r.created_by,
    reason: r.reason,
    hash: r.hash,
  }
}

let cache: { key: string; calendar: WorkingCalendar } | undefined

/**
 * The working-day calendar of every current year, in memory. Cached: each call reads only the (year, version, hash)
 * of the current years and rebuilds when they changed (here or in another process). Call it once per batch.
 */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const keys = await currentKeys(db)
  const key = keys.map((k) => `${k.year}.${k.version}#${k.hash}`).join('|')
  if (cache?.key === key) return cache.calendar
  const rows = await currentYearRows(db)
  const calendar = buildCalendar(
    rows.map((r) => [Number(r.year), JSON.parse(r.definition) as CalendarYearData] as const),
  )
  cache = { key, calendar }
  return calendar
}

export interface YearLoadResult {
  year: number
  version: number
  /** false: the notice equals the current version; nothing was stored. */
  changed: boolean
}

async function storeYear(
  ctx: Ctx,
  trx: Db,
  actor: Actor,
  year: number,
  data: CalendarYearData,
  source: CalendarSource,
  reason: string | null,
): Promise<YearLoadResult & { previous: number | null }> {
  // free text (the notice's title, holiday names, the reason) is stored with resident ID numbers masked
  const today = civilDate(ctx.clock.now())
  const clean = cleanYearData(maskPersonalTextDeep(data, { today }))
  const hash = yearHash(clean)
  const versions = await yearVersions(trx, year)
  const current = versions.find((v) => Number(v.is_current) === 1)
  if (current && current.hash === hash)
    return { year, version: Number(current.version), changed: false, previous: Number(current.version) }
  const next = versions.reduce((m, v) => Math.max(m, Number(v.version)), 0) + 1
  await clearCurrentYear(trx, year)
  await insertYearRow(trx, {
    year,
    version: next,
    definition: JSON.stringify(clean),
    hash,
    source,
    created_at: ctx.clock.now().toISOString(),
    created_by: actor.id,
    reason: maskPersonalText(reason, { today }),
    is_current: 1,
  })
  return { year, version: next, changed: true, previous: current ? Number(current.version) : null }
}

/**
 * Stores an operator's notice for a year as its new current version (older versions kept), audited in the same
 * transaction. An identical notice changes nothing.
 */
export async function putCalendarYear(
  ctx: Ctx,
  actor: Actor,
  year: number,
  data: unknown,
  reason?: string | null,
): Promise<YearLoadResult> {
  const problems = checkYearData(year, data)
  if (problems.length) throw calendarError('calendar.invalid', { year, problems })
  return (await putYears(ctx, actor, new Map([[year, data as CalendarYearData]]), reason ?? null))[0] as YearLoadResult
}

async function putYears(
  ctx: Ctx,
  actor: Actor,
  years: Map<number, CalendarYearData>,
  reason: string | null,
): Promise<YearLoadResult[]> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const out: YearLoadResult[] = []
      for (const [year, data] of [...years].sort((a, b) => a[0] - b[0])) {
        const r = await storeYear(ctx, trx, actor, year, data, 'operator', reason ?? `导入 ${year} 年节假日安排`)
        if (r.changed)
          await recordAudit(trx, ctx.clock, actor, {
            action: 'calendar.year_loaded',
            targetType: 'calendar_year',
            targetId: String(year),
            details: { year, version: r.version, previous: r.previous, reason, source: data.source },
          })
        out.push({ year: r.year, version: r.version, changed: r.changed })
      }
      return out
    })
  } catch (e) {
    if (isUniqueViolation(e))
      throw calendarError('calendar.invalid', { problems: ['同一年份正被同时导入，请稍后重试'] }, { cause: e })
    throw e
  }
}

/** Loads every year of a calendar file (see parseCalendarDocument) in one transaction. */
export async function importCalendarFile(
  ctx: Ctx,
  actor: Actor,
  path: string,
  reason?: string | null,
): Promise<YearLoadResult[]> {
  return putYears(ctx, actor, readDocument(path), reason ?? null)
}

export interface CalendarDefaultsResult {
  added: number[]
  updated: number[]
  /** Years whose default notice changed while an operator's version is current: stored, not made current. */
  kept: number[]
  unchanged: number
}

/**
 * Loads data/calendar/cn-holidays.json (called by `gongxin migrate`): years new to the database, and a new default
 * version of a year whose default notice changed, made current unless an operator's version is current. Running it
 * again changes nothing.
 */
export async function loadDefaultCalendar(
  ctx: Ctx,
  options: { file?: string; actor?: Actor } = {},
): Promise<CalendarDefaultsResult> {
  // another process may load the same defaults at the same moment: once more against what it stored
  return retryOnce(() => loadDefaultCalendarOnce(ctx, options), isUniqueViolation)
}

async function loadDefaultCalendarOnce(
  ctx: Ctx,
  options: { file?: string; actor?: Actor },
): Promise<CalendarDefaultsResult> {
  const years = readDocument(options.file ?? defaultCalendarFile())
  const actor = options.actor ?? systemActor('migrate')
  const result: CalendarDefaultsResult = { added: [], updated: [], kept: [], unchanged: 0 }
  await ctx.db.transaction().execute(async (trx) => {
    const meta = await allYearMeta(trx)
    const now = ctx.clock.now().toISOString()
    for (const [year, raw] of [...years].sort((a, b) => a[0] - b[0])) {
      const data = cleanYearData(raw)
      const hash = yearHash(data)
      const versions = meta.filter((m) => Number(m.year) === year)
      const plan = await storeDefaultVersion(
        versions,
        { hash, at: now, by: actor.id, reasons: { first: '默认节假日数据', update: '默认节假日数据更新' } },
        {
          clearCurrent: () => clearCurrentYear(trx, year),
          insert: (row) => insertYearRow(trx, { year, definition: JSON.stringify(data), ...row }),
        },
      )
      if (plan.outcome === 'unchanged') result.unchanged += 1
      else result[plan.outcome].push(year)
    }
    if (result.added.length || result.updated.length || result.kept.length)
      await recordAudit(trx, ctx.clock, actor, {
        action: 'calendar.defaults_loaded',
        targetType: 'calendar',
        details: { added: result.added, updated: result.updated, kept: result.kept },
      })
  })
  return result
}

/** The current version of every loaded year. */
export async function calendarYears(db: Db): Promise<CalendarYearVersion[]> {
  return (await currentYearRows(db)).map(present)
}

/** One year (current version by default). */
export async function getCalendarYear(db: Db, year: number, version?: number): Promise<CalendarYearVersion> {
  const r = await yearRow(db, year, version)
  if (!r) throw calendarError('calendar.not_found', { year, version })
  return present(r)
}

/** Every stored version of a year, oldest first (without the data). */
export async function calendarYearVersions(db: Db, year: number): Promise<Omit<CalendarYearVersion, 'data'>[]> {
  const rows = await yearVersions(db, year)
  if (rows.length === 0) throw calendarError('calendar.not_found', { year })
  return rows.map(presentMeta)
}
