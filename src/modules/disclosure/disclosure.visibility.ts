// Who sees what: the public, government users, authorised queries. Every path that shows a record asks here, so
// there is one place that decides "is this record visible to this principal for this purpose now?".
import type { Principal } from '../access/index.js'
import type { CatalogClass, DisclosureScope } from '../catalog/index.js'
import { type Audience, fieldsFor } from './disclosure.fields.js'
import { type DisclosureClass, type DisclosureRecord, isInForce, isPublic, type Verdict } from './disclosure.rule.js'

/** Permissions that open the government view (政务共享): readers of records and the providers of them. */
const GOVERNMENT_PERMISSIONS = ['record.read', 'record.correct', 'share.query'] as const

/** The permission that opens the authorised view (授权查询): each read states its purpose and is audited. */
export const AUTHORIZED_READ_PERMISSION = 'record.read_authorized'

/** The audit action of every read of authorised-scope records; the event carries the stated purpose. */
export const AUTHORIZED_READ_ACTION = 'record.read_authorized'

const SCOPES: Record<Audience, ReadonlySet<DisclosureScope>> = {
  public: new Set(['public']),
  government: new Set(['public', 'government']),
  authorized: new Set(['public', 'government', 'authorized']),
}

export interface Visibility {
  audience: Audience
  /** The purpose the reader stated (always set for the authorised view; null when none was stated). */
  purpose: string | null
  /** Scopes the reader would see with a stated purpose but does not see now: `['authorized']` or `[]`. */
  withheld: readonly DisclosureScope[]
  /**
   * Whether the audience may see records of this scope at all (the class version's scope and the one stored with the
   * record): `scope` when its role never may, `purpose` when it may once it states a purpose.
   */
  scope(record: Pick<DisclosureRecord, 'scope'>, cls: Pick<DisclosureClass, 'scope'>): Verdict
  /**
   * Whether the record is shown to this audience at `now` (entity file, sharing). The public: the disclosure rule
   * (isPublic). Government and authorised readers: a scope they may see, and in force (isInForce: active - not
   * revoked, not repaired -, inside its window, list entries inside their list period); minors' and 轻微 records
   * are not hidden from them (those rules are about publication).
   */
  record(record: DisclosureRecord, cls: DisclosureClass, now: Date): Verdict
  /** The payload as this audience sees it. */
  fields(
    cls: CatalogClass,
    payload: Record<string, unknown>,
    options?: { naturalPerson?: boolean },
  ): Record<string, unknown>
  /** A mask function for presenters that take one (records.presenter). */
  mask(cls: CatalogClass): (data: Record<string, unknown>) => Record<string, unknown>
}

const VISIBLE: Verdict = Object.freeze({ public: true })
const hidden = (reason: Verdict['reason']): Verdict => Object.freeze({ public: false, reason })
const BY_SCOPE = hidden('scope')
const BY_PURPOSE = hidden('purpose')

function visibility(audience: Audience, purpose: string | null, withheld: readonly DisclosureScope[]): Visibility {
  const scopes = SCOPES[audience]
  const scope: Visibility['scope'] = (record, cls) => {
    const s = record.scope as DisclosureScope
    if (scopes.has(cls.scope) && scopes.has(s)) return VISIBLE
    // the authorised view sees every scope: a reader who would get it with a purpose is told so
    return (cls.scope === 'authorized' || s === 'authorized') && withheld.includes('authorized') ? BY_PURPOSE : BY_SCOPE
  }
  return {
    audience,
    purpose,
    withheld,
    scope,
    record: (record, cls, now) => {
      if (audience === 'public') return isPublic(record, cls, now)
      const v = scope(record, cls)
      return v.public ? isInForce(record, now) : v
    },
    fields: (cls, payload, options) => fieldsFor(cls, payload, audience, options),
    mask: (cls) => (data) => fieldsFor(cls, data, audience),
  }
}

const views: Record<Audience, Visibility> = {
  public: visibility('public', null, []),
  government: visibility('government', null, []),
  authorized: visibility('authorized', null, []),
}
const governmentWithheld = visibility('government', null, ['authorized'])

/**
 * The visibility for a principal and the purpose it stated (validated by the caller, e.g. access.readPurpose):
 * - `record.read_authorized` with a purpose: the authorised view (授权查询, 政务共享 and 社会公开 records and fields);
 *   the caller audits the read with the purpose;
 * - `record.read_authorized` without one, or `record.read`, `record.correct`, `share.query`: the government view
 *   (政务共享 and 社会公开); for the first, `withheld` says a purpose opens the authorised scope;
 * - everybody else: the public view.
 * Whether an authorised query also needs the subject's authorisation is for the authorisation workflow to add here.
 */
export function visibleTo(principal: Pick<Principal, 'permissions'>, purpose?: string | null): Visibility {
  const authorized = principal.permissions.has(AUTHORIZED_READ_PERMISSION)
  if (authorized && purpose) return visibility('authorized', purpose, [])
  if (authorized) return governmentWithheld
  for (const p of GOVERNMENT_PERMISSIONS) if (principal.permissions.has(p)) return views.government
  return views.public
}

/** The visibility of one audience (for flows that know it, e.g. the portal is always `public`). */
export function visibilityOf(audience: Audience): Visibility {
  return views[audience]
}
