import { readFileSync } from 'node:fs'
import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { Db } from '../../db/database.js'
import type { PreparedEdit } from '../policies/index.js'
import { dataFilePath } from '../../identifiers/index.js'
import { addWorkingDays, buildCalendar, dayInfo, parseCalendarDocument } from './calendar.core.js'
import { calendarError } from './calendar.errors.js'
import { calendarPolicy } from './calendar.policy.js'
import type { CalendarYearData, CalendarYearVersion, DayInfo, WorkingCalendar } from './calendar.types.js'

export function defaultCalendarFile(): string {
  return dataFilePath('calendar/cn-holidays.json')
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

let cache: { key: string; calendar: WorkingCalendar } | undefined

/**
 * The working-day calendar of every current year, in memory. Cached: each call reads only the (year, version, hash)
 * of the current years and rebuilds when they changed (here or in another process). Call it once per batch.
 */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const keys = await calendarPolicy.currentKeys(db)
  const key = keys.map((k) => `${String(k.key)}.${k.version}#${k.hash}`).join('|')
  if (cache?.key === key) return cache.calendar
  const calendar = buildCalendar(
    (await calendarPolicy.current(db)).map(({ def, meta }) => [Number(meta.key), def] as const),
  )
  cache = { key, calendar }
  return calendar
}

/** What kind of day `from` is, and with `add` the add-th working day after it (before it when negative). */
export async function workingDays(
  db: Db,
  from: string,
  add?: number,
): Promise<DayInfo & { add?: number; result?: string }> {
  const cal = await loadCalendar(db)
  const info = dayInfo(cal, from)
  return add === undefined ? info : { ...info, add, result: addWorkingDays(cal, from, add) }
}

export interface YearLoadResult {
  year: number
  version: number
  /** false: the notice equals the current version; nothing was stored. */
  changed: boolean
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
  return (await putYears(ctx, actor, new Map([[year, data]]), reason ?? null))[0] as YearLoadResult
}

async function putYears(
  ctx: Ctx,
  actor: Actor,
  years: Map<number, unknown>,
  reason: string | null,
): Promise<YearLoadResult[]> {
  const today = civilDate(ctx.clock.now())
  const edits: PreparedEdit<CalendarYearData, number>[] = []
  for (const [year, data] of [...years].sort((a, b) => a[0] - b[0]))
    edits.push(await calendarPolicy.prepareEdit(ctx.db, today, year, data, reason))
  return calendarPolicy.command(ctx, actor, edits[0]?.key ?? 0, undefined, async (scope) => {
    const out: YearLoadResult[] = []
    for (const edit of edits) {
      const { version, changed } = await calendarPolicy.storeEdit(scope, edit)
      out.push({ year: edit.key, version, changed })
    }
    return out
  })
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
  const { added, updated, kept, unchanged } = await calendarPolicy.loadDefaults(
    ctx,
    options.actor ?? systemActor('migrate'),
    () => [...readDocument(options.file ?? defaultCalendarFile())].sort((a, b) => a[0] - b[0]),
  )
  return { added, updated, kept, unchanged }
}

/** The current version of every loaded year. */
export async function calendarYears(db: Db): Promise<CalendarYearVersion[]> {
  return (await calendarPolicy.currentServed(db)) as unknown as CalendarYearVersion[]
}

/** One year (current version by default). */
export async function getCalendarYear(db: Db, year: number, version?: number): Promise<CalendarYearVersion> {
  return (await calendarPolicy.get(db, year, version)) as unknown as CalendarYearVersion
}

/** Every stored version of a year, oldest first (without the data). */
export async function calendarYearVersions(db: Db, year: number): Promise<Omit<CalendarYearVersion, 'data'>[]> {
  return (await calendarPolicy.versions(db, year)) as unknown as Omit<CalendarYearVersion, 'data'>[]
}

export interface CalendarStatus {
  /** Today (Asia/Shanghai). */
  today: string
  /** The last year the calendar holds (null: none loaded). */
  lastYear: number | null
  /** Next year's notice is not loaded. */
  nextYearMissing: boolean
  /**
   * The console warns: from October 1 while next year is missing (the State Council publishes it in October to
   * November), or whenever this year itself is missing.
   */
  warn: boolean
  /** The warning in Chinese (null when none). */
  message: string | null
}

/** Whether the calendar is ready for the deadlines ahead (see CalendarStatus). */
export async function calendarStatus(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<CalendarStatus> {
  const today = civilDate(ctx.clock.now())
  const cal = await loadCalendar(ctx.db)
  const year = Number(today.slice(0, 4))
  const lastYear = cal.years.size ? Math.max(...cal.years) : null
  const thisYearMissing = !cal.years.has(year)
  const nextYearMissing = !cal.years.has(year + 1)
  const october = Number(today.slice(5, 7)) >= 10
  const warn = thisYearMissing || (october && nextYearMissing)
  const missing = thisYearMissing ? year : year + 1
  const message = warn
    ? `工作日历缺少 ${missing} 年节假日安排：跨入该年的办理期限暂按周末推算（标注为“暂定”），请在国务院办公厅公布后导入（工作日历页面）。`
    : null
  return { today, lastYear, nextYearMissing, warn, message }
}
