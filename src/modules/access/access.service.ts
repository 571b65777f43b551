import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { AppError } from '../../core/errors.js'
import type { Db } from '../../db/database.js'
import { isId, newId } from '../../core/ids.js'
import { checkCode, findResidentIds, maskPersonalText } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import { accessError } from './access.errors.js'
import { type Principal, principalActor, publicPrincipal } from './access.principal.js'
import {
  type ApiKeyRow,
  type DepartmentRow,
  findApiKeyForAuth,
  findApiKeyById,
  findDepartment,
  findDepartmentByUscc,
  findSessionByTokenHash,
  findThrottleRows,
  findUserById,
  findUserByUsername,
  hasLoginFrom,
  deleteAccountThrottleRows,
  principalsOfAgencyRows,
  setPrincipalAgencyRow,
  entitiesWithEnabledAccounts,
  insertApiKey,
  insertDepartment,
  insertSession,
  insertUser,
  recordSuccessfulLogin,
  revokeApiKeyRow,
  revokeSessionRow,
  revokeUserSessionRows,
  setPasswordHashRow,
  updateDepartmentRow,
  updateUserRow,
  selectApiKeys,
  selectApiKeysByIds,
  selectDepartments,
  selectUsers,
  selectUsersByIds,
  setUserDisabledRow,
  touchApiKey,
  touchSession,
  type UserRow,
} from './access.repository.js'
import {
  findRole,
  type PrincipalKind,
  PUBLIC_ROLE,
  permissionsOf,
  type RoleDefinition,
  rolesFor,
} from './access.roles.js'
import {
  accountKey,
  type Bucket,
  bucketsFor,
  KNOWN_ADDRESS_DAYS,
  reserveAttempt,
  settleSuccess,
  sweepIfDue,
  throttlePolicy,
} from './access.throttle.js'
import {
  API_KEY_RE,
  burnPasswordCheck,
  hashPassword,
  newApiKey,
  newTemporaryPassword,
  randomToken,
  sha256Hex,
  verifyPassword,
} from './access.secrets.js'

// ---------------------------------------------------------------- types

export interface Department {
  code: string
  name: string
  uscc: string
  district: string | null
}

/** A user as shown to the user and to operators. `district` is the user's own or else its department's. */
export interface UserView {
  id: string
  username: string
  displayName: string
  role: string
  dept: string | null
  district: string | null
  entityId: string | null
}

export interface UserSummary extends UserView {
  roleLabel: string
  disabled: boolean
  /** Until when logins to the account from addresses it has not used lately must wait (login throttling); null: no wait. */
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
}

