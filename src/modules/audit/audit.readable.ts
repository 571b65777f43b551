import { auditActionLabel, auditDetailLabel, auditTargetLabel } from './audit.labels.js'
import type { AuditEventRow } from './audit.repository.js'

/** An audit event as the API answers it (the row's details parsed). */
export interface AuditEventView {
  seq: number
  id: string
  at: string
  actorKind: string
  actor: string | null
  actorRole: string | null
  actorDept: string | null
  action: string
  targetType: string | null
  targetId: string | null
  requestId: string | null
  purpose: string | null
  details: Record<string, unknown>
}

export function presentAuditEvent(r: AuditEventRow): AuditEventView {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actorKind: r.actor_kind,
    actor: r.actor_id,
    actorRole: r.actor_role,
    actorDept: r.actor_dept,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    requestId: r.request_id,
    purpose: r.purpose,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }
}

/**
 * Names the audit module cannot know itself (users, keys and departments belong to the access module, which writes
 * audit events and so cannot be imported here): the app hands a source of them to the audit routes.
 */
export interface AuditNames {
  /** User and API key ids -> the user name (or key name) and the department's name. */
  actors: ReadonlyMap<string, { name: string; deptName: string | null }>
  /** Department code -> name. */
  departments: ReadonlyMap<string, string>
  /** Role code -> Chinese label. */
  roleLabel: (code: string) => string
}

export type AuditNamesSource = (actorIds: readonly string[]) => Promise<AuditNames>

/** One detail of an event as a person reads it. */
export interface AuditDetailItem {
  key: string
  label: string
  value: string
}

/** An event with the labels a person reads beside its codes. */
export interface ReadableAuditEvent extends AuditEventView {
  actionLabel: string
  targetLabel: string | null
  /** User name (or API key name) of the actor; null for the public and the system. */
  actorName: string | null
  /** The actor's department at the time (its name; the code when the department is unknown). */
  actorDeptName: string | null
  details: Record<string, unknown>
  detailItems: AuditDetailItem[]
}

/** Who a non-user actor is: the public, an operator at the command line (`cli:<login>`), a platform job. */
function otherActorName(kind: string, id: string | null): string | null {
  if (kind === 'public') return '公众'
  if (kind !== 'system') return null
  if (id?.startsWith('cli:')) return `命令行（${id.slice(4)}）`
  return id ? `系统（${id}）` : '系统'
}

const DEPT_KEYS = new Set(['dept', 'handlerDept', 'providerDept', 'actorDept', 'fromDept', 'toDept'])
const ROLE_KEYS = new Set(['role'])
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** An instant in Beijing time, `YYYY-MM-DD HH:mm:ss`. */
function beijing(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}

function valueText(key: string, v: unknown, names: AuditNames | undefined): string {
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') {
    if (ROLE_KEYS.has(key) && names) return names.roleLabel(v)
    if (DEPT_KEYS.has(key)) {
      const name = names?.departments.get(v)
      return name ? `${name}（${v}）` : v
    }
    if (INSTANT_RE.test(v)) return beijing(v)
    return v
  }
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => valueText(key, x, names)).join('、')
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
    // a change: { from, to }
    if (entries.length === 2 && 'from' in (v as object) && 'to' in (v as object)) {
      const c = v as { from: unknown; to: unknown }
      return `${valueText(key, c.from, names)} → ${valueText(key, c.to, names)}`
    }
    if (entries.length === 0) return '—'
    return entries.map(([k, x]) => `${auditDetailLabel(k)}：${valueText(k, x, names)}`).join('；')
  }
  return String(v)
}

/** The details as label/value pairs, in the order the event has them. */
export function detailItems(details: Record<string, unknown>, names?: AuditNames): AuditDetailItem[] {
  return Object.entries(details ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({ key, label: auditDetailLabel(key), value: valueText(key, v, names) }))
}

export function readableEvent(e: AuditEventView, names?: AuditNames): ReadableAuditEvent {
  const actor = e.actor ? names?.actors.get(e.actor) : undefined
  const dept = e.actorDept ? (names?.departments.get(e.actorDept) ?? e.actorDept) : (actor?.deptName ?? null)
  return {
    ...e,
    actionLabel: auditActionLabel(e.action),
    targetLabel: auditTargetLabel(e.targetType),
    actorName: actor?.name ?? otherActorName(e.actorKind, e.actor),
    actorDeptName: dept,
    detailItems: detailItems(e.details, names),
  }
}

/** Labels a page of events, looking the names up once. */
export async function readableEvents(
  events: readonly AuditEventView[],
  source?: AuditNamesSource,
): Promise<ReadableAuditEvent[]> {
  const names = source ? await source(events.map((e) => e.actor).filter((a): a is string => a !== null)) : undefined
  return events.map((e) => readableEvent(e, names))
}
