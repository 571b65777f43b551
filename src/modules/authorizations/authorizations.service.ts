// Authorisation grants (docs/reports.md): a subject lets a grantee - an agency or a department, named by its code,
// its USCC or an account id - use some of its rights (scopes such as `report.full`) until a time, lists and revokes
// them. Generic: credit reports use it now; grading and sharing will use the same grants with their own scopes. Every
// use is an audit event indexed under the subject, so that it shows in the subject's access log.
import type { Actor } from '../../core/actor.js'
import { type CommandScope, runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import { checkCode, findResidentIds, maskPersonalText } from '../../identifiers/index.js'
import { departmentExists, getDepartment, type Principal, principalActor } from '../access/index.js'
import { agencyGranteeNames } from '../agencies/index.js'
import { recordAudit } from '../audit/index.js'
import { authorizationError } from './authorizations.errors.js'
import {
  findGrant,
  type GrantRow,
  grantsOfEntity,
  insertGrant,
  liveGrants,
  liveGrantsTo,
  markRevoked,
  noteUse,
} from './authorizations.repository.js'

/** The longest a grant may run, in days. */
export const GRANT_MAX_DAYS = 366

export type GrantStatus = 'active' | 'expired' | 'revoked'

export interface GrantView {
  id: string
  entityId: string
  grantee: string
  scopes: string[]
  until: string
  note: string | null
  status: GrantStatus
  createdAt: string
  revokedAt: string | null
  lastUsedAt: string | null
  uses: number
}

export interface GrantInput {
  grantee: string
  scopes: string[]
  /** `YYYY-MM-DD` (through that day, 24:00 Asia/Shanghai) or an ISO-8601 instant. */
  until: string
  note?: string | null | undefined
}

function statusOf(r: GrantRow, now: string): GrantStatus {
  if (r.revoked_at) return 'revoked'
  return r.until <= now ? 'expired' : 'active'
}

function view(r: GrantRow, now: string): GrantView {
  return {
    id: r.id,
    entityId: r.entity_id,
    grantee: r.grantee,
    scopes: JSON.parse(r.scopes) as string[],
    until: r.until,
    note: r.note,
    status: statusOf(r, now),
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    uses: Number(r.uses),
  }
}

/** The entity a principal manages grants for: a subject account's (or its agent's) bound entity. */
function grantingEntity(principal: Principal): string {
  if (principal.role !== 'subject' || !principal.entityId) throw authorizationError('authorization.not_subject')
  return principal.entityId
}

/** A grantee as stored: trimmed; a USCC or organisation code in its normal form. */
export function normaliseGrantee(raw: string): string {
  const s = raw.trim()
  if (!/^[\w.:-]{2,64}$/u.test(s)) throw authorizationError('authorization.bad_grantee')
  const code = checkCode(s)
  if (code.scheme === 'resident_id' || findResidentIds(s).length > 0)
    throw authorizationError('authorization.bad_grantee')
  return code.valid && (code.scheme === 'uscc' || code.scheme === 'org_code') ? code.normalized : s
}

const SCOPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/

function cleanScopes(scopes: readonly string[]): string[] {
  const out = [...new Set(scopes.map((s) => String(s).trim()))]
  if (out.length === 0 || out.length > 20) throw authorizationError('authorization.bad_scopes')
  for (const s of out)
    if (!SCOPE.test(s) || s.length > 64) throw authorizationError('authorization.bad_scopes', { scope: s })
  return out.sort()
}

function parseUntil(v: string, now: Date): string {
  const s = v.trim()
  let d: Date | undefined
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const start = new Date(`${s}T00:00:00+08:00`)
    if (!Number.isNaN(start.getTime()) && civilDate(start) === s) d = new Date(start.getTime() + 24 * 3600_000)
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const t = new Date(s)
    if (!Number.isNaN(t.getTime())) d = t
  }
  if (!d || d.getTime() <= now.getTime() || d.getTime() > now.getTime() + GRANT_MAX_DAYS * 86_400_000)
    throw authorizationError('authorization.bad_until', { until: v, maxDays: GRANT_MAX_DAYS })
  return d.toISOString()
}

/** The subject grants: stored and audited (`authorization.grant`) in one transaction. */
export async function createGrant(
  ctx: Ctx,
  principal: Principal,
  input: GrantInput,
  requestId?: string,
): Promise<GrantView> {
  const entityId = grantingEntity(principal)
  const grantee = normaliseGrantee(input.grantee)
  const scopes = cleanScopes(input.scopes)
  const actor = principalActor(principal, requestId)
  return runCommand(ctx, actor, async ({ trx, clock, now, today }) => {
    const until = parseUntil(input.until, now)
    const note = input.note ? maskPersonalText(input.note.trim(), { today }) : null
    if (note && [...note].length > 200) throw authorizationError('authorization.bad_note')
    const row: GrantRow = {
      id: newId(),
      entity_id: entityId,
      grantee,
      scopes: JSON.stringify(scopes),
      until,
      note,
      created_at: now.toISOString(),
      created_by: principal.id,
      revoked_at: null,
      revoked_by: null,
      last_used_at: null,
      uses: 0,
    }
    await insertGrant(trx, row)
    await recordAudit(trx, clock, actor, {
      action: 'authorization.grant',
      targetType: 'authorization',
      targetId: row.id,
      details: { entityId, grantee, scopes, until },
    })
    return view(row, now.toISOString())
  })
}

