import type { Clock } from '../core/clock.js'
import type { KeyRing } from '../core/keys.js'

/** What data migrations need besides the database: the key ring (sealing) and a clock (their audit events). */
export interface MigrationEnv {
  keys?: KeyRing | undefined
  clock?: Clock | undefined
}
