// A small in-process cache of serialised public answers (entity files): the portal is read-heavy and an entity
// file costs several queries. An entry lives at most `ttlMs` and never past the instant its content changes by
// itself (the first public end it shows), and it is served only while the entity's change counter (read from the
// database on every request, before the file is computed) is still the one it was computed at: a change made by
// any process - a mark set from the CLI, a correction imported by `gongxin import` - is never served stale.
// Entries of entities changed in this process are also dropped at once (disclosure's change notice).
// PublicAnswers is what the routes use: the entity-file cache and the figures (stats) cache of one app.
import type { Ctx } from '../../core/context.js'
import { onEntitiesChanged } from '../disclosure/index.js'
import { entityFileVersion, figuresVersion } from '../entities/index.js'
import { publicationVersion } from '../grading/index.js'
import type { PublicEntityJson, PublicStatsJson } from './public.presenter.js'
import { publicEntityFile, publicStats } from './public.service.js'

export interface CachedAnswer {
  body: string
  nextChange: string | null
  /** The entity's change counter when the answer was computed, with the grade publication policy's version. */
  version: string
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
  get(key: string, nowMs: number, version: string): CachedAnswer | undefined {
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

export interface PublicAnswersOptions {
  /** Stats are recomputed at most this often (0 = every time). */
  statsCacheMs: number
  /** Serialised entity files are kept this long (0 = no cache). */
  entityFileCacheMs: number
  /** At most this many entity files are kept. */
  entityFileCacheEntries: number
}

/**
 * The public answers one app keeps in process: serialised entity files (see AnswerCache: checked against the
 * entity's change counter on every request, dropped at once when this process changes the entity) and the figures.
 * `close()` ends the change subscription and empties the caches.
 */
export class PublicAnswers {
  readonly files: AnswerCache
  #stats: { at: number; version: number; value: PublicStatsJson } | null = null
  readonly #unsubscribe: () => void

  constructor(
    private readonly ctx: Ctx,
    private readonly options: PublicAnswersOptions,
  ) {
    this.files = new AnswerCache(options.entityFileCacheMs, options.entityFileCacheEntries)
    this.#unsubscribe = onEntitiesChanged((ids) => this.files.drop(ids))
  }

  /**
   * The entity's public file at `now` as serialised text (by `serialize`: the route's response schema, the
   * whitelist), from the cache while it is fresh and the entity unchanged.
   */
  async entityFile(id: string, now: Date, serialize: (file: PublicEntityJson) => string): Promise<CachedAnswer> {
    const t = now.getTime()
    // read before the file is computed: a change committed meanwhile makes the kept answer older, never newer
    // with the publication policy's version: publishing a model's grades (or no longer) shows on every file at once
    const version = this.files.enabled
      ? `${await entityFileVersion(this.ctx.db, id)}:${await publicationVersion(this.ctx.db)}`
      : ''
    const kept = this.files.get(id, t, version)
    if (kept) return kept
    const { value, nextChange } = await publicEntityFile(this.ctx, id, now)
    const answer = { body: serialize(value), nextChange, version }
    this.files.set(id, t, answer)
    return answer
  }

  /**
   * The figures at `now` and for how many more seconds they are kept. Kept figures are served only while the figures'
   * change counter (read from the database first) is unchanged: a record taken off early (repaired) by any process
   * bumps it, so no process serves the old figures.
   */
  async stats(now: Date): Promise<{ value: PublicStatsJson; maxAgeSeconds: number }> {
    const t = now.getTime()
    const ttl = this.options.statsCacheMs
    const version = ttl > 0 ? await figuresVersion(this.ctx.db) : 0
    const kept = this.#stats
    const stats =
      !kept || ttl <= 0 || t - kept.at >= ttl || t < kept.at || kept.version !== version
        ? { at: t, version, value: await publicStats(this.ctx, now) }
        : kept
    this.#stats = stats
    return { value: stats.value, maxAgeSeconds: Math.max(0, Math.floor((stats.at + ttl - t) / 1000)) }
  }

  close(): void {
    this.#unsubscribe()
    this.files.clear()
  }
}
