import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ApiKeysTable, DepartmentsTable, SessionsTable, UsersTable } from './access.tables.js'

export type DepartmentRow = Selectable<DepartmentsTable>
export type UserRow = Selectable<UsersTable>
export type SessionRow = Selectable<SessionsTable>
export type ApiKeyRow = Selectable<ApiKeysTable>

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

/** Adds one failed login atomically and returns the new count. */
export async function incrementFailedLogins(db: Db, id: string, now: string): Promise<number> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute()
  const r = await db.selectFrom('users').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow()
  return Number(r.failed_logins)
}

export async function lockUser(db: Db, id: string, until: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: until, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function recordSuccessfulLogin(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now })
    .where('id', '=', id)
    .execute()
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