export interface LoginResult {
  user: UserView
  /** Goes into the HttpOnly cookie; only its SHA-256 is stored. */
  sessionToken: string
  csrfToken: string
  expiresAt: string
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked'

/** An API key without its secret. */
export interface ApiKeyView {
  id: string
  name: string
  /** The first characters of the key, to recognise it (`gx_AbCd1234`). */
  prefix: string
  role: string
  dept: string | null
  scopes: string[]
  expiresAt: string | null
  revokedAt: string | null
  createdAt: string
  createdBy: string | null
  lastUsedAt: string | null
  status: ApiKeyStatus
}

/** The result of creating a key: the only time the key itself is available. */
export interface CreatedApiKey {
  id: string
  key: string
  role: string
  dept: string | null
  expiresAt: string | null
}

// ---------------------------------------------------------------- principals

function actorForUser(u: UserRow, requestId?: string): Actor {
  return { kind: 'user', id: u.id, role: u.role, dept: u.dept_code, requestId }
}

function publicActor(requestId?: string): Actor {
  return { kind: 'public', id: null, role: PUBLIC_ROLE, dept: null, requestId }
}

// ---------------------------------------------------------------- validation helpers

const DEPT_CODE_RE = /^[A-Za-z0-9_-]{2,32}$/
const DISTRICT_RE = /^\d{6}$/
const USERNAME_RE = /^[a-z0-9][a-z0-9._@-]{1,63}$/
export const MIN_PASSWORD_LENGTH = 10
const MAX_PASSWORD_LENGTH = 1024

/** Sessions also end after this much inactivity (capped by the session TTL). */
export const SESSION_IDLE_MINUTES = 60
/** last_seen_at and last_used_at are written at most this often. */
const TOUCH_INTERVAL_MS = 60_000

/** A name as stored (a department's, a user's display name, a key's): resident ID numbers masked (free text). */
function cleanText(ctx: Ctx, v: unknown, field: string, max: number): string {
  const s = typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : ''
  if (s === '' || [...s].length > max) throw accessError('access.bad_name', { field, max })
  return maskPersonalText(s, { today: civilDate(ctx.clock.now()) })
}

function cleanDistrict(v: string | null | undefined): string | null {
  if (v === undefined || v === null || v.trim() === '') return null
  const d = v.trim()
  if (!DISTRICT_RE.test(d)) throw accessError('access.bad_district', { district: v })
  return d
}

function cleanOptional(v: string | null | undefined): string | null {
  if (v === undefined || v === null) return null
  const s = v.trim()
  return s === '' ? null : s
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function presentDepartmentRow(r: DepartmentRow): Department {
  return { code: r.code, name: r.name, uscc: r.uscc, district: r.district }
}

function requireRoleFor(kind: PrincipalKind, role: string): RoleDefinition {
  const def = findRole(role)
  if (!def?.principals.includes(kind))
    throw accessError('access.bad_role', { role, principal: kind, allowed: rolesFor(kind) })
  return def
}

async function requireDepartment(ctx: Ctx, code: string): Promise<DepartmentRow> {
  const d = await findDepartment(ctx.db, code)
  if (!d) throw accessError('access.dept_not_found', { code })
  return d
}

// ---------------------------------------------------------------- departments

export async function addDepartment(
  ctx: Ctx,
  actor: Actor,
  input: { code: string; name: string; uscc: string; district?: string | null },
): Promise<Department> {
  const code = typeof input.code === 'string' ? input.code.trim() : ''
  if (!DEPT_CODE_RE.test(code)) throw accessError('access.bad_dept_code', { code: input.code })
  const name = cleanText(ctx, input.name, '部门名称', 100)
  const check = checkCode(typeof input.uscc === 'string' ? input.uscc : '')
  if (check.scheme !== 'uscc' || !check.valid) {
    const problems =
      check.scheme === 'uscc' || check.scheme === 'unknown'
        ? check.errors.map((e) => e.message)
        : [`这是${schemeLabel(check.scheme)}，不是统一社会信用代码`]
    throw accessError('access.bad_uscc', { uscc: input.uscc, problems, errors: check.errors.map((e) => e.code) })
  }
  const uscc = check.normalized
  const district = cleanDistrict(input.district)
  const now = ctx.clock.now().toISOString()
  const dept: Department = { code, name, uscc, district }
  try {
    await runCommand(ctx, actor, async ({ trx }) => {
      if (await findDepartment(trx, code)) throw accessError('access.dept_exists', { field: 'code', code })
      const sameUscc = await findDepartmentByUscc(trx, uscc)
      if (sameUscc) throw accessError('access.dept_exists', { field: 'uscc', uscc, existing: sameUscc.code })
      await insertDepartment(trx, { code, name, uscc, district, created_at: now, updated_at: now })
      await recordAudit(trx, ctx.clock, actor, {
        action: 'access.dept_created',
        targetType: 'department',
        targetId: code,
        details: { ...dept },
      })
    })
  } catch (e) {
    // Two concurrent adds: the loser hits the unique index.
    if (e instanceof AppError && e.code === 'db.unique_violation')
      throw accessError('access.dept_exists', { field: 'code', code }, { cause: e })
    throw e
  }
  return dept
}

function schemeLabel(scheme: string): string {
  return (
    ({ resident_id: '居民身份证号码', org_code: '组织机构代码', reg_no: '工商注册号' } as Record<string, string>)[
      scheme
    ] ?? '其他代码'
  )
}

/**
 * Renames a department or changes its district (the code and the USCC identify it and stay). Audited as
 * `access.dept_updated` with the changed fields; a change to nothing changes nothing.
 */
export async function updateDepartment(
  ctx: Ctx,
  actor: Actor,
  code: string,
  input: { name?: string; district?: string | null },
): Promise<Department> {
  const name = input.name === undefined ? undefined : cleanText(ctx, input.name, '部门名称', 100)
  const district = input.district === undefined ? undefined : cleanDistrict(input.district)
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const row = await findDepartment(trx, code)
    if (!row) throw accessError('access.dept_not_found', { code })
    const next = { name: name ?? row.name, district: district === undefined ? row.district : district }
    const changes = diffFields({ name: row.name, district: row.district }, next)
    if (Object.keys(changes).length > 0) {
      await updateDepartmentRow(trx, code, { ...next, updated_at: now.toISOString() })
      await recordAudit(trx, ctx.clock, actor, {
        action: 'access.dept_updated',
        targetType: 'department',
        targetId: code,
        details: { changes },
      })
    }
    return presentDepartmentRow({ ...row, ...next })
  })
}

/** The fields whose values differ, as { field: { from, to } }. */
function diffFields(
  before: Record<string, string | null>,
  after: Record<string, string | null>,
): Record<string, { from: string | null; to: string | null }> {
  const out: Record<string, { from: string | null; to: string | null }> = {}
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = { from: before[k] ?? null, to: v }
  return out
}

/** Every department, sorted by code. */
export async function listDepartments(ctx: Ctx): Promise<Department[]> {
  const rows = await selectDepartments(ctx.db)
  return rows.map(presentDepartmentRow).sort((a, b) => compareText(a.code, b.code))
}

/** One department; 404 access.dept_not_found. */
export async function getDepartment(ctx: Ctx, code: string): Promise<Department> {
  return presentDepartmentRow(await requireDepartment(ctx, code))
}

// ---------------------------------------------------------------- users

function userView(u: UserRow, deptDistrict: string | null): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    dept: u.dept_code,
    district: u.district ?? deptDistrict,
    entityId: u.entity_id,
  }
}

