// THE disclosure rule: whether a record is shown to the public at an instant. Pure; reads no clock itself (callers
// pass `now` from ctx.clock), so tests move the clock across a window's end.
import { civilDate } from '../../core/clock.js'
import type { CatalogClass } from '../catalog/index.js'
import { windowEndInstant } from '../catalog/index.js'

/** Why a record is not public (the first rule that fails, in this order). */
export type HiddenReason =
  /** The class (or the record's stored scope) is 政务共享 or 授权查询. */
  | 'scope'
  /** Revoked (已撤销), repaired (已修复) or any state but active. */
  | 'state'
  /** The subject was a minor on the decision date: never published, for good. */
  | 'minor'
  /** 轻微 and the class does not publish 轻微 records. */
  | 'minor_severity'
  /** No publication window, before its first day or after its last day (Asia/Shanghai). */
  | 'window'
  /** A list entry (红/黑/重点关注名单) past its list period. */
  | 'list_ended'
  /**
   * Government views only: an authorised-scope (授权查询) record and a reader who may see it once it states a purpose,
   * but stated none.
   */
  | 'purpose'

export interface Verdict {
  public: boolean
  reason?: HiddenReason
}

/**
 * The record facts the rule reads. A records row has them all; the rule names them itself so that disclosure sits
 * below records (records ask the rule; the rule never needs the records module).
 */
export interface DisclosureRecord {
  scope: string
  state: string
  severity: string | null
  /** 1 when the subject was a minor at the decision (SQLite keeps booleans as integers). */
  minor_at_decision: number
  publish_from: string | null
  publish_max_until: string | null
  list_kind: string | null
  list_until: string | null
}

/** The class facts the rule reads: the record's own class version. */
export type DisclosureClass = Pick<CatalogClass, 'scope' | 'publishMinor'>

const PUBLIC: Verdict = Object.freeze({ public: true })
const hidden = (reason: HiddenReason): Verdict => ({ public: false, reason })

/**
 * A record is public at `now` only if
 * 1. its class scope is 社会公开 (`public`), and so is the scope stored with the record;
 * 2. it is active (not revoked, not repaired);
 * 3. its subject was not a minor on the decision date (`minor_at_decision`);
 * 4. it is not 轻微 (`minor` severity), unless its class publishes 轻微 records;
 * 5. `now` lies inside its publication window: from 00:00 Asia/Shanghai of `publish_from` to 00:00 Asia/Shanghai
 *    of the day after `publish_max_until` (both days inclusive);
 * 6. list entries: also inside the list period (the day after `list_until` it is off the list and off the portal).
 * Equivalent, for SQL: with today = the Shanghai civil date of `now`, publish_from <= today <= publish_max_until
 * and (list_until is null or today <= list_until).
 */
export function isPublic(record: DisclosureRecord, cls: DisclosureClass, now: Date): Verdict {
  if (cls.scope !== 'public' || record.scope !== 'public') return hidden('scope')
  if (record.state !== 'active') return hidden('state')
  if (Number(record.minor_at_decision) === 1) return hidden('minor')
  if (record.severity === 'minor' && !cls.publishMinor) return hidden('minor_severity')
  if (!record.publish_from || !record.publish_max_until) return hidden('window')
  const today = civilDate(now)
  if (today < record.publish_from || today > record.publish_max_until) return hidden('window')
  if (record.list_kind && record.list_until && today > record.list_until) return hidden('list_ended')
  return PUBLIC
}

/** The last civil day a (now public) record stays public: the earlier of the window's and the list's last day. */
export function publicLastDay(
  record: Pick<DisclosureRecord, 'publish_max_until' | 'list_kind' | 'list_until'>,
): string | null {
  const w = record.publish_max_until
  if (!w) return null
  if (record.list_kind && record.list_until && record.list_until < w) return record.list_until
  return w
}

/** The instant (UTC ISO-8601) a public record stops being public: 00:00 Asia/Shanghai after its last day. */
export function publicUntil(
  record: Pick<DisclosureRecord, 'publish_max_until' | 'list_kind' | 'list_until'>,
): string | null {
  const last = publicLastDay(record)
  return last ? windowEndInstant(last) : null
}

/**
 * Whether a record is in force at `now` whatever its publication scope (政务共享 records too): active, inside its
 * publication window, and list entries inside their list period. For uses that are not publication (measure checks,
 * sharing): it leaves out the publication-only rules (scope, minors, 轻微).
 */
export function isInForce(
  record: Omit<DisclosureRecord, 'scope' | 'minor_at_decision' | 'severity'>,
  now: Date,
): Verdict {
  if (record.state !== 'active') return hidden('state')
  if (!record.publish_from || !record.publish_max_until) return hidden('window')
  const today = civilDate(now)
  if (today < record.publish_from || today > record.publish_max_until) return hidden('window')
  if (record.list_kind && record.list_until && today > record.list_until) return hidden('list_ended')
  return PUBLIC
}
