import type { Config } from '../../core/config.js'
import type { Db } from '../../db/database.js'
import {
  deleteThrottleRows,
  ensureThrottleRows,
  lockThrottleRow,
  sweepThrottleRows,
  type ThrottleRow,
  updateThrottleRow,
} from './access.repository.js'
import { sha256Hex } from './access.secrets.js'

/**
 * Login throttling (docs/access.md). Failed logins are counted in leaky buckets kept in the database, so several
 * server processes on one database share them:
 * - `pair`: one account from one client address - strict (loginMaxFailures);
 * - `account`: one account from the addresses it has not logged in from lately - looser (loginAccountFailures);
 *   the owner's usual addresses are left out, so nobody elsewhere can keep the owner out;
 * - `address`: one client address over all accounts - looser still (loginAddressFailures), against trying one
 *   password on many accounts.
 * Past its allowance a bucket makes the next attempt wait 1 s, then 2 s, 4 s ... up to loginLockMinutes; one
 * failure leaks away every loginLockMinutes. Buckets are keyed by the name as typed (normalised), whether an account
 * has it or not, so an unknown name is throttled exactly like a known one. An attempt is counted before its password
 * is checked (parallel attempts cannot slip through one gap); a success empties its pair bucket and gives the
 * attempt back to the others.
 */
export type ThrottleScope = ThrottleRow['scope']

export interface ThrottlePolicy {
  free: Record<ThrottleScope, number>
  /** The longest wait, and the time in which one failure leaks away. */
  capMs: number
}

export interface Bucket {
  key: string
  scope: ThrottleScope
  account: string | null
}

export type Reservation = { blocked: false } | { blocked: true; retryAt: string; scopes: ThrottleScope[] }

/** An address the account logged in from this recently is the owner's: the account bucket does not apply. */
export const KNOWN_ADDRESS_DAYS = 90
/** Levels beyond the allowance stop at this many doublings (the wait is capped long before). */
const MAX_DOUBLINGS = 32
const FIRST_WAIT_MS = 1000
/** Rows with nothing to remember are deleted at most this often per process. */
const SWEEP_EVERY_MS = 60_000

type PolicyConfig = Pick<
  Config,
  'loginMaxFailures' | 'loginAccountFailures' | 'loginAddressFailures' | 'loginLockMinutes'
>
const policies = new WeakMap<PolicyConfig, ThrottlePolicy>()

/** The policy of a configuration (one object per configuration). */
export function throttlePolicy(config: PolicyConfig): ThrottlePolicy {
  let policy = policies.get(config)
  if (!policy) {
    policy = {
      free: {
        pair: config.loginMaxFailures,
        account: config.loginAccountFailures,
        address: config.loginAddressFailures,
      },
      capMs: config.loginLockMinutes * 60_000,
    }
    policies.set(config, policy)
  }
  return policy
}

/** The hash an account's buckets carry (for clearing them), from the normalised user name. */
export function accountKey(username: string): string {
  return sha256Hex(`account\n${username}`)
}

/** The buckets one attempt counts in; `account: false` leaves out the account bucket (an address it knows). */
export function bucketsFor(username: string, ip: string, options: { account: boolean }): Bucket[] {
  const account = accountKey(username)
  const buckets: Bucket[] = [{ key: sha256Hex(`pair\n${username}\n${ip}`), scope: 'pair', account }]
  if (options.account) buckets.push({ key: account, scope: 'account', account })
  buckets.push({ key: sha256Hex(`address\n${ip}`), scope: 'address', account: null })
  return buckets
}

/** How long the next attempt waits once a bucket is at `level` (0 within the allowance). */
export function waitAfter(policy: ThrottlePolicy, scope: ThrottleScope, level: number): number {
  const over = level - policy.free[scope]
  if (over < 0) return 0
  return Math.min(policy.capMs, FIRST_WAIT_MS * 2 ** Math.min(over, MAX_DOUBLINGS))
}

/** The row's level at `now` after leaking, and the instant the next leak counts from. */
function leaked(row: ThrottleRow, now: number, policy: ThrottlePolicy): { level: number; leakedAt: number } {
  const since = Date.parse(row.leaked_at)
  const periods = Math.max(0, Math.floor((now - since) / policy.capMs))
  const level = Math.max(0, Number(row.failures) - periods)
  return { level, leakedAt: level === 0 ? now : since + periods * policy.capMs }
}

