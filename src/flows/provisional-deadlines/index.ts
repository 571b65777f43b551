// Provisional deadlines follow the calendar: when an operator (or a new default) loads a year, every registered
// provisional deadline is recomputed in the same transaction. Wired here, above the modules, so that the calendar
// imports nothing that depends on it: loading this flow (the HTTP app, the CLI and setup load it) registers the
// outbox's due dates with the deadlines module and the deadlines module's recomputation with the calendar. A case
// module adds its own with registerProvisionalDeadlines (here, or in its own flow loaded the same way).
import { loadCalendar, onCalendarYearsLoaded } from '../../modules/calendar/index.js'
import { recountProvisionalDeadlines } from '../../modules/cases/index.js'
import {
  computeDeadline,
  recomputeProvisionalDeadlines,
  registerProvisionalDeadlines,
} from '../../modules/deadlines/index.js'
import { outboxProvisionalDeadlines } from '../../modules/notifications/index.js'

/** Registers the hooks (idempotent: by name). */
export function wireProvisionalDeadlines(): void {
  registerProvisionalDeadlines('outbox', outboxProvisionalDeadlines)
  onCalendarYearsLoaded('deadlines', async (scope) => {
    await recomputeProvisionalDeadlines(scope)
  })
  // the case clocks (src/modules/cases keeps them in its own table and recounts them with the count it is given)
  onCalendarYearsLoaded('case-clocks', async (scope) => {
    const cal = await loadCalendar(scope.trx)
    await recountProvisionalDeadlines(scope.trx, (start, days) => {
      const d = computeDeadline(cal, start, days)
      return { dueOn: d.due, provisional: d.provisional }
    })
  })
}

wireProvisionalDeadlines()
