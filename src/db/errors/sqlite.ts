import { AppError } from '../../core/errors.js'
import { dbError } from './index.js'

/** better-sqlite3 errors carry `code` like SQLITE_CONSTRAINT_UNIQUE. */
export function translateSqliteError(e: unknown): unknown {
  if (e instanceof AppError || !(e instanceof Error)) return e
  const code = (e as { code?: string }).code ?? ''
  if (!code.startsWith('SQLITE_')) return e
  const message = e.message
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const constraint = /constraint failed: (.+)$/.exec(message)?.[1]
    return dbError('db.unique_violation', { constraint }, { cause: e })
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return dbError('db.foreign_key_violation', {}, { cause: e })
  if (code === 'SQLITE_CONSTRAINT_NOTNULL') return dbError('db.not_null_violation', { column: /: (.+)$/.exec(message)?.[1] }, { cause: e })
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return dbError('db.busy', {}, { cause: e })
  if (code === 'SQLITE_ERROR' && /no such table/.test(message)) return dbError('db.not_migrated', { target: 'SQLite' }, { cause: e })
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR')
    return dbError('db.unwritable', { path: 'SQLite', reason: message }, { cause: e })
  return dbError('db.error', { driverCode: code }, { cause: e })
}
