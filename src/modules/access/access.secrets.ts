import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * Password hashes, session tokens and API keys. Passwords: scrypt with a random salt, stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64) so the cost can be raised later without breaking
 * old hashes. Tokens and keys: random, only their SHA-256 is stored.
 */
const SCRYPT = { N: 32768, r: 8, p: 1, keyLen: 32, saltLen: 16 } as const

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, keyLen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLen)
  const hash = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLen)
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`
}

/** Constant-time check of a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20 || r > 32 || p > 16) return false
  const salt = Buffer.from(parts[4] as string, 'base64')
  const expected = Buffer.from(parts[5] as string, 'base64')
  if (expected.length < 16) return false
  const actual = await scryptAsync(password, salt, N, r, p, expected.length)
  return timingSafeEqual(actual, expected)
}

let dummyHash: Promise<string> | undefined

/** Spends the same time as a real check, so an unknown user name is not revealed by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  await verifyPassword(password, await dummyHash)
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}

/** 32 random bytes, base64url (43 characters). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const API_KEY_PREFIX = 'gx_'
const API_KEY_BODY = 44
export const API_KEY_RE = /^gx_[0-9A-Za-z]{40,128}$/

/** `gx_` + 44 base62 characters (about 262 bits). */
export function newApiKey(): string {
  let body = ''
  for (let i = 0; i < API_KEY_BODY; i++) body += BASE62[randomInt(62)]
  return API_KEY_PREFIX + body
}

/** Letters and digits that cannot be mistaken for each other when read aloud or copied by hand (no 0/O, 1/l/I). */
const READABLE = '23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz'

/** A temporary password: four groups of four readable characters (`Hk7m-...`, about 92 bits). */
export function newTemporaryPassword(): string {
  const groups: string[] = []
  for (let g = 0; g < 4; g++) {
    let group = ''
    for (let i = 0; i < 4; i++) group += READABLE[randomInt(READABLE.length)]
    groups.push(group)
  }
  return groups.join('-')
}

/** Equal-length constant-time comparison of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}