export async function createUser(
  ctx: Ctx,
  actor: Actor,
  input: {
    username: string
    displayName?: string
    role: string
    dept?: string | null
    district?: string | null
    entityId?: string | null
    password: string
    /** Created disabled: it cannot sign in until enabled (setUserEnabled), e.g. an agent account pending approval. */
    disabled?: boolean
  },
): Promise<UserView> {
  const username = typeof input.username === 'string' ? input.username.trim().toLowerCase() : ''
  if (!USERNAME_RE.test(username)) throw accessError('access.bad_username', { username: input.username })
  // a user name is shown and logged wherever the user acts, and cannot be masked (it is typed to log in)
  if (findResidentIds(username, { today: civilDate(ctx.clock.now()) }).length > 0)
    throw accessError('access.bad_username', { reason: 'id_number' })
  const displayName =
    input.displayName === undefined || input.displayName.trim() === ''
      ? username
      : cleanText(ctx, input.displayName, '显示名称', 64)
  const role = requireRoleFor('user', input.role)
  const deptCode = cleanOptional(input.dept)
  const entityId = cleanOptional(input.entityId)
  const district = cleanDistrict(input.district)
  if (role.requires.includes('dept') && !deptCode)
    throw accessError('access.dept_required', { role: role.code, label: role.label })
  if (role.requires.includes('entity') && !entityId) throw accessError('access.entity_required', { role: role.code })
  const password = typeof input.password === 'string' ? input.password : ''
  if ([...password].length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw accessError('access.weak_password', { min: MIN_PASSWORD_LENGTH })
  const dept = deptCode ? await requireDepartment(ctx, deptCode) : undefined
  const passwordHash = await hashPassword(password)
  const now = ctx.clock.now().toISOString()
  const row: UserRow = {
    id: newId(),
    username,
    display_name: displayName,
    password_hash: passwordHash,
    role: role.code,
    dept_code: dept?.code ?? null,
    district,
    entity_id: entityId,
    agency_id: null,
    failed_logins: 0,
    locked_until: null,
    disabled: input.disabled ? 1 : 0,
    created_at: now,
    updated_at: now,
    last_login_at: null,
  }
  const view = userView(row, dept?.district ?? null)
  try {
    await runCommand(ctx, actor, async ({ trx }) => {
      if (await findUserByUsername(trx, username)) throw accessError('access.user_exists', { username })
      await insertUser(trx, row)
      await recordAudit(trx, ctx.clock, actor, {
        action: 'access.user_created',
        targetType: 'user',
        targetId: row.id,
        details: {
          username,
          displayName,
          role: row.role,
          dept: row.dept_code,
          district,
          entityId,
          ...(input.disabled ? { disabled: true } : {}),
        },
      })
    })
  } catch (e) {
    if (e instanceof AppError && e.code === 'db.unique_violation')
      throw accessError('access.user_exists', { username }, { cause: e })
    // The department was checked above, so a broken reference is the entity.
    if (e instanceof AppError && e.code === 'db.foreign_key_violation')
      throw accessError('access.entity_not_found', { entityId }, { cause: e })
    throw e
  }
  return view
}

/** Every user (no password hashes), sorted by username. */
export async function listUsers(ctx: Ctx): Promise<UserSummary[]> {
  const [users, depts] = await Promise.all([selectUsers(ctx.db), selectDepartments(ctx.db)])
  const districtOf = new Map(depts.map((d) => [d.code, d.district]))
  const now = ctx.clock.now().toISOString()
  const waits = new Map(
    (
      await findThrottleRows(
        ctx.db,
        users.map((u) => accountKey(u.username)),
      )
    )
      .filter((r) => r.blocked_until !== null && r.blocked_until > now)
      .map((r) => [r.key, r.blocked_until]),
  )
  return users
    .map((u) => ({
      ...userView(u, u.dept_code ? (districtOf.get(u.dept_code) ?? null) : null),
      roleLabel: findRole(u.role)?.label ?? u.role,
      disabled: Number(u.disabled) !== 0,
      lockedUntil: waits.get(accountKey(u.username)) ?? null,
      lastLoginAt: u.last_login_at,
      createdAt: u.created_at,
    }))
    .sort((a, b) => compareText(a.username, b.username))
}

/**
 * Changes a user's display name, role, department, district or bound entity (the user name stays: it is the login
 * and appears in the audit log). The role's requirements are checked as at creation; operators cannot change their
 * own role. Audited as `access.user_updated` with the changed fields. The new role applies from the next request.
 */
export async function updateUser(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: {
    displayName?: string
    role?: string
    dept?: string | null
    district?: string | null
    entityId?: string | null
  },
): Promise<UserView> {
  const user = isId(id) ? await findUserById(ctx.db, id) : undefined
  if (!user) throw accessError('access.user_not_found', { username: id })
  const displayName =
    input.displayName === undefined
      ? user.display_name
      : input.displayName.trim() === ''
        ? user.username
        : cleanText(ctx, input.displayName, '显示名称', 64)
  const role = requireRoleFor('user', input.role ?? user.role)
  if (role.code !== user.role && actor.kind === 'user' && actor.id === user.id) throw accessError('access.self_role')
  const deptCode = input.dept === undefined ? user.dept_code : cleanOptional(input.dept)
  const district = input.district === undefined ? user.district : cleanDistrict(input.district)
  const entityId = input.entityId === undefined ? user.entity_id : cleanOptional(input.entityId)
  if (role.requires.includes('dept') && !deptCode)
    throw accessError('access.dept_required', { role: role.code, label: role.label })
  if (role.requires.includes('entity') && !entityId) throw accessError('access.entity_required', { role: role.code })
  const dept = deptCode ? await requireDepartment(ctx, deptCode) : undefined
  const next = {
    display_name: displayName,
    role: role.code,
    dept_code: dept?.code ?? null,
    district,
    entity_id: entityId,
  }
  const changes = diffFields(
    {
      displayName: user.display_name,
      role: user.role,
      dept: user.dept_code,
      district: user.district,
      entityId: user.entity_id,
    },
    { displayName, role: role.code, dept: next.dept_code, district, entityId },
  )
  try {
    await runCommand(ctx, actor, async ({ trx, now }) => {
      if (Object.keys(changes).length === 0) return
      await updateUserRow(trx, user.id, { ...next, updated_at: now.toISOString() })
      await recordAudit(trx, ctx.clock, actor, {
        action: 'access.user_updated',
        targetType: 'user',
        targetId: user.id,
        details: { username: user.username, changes },
      })
    })
  } catch (e) {
    if (e instanceof AppError && e.code === 'db.foreign_key_violation')
      throw accessError('access.entity_not_found', { entityId }, { cause: e })
    throw e
  }
  return userView({ ...user, ...next }, dept?.district ?? null)
}

/**
 * Sets a new password for a user (the operator's reset): the given one, or a generated temporary one that is
 * returned once. The user's open sessions end. Audited as `access.password_reset` (never the password).
 */
export async function resetPassword(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { password?: string | undefined },
): Promise<{ username: string; password: string | null; sessionsEnded: number }> {
  const user = isId(id) ? await findUserById(ctx.db, id) : undefined
  if (!user) throw accessError('access.user_not_found', { username: id })
  const given = typeof input.password === 'string' && input.password !== '' ? input.password : undefined
  if (given !== undefined && ([...given].length < MIN_PASSWORD_LENGTH || given.length > MAX_PASSWORD_LENGTH))
    throw accessError('access.weak_password', { min: MIN_PASSWORD_LENGTH })
  const password = given ?? newTemporaryPassword()
  const hash = await hashPassword(password)
  const sessionsEnded = await runCommand(ctx, actor, async ({ trx, now }) => {
    await setPasswordHashRow(trx, user.id, hash, now.toISOString())
    const ended = await revokeUserSessionRows(trx, user.id, now.toISOString())
    await recordAudit(trx, ctx.clock, actor, {
      action: 'access.password_reset',
      targetType: 'user',
      targetId: user.id,
      details: { username: user.username, generated: given === undefined, sessionsEnded: ended },
    })
    return ended
  })
  return { username: user.username, password: given === undefined ? password : null, sessionsEnded }
}

/** Enables or disables a user by id from the console; an operator cannot disable the account they are using. */
export async function setUserEnabledById(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { enabled: boolean; reason?: string | undefined },
): Promise<UserSummary> {
  const user = isId(id) ? await findUserById(ctx.db, id) : undefined
  if (!user) throw accessError('access.user_not_found', { username: id })
  if (!input.enabled && actor.kind === 'user' && actor.id === user.id) throw accessError('access.self_disable')
  await setUserEnabled(ctx, actor, { userId: user.id, enabled: input.enabled, reason: input.reason })
  return userSummary(ctx, user.id)
}

/** Lifts the login throttling of a user by id (see unlockUser). */
export async function unlockUserById(ctx: Ctx, actor: Actor, id: string): Promise<UserSummary> {
  const user = isId(id) ? await findUserById(ctx.db, id) : undefined
  if (!user) throw accessError('access.user_not_found', { username: id })
  await unlockUser(ctx, actor, user.username)
  return userSummary(ctx, user.id)
}

/** One user as the users list shows it. */
export async function userSummary(ctx: Ctx, id: string): Promise<UserSummary> {
  const found = (await listUsers(ctx)).find((u) => u.id === id)
  if (!found) throw accessError('access.user_not_found', { username: id })
  return found
}

/** Users by id (no password hashes), in no particular order; unknown ids are left out. */
export async function findUsers(db: Ctx['db'], ids: readonly string[]): Promise<UserSummary[]> {
  const rows = await selectUsersByIds(db, [...new Set(ids)])
  return rows.map((u) => ({
    ...userView(u, null),
    roleLabel: findRole(u.role)?.label ?? u.role,
    disabled: Number(u.disabled) !== 0,
    lockedUntil: null,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  }))
}

/**
 * Enables or disables a user (a disabled user cannot sign in and its sessions stop working). Audited as
 * `access.user_enabled` / `access.user_disabled`; a user already in that state changes nothing. Joins the caller's
 * transaction when there is one.
 */
export async function setUserEnabled(
  ctx: Ctx,
  actor: Actor,
  input: { userId: string; enabled: boolean; reason?: string | undefined },
): Promise<boolean> {
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const user = await findUserById(trx, input.userId)
    if (!user) throw accessError('access.user_not_found', { username: input.userId })
    const changed = await setUserDisabledRow(trx, user.id, !input.enabled, now.toISOString())
    if (changed)
      await recordAudit(trx, ctx.clock, actor, {
        action: input.enabled ? 'access.user_enabled' : 'access.user_disabled',
        targetType: 'user',
        targetId: user.id,
        details: { username: user.username, ...(input.reason ? { reason: input.reason } : {}) },
      })
    return changed
  })
}

