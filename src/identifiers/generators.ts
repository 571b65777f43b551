// Deterministic generators of valid codes, for tests and demo data. Not for anything real.
import { isRealDate } from './dates.js'
import { orgCodeCheckChar } from './org-code.js'
import { currentCountyCodes } from './regions.js'
import { mod1110CheckDigit } from './registration-no.js'
import { residentIdCheckChar } from './resident-id.js'
import { USCC_ALPHABET, usccCheckChar } from './uscc.js'
import { USCC_DEPARTMENTS } from './uscc-departments.js'

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(arr: readonly T[]): T
}

/** A small fast seeded PRNG (mulberry32). The same seed gives the same sequence on every platform. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(arr: readonly T[]): T => {
      if (arr.length === 0) throw new RangeError('pick from an empty array')
      return arr[Math.floor(next() * arr.length)] as T
    },
  }
}

const DIGITS = '0123456789'
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

function randomChars(rng: Rng, alphabet: string, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng.next() * alphabet.length)]
  return s
}

function randomRegion(rng: Rng): string {
  return rng.pick(currentCountyCodes())
}

/** An 8-character organisation code body: mostly digits, sometimes the newer "MA" + letters form. */
function orgBody(rng: Rng, alphabet: string): string {
  return rng.next() < 0.6 ? randomChars(rng, DIGITS, 8) : `MA${randomChars(rng, alphabet, 6)}`
}

/** A valid organisation code (9 characters, no hyphen). */
export function generateOrgCode(rng: Rng): string {
  const body = orgBody(rng, ORG_ALPHABET)
  return body + orgCodeCheckChar(body)
}

export interface UsccOptions {
  /** Position 1 (default '9', 工商). */
  dept?: string
  /** Position 2 (default: '1', or the department's first category). An invalid pair yields a `category` error. */
  category?: string
  /** Positions 3-8 (default: a random current county-level code). */
  region?: string
}

/** A USCC with correct check characters (its own and the embedded organisation code's). */
export function generateUscc(rng: Rng, opts: UsccOptions = {}): string {
  const dept = opts.dept ?? '9'
  const categories = Object.keys(USCC_DEPARTMENTS[dept]?.categories ?? {})
  const category = opts.category ?? (categories.includes('1') ? '1' : (categories[0] ?? '1'))
  const region = opts.region ?? randomRegion(rng)
  // The body must also be in the USCC alphabet; the org-code check (0-9 or X) always is.
  const body = orgBody(rng, USCC_ALPHABET)
  const first17 = `${dept}${category}${region}${body}${orgCodeCheckChar(body)}`
  const check = usccCheckChar(first17)
  if (check === undefined) throw new RangeError(`cannot build a USCC from ${first17}`)
  return first17 + check
}

export interface ResidentIdOptions {
  /** Address code (default: a random current county-level code). */
  region?: string
  /** YYYY-MM-DD (default: random between 1930-01-01 and 2010-12-31). */
  birthDate?: string
  /** Default: random. */
  sex?: 'male' | 'female'
}

/** A valid 18-digit resident ID number. */
export function generateResidentId(rng: Rng, opts: ResidentIdOptions = {}): string {
  const region = opts.region ?? randomRegion(rng)
  let birth = opts.birthDate?.replace(/-/g, '')
  if (birth === undefined) {
    let y: number
    let m: number
    let d: number
    do {
      y = rng.int(1930, 2010)
      m = rng.int(1, 12)
      d = rng.int(1, 31)
    } while (!isRealDate(y, m, d))
    birth = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`
  }
  const sex = opts.sex ?? (rng.next() < 0.5 ? 'male' : 'female')
  const seq = rng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0)
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`
  const check = residentIdCheckChar(first17)
  if (check === undefined) throw new RangeError(`cannot build a resident ID from ${first17}`)
  return first17 + check
}

/** A valid 15-digit 工商注册号 for the given registering authority region (default: random current county). */
export function generateRegNo(rng: Rng, region?: string): string {
  const first14 = `${region ?? randomRegion(rng)}${randomChars(rng, DIGITS, 8)}`
  const check = mod1110CheckDigit(first14)
  if (check === undefined || first14.length !== 14)
    throw new RangeError(`cannot build a registration number from ${first14}`)
  return first14 + check
}
