// Who sees what: the public, government users, (later) authorised queries. Every path that shows a record asks
// here, so there is one place that decides visibility.
import type { Principal } from '../access/index.js'
import type { CatalogClass } from '../catalog/index.js'
import { type Audience, fieldsFor } from './disclosure.fields.js'
import { type DisclosureRecord, isPublic, type Verdict } from './disclosure.rule.js'

/** Permissions that open the government view (政务共享): readers of records and the providers of them. */
const GOVERNMENT_PERMISSIONS = ['record.read', 'record.correct', 'share.query'] as const

export interface Visibility {
  audience: Audience
  /** Whether the record is visible to this audience at `now`. */
  record(record: DisclosureRecord, cls: CatalogClass, now: Date): Verdict
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

function visibility(audience: Audience): Visibility {
  return {
    audience,
    record: (record, cls, now) => {
      if (audience === 'public') return isPublic(record, cls, now)
      // Government users see every state and window (history, revoked and expired records are theirs to see);
      // what they see of it is decided by fields().
      return VISIBLE
    },
    fields: (cls, payload, options) => fieldsFor(cls, payload, audience, options),
    mask: (cls) => (data) => fieldsFor(cls, data, audience),
  }
}

const views: Record<Audience, Visibility> = {
  public: visibility('public'),
  government: visibility('government'),
  authorized: visibility('authorized'),
}

/**
 * The visibility for a principal and stated purpose. Today: government users (record.read, record.correct,
 * share.query) get the government view; everybody else the public view. Hook for later: the authorised view
 * (授权查询 fields) needs the subject's authorisation and a purpose, which the authorisation workflow will check
 * here; until then no principal gets it, whatever the purpose.
 */
export function visibleTo(principal: Pick<Principal, 'permissions'>, _purpose?: string): Visibility {
  for (const p of GOVERNMENT_PERMISSIONS) if (principal.permissions.has(p)) return views.government
  return views.public
}

/** The visibility of one audience (for flows that know it, e.g. the portal is always `public`). */
export function visibilityOf(audience: Audience): Visibility {
  return views[audience]
}