// ---------------------------------------------------------------- throttled forms other than the login

/** An attempt counted in the throttling buckets of a form (activation codes and the like). */
export interface GuardedAttempt {
  buckets: Bucket[]
}

/**
 * Counts one attempt of a form that checks a secret other than a password (an activation code), in the login's
 * leaky buckets (access.throttle.ts): per (name, address), per name and per address - the address bucket is the one
 * logins count in. `form` keeps the names apart from user names (`form:name` is no user name). Past the allowance it
 * throws 429 access.throttled (details.form names the form). Runs in its own transaction: call it before the check.
 */
export async function reserveGuardedAttempt(
  ctx: Ctx,
  actor: Actor,
  input: { form: string; name: string; ip: string },
): Promise<GuardedAttempt> {
  const nowDate = ctx.clock.now()
  const policy = throttlePolicy(ctx.config)
  const buckets = bucketsFor(`${input.form}:${input.name}`, input.ip.slice(0, 64), { account: true })
  const reservation = await runCommand(ctx, actor, ({ trx }) => reserveAttempt(trx, policy, buckets, nowDate))
  await sweepIfDue(ctx.db, policy, nowDate)
  if (reservation.blocked) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(reservation.retryAt) - nowDate.getTime()) / 1000))
    throw accessError('access.throttled', { retryAfter, retryAt: reservation.retryAt, form: input.form })
  }
  return { buckets }
}