function stateAt(policy: ThrottlePolicy, level: number, leakedAt: number, blockedUntil: number | null, now: number) {
  const forgetAt = Math.max(leakedAt + level * policy.capMs, blockedUntil ?? 0, now)
  return {
    failures: level,
    leaked_at: new Date(leakedAt).toISOString(),
    blocked_until: blockedUntil === null ? null : new Date(blockedUntil).toISOString(),
    forget_at: new Date(forgetAt).toISOString(),
    updated_at: new Date(now).toISOString(),
  }
}

/** Buckets in one order for every attempt, so that two attempts never wait for each other's rows in a cycle. */
function ordered(buckets: readonly Bucket[]): Bucket[] {
  return [...buckets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

const lastSweep = new WeakMap<ThrottlePolicy, number>()

/**
 * Counts an attempt in its buckets, unless one of them makes it wait: then nothing is counted and the answer says
 * until when. Run it in its own transaction.
 */
export async function reserveAttempt(
  trx: Db,
  policy: ThrottlePolicy,
  buckets: readonly Bucket[],
  nowDate: Date,
): Promise<Reservation> {
  const now = nowDate.getTime()
  const nowIso = nowDate.toISOString()
  await ensureThrottleRows(trx, buckets, nowIso)
  const rows: Array<{ bucket: Bucket; row: ThrottleRow }> = []
  for (const bucket of ordered(buckets)) {
    let row = await lockThrottleRow(trx, bucket.key)
    if (!row) {
      // swept away by another process since it was ensured (it had nothing left to remember): add it again
      await ensureThrottleRows(trx, [bucket], nowIso)
      row = await lockThrottleRow(trx, bucket.key)
    }
    if (row) rows.push({ bucket, row })
  }
  const waiting = rows.filter(({ row }) => row.blocked_until !== null && Date.parse(row.blocked_until) > now)
  if (waiting.length > 0) {
    const until = Math.max(...waiting.map(({ row }) => Date.parse(row.blocked_until as string)))
    return { blocked: true, retryAt: new Date(until).toISOString(), scopes: waiting.map(({ bucket }) => bucket.scope) }
  }
  for (const { bucket, row } of rows) {
    const { level, leakedAt } = leaked(row, now, policy)
    const next = Math.min(level + 1, policy.free[bucket.scope] + MAX_DOUBLINGS)
    const wait = waitAfter(policy, bucket.scope, next)
    await updateThrottleRow(trx, bucket.key, stateAt(policy, next, leakedAt, wait > 0 ? now + wait : null, now))
  }
  return { blocked: false }
}

/**
 * Deletes the rows with nothing left to remember, at most once a minute per process. Call it outside any
 * transaction that holds bucket rows (it may wait for rows other attempts hold).
 */
export async function sweepIfDue(db: Db, policy: ThrottlePolicy, nowDate: Date): Promise<void> {
  const now = nowDate.getTime()
  if (now - (lastSweep.get(policy) ?? 0) < SWEEP_EVERY_MS) return
  lastSweep.set(policy, now)
  await sweepThrottleRows(db, nowDate.toISOString())
}

/**
 * A successful login: its (account, address) pair starts again from zero; the account and address buckets it was
 * counted in get the attempt back (their other failures stay counted: they may be somebody else's). Run it in the
 * login's transaction.
 */
export async function settleSuccess(
  trx: Db,
  policy: ThrottlePolicy,
  buckets: readonly Bucket[],
  nowDate: Date,
): Promise<void> {
  const now = nowDate.getTime()
  await deleteThrottleRows(
    trx,
    buckets.filter((b) => b.scope === 'pair').map((b) => b.key),
  )
  for (const bucket of ordered(buckets.filter((b) => b.scope !== 'pair'))) {
    const row = await lockThrottleRow(trx, bucket.key)
    if (!row) continue
    const { level, leakedAt } = leaked(row, now, policy)
    const back = Math.max(0, level - 1)
    const stillWaiting = back >= policy.free[bucket.scope] && row.blocked_until ? Date.parse(row.blocked_until) : null
    await updateThrottleRow(trx, bucket.key, stateAt(policy, back, leakedAt, stillWaiting, now))
  }
}
