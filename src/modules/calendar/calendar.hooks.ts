// What follows a change of the calendar: code above the calendar (a flow wiring the deadlines module) registers a
// hook here, and every load of a year (an operator's import, a new default year) calls it inside the same
// transaction. The calendar itself imports nothing that depends on it.
import type { CommandScope } from '../../core/command.js'

/** Called with the command's scope and the years that became current. */
export type CalendarYearsLoadedHook = (scope: CommandScope, years: number[]) => Promise<void>

const hooks = new Map<string, CalendarYearsLoadedHook>()

/** Registers (or replaces, by name: idempotent) a hook run whenever years of the calendar are loaded. */
export function onCalendarYearsLoaded(name: string, hook: CalendarYearsLoadedHook): void {
  hooks.set(name, hook)
}

/** Runs every registered hook, in registration order (the calendar kind's onChange). */
export async function runCalendarYearsLoaded(scope: CommandScope, years: number[]): Promise<void> {
  for (const hook of hooks.values()) await hook(scope, years)
}
