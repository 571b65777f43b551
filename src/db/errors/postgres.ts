import { AppError } from '../../core/errors.js'
import { dbError } from './index.js'

/** pg errors carry SQLSTATE in `code` (23505 unique, 23503 foreign key, ...). */
export function translatePostgresError(e: unknown): unknown {
  if (e instanceof AppError || !(e instanceof Error)) return e
  const err = e as { code?: string; constraint?: string; column?: string }
  const code = err.code ?? ''
  if (code === '23505') return dbError('db.unique_violation', { constraint: err.constraint }, { cause: e })
  if (code === '23503') return dbError('db.foreign_key_violation', { constraint: err.constraint }, { cause: e })
  if (code === '23502') return dbError('db.not_null_violation', { column: err.column }, { cause: e })
  if (code === '40001' || code === '40P01' || code === '55P03') return dbError('db.busy', {}, { cause: e })
  if (code === '42P01') return dbError('db.not_migrated', { target: 'PostgreSQL' }, { cause: e })
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', '57P01', '3D000', '28P01', '28000'].includes(code))
    return dbError('db.unreachable', { target: 'PostgreSQL', reason: e.message }, { cause: e })
  if (/^[0-9A-Z]{5}$/.test(code)) return dbError('db.error', { driverCode: code }, { cause: e })
  return e
}
