// Deterministic randomness for the demo city: independent streams per step, weighted choice, and
// keyed permutations that hand out unique code bodies without remembering the ones already used.
import { createRng, type Rng } from '../../identifiers/index.js'
import type { Weighted } from './demo-data.js'

/** FNV-1a over a string: a 32-bit seed for a named stream. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/**
 * An independent stream per (seed, name): adding a step (or changing how many numbers one step draws)
 * never shifts what the other steps generate.
 */
export function streamRng(seed: number, name: string): Rng {
  return createRng(fnv1a(`gongxin-demo:${seed}:${name}`))
}

/** Weighted choice in O(log n). */
export class WeightedPicker<T> {
  readonly #values: T[]
  readonly #cumulative: number[]
  readonly #total: number

  constructor(items: readonly Weighted<T>[]) {
    const live = items.filter((i) => i.weight > 0)
    if (live.length === 0) throw new RangeError('weighted choice from an empty list')
    this.#values = live.map((i) => i.value)
    this.#cumulative = []
    let sum = 0
    for (const i of live) {
      sum += i.weight
      this.#cumulative.push(sum)
    }
    this.#total = sum
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.#total
    let lo = 0
    let hi = this.#cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.#cumulative[mid] as number) > x) hi = mid
      else lo = mid + 1
    }
    return this.#values[lo] as T
  }
}

/**
 * A keyed bijection on [0, m*m): a 4-round Feistel network over Z_m x Z_m. Feeding it 0, 1, 2, ...
 * yields distinct, scattered values, so code bodies never repeat and nothing has to be remembered.
 */
export class Permutation {
  readonly size: number
  readonly #m: number
  readonly #keys: number[]

  constructor(m: number, key: number) {
    this.#m = m
    this.size = m * m
    const rng = createRng(key)
    this.#keys = [0, 1, 2, 3].map(() => Math.floor(rng.next() * 0x7fffffff))
  }

  #round(r: number, k: number): number {
    let h = Math.imul(r ^ k, 0x9e3779b1) >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
    h = (h ^ (h >>> 13)) >>> 0
    return h % this.#m
  }

  at(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`permutation index ${i} out of range`)
    let l = Math.floor(i / this.#m)
    let r = i % this.#m
    for (const k of this.#keys) {
      const next = (l + this.#round(r, k)) % this.#m
      l = r
      r = next
    }
    return l * this.#m + r
  }
}

/** Chinese numerals 1-99 (一, 十二, 四十五). */
export function chineseNumber(n: number): string {
  const d = '〇一二三四五六七八九'
  if (n < 10) return d[n] as string
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : d[tens]}十${ones === 0 ? '' : d[ones]}`
}
