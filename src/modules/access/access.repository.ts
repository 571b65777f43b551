import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ApiKeysTable, DepartmentsTable, LoginThrottleTable, SessionsTable, UsersTable } from './access.tables.js'

export type DepartmentRow = Selectable<DepartmentsTable>
export type UserRow = Selectable<UsersTable>
export type SessionRow = Selectable<SessionsTable>
export type ApiKeyRow = Selectable<ApiKeysTable>
export type ThrottleRow = Selectable<LoginThrottleTable>

// ---------------------------------------------------------------- departments

export async function insertDepartment(db: Db, row: Insertable<DepartmentsTable>): Promise<void> {
  await db.insertInto('departments').values(row).execute()
}

export async function findDepartment(db: Db, code: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function findDepartmentByUscc(db: Db, uscc: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').selectAll().where('uscc', '=', uscc).executeTakeFirst()
}

/** All departments; the caller sorts (collations differ between dialects). */
export async function updateDepartmentRow(
  db: Db,
  code: string,
  set: Pick<DepartmentRow, 'name' | 'district' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('departments').set(set).where('code', '=', code).execute()
}

export async function selectDepartments(db: Db): Promise<DepartmentRow[]> {
  return db.selectFrom('departments').selectAll().execute()
}

// ---------------------------------------------------------------- users

export async function insertUser(db: Db, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(row).execute()
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function selectUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().execute()
}

export async function selectUsersByIds(db: Db, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

export async function setUserDisabledRow(db: Db, id: string, disabled: boolean, now: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .where('disabled', '=', disabled ? 0 : 1)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Changes a user's profile fields (display name, role and bindings). */
export async function updateUserRow(
  db: Db,
  id: string,
  set: Pick<UserRow, 'display_name' | 'role' | 'dept_code' | 'district' | 'entity_id' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('users').set(set).where('id', '=', id).execute()
}

export async function setPasswordHashRow(db: Db, id: string, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute()
}

/** Ends every live session of a user; returns how many. */
export async function revokeUserSessionRows(db: Db, userId: string, now: string): Promise<number> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function recordSuccessfulLogin(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: now, updated_at: now }).where('id', '=', id).execute()
}

// ---------------------------------------------------------------- sessions

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute()
}

export interface SessionWithUser {
  session: SessionRow
  user: UserRow
  deptDistrict: string | null
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  const session = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
  if (!session) return undefined
  const user = await findUserById(db, session.user_id)
  if (!user) return undefined
  const dept = user.dept_code ? await findDepartment(db, user.dept_code) : undefined
  return { session, user, deptDistrict: dept?.district ?? null }
}

export async function touchSession(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute()
}

/** Revokes a live session; returns whether one was revoked. */
export async function revokeSessionRow(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Whether the user opened a session from this client address since `since`. */
export async function hasLoginFrom(db: Db, userId: string, ip: string, since: string): Promise<boolean> {
  const r = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('ip', '=', ip)
    .where('created_at', '>=', since)
    .limit(1)
    .executeTakeFirst()
  return r !== undefined
}

// ---------------------------------------------------------------- login throttling

/** Adds the bucket rows that do not exist yet, at level 0, so that they can be locked. */
export async function ensureThrottleRows(
  db: Db,
  rows: ReadonlyArray<Pick<ThrottleRow, 'key' | 'scope' | 'account'>>,
  now: string,
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('login_throttle')
    .values(
      rows.map((r) => ({
        key: r.key,
        scope: r.scope,
        account: r.account,
        failures: 0,
        leaked_at: now,
        blocked_until: null,
        forget_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
}

/**
 * Reads a bucket row and holds it until the transaction ends: the no-op update takes the row lock on PostgreSQL
 * (a concurrent attempt on the same bucket waits for this one's decision) and the write lock on SQLite.
 */
export async function lockThrottleRow(db: Db, key: string): Promise<ThrottleRow | undefined> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('key', '=', key)
    .execute()
  return db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst()
}

export async function updateThrottleRow(
  db: Db,
  key: string,
  set: Pick<ThrottleRow, 'failures' | 'leaked_at' | 'blocked_until' | 'forget_at' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('login_throttle').set(set).where('key', '=', key).execute()
}

export async function deleteThrottleRows(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute()
}

/** Removes every bucket of an account (its own and its pairs with client addresses); returns how many. */
export async function deleteAccountThrottleRows(db: Db, account: string): Promise<number> {
  const r = await db.deleteFrom('login_throttle').where('account', '=', account).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** Removes the rows with nothing left to remember. */
export async function sweepThrottleRows(db: Db, now: string): Promise<number> {
  const r = await db.deleteFrom('login_throttle').where('forget_at', '<=', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function findThrottleRows(db: Db, keys: readonly string[]): Promise<ThrottleRow[]> {
  if (keys.length === 0) return []
  return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute()
}

// ---------------------------------------------------------------- API keys

export async function insertApiKey(db: Db, row: Insertable<ApiKeysTable>): Promise<void> {
  await db.insertInto('api_keys').values(row).execute()
}

/** The key with its department's district, in one query (every API request authenticates this way). */
export async function findApiKeyForAuth(
  db: Db,
  keyHash: string,
): Promise<(ApiKeyRow & { dept_district: string | null }) | undefined> {
  return db
    .selectFrom('api_keys')
    .leftJoin('departments', 'departments.code', 'api_keys.dept_code')
    .selectAll('api_keys')
    .select('departments.district as dept_district')
    .where('api_keys.key_hash', '=', keyHash)
    .executeTakeFirst()
}

export async function findApiKeyById(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function selectApiKeysByIds(db: Db, ids: readonly string[]): Promise<ApiKeyRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

export async function selectApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().execute()
}

export async function revokeApiKeyRow(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function touchApiKey(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute()
}

/** The entities that have at least one enabled account bound to them (subject users and their agents), sorted. */
export async function entitiesWithEnabledAccounts(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('entity_id')
    .distinct()
    .where('entity_id', 'is not', null)
    .where('disabled', '=', 0)
    .orderBy('entity_id')
    .execute()
  return rows.map((r) => r.entity_id as string)
}

// ---------------------------------------------------------------- agency principals

/** Sets (or clears) the agency a user or key belongs to; false when there is no such principal. */
export async function setPrincipalAgencyRow(
  db: Db,
  kind: 'user' | 'api_key',
  id: string,
  agencyId: string | null,
): Promise<boolean> {
  const r =
    kind === 'user'
      ? await db.updateTable('users').set({ agency_id: agencyId }).where('id', '=', id).executeTakeFirst()
      : await db.updateTable('api_keys').set({ agency_id: agencyId }).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** The users and keys that belong to an agency. */
export async function principalsOfAgencyRows(
  db: Db,
  agencyId: string,
): Promise<{ users: UserRow[]; keys: ApiKeyRow[] }> {
  const [users, keys] = await Promise.all([
    db.selectFrom('users').selectAll().where('agency_id', '=', agencyId).orderBy('username').execute(),
    db
      .selectFrom('api_keys')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ])
  return { users, keys }
}
