// Repeated checks: checks of the same entity and scenario by the same department that hit the same measures, each
// made at most REPEAT_CHECK_MINUTES after the one before, are one check asked again (a re-run while the approval is
// being handled). They are one feedback to-do; feedback given on one is given on all of them; and a measure answered
// on any of them counts as answered for each (the pending list and the statistics agree).
import type { CheckHit } from './checks.evaluate.js'

export const REPEAT_CHECK_MINUTES = 30

/** What grouping needs of a stored check. */
export interface RepeatRow {
  id: string
  at: string
  dept: string | null
  entity_id: string
  scenario: string
  hits: string
}

const measuresOf = (r: RepeatRow) => [...new Set((JSON.parse(r.hits) as CheckHit[]).map((h) => h.measure))].sort()

/** Checks (oldest first) in groups of repeats, each group oldest first, the groups in the order of their first check. */
export function groupRepeats<T extends RepeatRow>(rows: readonly T[]): T[][] {
  const window = REPEAT_CHECK_MINUTES * 60_000
  const open = new Map<string, T[]>()
  const groups: T[][] = []
  for (const r of rows) {
    const key = `${r.dept ?? ''}|${r.entity_id}|${r.scenario}|${measuresOf(r).join(',')}`
    const group = open.get(key)
    const last = group?.at(-1)
    if (group && last && Date.parse(r.at) - Date.parse(last.at) <= window) group.push(r)
    else {
      const fresh = [r]
      open.set(key, fresh)
      groups.push(fresh)
    }
  }
  return groups
}

/** Each check's id -> the ids of its group (itself included). */
export function repeatGroupsById<T extends RepeatRow>(rows: readonly T[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const group of groupRepeats(rows)) {
    const ids = group.map((r) => r.id)
    for (const id of ids) out.set(id, ids)
  }
  return out
}