/** A guarded attempt succeeded: its (name, address) bucket starts again from zero. Run it in the success's transaction. */
export async function settleGuardedAttempt(ctx: Ctx, attempt: GuardedAttempt): Promise<void> {
  await settleSuccess(ctx.db, throttlePolicy(ctx.config), attempt.buckets, ctx.clock.now())
}

// ---------------------------------------------------------------- login and sessions

function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000)
}

/**
 * The keyed hash (HMAC, purpose `login-name`) of a user name that is no account, as failed-login events keep it: the
 * name as the login form reads it (trimmed, lower case).
 */
export function unknownNameHmac(ctx: Pick<Ctx, 'keys'>, username: string): string {
  return ctx.keys.hmac(username, 'login-name')
}

/**
 * Checks a password and opens a session. Attempts are throttled per (name, address), per name and per address
 * (access.throttle.ts): past the allowance 429 access.throttled says how long to wait. An unknown name is counted,
 * answered and timed exactly like a known one with a wrong password.
 */
export async function login(
  ctx: Ctx,
  input: { username: string; password: string; ip: string; requestId?: string },
): Promise<LoginResult> {
  const username = typeof input.username === 'string' ? input.username.trim().toLowerCase() : ''
  const password = typeof input.password === 'string' ? input.password : ''
  const ip = typeof input.ip === 'string' ? input.ip.slice(0, 64) : ''
  const user = username && username.length <= 64 ? await findUserByUsername(ctx.db, username) : undefined
  const nowDate = ctx.clock.now()
  const now = nowDate.toISOString()
  const policy = throttlePolicy(ctx.config)

  // A name that is no account may be anything typed into the wrong field (a password, an ID number): the event keeps
  // only its keyed hash, enough to see the same name tried again and to test a name with the key file.
  const who = user ? { username: username.slice(0, 64) } : { usernameHmac: unknownNameHmac(ctx, username) }
  const fail = async (reason: string, extra: Record<string, unknown> = {}): Promise<void> => {
    await runCommand(ctx, publicActor(input.requestId), ({ trx }) =>
      recordAudit(trx, ctx.clock, publicActor(input.requestId), {
        action: 'access.login_failed',
        targetType: 'user',
        targetId: user?.id ?? null,
        details: { ...who, reason, ip, ...extra },
      }),
    )
  }

  // The same queries for a known and an unknown name: an address the account logged in from lately is its own.
  const since = new Date(nowDate.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000).toISOString()
  const known = await hasLoginFrom(ctx.db, user?.id ?? '', ip, since)
  const buckets = bucketsFor(username, ip, { account: !(user && known) })
  const reservation = await runCommand(ctx, publicActor(input.requestId), ({ trx }) =>
    reserveAttempt(trx, policy, buckets, nowDate),
  )
  await sweepIfDue(ctx.db, policy, nowDate)
  if (reservation.blocked) {
    await fail('throttled', { retryAt: reservation.retryAt, scopes: reservation.scopes })
    const retryAfter = Math.max(1, Math.ceil((Date.parse(reservation.retryAt) - nowDate.getTime()) / 1000))
    throw accessError('access.throttled', { retryAfter, retryAt: reservation.retryAt })
  }
  if (!user) {
    await burnPasswordCheck(password.slice(0, MAX_PASSWORD_LENGTH))
    await fail('unknown_user')
    throw accessError('access.bad_credentials')
  }
  const ok = password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, user.password_hash))
  if (!ok) {
    await fail('bad_password')
    throw accessError('access.bad_credentials')
  }
  if (Number(user.disabled) !== 0) {
    await fail('disabled')
    throw accessError('access.disabled')
  }

  const sessionToken = randomToken()
  const csrfToken = randomToken()
  const expiresAt = addMinutes(nowDate, ctx.config.sessionTtlMinutes).toISOString()
  const sessionId = newId()
  await runCommand(ctx, publicActor(input.requestId), async ({ trx }) => {
    await settleSuccess(trx, policy, buckets, nowDate)
    await recordSuccessfulLogin(trx, user.id, now)
    await insertSession(trx, {
      id: sessionId,
      token_hash: sha256Hex(sessionToken),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
      revoked_at: null,
      ip: ip || null,
    })
    await recordAudit(trx, ctx.clock, actorForUser(user, input.requestId), {
      action: 'access.login',
      targetType: 'session',
      targetId: sessionId,
      details: { username, ip, expiresAt },
    })
  })
  const dept = user.dept_code ? await findDepartment(ctx.db, user.dept_code) : undefined
  return { user: userView(user, dept?.district ?? null), sessionToken, csrfToken, expiresAt }
}

