// The early-warning rules applied to newly sequenced watch events (the watches module's AlertDeriver): an event rule
// fires on one event of its kind, a count rule when a new record brings the entity's active records of its kind,
// decided within the last N months, to the threshold (and again with every further one).
import { civilDate } from '../../core/clock.js'
import type { Db } from '../../db/database.js'
import { addMonths } from '../../modules/catalog/index.js'
import { recordsOfEntity } from '../../modules/records/index.js'
import {
  type AlertDeriver,
  type CountCondition,
  currentWatchRules,
  type SequencedEvent,
  type WatchEventInput,
  type WatchRule,
} from '../../modules/watches/index.js'

const text = (v: unknown) => (typeof v === 'string' ? v : null)

function eventMatches(rule: WatchRule, e: SequencedEvent): boolean {
  const w = rule.when
  if (w.kind !== 'event' || e.type !== w.event) return false
  const list = e.data.list as { kind?: string } | null | undefined
  if (w.listKinds.length > 0 && !w.listKinds.includes(list?.kind ?? '')) return false
  if (w.classes.length > 0 && !w.classes.includes(text(e.data.class) ?? '')) return false
  if (w.grades.length > 0 && !w.grades.includes(text(e.data.to) ?? '')) return false
  return true
}

function recordMatches(w: CountCondition, r: { class_code: string; polarity: string; severity: string | null }) {
  return (
    (w.classes.length === 0 || w.classes.includes(r.class_code)) &&
    (w.polarity === null || w.polarity === r.polarity) &&
    (w.severities.length === 0 || w.severities.includes(r.severity ?? ''))
  )
}

function alertOf(rule: WatchRule, ruleVersion: number | undefined, e: SequencedEvent, extra: Record<string, unknown>) {
  return {
    type: 'alert' as const,
    entityId: e.entityId,
    scope: e.scope,
    recordId: e.recordId,
    data: {
      rule: rule.code,
      ruleVersion: ruleVersion ?? null,
      name: rule.name,
      level: rule.level,
      basis: rule.basis,
      cause: { event: e.id, type: e.type, recordId: e.recordId },
      ...extra,
    },
  }
}

/**
 * The alerts of the current enabled rules (read once per sequencer batch) for each newly sequenced event; count rules
 * read the entity's records in the same transaction.
 */
export const deriveAlerts: AlertDeriver = async (trx: Db, now: Date) => {
  const rules = (await currentWatchRules(trx)).filter((r) => r.enabled)
  const today = civilDate(now)
  return async (e, later) => {
    const out: WatchEventInput[] = []
    for (const rule of rules) {
      const w = rule.when
      if (w.kind === 'event') {
        if (eventMatches(rule, e)) out.push(alertOf(rule, rule.version, e, {}))
        continue
      }
      if (e.type !== 'record.created') continue
      const fact = {
        class_code: text(e.data.class) ?? '',
        polarity: text(e.data.polarity) ?? '',
        severity: text(e.data.severity),
      }
      const since = addMonths(today, -w.months)
      const decided = text(e.data.decidedOn)
      if (!recordMatches(w, fact) || !decided || decided < since) continue
      const counted = (await recordsOfEntity(trx, e.entityId)).filter(
        (r) =>
          r.state === 'active' &&
          r.decided_on !== null &&
          r.decided_on >= since &&
          !later.has(r.id) &&
          recordMatches(w, r),
      )
      if (counted.length >= w.count)
        out.push(alertOf(rule, rule.version, e, { count: counted.length, months: w.months, since }))
    }
    return out
  }
}
