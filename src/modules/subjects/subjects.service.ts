import { randomInt } from 'node:crypto'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { AppError } from '../../core/errors.js'
import { isId, newId } from '../../core/ids.js'
import { checkCode, maskPersonalText, maskResidentId } from '../../identifiers/index.js'
import {
  can,
  createUser,
  findUsers,
  type Principal,
  reserveGuardedAttempt,
  safeEqual,
  setUserEnabled,
  settleGuardedAttempt,
  type UserSummary,
  type UserView,
} from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import { type Entity, getEntity, getEntityByUscc, resolveEntity } from '../entities/index.js'
import { attachFiles } from '../files/index.js'
import { subjectError } from './subjects.errors.js'
import {
  type AgentRow,
  decideAgentRow,
  findAgent,
  findAgentByUser,
  findInvitation,
  insertAgent,
  insertInvitation,
  type InvitationRow,
  openInvitationsOf,
  revokeInvitationRows,
  selectAgents,
  selectInvitations,
  useInvitationRow,
} from './subjects.repository.js'

// ---------------------------------------------------------------- constants and types

/** An activation code is valid this many days unless the operator says otherwise. */
export const INVITATION_DEFAULT_DAYS = 30
/** The longest validity an operator may give. */
export const INVITATION_MAX_DAYS = 365
/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
/** 16 characters of 31: about 79 bits, shown as XXXX-XXXX-XXXX-XXXX. */
const CODE_LENGTH = 16
const CODE_HMAC_PURPOSE = 'subject-code'
const LIST_LIMIT = 500

export type InvitationState = 'open' | 'expired' | 'used' | 'revoked' | 'superseded'
export type AgentState = 'pending' | 'approved' | 'rejected'
export const AGENT_STATES: readonly AgentState[] = ['pending', 'approved', 'rejected']

/** What issuing a code returns: the only time the code itself exists outside the holder's hands. */
export interface IssuedInvitation {
  id: string
  entityId: string
  code: string
  expiresAt: string
}

export interface InvitationView {
  id: string
  entityId: string
  state: InvitationState
  expiresAt: string
  createdAt: string
  createdBy: string | null
  usedAt: string | null
  usedBy: string | null
  revokedAt: string | null
}

/** The entity a subject account is bound to, as its holder sees it (an ID number masked). */
export interface BoundEntity {
  id: string
  kind: string
  name: string
  uscc: string | null
  idMasked: string | null
  district: string | null
  status: string
  legalRep: string | null
}

export interface ActivatedAccount extends UserView {
  entity: BoundEntity
}

export interface SubjectAccount {
  user: { id: string; username: string | null; displayName: string; role: string; isAgent: boolean }
  entity: BoundEntity
}

export interface AgentView {
  id: string
  userId: string
  username: string | null
  displayName: string
  entityId: string
  entityName: string | null
  letterFileId: string
  state: AgentState
  reason: string | null
  createdAt: string
  createdBy: string | null
  decidedAt: string | null
  decidedBy: string | null
}

// ---------------------------------------------------------------- helpers

/** The entity a subject principal is bound to; 403 subject.not_subject for anybody else. */
export function subjectEntityOf(principal: Pick<Principal, 'role' | 'entityId'>): string {
  if (principal.role !== 'subject' || !principal.entityId) throw subjectError('subject.not_subject')
  return principal.entityId
}

/** A new code: CODE_LENGTH characters of CODE_ALPHABET in groups of four. */
function newCode(): string {
  let s = ''
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return (s.match(/.{4}/g) as string[]).join('-')
}

/** A code as typed: case, spaces and dashes do not matter. */
function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s\-_]/g, '')
}

function codeHash(ctx: Pick<Ctx, 'keys'>, code: string): string {
  return ctx.keys.hmac(normalizeCode(code), CODE_HMAC_PURPOSE)
}

/** A person's name as compared: NFKC, no whitespace, one kind of middle dot (少数民族姓名 · ・ •). */
function nameKeyOf(name: string | null | undefined): string {
  return (name ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[·・•‧∙]/g, '·')
}