/**
 * Lifts the login throttling of an account (gongxin user unlock): its own bucket and its buckets with every client
 * address start again from zero. Client addresses' own buckets are left as they are.
 */
export async function unlockUser(
  ctx: Ctx,
  actor: Actor,
  username: string,
): Promise<{ username: string; cleared: number }> {
  const name = typeof username === 'string' ? username.trim().toLowerCase() : ''
  const user = name ? await findUserByUsername(ctx.db, name) : undefined
  if (!user) throw accessError('access.user_not_found', { username })
  return runCommand(ctx, actor, async ({ trx }) => {
    const cleared = await deleteAccountThrottleRows(trx, accountKey(user.username))
    await recordAudit(trx, ctx.clock, actor, {
      action: 'access.user_unlocked',
      targetType: 'user',
      targetId: user.id,
      details: { username: user.username, cleared },
    })
    return { username: user.username, cleared }
  })
}

/** Ends the principal's cookie session (no-op for other principals). */
export async function logout(ctx: Ctx, principal: Principal, requestId?: string): Promise<void> {
  if (principal.kind !== 'user' || !principal.sessionId) return
  const sessionId = principal.sessionId
  const now = ctx.clock.now().toISOString()
  await runCommand(ctx, principalActor(principal, requestId), async ({ trx }) => {
    if (await revokeSessionRow(trx, sessionId, now)) {
      await recordAudit(trx, ctx.clock, principalActor(principal, requestId), {
        action: 'access.logout',
        targetType: 'session',
        targetId: sessionId,
      })
    }
  })
}

/**
 * Who is calling: an API key (`bearer`, `gx_...`) wins over a session cookie; neither gives the public
 * principal. An invalid, expired or revoked key throws 401 access.key_invalid; an invalid or expired
 * session falls back to the public principal (the route then asks for a login if it needs one).
 */
export async function authenticate(
  ctx: Ctx,
  credentials: { cookieToken?: string | undefined; bearer?: string | undefined },
): Promise<Principal> {
  if (credentials.bearer !== undefined) return authenticateKey(ctx, credentials.bearer)
  if (credentials.cookieToken) return (await authenticateSession(ctx, credentials.cookieToken)) ?? publicPrincipal
  return publicPrincipal
}

async function authenticateSession(ctx: Ctx, token: string): Promise<Principal | undefined> {
  if (token.length < 16 || token.length > 128) return undefined
  const found = await findSessionByTokenHash(ctx.db, sha256Hex(token))
  if (!found) return undefined
  const { session, user, deptDistrict } = found
  const nowDate = ctx.clock.now()
  const now = nowDate.toISOString()
  if (session.revoked_at || session.expires_at <= now || Number(user.disabled) !== 0) return undefined
  const idleMinutes = Math.min(SESSION_IDLE_MINUTES, ctx.config.sessionTtlMinutes)
  const lastSeen = new Date(session.last_seen_at).getTime()
  if (lastSeen + idleMinutes * 60_000 <= nowDate.getTime()) return undefined
  if (nowDate.getTime() - lastSeen >= TOUCH_INTERVAL_MS) await touchSession(ctx.db, session.id, now)
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    dept: user.dept_code,
    district: user.district ?? deptDistrict,
    entityId: user.entity_id,
    agencyId: user.agency_id ?? null,
    permissions: permissionsOf(user.role),
    sessionId: session.id,
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at,
  }
}

function keyStatus(r: ApiKeyRow, now: string): ApiKeyStatus {
  if (r.revoked_at) return 'revoked'
  if (r.expires_at && r.expires_at <= now) return 'expired'
  return 'active'
}

function parseScopes(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
  } catch {
    return []
  }
}

