import type { Db, DbHandle } from '../db/database.js'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { KeyRing } from './keys.js'
import type { Logger } from './logger.js'

/**
 * Everything a service needs, built once by the composition root (`src/container.ts`); the HTTP app and the CLI
 * both use it. Services are plain functions taking the context first. Time comes from `clock` only.
 */
export interface Ctx {
  config: Readonly<Config>
  dbh: DbHandle
  db: Db
  keys: KeyRing
  clock: Clock
  logger: Logger
}