/** `YYYY-MM-DD`: through that day (24:00 Asia/Shanghai); otherwise an ISO-8601 instant. */
function parseExpiry(v: string): Date | undefined {
  const s = v.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00+08:00`)
    if (Number.isNaN(d.getTime()) || new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) !== s)
      return undefined
    return new Date(d.getTime() + 24 * 3600_000)
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return undefined
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? undefined : d
}

function invitationState(r: InvitationRow, now: string): InvitationState {
  if (r.used_at) return 'used'
  if (r.revoked_at) return r.revoke_reason === 'superseded' ? 'superseded' : 'revoked'
  if (r.expires_at <= now) return 'expired'
  return 'open'
}

function invitationView(r: InvitationRow, now: string): InvitationView {
  return {
    id: r.id,
    entityId: r.entity_id,
    state: invitationState(r, now),
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    usedAt: r.used_at,
    usedBy: r.used_by,
    revokedAt: r.revoked_at,
  }
}

function boundEntity(e: Entity): BoundEntity {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    uscc: e.uscc,
    idMasked: e.idMasked,
    district: e.district,
    status: e.status,
    legalRep: e.kind === 'natural_person' ? null : e.legalRep,
  }
}

// ---------------------------------------------------------------- invitations (operators)

/**
 * Issues a one-time activation code for an entity (by USCC or entity id). The code is returned once; only its keyed
 * hash is stored. An open code of the same entity is revoked (superseded) in the same transaction.
 */
export async function issueInvitation(
  ctx: Ctx,
  actor: Actor,
  input: { uscc?: string | null; entityId?: string | null; expiresAt?: string | null },
): Promise<IssuedInvitation> {
  const uscc = input.uscc?.trim() || null
  const entityId = input.entityId?.trim() || null
  if ((uscc === null) === (entityId === null)) throw subjectError('subject.entity_required')
  const entity = uscc ? await getEntityByUscc(ctx.db, uscc) : await getEntity(ctx.db, entityId as string)
  const nowDate = ctx.clock.now()
  let expires = new Date(nowDate.getTime() + INVITATION_DEFAULT_DAYS * 86_400_000)
  if (input.expiresAt !== undefined && input.expiresAt !== null && input.expiresAt.trim() !== '') {
    const d = parseExpiry(input.expiresAt)
    if (!d || d <= nowDate || d.getTime() > nowDate.getTime() + INVITATION_MAX_DAYS * 86_400_000)
      throw subjectError('subject.bad_expiry', { expiresAt: input.expiresAt, maxDays: INVITATION_MAX_DAYS })
    expires = d
  }
  const code = newCode()
  const id = newId()
  const expiresAt = expires.toISOString()
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const at = now.toISOString()
    const open = await openInvitationsOf(trx, entity.id)
    const superseded = open.map((r) => r.id)
    await revokeInvitationRows(trx, superseded, at, actor.id, 'superseded')
    await insertInvitation(trx, {
      id,
      entity_id: entity.id,
      code_hash: codeHash(ctx, code),
      expires_at: expiresAt,
      created_at: at,
      created_by: actor.id,
      used_at: null,
      used_by: null,
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'subject.invitation_issued',
      targetType: 'entity',
      targetId: entity.id,
      details: { invitationId: id, expiresAt, superseded },
    })
  })
  return { id, entityId: entity.id, code, expiresAt }
}

/** Revokes an open code (a used, revoked or superseded one is left as it is). 404 subject.invitation_not_found. */
export async function revokeInvitation(ctx: Ctx, actor: Actor, id: string): Promise<InvitationView> {
  if (!isId(id)) throw subjectError('subject.invitation_not_found', { id })
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const row = await findInvitation(trx, id)
    if (!row) throw subjectError('subject.invitation_not_found', { id })
    const at = now.toISOString()
    if ((await revokeInvitationRows(trx, [id], at, actor.id, 'revoked')) > 0) {
      await recordAudit(trx, ctx.clock, actor, {
        action: 'subject.invitation_revoked',
        targetType: 'entity',
        targetId: row.entity_id,
        details: { invitationId: id },
      })
      return invitationView({ ...row, revoked_at: at, revoked_by: actor.id, revoke_reason: 'revoked' }, at)
    }
    return invitationView(row, at)
  })
}

/** Codes issued (never the codes themselves), newest first; of one entity when given. */
export async function listInvitations(ctx: Ctx, filter: { entityId?: string | null } = {}): Promise<InvitationView[]> {
  const now = ctx.clock.now().toISOString()
  return (await selectInvitations(ctx.db, filter.entityId ?? null, LIST_LIMIT)).map((r) => invitationView(r, now))
}

// ---------------------------------------------------------------- activation (the public)

export interface ActivationInput {
  uscc?: string | null | undefined
  idNumber?: string | null | undefined
  name: string
  code: string
  username: string
  password: string
  ip: string
  requestId?: string | undefined
}

/**
 * Activates a subject account: the entity by USCC (organisations: the name must be the legal representative's) or
 * by ID number (a natural person: the person's own name), the open code issued for it, then a `subject` user bound to
 * the entity, the code marked used and the audit events, in one transaction. Every mismatch is 400 subject.bad_code;
 * attempts are throttled like logins (429 access.throttled). A user name taken: 409 access.user_exists.
 */
export async function activateSubject(ctx: Ctx, input: ActivationInput): Promise<ActivatedAccount> {
  const actor: Actor = { kind: 'public', id: null, role: 'public', dept: null, requestId: input.requestId }
  const uscc = typeof input.uscc === 'string' && input.uscc.trim() !== '' ? input.uscc.trim() : null
  const idNumber = typeof input.idNumber === 'string' && input.idNumber.trim() !== '' ? input.idNumber.trim() : null
  if ((uscc === null) === (idNumber === null)) throw subjectError('subject.identifier_required')
  const check = checkCode(uscc ?? (idNumber as string))
  const normalized = check.normalized || (uscc ?? (idNumber as string)).toUpperCase()
  // the identifier as the audit log keeps it: a USCC as typed, an ID number masked
  const shown = uscc ? normalized.slice(0, 40) : maskResidentId(normalized.slice(0, 18))
  const ip = typeof input.ip === 'string' ? input.ip.slice(0, 64) : ''

  const fail = async (reason: string, entityId: string | null = null): Promise<never> => {
    await runCommand(ctx, actor, ({ trx }) =>
      recordAudit(trx, ctx.clock, actor, {
        action: 'subject.activation_failed',
        targetType: 'entity',
        targetId: entityId,
        details: { reason, identifier: shown, ip },
      }),
    )
    throw subjectError('subject.bad_code')
  }

  let attempt: Awaited<ReturnType<typeof reserveGuardedAttempt>>
  try {
    // the throttling name: the identifier's keyed hash (never the ID number itself)
    attempt = await reserveGuardedAttempt(ctx, actor, {
      form: 'activate',
      name: ctx.keys.hmac(normalized, 'subject-activate'),
      ip,
    })
  } catch (e) {
    if (e instanceof AppError && e.code === 'access.throttled') {
      await runCommand(ctx, actor, ({ trx }) =>
        recordAudit(trx, ctx.clock, actor, {
          action: 'subject.activation_failed',
          targetType: 'entity',
          targetId: null,
          details: { reason: 'throttled', identifier: shown, ip },
        }),
      )
    }
    throw e
  }

  const wantScheme = uscc ? 'uscc' : 'resident_id'
  if (check.scheme !== wantScheme || !check.valid) return fail('bad_identifier')
  const resolved = await resolveEntity(ctx.db, ctx.keys, uscc ? { uscc: normalized } : { idNumber: normalized })
  if (resolved.status !== 'matched') return fail('unknown_entity')
  const entity = await getEntity(ctx.db, resolved.entityId)
  const isPerson = entity.kind === 'natural_person'
  if (isPerson !== (idNumber !== null)) return fail('unknown_entity', entity.id)
  const expected = isPerson ? entity.name : entity.legalRep
  const given = nameKeyOf(typeof input.name === 'string' ? input.name : '')
  if (!expected || given === '' || !safeEqual(nameKeyOf(expected), given)) return fail('name_mismatch', entity.id)

  const now = ctx.clock.now().toISOString()
  const open = await openInvitationsOf(ctx.db, entity.id)
  const hash = codeHash(ctx, typeof input.code === 'string' ? input.code : '')
  const invitation = open.find((r) => safeEqual(r.code_hash, hash))
  if (!invitation) return fail('bad_code', entity.id)
  if (invitation.expires_at <= now) return fail('expired', entity.id)

  const user = await runCommand(ctx, actor, async (scope) => {
    const created = await createUser(scope.ctx, actor, {
      username: input.username,
      displayName: entity.name,
      role: 'subject',
      entityId: entity.id,
      password: input.password,
    })
    if (!(await useInvitationRow(scope.trx, invitation.id, now, created.id))) throw subjectError('subject.bad_code')
    await settleGuardedAttempt(scope.ctx, attempt)
    await recordAudit(scope.trx, ctx.clock, actor, {
      action: 'subject.activated',
      targetType: 'user',
      targetId: created.id,
      details: { entityId: entity.id, username: created.username, invitationId: invitation.id, ip },
    })
    return created
  })
  return { ...user, entity: boundEntity(entity) }
}

// ---------------------------------------------------------------- the subject's own account

/** The signed-in subject account and its bound entity. 403 subject.not_subject for other callers. */
export async function subjectAccount(ctx: Ctx, principal: Principal): Promise<SubjectAccount> {
  const entityId = subjectEntityOf(principal)
  const entity = await getEntity(ctx.db, entityId)
  const agent = principal.id ? await findAgentByUser(ctx.db, principal.id) : undefined
  return {
    user: {
      id: principal.id ?? '',
      username: principal.username ?? null,
      displayName: principal.displayName ?? '',
      role: principal.role,
      isAgent: agent !== undefined,
    },
    entity: boundEntity(entity),
  }
}

// ---------------------------------------------------------------- agents (经办人)

const LETTER_RE = /^[A-Za-z0-9_-]{1,64}$/
/** The case kind agent letters are attached under (files module). */
export const AGENT_CASE_KIND = 'subject_agent'

/**
 * Who may read an agent's letter of authorisation (the files module asks, case kind `subject_agent`): operators who
 * decide agents (user.write) and the subject accounts of the same entity.
 */
export async function agentLetterAccess(ctx: Ctx, principal: Principal, agentId: string): Promise<boolean> {
  if (!isId(agentId)) return false
  const agent = await findAgent(ctx.db, agentId)
  if (!agent) return false
  if (can(principal, 'user.write')) return true
  return principal.role === 'subject' && principal.entityId === agent.entity_id
}

async function agentViews(ctx: Ctx, rows: AgentRow[]): Promise<AgentView[]> {
  const users = new Map<string, UserSummary>(
    (
      await findUsers(
        ctx.db,
        rows.map((r) => r.user_id),
      )
    ).map((u) => [u.id, u]),
  )
  const names = new Map<string, string>()
  for (const id of new Set(rows.map((r) => r.entity_id))) {
    const e = await getEntity(ctx.db, id).catch(() => undefined)
    if (e) names.set(id, e.name)
  }
  return rows.map((r) => {
    const u = users.get(r.user_id)
    return {
      id: r.id,
      userId: r.user_id,
      username: u?.username ?? null,
      displayName: u?.displayName ?? '',
      entityId: r.entity_id,
      entityName: names.get(r.entity_id) ?? null,
      letterFileId: r.letter_file_id,
      state: r.state as AgentState,
      reason: r.reason,
      createdAt: r.created_at,
      createdBy: r.created_by,
      decidedAt: r.decided_at,
      decidedBy: r.decided_by,
    }
  })
}

/**
 * A subject account adds an agent (经办人) for its entity: a `subject` user bound to the same entity, created
 * disabled (it cannot sign in) until an operator approves, with the letter of authorisation's file id. Agents cannot
 * add agents.
 */
export async function addAgent(
  ctx: Ctx,
  actor: Actor,
  principal: Principal,
  input: { username: string; displayName: string; password: string; letterFileId: string },
): Promise<AgentView> {
  const entityId = subjectEntityOf(principal)
  if (principal.id && (await findAgentByUser(ctx.db, principal.id))) throw subjectError('subject.agent_by_agent')
  const letter = typeof input.letterFileId === 'string' ? input.letterFileId.trim() : ''
  if (!LETTER_RE.test(letter)) throw subjectError('subject.bad_letter')
  const id = newId()
  const row = await runCommand(ctx, actor, async (scope) => {
    const user = await createUser(scope.ctx, actor, {
      username: input.username,
      displayName: input.displayName,
      role: 'subject',
      entityId,
      password: input.password,
      disabled: true,
    })
    const at = scope.now.toISOString()
    const agent: AgentRow = {
      id,
      entity_id: entityId,
      user_id: user.id,
      letter_file_id: letter,
      state: 'pending',
      reason: null,
      created_at: at,
      created_by: actor.id,
      decided_at: null,
      decided_by: null,
    }
    await insertAgent(scope.trx, agent)
    // the letter must be a file this account uploaded (422 files.not_attachable otherwise); operators read it through
    // the case kind `subject_agent` (agentLetterAccess)
    await attachFiles(scope.ctx, actor, [letter], { kind: AGENT_CASE_KIND, id })
    await recordAudit(scope.trx, ctx.clock, actor, {
      action: 'subject.agent_added',
      targetType: 'subject_agent',
      targetId: id,
      details: { entityId, userId: user.id, username: user.username, letterFileId: letter },
    })
    return agent
  })
  return (await agentViews(ctx, [row]))[0] as AgentView
}

/** Agents, newest first: a subject's own entity's, or (operators) every entity's, optionally of one state. */
export async function listAgents(
  ctx: Ctx,
  principal: Principal,
  filter: { state?: string | null | undefined; entityId?: string | null | undefined } = {},
): Promise<AgentView[]> {
  const state = filter.state?.trim() || null
  if (state && !AGENT_STATES.includes(state as AgentState)) throw subjectError('subject.bad_state', { state })
  const entityId = principal.role === 'subject' ? subjectEntityOf(principal) : filter.entityId?.trim() || null
  return agentViews(ctx, await selectAgents(ctx.db, { entityId, state }, LIST_LIMIT))
}

async function decideAgent(
  ctx: Ctx,
  actor: Actor,
  id: string,
  decision: { state: 'approved' | 'rejected'; reason: string | null },
): Promise<AgentView> {
  if (!isId(id)) throw subjectError('subject.agent_not_found', { id })
  const row = await runCommand(ctx, actor, async (scope) => {
    const agent = await findAgent(scope.trx, id)
    if (!agent) throw subjectError('subject.agent_not_found', { id })
    if (agent.state !== 'pending') throw subjectError('subject.agent_not_pending', { id, state: agent.state })
    const at = scope.now.toISOString()
    const change = { state: decision.state, reason: decision.reason, decided_at: at, decided_by: actor.id }
    if (!(await decideAgentRow(scope.trx, id, change))) {
      const now = await findAgent(scope.trx, id)
      throw subjectError('subject.agent_not_pending', { id, state: now?.state ?? '' })
    }
    if (decision.state === 'approved') await setUserEnabled(scope.ctx, actor, { userId: agent.user_id, enabled: true })
    await recordAudit(scope.trx, ctx.clock, actor, {
      action: decision.state === 'approved' ? 'subject.agent_approved' : 'subject.agent_rejected',
      targetType: 'subject_agent',
      targetId: id,
      details: {
        entityId: agent.entity_id,
        userId: agent.user_id,
        ...(decision.reason ? { reason: decision.reason } : {}),
      },
    })
    return { ...agent, ...change }
  })
  return (await agentViews(ctx, [row]))[0] as AgentView
}

/** An operator approves a pending agent: the agent's user is enabled and acts for the entity. 409 when decided. */
export async function approveAgent(ctx: Ctx, actor: Actor, id: string): Promise<AgentView> {
  return decideAgent(ctx, actor, id, { state: 'approved', reason: null })
}

/** An operator rejects a pending agent with a reason (shown to the subject); the agent's user stays disabled. */
export async function rejectAgent(ctx: Ctx, actor: Actor, id: string, reason: string): Promise<AgentView> {
  const text = typeof reason === 'string' ? reason.trim().replace(/\s+/g, ' ') : ''
  if ([...text].length < 2 || [...text].length > 500) throw subjectError('subject.reason_required')
  const masked = maskPersonalText(text, { today: civilDate(ctx.clock.now()) })
  return decideAgent(ctx, actor, id, { state: 'rejected', reason: masked })
}
