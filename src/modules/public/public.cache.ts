// A small in-process cache of serialised public answers (entity files): the portal is read-heavy and an entity
// file costs several queries. An entry lives at most `ttlMs` and never past the instant its content changes by
// itself (the first public end it shows), and it is served only while the entity's change counter (read from the
// database on every request, before the file is computed) is still the one it was computed at: a change made by
// any process - a mark set from the CLI, a correction imported by `gongxin import` - is never served stale.
// Entries of entities changed in this process are also dropped at once (disclosure's change notice).
export interface CachedAnswer {
  body: string
  nextChange: string | null
  /** The entity's change counter when the answer was computed. */
  version: number
}

interface Entry extends CachedAnswer {
  at: number
  expires: number
}

export class AnswerCache {
  readonly #entries = new Map<string, Entry>()
  hits = 0
  misses = 0

  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0 && this.maxEntries > 0
  }

  /** The answer for `key` if it is still fresh at `nowMs` and was computed at change counter `version`. */
  get(key: string, nowMs: number, version: number): CachedAnswer | undefined {
    if (!this.enabled) return undefined
    const e = this.#entries.get(key)
    if (!e || nowMs < e.at || nowMs >= e.expires || e.version !== version) {
      if (e) this.#entries.delete(key)
      this.misses++
      return undefined
    }
    this.hits++
    return e
  }

  set(key: string, nowMs: number, answer: CachedAnswer): void {
    if (!this.enabled) return
    const end = answer.nextChange ? Date.parse(answer.nextChange) : Number.POSITIVE_INFINITY
    const expires = Math.min(nowMs + this.ttlMs, end)
    if (expires <= nowMs) return
    if (this.#entries.size >= this.maxEntries) {
      // drop the oldest insertion (Map keeps insertion order)
      const first = this.#entries.keys().next()
      if (!first.done) this.#entries.delete(first.value)
    }
    this.#entries.delete(key)
    this.#entries.set(key, { ...answer, at: nowMs, expires })
  }

  drop(keys: readonly string[]): void {
    for (const k of keys) this.#entries.delete(k)
  }

  clear(): void {
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}
