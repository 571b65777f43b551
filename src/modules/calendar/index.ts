// Public surface of the calendar module: the working-day calendar (State Council holiday notices, by year).
export {
  addWorkingDays,
  buildCalendar,
  checkYearData,
  dayInfo,
  isWorkingDay,
  parseCalendarDocument,
  weekday,
  workingDaysBetween,
} from './calendar.core.js'
export { calendarError } from './calendar.errors.js'
export { type CalendarYearsLoadedHook, onCalendarYearsLoaded } from './calendar.hooks.js'
export { calendarRoutes } from './calendar.routes.js'
export {
  type CalendarDefaultsResult,
  type CalendarStatus,
  calendarStatus,
  calendarYears,
  calendarYearVersions,
  defaultCalendarFile,
  getCalendarYear,
  importCalendarFile,
  loadCalendar,
  loadDefaultCalendar,
  putCalendarYear,
  workingDays,
  type YearLoadResult,
} from './calendar.service.js'
export type {
  CalendarSource,
  CalendarYearData,
  CalendarYearVersion,
  DayInfo,
  DayKind,
  WorkingCalendar,
} from './calendar.types.js'
