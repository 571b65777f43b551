// Deciding an entry of the queue of unmatched subjects (待匹配主体): the operator says which entity the subject is -
// an existing one (match) or a new one made from the rows' subject data (register) - and the entry's pending rows go
// through the collection pipeline again on the providing department's behalf. One transaction: the entry closes
// only if it was still open (a second decision is 409 and changes nothing), the entity (when registered), the
// records with their versions, the queue rows' outcomes and the audit events commit together or not at all.
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { AppError } from '../../core/errors.js'
import type { Db } from '../../db/database.js'
import { maskPersonalText } from '../../identifiers/index.js'
import { listDepartments } from '../../modules/access/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import {
  codeOwners,
  createEntityIn,
  type Entity,
  type EntityKind,
  getEntity,
  type IdentifierScheme,
  type NewEntity,
} from '../../modules/entities/index.js'
import {
  assertOpen,
  decideEntry,
  type EntryDetailJson,
  getEntry,
  getEntryRow,
  type QueuedSubject,
  subjectOf,
  unmatchedError,
} from '../../modules/unmatched/index.js'
import { type ReleaseSummary, releaseQueuedRows } from '../ingest/index.js'

export interface DecisionResult extends Omit<ReleaseSummary, 'rows'> {
  entry: EntryDetailJson
  /** Codes of the subject that the registered entity does not claim: another entity holds them. */
  leftCodes: { scheme: IdentifierScheme; value: string; entityId: string }[]
}

export interface RegisterInput {
  /** What the operator verified (recorded with the decision and in the audit event). */
  reason?: string
  kind?: EntityKind
  name?: string
  district?: string
  industry?: string
  legalRep?: string
  establishedOn?: string
}

/** Releases the entry's rows to an existing entity; `reason`: what the operator verified. */
export async function matchEntry(
  ctx: Ctx,
  actor: Actor,
  id: string,
  entityId: string,
  reason?: string,
): Promise<DecisionResult> {
  const departments = await listDepartments(ctx)
  const summary = await runCommand(ctx, actor, async (scope) => {
    const { ctx: tctx, trx, now: at } = scope
    const row = await getEntryRow(trx, id)
    assertOpen(row)
    const entity = await entityOrNull(trx, entityId)
    if (!entity) throw unmatchedError('unmatched.entity_not_found', { entityId })
    await assertMayMatch(trx, subjectOf(row), entity)
    const now = at.toISOString()
    if (!(await decideEntry(trx, id, 'matched', entity.id, actor, now, reasonOf(tctx, reason))))
      assertOpen(await getEntryRow(trx, id))
    const released = await releaseQueuedRows(tctx, trx, actor, id, entity, departments)
    await recordAudit(trx, tctx.clock, actor, {
      action: 'unmatched.match',
      targetType: 'unmatched_entry',
      targetId: id,
      details: { ...auditDetails(entity, released), reason: reasonOf(tctx, reason) },
    })
    return released
  })
  return result(ctx, id, summary, [])
}

/** Registers the subject as a new entity (from the rows' subject data, with the operator's corrections) and releases
 * the entry's rows to it. */
