// A year of the working-day calendar as a versioned policy kind: one policy per year, served with its version
// bookkeeping; the reason is optional and an identical notice is answered "not changed" (see src/modules/policies).
import { policyService } from '../policies/index.js'
import { checkYearData } from './calendar.core.js'
import { calendarError } from './calendar.errors.js'
import { runCalendarYearsLoaded } from './calendar.hooks.js'
import type { CalendarYearData } from './calendar.types.js'

/** Only the three properties of a notice, dates sorted, so equal notices hash equally. */
function cleanYearData(data: CalendarYearData): CalendarYearData {
  return {
    source: data.source.trim(),
    holidays: data.holidays.map((h) => ({ name: h.name.trim(), dates: [...h.dates].sort() })),
    workdays: [...data.workdays].sort(),
  }
}

export const calendarPolicy = policyService<CalendarYearData, number>({
  table: 'calendar_years',
  key: 'year',
  keyInDefinition: false,
  storesVersion: false,
  served: { as: 'info', field: 'data' },
  reason: { required: false, fallback: (year) => `导入 ${year} 年节假日安排` },
  unchanged: 'keep',
  labels: {
    notObject: '应为包含 source、holidays、workdays 的 JSON 对象',
    defaults: { first: '默认节假日数据', update: '默认节假日数据更新' },
  },
  normalise: (input) => input as unknown as CalendarYearData,
  check: (data, _db, year) => checkYearData(year, data),
  canonical: cleanYearData,
  onChange: (scope, years) => runCalendarYearsLoaded(scope, years),
  errors: {
    notFound: (year, version) => calendarError('calendar.not_found', { year, version }),
    invalid: (year, problems) => calendarError('calendar.invalid', { year, problems }),
    race: (_year, _base, cause) =>
      calendarError('calendar.invalid', { problems: ['同一年份正被同时导入，请稍后重试'] }, { cause }),
  },
  audit: {
    edited: ({ key: year, version, stored, previous, reason }) => ({
      action: 'calendar.year_loaded',
      targetType: 'calendar_year',
      targetId: String(year),
      details: { year, version, previous: previous?.version ?? null, reason, source: stored.source },
    }),
    defaultsLoaded: (r) => ({
      action: 'calendar.defaults_loaded',
      targetType: 'calendar',
      details: { added: r.added, updated: r.updated, kept: r.kept },
    }),
  },
})