/** The subject's grants, newest first, with their status now. */
export async function listGrants(ctx: Ctx, principal: Principal): Promise<GrantView[]> {
  const entityId = grantingEntity(principal)
  const now = ctx.clock.now().toISOString()
  return (await grantsOfEntity(ctx.db, entityId)).map((r) => view(r, now))
}

/** The subject revokes one of its grants (at once; revoking twice answers the revoked grant). */
export async function revokeGrant(ctx: Ctx, principal: Principal, id: string, requestId?: string): Promise<GrantView> {
  const entityId = grantingEntity(principal)
  const actor = principalActor(principal, requestId)
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    const row = await findGrant(trx, id)
    if (!row || row.entity_id !== entityId) throw authorizationError('authorization.not_found', { id })
    const at = now.toISOString()
    if (await markRevoked(trx, id, at, principal.id)) {
      await recordAudit(trx, clock, actor, {
        action: 'authorization.revoke',
        targetType: 'authorization',
        targetId: id,
        details: { entityId, grantee: row.grantee, scopes: JSON.parse(row.scopes) as string[] },
      })
      return view({ ...row, revoked_at: at, revoked_by: principal.id }, at)
    }
    return view(row, at)
  })
}

/**
 * The names a principal may be granted under: its department's code and USCC (an agency registered as a department
 * too), its account id (a user or an API key) and its user name; an agency principal also its registered agency's
 * id, USCC and filing number - and only while that agency is filed (403 agency.not_registered, agency.suspended,
 * agency.cancelled: a principal of an agency that is not filed uses no grant).
 */
export async function granteeIdentities(ctx: Ctx, principal: Principal): Promise<string[]> {
  const out = new Set<string>()
  if (principal.role === 'agency') for (const n of await agencyGranteeNames(ctx, principal)) out.add(n)
  if (principal.dept) {
    out.add(principal.dept)
    if (await departmentExists(ctx.db, principal.dept)) {
      const d = await getDepartment(ctx, principal.dept)
      if (d.uscc) out.add(d.uscc)
    }
  }
  if (principal.id) out.add(principal.id)
  if (principal.username) out.add(principal.username)
  return [...out]
}

/**
 * A live grant of the entity to the principal that covers `scope` (or any of `scopes`), or undefined. `id`: only that
 * grant. Read with the context given (inside a command: its transaction).
 */
export async function findUsableGrant(
  ctx: Ctx,
  principal: Principal,
  entityId: string,
  scopes: readonly string[],
  id?: string | null,
): Promise<GrantView | undefined> {
  const now = ctx.clock.now().toISOString()
  const rows = await liveGrants(ctx.db, entityId, await granteeIdentities(ctx, principal), now)
  const fit = rows.find(
    (r) => (!id || r.id === id) && (JSON.parse(r.scopes) as string[]).some((s) => scopes.includes(s)),
  )
  return fit ? view(fit, now) : undefined
}

/**
 * Every live grant of the entity to the principal (neither revoked nor past its end), newest first. Read with the
 * context given (inside a command: its transaction).
 */
export async function usableGrants(ctx: Ctx, principal: Principal, entityId: string): Promise<GrantView[]> {
  const now = ctx.clock.now().toISOString()
  return (await liveGrants(ctx.db, entityId, await granteeIdentities(ctx, principal), now)).map((r) => view(r, now))
}

/**
 * Every live grant to the principal, of any subject, that covers one of `scopes` (newest first): the subjects that
 * let it read something of theirs now (the screening list for an agency). Read with the context given.
 */
export async function grantsToPrincipal(
  ctx: Ctx,
  principal: Principal,
  scopes: readonly string[],
): Promise<GrantView[]> {
  const now = ctx.clock.now().toISOString()
  return (await liveGrantsTo(ctx.db, await granteeIdentities(ctx, principal), now))
    .filter((r) => (JSON.parse(r.scopes) as string[]).some((s) => scopes.includes(s)))
    .map((r) => view(r, now))
}

/** Counts one use of a grant (its use count and last use) inside the caller's command, which audits the use. */
export async function countGrantUse(scope: Pick<CommandScope, 'trx' | 'now'>, grantId: string): Promise<void> {
  await noteUse(scope.trx, grantId, scope.now.toISOString())
}

/**
 * Records one use of a grant inside the caller's command: the audit event `authorization.use` (indexed under the
 * subject: its access log shows who used its authorisation, for what and why) and the grant's use count.
 */
export async function recordGrantUse(
  scope: Pick<CommandScope, 'trx' | 'clock' | 'now'>,
  actor: Actor,
  grant: Pick<GrantView, 'id' | 'entityId' | 'grantee'>,
  use: { scope: string; what: string; target?: string | undefined },
): Promise<void> {
  await noteUse(scope.trx, grant.id, scope.now.toISOString())
  await recordAudit(scope.trx, scope.clock, actor, {
    action: 'authorization.use',
    targetType: 'authorization',
    targetId: grant.id,
    subjects: [grant.entityId],
    details: {
      entityId: grant.entityId,
      grantee: grant.grantee,
      scope: use.scope,
      what: use.what,
      ...(use.target ? { target: use.target } : {}),
    },
  })
}