export async function registerEntry(ctx: Ctx, actor: Actor, id: string, input: RegisterInput): Promise<DecisionResult> {
  const departments = await listDepartments(ctx)
  let leftCodes: DecisionResult['leftCodes'] = []
  const summary = await runCommand(ctx, actor, async (scope) => {
    const { ctx: tctx, trx, now: at } = scope
    const row = await getEntryRow(trx, id)
    assertOpen(row)
    const subject = subjectOf(row)
    const input2 = newEntityOf(subject, input)
    const owners = await codeOwners(trx, input2)
    const usccOwner = owners.find((o) => o.scheme === 'uscc')
    if (usccOwner)
      throw unmatchedError('unmatched.uscc_registered', {
        uscc: usccOwner.value,
        name: usccOwner.name,
        entityId: usccOwner.entityId,
      })
    // another entity holds the organisation code or registration number: the operator has verified that they are
    // different organisations (the USCC decides), so the new entity is registered without claiming that code
    leftCodes = owners.map((o) => ({ scheme: o.scheme, value: o.value, entityId: o.entityId }))
    let entityId: string
    try {
      entityId = await createEntityIn(scope, input2, {
        leaveCodes: [...new Set(owners.map((o) => o.scheme))],
        details: { unmatchedEntry: id, ...(leftCodes.length ? { leftCodes } : {}) },
      })
    } catch (e) {
      if (e instanceof AppError && e.code === 'entity.invalid')
        throw unmatchedError('unmatched.register_invalid', { problems: e.details.problems })
      throw e
    }
    const entity = await getEntity(trx, entityId)
    const now = at.toISOString()
    if (!(await decideEntry(trx, id, 'registered', entity.id, actor, now, reasonOf(tctx, input.reason))))
      assertOpen(await getEntryRow(trx, id))
    const released = await releaseQueuedRows(tctx, trx, actor, id, entity, departments)
    await recordAudit(trx, tctx.clock, actor, {
      action: 'unmatched.register',
      targetType: 'unmatched_entry',
      targetId: id,
      details: {
        ...auditDetails(entity, released),
        reason: reasonOf(tctx, input.reason),
        ...(leftCodes.length ? { leftCodes } : {}),
      },
    })
    return released
  })
  return result(ctx, id, summary, leftCodes)
}

/**
 * A queued organisation is never matched to a natural person, nor to an entity with another USCC (GB 32100 codes are
 * unique for life), nor away from the entity that holds its USCC by now.
 */
async function assertMayMatch(trx: Db, subject: QueuedSubject, entity: Entity): Promise<void> {
  if (entity.kind === 'natural_person') throw unmatchedError('unmatched.kind_mismatch', { name: entity.name })
  if (!subject.uscc) return
  if (entity.uscc && entity.uscc !== subject.uscc)
    throw unmatchedError('unmatched.uscc_mismatch', { uscc: subject.uscc, name: entity.name, entityUscc: entity.uscc })
  const holder = (await codeOwners(trx, { kind: 'legal_person', name: '', uscc: subject.uscc })).find(
    (o) => o.scheme === 'uscc',
  )
  if (holder && holder.entityId !== entity.id)
    throw unmatchedError('unmatched.uscc_registered', {
      uscc: subject.uscc,
      name: holder.name,
      entityId: holder.entityId,
    })
}

/** The entity the rows describe: their name, USCC, codes, kind and district, with the operator's corrections. */
function newEntityOf(subject: QueuedSubject, input: RegisterInput): NewEntity {
  const orgCode = subject.codes.find((c) => c.length === 9) ?? null
  const regNo = subject.codes.find((c) => c.length === 15) ?? null
  return {
    kind: input.kind ?? subject.kind ?? (subject.category === '个体工商户' ? 'individual_business' : 'legal_person'),
    name: input.name?.trim() || subject.name || '',
    uscc: subject.uscc,
    orgCode,
    regNo,
    district: input.district ?? subject.district ?? null,
    industry: input.industry ?? null,
    legalRep: input.legalRep?.trim() || subject.legalRep || null,
    establishedOn: input.establishedOn ?? null,
  }
}

/** The operator's reason as stored: a note, with resident ID numbers masked. */
function reasonOf(ctx: Ctx, reason: string | undefined): string | null {
  return maskPersonalText(reason?.trim() || null, { today: civilDate(ctx.clock.now()) })
}

async function entityOrNull(db: Db, id: string): Promise<Entity | null> {
  try {
    return await getEntity(db, id)
  } catch (e) {
    if (e instanceof AppError && e.code === 'entity.not_found') return null
    throw e
  }
}

function auditDetails(entity: Entity, r: ReleaseSummary): Record<string, unknown> {
  return {
    entityId: entity.id,
    uscc: entity.uscc,
    released: r.released,
    added: r.added,
    corrected: r.corrected,
    revoked: r.revoked,
    duplicates: r.duplicates,
    rejected: r.rejected,
    withdrawn: r.withdrawn,
    rows: r.rows.slice(0, 200),
  }
}

async function result(
  ctx: Ctx,
  id: string,
  summary: ReleaseSummary,
  leftCodes: DecisionResult['leftCodes'],
): Promise<DecisionResult> {
  const { rows: _rows, ...counts } = summary
  return { entry: await getEntry(ctx.db, id), ...counts, leftCodes }
}