async function authenticateKey(ctx: Ctx, bearer: string): Promise<Principal> {
  const key = bearer.trim()
  if (!API_KEY_RE.test(key)) throw accessError('access.key_invalid')
  const row = await findApiKeyForAuth(ctx.db, sha256Hex(key))
  const nowDate = ctx.clock.now()
  const now = nowDate.toISOString()
  if (!row || keyStatus(row, now) !== 'active') throw accessError('access.key_invalid')
  if (!row.last_used_at || nowDate.getTime() - new Date(row.last_used_at).getTime() >= TOUCH_INTERVAL_MS)
    await touchApiKey(ctx.db, row.id, now)
  const rolePermissions = permissionsOf(row.role)
  const scopes = parseScopes(row.scopes)
  const permissions = scopes.length > 0 ? new Set(scopes.filter((s) => rolePermissions.has(s))) : rolePermissions
  return {
    kind: 'api_key',
    id: row.id,
    displayName: row.name,
    role: row.role,
    dept: row.dept_code,
    district: row.dept_district ?? null,
    entityId: null,
    agencyId: row.agency_id ?? null,
    permissions,
  }
}

// ---------------------------------------------------------------- API keys

/** `YYYY-MM-DD` means "through that day" (ends at 24:00 Asia/Shanghai); otherwise an ISO instant. */
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

export async function createApiKey(
  ctx: Ctx,
  actor: Actor,
  input: {
    name?: string
    role: string
    dept?: string | null
    scopes?: string[]
    expiresAt?: string | null
    /** An agency key: the registered agency it belongs to (the caller, the agencies module, checked it). */
    agencyId?: string | null
  },
): Promise<CreatedApiKey> {
  const role = requireRoleFor('api_key', input.role)
  const deptCode = cleanOptional(input.dept)
  if (role.requires.includes('dept') && !deptCode)
    throw accessError('access.dept_required', { role: role.code, label: role.label })
  const dept = deptCode ? await requireDepartment(ctx, deptCode) : undefined
  const scopes = [...new Set((input.scopes ?? []).map((s) => String(s).trim()).filter(Boolean))].sort()
  const outside = scopes.filter((s) => !role.permissions.has(s))
  if (outside.length > 0)
    throw accessError('access.bad_scope', { scopes: outside, role: role.code, allowed: [...role.permissions] })
  const nowDate = ctx.clock.now()
  let expiresAt: string | null = null
  if (input.expiresAt !== undefined && input.expiresAt !== null && String(input.expiresAt).trim() !== '') {
    const d = parseExpiry(String(input.expiresAt))
    if (!d || d.getTime() <= nowDate.getTime()) throw accessError('access.bad_expiry', { expiresAt: input.expiresAt })
    expiresAt = d.toISOString()
  }
  const name =
    input.name === undefined || input.name.trim() === ''
      ? `${role.code}${dept ? `-${dept.code}` : ''}`
      : cleanText(ctx, input.name, '密钥名称', 100)
  const key = newApiKey()
  const id = newId()
  const now = nowDate.toISOString()
  const prefix = key.slice(0, 11)
  await runCommand(ctx, actor, async ({ trx }) => {
    await insertApiKey(trx, {
      id,
      name,
      key_hash: sha256Hex(key),
      prefix,
      role: role.code,
      dept_code: dept?.code ?? null,
      scopes: JSON.stringify(scopes),
      agency_id: input.agencyId ?? null,
      expires_at: expiresAt,
      revoked_at: null,
      created_at: now,
      created_by: actor.id,
      last_used_at: null,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'access.key_created',
      targetType: 'api_key',
      targetId: id,
      details: {
        name,
        prefix,
        role: role.code,
        dept: dept?.code ?? null,
        scopes,
        expiresAt,
        ...(input.agencyId ? { agencyId: input.agencyId } : {}),
      },
    })
  })
  return { id, key, role: role.code, dept: dept?.code ?? null, expiresAt }
}

function apiKeyView(r: ApiKeyRow, now: string): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role,
    dept: r.dept_code,
    scopes: parseScopes(r.scopes),
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at,
    status: keyStatus(r, now),
  }
}

/** Every key without its secret, newest first. */
export async function listApiKeys(ctx: Ctx): Promise<ApiKeyView[]> {
  const now = ctx.clock.now().toISOString()
  const rows = await selectApiKeys(ctx.db)
  return rows
    .map((r) => apiKeyView(r, now))
    .sort((a, b) => compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id))
}

/** Revokes a key at once; revoking a revoked key changes nothing. 404 access.key_not_found. */
export async function revokeApiKey(ctx: Ctx, actor: Actor, id: string): Promise<ApiKeyView> {
  if (typeof id !== 'string' || !isId(id)) throw accessError('access.key_not_found', { id })
  const now = ctx.clock.now().toISOString()
  return runCommand(ctx, actor, async ({ trx }) => {
    const row = await findApiKeyById(trx, id)
    if (!row) throw accessError('access.key_not_found', { id })
    if (await revokeApiKeyRow(trx, id, now)) {
      await recordAudit(trx, ctx.clock, actor, {
        action: 'access.key_revoked',
        targetType: 'api_key',
        targetId: id,
        details: { name: row.name, prefix: row.prefix, role: row.role, dept: row.dept_code },
      })
      return apiKeyView({ ...row, revoked_at: now }, now)
    }
    return apiKeyView(row, now)
  })
}

/** Who an actor id is, for people reading the audit log: a user's name or a key's, and the department's name. */
export interface ActorDescription {
  id: string
  kind: 'user' | 'api_key'
  /** The user name, or the key's name and prefix. */
  name: string
  displayName: string
  dept: string | null
  deptName: string | null
}

