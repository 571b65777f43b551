// The one path by which a request looks a subject up (resolve, checks, credit reviews, commitments, reports): a
// lookup that goes through a person's ID number - in whatever field, however written - needs the actor's stated
// purpose and writes the personal-read audit event `entity.resolve_personal`, whether or not it finds somebody.
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { AppError } from '../../core/errors.js'
import { accessError } from '../access/index.js'
import { type AuditInput, recordAuditEntries } from '../audit/index.js'
import { findSubjectRowsByIdHmac, type SubjectRow } from './entities.repository.js'
import {
  maskedIdNumbers,
  normalizeQuery,
  resolveNormalized,
  resolvesThroughIdNumber,
  unresolved,
} from './entities.resolve.js'
import type { ResolveQuery, ResolveResult } from './entities.types.js'

/** The audit action of a lookup through an ID number (the personal-read event of lookups). */
export const PERSONAL_LOOKUP_ACTION = 'entity.resolve_personal'

export interface LookupOptions {
  /** Where the lookup is made, kept in the event: resolve, check, check_batch, commitment, ... */
  via: string
  /** The error for a lookup through an ID number without a purpose (default 400 access.purpose_required). */
  purposeRequired?: () => AppError
  /** More details for the event of the i-th query (e.g. the batch and its row). */
  details?: (index: number) => Record<string, unknown>
}

/** The outcome of one query: resolved (matched or not), or refused before any lookup. */
export type Lookup = { result: ResolveResult; personal: boolean } | { error: AppError }

/**
 * Resolves subject descriptions for an actor. A query through an ID number without `actor.purpose` is refused in its
 * place (nothing is looked up, so the answer says nothing about the person); the others are resolved, and each one
 * through an ID number gets its `entity.resolve_personal` event (purpose, target entity or null, masked number, the
 * outcome), all written in one transaction before anything is returned.
 */
export async function lookupEntities(
  ctx: Ctx,
  actor: Actor,
  queries: readonly ResolveQuery[],
  options: LookupOptions,
): Promise<Lookup[]> {
  const today = civilDate(ctx.clock.now())
  const purpose = actor.purpose?.trim() ? actor.purpose : undefined
  const out: Lookup[] = []
  const events: { actor: Actor; event: AuditInput }[] = []
  for (const [index, q] of queries.entries()) {
    const normalized = normalizeQuery(q, today)
    const personal = resolvesThroughIdNumber(normalized)
    if (personal && !purpose) {
      out.push({ error: options.purposeRequired?.() ?? accessError('access.purpose_required') })
      continue
    }
    const result = await resolveNormalized(ctx.db, ctx.keys, normalized)
    out.push({ result, personal })
    if (personal)
      events.push({
        actor,
        event: {
          action: PERSONAL_LOOKUP_ACTION,
          targetType: 'entity',
          targetId: result.status === 'matched' ? result.entityId : null,
          subjects: result.status === 'matched' ? [result.entityId] : [],
          details: {
            via: options.via,
            status: result.status,
            reason: result.reason,
            idMasked: maskedIdNumbers(normalized),
            ...options.details?.(index),
          },
        },
      })
  }
  if (events.length > 0) await runCommand(ctx, actor, ({ trx, clock }) => recordAuditEntries(trx, clock, events))
  return out
}

/** lookupEntities for one query: the result, or the refusal thrown. */
export async function lookupEntity(
  ctx: Ctx,
  actor: Actor,
  query: ResolveQuery,
  options: LookupOptions,
): Promise<ResolveResult> {
  const [one] = await lookupEntities(ctx, actor, [query], options)
  if (!one) throw new Error('lookupEntities returned nothing for one query')
  if ('error' in one) throw one.error
  return one.result
}

/** A person's ID number as a stored list keeps it: the keyed hash (`keys.hmac` of the normalised number) and the
 * masked form, never the number. */
export interface HashedIdNumber {
  hmac: string
  masked: string
}

/**
 * People looked up by the keyed hash of their ID numbers (a comparison's staged rows keep nothing else), in bulk,
 * under the rule of lookupEntities: without `actor.purpose` every one is refused in its place, and each lookup gets
 * its `entity.resolve_personal` event (purpose, the person or null, masked number, outcome), written in the open
 * transaction when `ctx.db` is one. A found person comes with its subject row.
 */
export async function lookupPeopleByIdHash(
  ctx: Ctx,
  actor: Actor,
  ids: readonly HashedIdNumber[],
  options: LookupOptions,
): Promise<({ result: ResolveResult; row: SubjectRow | null } | { error: AppError })[]> {
  const purpose = actor.purpose?.trim() ? actor.purpose : undefined
  if (!purpose) return ids.map(() => ({ error: options.purposeRequired?.() ?? accessError('access.purpose_required') }))
  const rows = new Map(
    (
      await findSubjectRowsByIdHmac(
        ctx.db,
        ids.map((i) => i.hmac),
      )
    ).map((r) => [r.id_hmac, r]),
  )
  const events: { actor: Actor; event: AuditInput }[] = []
  const out = ids.map((id, index) => {
    const found = rows.get(id.hmac)
    const row: SubjectRow | null = found
      ? {
          id: found.id,
          kind: found.kind,
          name: found.name,
          uscc: found.uscc,
          id_masked: found.id_masked,
          district: found.district,
          status: found.status,
          adult_on: found.adult_on,
        }
      : null
    const result: ResolveResult = row
      ? { status: 'matched', entityId: row.id, reason: 'id_number', name: row.name }
      : unresolved(
          'not_found',
          'not_registered',
          [],
          `身份证件号码 ${id.masked} 尚未登记：请核对身份证件号码（自然人只按身份证件号码匹配，不按姓名匹配）。`,
        )
    events.push({
      actor,
      event: {
        action: PERSONAL_LOOKUP_ACTION,
        targetType: 'entity',
        targetId: row ? row.id : null,
        subjects: row ? [row.id] : [],
        details: {
          via: options.via,
          status: result.status,
          reason: result.reason,
          idMasked: [id.masked],
          ...options.details?.(index),
        },
      },
    })
    return { result, row }
  })
  if (events.length > 0) await runCommand(ctx, actor, ({ trx, clock }) => recordAuditEntries(trx, clock, events))
  return out
}
