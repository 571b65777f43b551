// An agency reads a subject's records with the subject's consent: only a principal of a filed agency, only for a
// subject that granted it (the authorisation grant: grantee, scopes, until, revocable), only while the grant is in
// force and only within the scopes granted (`record.all`, or `record.<class code>` per class). The records are the
// ones in force, in the authorised view (社会公开, 政务共享 and 授权查询 classes and fields; ID numbers masked) - what a
// full credit report issued to an agency with the subject's grant shows. Every read states its purpose and is ONE
// audit event `agency.read` indexed under the subject (its 查询记录), written in the transaction that also counts the
// grants' uses and notes the read for the push of repairs and revocations (agencies module).
import type { Actor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { checkCode } from '../../identifiers/index.js'
import type { Principal } from '../../modules/access/index.js'
import { agencyError, noteAgencyRead, requireActiveAgency } from '../../modules/agencies/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import { countGrantUse, type GrantView, usableGrants } from '../../modules/authorizations/index.js'
import { currentClasses } from '../../modules/catalog/index.js'
import { findSubjectRows, type SubjectRow } from '../../modules/entities/index.js'
import { type SharedRecord, sharedRecordsOf } from '../sharing/index.js'

/** The audit action of an agency's read of a subject (indexed under the subject). */
export const AGENCY_READ_ACTION = 'agency.read'

/** The grant scope of every class; `record.<class code>` grants one class. */
export const RECORD_SCOPE_ALL = 'record.all'
const RECORD_SCOPE = 'record.'

export interface AgencyReadEntity {
  id: string
  kind: string
  name: string
  uscc: string | null
  idMasked: string | null
  district: string | null
  status: string
}

export interface AgencyReadAnswer {
  purpose: string
  asOf: string
  agency: { id: string; name: string; filingNo: string }
  entity: AgencyReadEntity
  /** The grants this read used. */
  grants: { id: string; scopes: string[]; until: string }[]
  /** The record scopes granted (all live grants together). */
  granted: string[]
  /** The classes read (null: every class). */
  classes: string[] | null
  total: number
  records: SharedRecord[]
}

/** A subject named by its entity id or its USCC. */
async function findSubject(ctx: Ctx, subject: string): Promise<SubjectRow | undefined> {
  const s = subject.trim()
  const code = checkCode(s)
  if (code.scheme === 'uscc' && code.valid) return (await findSubjectRows(ctx.db, 'uscc', [code.normalized]))[0]
  return (await findSubjectRows(ctx.db, 'id', [s]))[0]
}

const recordScopes = (g: GrantView) => g.scopes.filter((s) => s.startsWith(RECORD_SCOPE))

/**
 * One subject's records as the agency may read them now (GET /api/v1/agency/subjects/:subject/records): 403 for a
 * principal of no filed agency, 404 agency.no_grant without a live grant with a record scope (or an unknown subject:
 * the same answer), 400/403 for classes unknown or outside the grant. `actor.purpose` is required (the route reads it
 * with readPurpose).
 */
export async function agencySubjectRecords(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  subject: string,
  query: { classes?: readonly string[] | undefined } = {},
): Promise<AgencyReadAnswer> {
  const agency = await requireActiveAgency(ctx, principal)
  const entity = await findSubject(ctx, subject)
  const grants = entity ? (await usableGrants(ctx, principal, entity.id)).filter((g) => recordScopes(g).length > 0) : []
  if (!entity || grants.length === 0) throw agencyError('agency.no_grant')
  const granted = [...new Set(grants.flatMap(recordScopes))].sort()
  const catalog = new Set((await currentClasses(ctx.db)).map((c) => c.code))
  const all = granted.includes(RECORD_SCOPE_ALL)
  const allowed = all ? null : new Set(granted.map((s) => s.slice(RECORD_SCOPE.length)).filter((c) => catalog.has(c)))
  let classes: Set<string> | null = allowed
  if (query.classes && query.classes.length > 0) {
    for (const c of query.classes) if (!catalog.has(c)) throw agencyError('agency.unknown_class', { class: c })
    const outside = query.classes.filter((c) => allowed !== null && !allowed.has(c))
    if (outside.length > 0) throw agencyError('agency.scope_not_granted', { classes: outside, granted })
    classes = new Set(query.classes)
  }
  // the grants this read rests on: every one of all classes, or covering one of the classes read
  const used = grants.filter((g) =>
    recordScopes(g).some(
      (s) => s === RECORD_SCOPE_ALL || classes === null || classes.has(s.slice(RECORD_SCOPE.length)),
    ),
  )
  return runCommand(ctx, actor, async ({ ctx: tctx, trx, clock, now }) => {
    const records =
      classes !== null && classes.size === 0 ? [] : await sharedRecordsOf(tctx, entity, classes, 'authorized')
    const read = classes === null ? null : [...classes].sort()
    await recordAudit(trx, clock, actor, {
      action: AGENCY_READ_ACTION,
      targetType: 'entity',
      targetId: entity.id,
      subjects: [entity.id],
      details: {
        agencyId: agency.id,
        agency: agency.name,
        filingNo: agency.filingNo,
        grants: used.map((g) => g.id),
        scopes: granted,
        classes: read,
        records: records.length,
      },
    })
    for (const g of used) await countGrantUse({ trx, now }, g.id)
    await noteAgencyRead(trx, now, agency.id, entity.id, read)
    return {
      purpose: actor.purpose as string,
      asOf: now.toISOString(),
      agency: { id: agency.id, name: agency.name, filingNo: agency.filingNo },
      entity: {
        id: entity.id,
        kind: entity.kind,
        name: entity.name,
        uscc: entity.uscc,
        idMasked: entity.id_masked,
        district: entity.district,
        status: entity.status,
      },
      grants: used.map((g) => ({ id: g.id, scopes: g.scopes, until: g.until })),
      granted,
      classes: read,
      total: records.length,
      records,
    }
  })
}