/** Describes user and API key ids (unknown ids are left out); department codes are named too. */
export async function describeActors(
  db: Ctx['db'],
  ids: readonly string[],
): Promise<{ actors: Map<string, ActorDescription>; departments: Map<string, string> }> {
  const unique = [...new Set(ids.filter((id) => typeof id === 'string' && isId(id)))]
  const [users, keys, depts] = await Promise.all([
    selectUsersByIds(db, unique),
    selectApiKeysByIds(db, unique),
    selectDepartments(db),
  ])
  const departments = new Map(depts.map((d) => [d.code, d.name]))
  const actors = new Map<string, ActorDescription>()
  for (const u of users)
    actors.set(u.id, {
      id: u.id,
      kind: 'user',
      name: u.username,
      displayName: u.display_name,
      dept: u.dept_code,
      deptName: u.dept_code ? (departments.get(u.dept_code) ?? null) : null,
    })
  for (const k of keys)
    actors.set(k.id, {
      id: k.id,
      kind: 'api_key',
      name: `${k.name}（${k.prefix}…）`,
      displayName: k.name,
      dept: k.dept_code,
      deptName: k.dept_code ? (departments.get(k.dept_code) ?? null) : null,
    })
  return { actors, departments }
}

/** Whether a department of this code is registered (checks of policies that name a department). */
export async function departmentExists(db: Ctx['db'], code: string): Promise<boolean> {
  return (await findDepartment(db, code)) !== undefined
}

/**
 * The entities someone can hear from the platform about: at least one enabled account (a subject user or an approved
 * agent) is bound to them. Sorted by id (runs over them are deterministic).
 */
export async function entitiesWithAccounts(db: Ctx['db']): Promise<string[]> {
  return entitiesWithEnabledAccounts(db)
}

// ---------------------------------------------------------------- agency principals

/** A user or key of an agency, as the agency registry shows it. */
export interface AgencyPrincipal {
  kind: 'user' | 'api_key'
  id: string
  /** The user name, or the key's name. */
  name: string
  displayName: string | null
  /** The key's first characters (keys only). */
  prefix: string | null
  role: string
  agencyId: string | null
  /** Users: active or disabled; keys: active, expired or revoked. */
  status: string
}

function agencyPrincipalOfUser(u: UserRow): AgencyPrincipal {
  return {
    kind: 'user',
    id: u.id,
    name: u.username,
    displayName: u.display_name,
    prefix: null,
    role: u.role,
    agencyId: u.agency_id ?? null,
    status: Number(u.disabled) !== 0 ? 'disabled' : 'active',
  }
}

function agencyPrincipalOfKey(k: ApiKeyRow, now: string): AgencyPrincipal {
  return {
    kind: 'api_key',
    id: k.id,
    name: k.name,
    displayName: null,
    prefix: k.prefix,
    role: k.role,
    agencyId: k.agency_id ?? null,
    status: keyStatus(k, now),
  }
}

/** One user or key by kind and id (undefined when there is none). Read with the context given. */
export async function findAgencyPrincipal(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  kind: 'user' | 'api_key',
  id: string,
): Promise<AgencyPrincipal | undefined> {
  if (!isId(id)) return undefined
  if (kind === 'user') {
    const u = await findUserById(ctx.db, id)
    return u ? agencyPrincipalOfUser(u) : undefined
  }
  const k = await findApiKeyById(ctx.db, id)
  return k ? agencyPrincipalOfKey(k, ctx.clock.now().toISOString()) : undefined
}

/**
 * Sets (or clears, null) the agency a user or key belongs to: one step of the agencies module's command (pass the
 * scope's `ctx`), which checked the role and the agency and audits the change.
 */
export async function setPrincipalAgency(
  ctx: Pick<Ctx, 'db'>,
  kind: 'user' | 'api_key',
  id: string,
  agencyId: string | null,
): Promise<boolean> {
  return setPrincipalAgencyRow(ctx.db, kind, id, agencyId)
}

/** The users (by user name) and keys (oldest first) that belong to an agency. */
export async function principalsOfAgency(ctx: Pick<Ctx, 'db' | 'clock'>, agencyId: string): Promise<AgencyPrincipal[]> {
  const now = ctx.clock.now().toISOString()
  const { users, keys } = await principalsOfAgencyRows(ctx.db, agencyId)
  return [...users.map(agencyPrincipalOfUser), ...keys.map((k) => agencyPrincipalOfKey(k, now))]
}

/**
 * Whether a stored owner (of a watch, a scheduled job) can still act as itself: a user that exists and is not
 * disabled, an API key neither revoked nor expired at `now`. System actors always can; anything else cannot.
 */
export async function principalIsLive(db: Db, kind: string, id: string | null, now: Date): Promise<boolean> {
  if (kind === 'system') return true
  if (id === null) return false
  if (kind === 'user') {
    const user = await findUserById(db, id)
    return user !== undefined && Number(user.disabled) === 0
  }
  if (kind === 'api_key') {
    const key = await findApiKeyById(db, id)
    return (
      key !== undefined && key.revoked_at === null && (key.expires_at === null || key.expires_at > now.toISOString())
    )
  }
  return false
}
