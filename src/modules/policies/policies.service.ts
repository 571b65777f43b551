// The one service of every versioned policy kind: get, versions, diff, an operator's edit and loading defaults.
// A kind module makes one with `policyService(kind)` and exports thin, named wrappers.
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { type CommandScope, runCommand } from '../../core/command.js'
import { civilDate } from '../../core/clock.js'
import { deepFreeze } from '../../core/freeze.js'
import {
  currentVersionOf,
  diffRange,
  policyVersionInfo,
  readOperatorEdit,
  retryOnce,
  storeDefaultVersion,
  storeOperatorVersion,
  versionlessHash,
} from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import { maskPersonalText, maskPersonalTextDeep } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import type { PolicyDefaultsResult, PolicyKey, PolicyKind } from './policies.kind.js'
import { type PolicyMetaRow, policyRepository, policyWriteCount } from './policies.repository.js'

/** A definition as stored and served: the kind's definition with its version number. */
export type Versioned<D> = D & { version: number }

/** A checked edit, ready to store (see prepareEdit). */
export interface PreparedEdit<D, K> {
  key: K
  def: D
  hash: string
  /** The reason masked; null when optional and not given. */
  reason: string | null
}

/** What storing an edit did: the version now current, whether it is new, the version it replaced. */
export interface EditOutcome<K> {
  key: K
  version: number
  changed: boolean
  previous: number | null
}

const CACHE_MAX = 2000

export function policyService<D extends object, K extends PolicyKey>(kind: PolicyKind<D, K>) {
  const repo = policyRepository(kind.table, kind.key)
  const canonical = (def: D): D => (kind.canonical ? kind.canonical(def) : def)
  const hashOf = (def: D): string => versionlessHash(canonical(def))
  const text = (def: D, version: number): string =>
    JSON.stringify(kind.storesVersion ? { ...def, version } : canonical(def))

  // Versions are immutable: a parsed definition is cached by (key, version, content hash), so one process serving
  // several databases (tests) or a version rolled back and written again never sees a stale definition.
  const cache = new Map<string, Versioned<D>>()
  const cacheKey = (m: Pick<PolicyMetaRow, 'key' | 'version' | 'hash'>) => `${String(m.key)}@${m.version}#${m.hash}`
  function parse(m: Pick<PolicyMetaRow, 'key' | 'version' | 'hash'>, definition: string): Versioned<D> {
    const k = cacheKey(m)
    const hit = cache.get(k)
    if (hit) return hit
    const def = deepFreeze({ ...(JSON.parse(definition) as D), version: Number(m.version) })
    if (cache.size >= CACHE_MAX) cache.clear()
    cache.set(k, def)
    return def
  }

  /** The version bookkeeping as served (with the key when the kind has one). */
  function info(m: PolicyMetaRow): Record<string, unknown> {
    return kind.key ? { [kind.key]: m.key, ...policyVersionInfo(m) } : { ...policyVersionInfo(m) }
  }

  /** One version as served (see PolicyKind.served). */
  function serve(m: PolicyMetaRow, def: Versioned<D>): Record<string, unknown> {
    if (kind.served.as === 'definition') return def
    const { version: _v, ...plain } = def
    return { ...info(m), [kind.served.field]: plain }
  }

  async function find(db: Db, key: K, version?: number) {
    const meta = await repo.meta(db, key, version)
    if (!meta) return undefined
    const hit = cache.get(cacheKey(meta))
    if (hit) return { meta, def: hit }
    const definition = await repo.definition(db, key, Number(meta.version))
    return definition === undefined ? undefined : { meta, def: parse(meta, definition) }
  }

  async function found(db: Db, key: K, version?: number) {
    const hit = await find(db, key, version)
    if (hit) return hit
    const known = version !== undefined && (await repo.meta(db, key)) !== undefined
    throw kind.errors.notFound(key, version, known)
  }

  /** Every stored version of a policy, oldest first; a policy with none is not found (a single policy: empty). */
  async function versionRows(db: Db, key: K): Promise<PolicyMetaRow[]> {
    const rows = await repo.versions(db, key)
    if (rows.length === 0 && kind.key !== null) throw kind.errors.notFound(key, undefined, false)
    return rows
  }

  /** Masks, normalises and checks an operator's definition (before any transaction). */
  async function prepareEdit(
    db: Db,
    today: string,
    key: K,
    definition: unknown,
    reason: unknown,
  ): Promise<PreparedEdit<D, K>> {
    let why: string | null = null
    let given: Record<string, unknown>
    const invalid = (problems: string[]) => kind.errors.invalid(key, problems)
    if (kind.reason.required) {
      const read = readOperatorEdit(
        kind.keyInDefinition ? String(key) : '',
        definition,
        reason,
        { reason: () => kind.errors.reasonRequired?.() ?? invalid([]), invalid },
        today,
        { notObject: kind.labels.notObject, keyInDefinition: kind.keyInDefinition },
      )
      why = read.reason
      given = read.given
    } else {
      if (typeof definition !== 'object' || definition === null || Array.isArray(definition))
        throw invalid([kind.labels.notObject])
      given = maskPersonalTextDeep(definition as Record<string, unknown>, { today })
      why = typeof reason === 'string' ? maskPersonalText(reason, { today }) : null
    }
    const normalised = kind.normalise(kind.keyInDefinition ? { ...given, code: key } : given, key)
    const problems = await kind.check(normalised, db, key)
    if (problems.length) throw invalid(problems)
    const def = canonical(normalised)
    return { key, def, hash: hashOf(def), reason: why }
  }

  /** Stores a prepared edit as the new current version in the command's transaction, with its audit event. */
  async function storeEdit(
    scope: CommandScope,
    edit: PreparedEdit<D, K>,
    baseVersion?: number,
  ): Promise<EditOutcome<K>> {
    const { trx, clock, actor, now } = scope
    const { key, def, hash } = edit
    const versions = await repo.versions(trx, key)
    const current = currentVersionOf(versions)
    if (kind.unchanged === 'keep' && current && current.hash === hash) {
      const version = Number(current.version)
      return { key, version, changed: false, previous: version }
    }
    const reason = edit.reason ?? (kind.reason.required ? '' : kind.reason.fallback(key))
    const { version, previous: replaced } = await storeOperatorVersion(
      { versions, hash, baseVersion, at: now.toISOString(), by: actor.id, reason },
      {
        conflict: (c) =>
          kind.errors.conflict?.(key, c ? Number(c.version) : 0, baseVersion) ?? kind.errors.race(key, null, null),
        unchanged: () => kind.errors.unchanged?.(key) ?? kind.errors.invalid(key, []),
        clearCurrent: () => repo.clearCurrent(trx, key),
        insert: (row) => repo.insert(trx, key, { ...row, definition: text(def, row.version) }),
      },
    )
    const previous = replaced ? (await found(trx, key, Number(replaced.version))).def : undefined
    await recordAudit(
      trx,
      clock,
      actor,
      kind.audit.edited({ key, version, stored: { ...def, version }, previous, reason: edit.reason }),
    )
    await kind.onChange?.(scope, [key])
    return { key, version, changed: true, previous: replaced ? Number(replaced.version) : null }
  }

  /** Runs `fn` as one command (runCommand); two writers of the same version number become the kind's race error. */
  async function command<T>(
    ctx: Ctx,
    actor: Actor,
    key: K,
    base: number | undefined,
    fn: (scope: CommandScope) => Promise<T>,
  ): Promise<T> {
    try {
      return await runCommand(ctx, actor, fn)
    } catch (e) {
      if (isUniqueViolation(e)) throw kind.errors.race(key, base ?? null, e)
      throw e
    }
  }

  return {
    kind,
    /** contentHash of a definition's stored form without its version. */
    hash: hashOf,
    /** The definition of one version (current by default), or undefined. Frozen and shared. */
    async find(db: Db, key: K, version?: number): Promise<Versioned<D> | undefined> {
      return (await find(db, key, version))?.def
    },
    /** The definition of one version (current by default); throws the kind's not-found error. */
    async definition(db: Db, key: K, version?: number): Promise<Versioned<D>> {
      return (await found(db, key, version)).def
    },
    /** One version as served (current by default). */
    async get(db: Db, key: K, version?: number): Promise<Record<string, unknown>> {
      const { meta, def } = await found(db, key, version)
      return serve(meta, def)
    },
    /** The current version of every policy of the kind with its bookkeeping, by key. */
    async current(db: Db): Promise<{ def: Versioned<D>; meta: PolicyMetaRow }[]> {
      return (await repo.currentRows(db)).map((r) => ({ def: parse(r, r.definition), meta: r }))
    },
    /** How many writes this process made to the kind's table (a cache of the current set is stale once it changes). */
    writes: (): number => policyWriteCount(kind.table),
    /** The current version of every policy of the kind, as served, by key. */
    async currentServed(db: Db): Promise<Record<string, unknown>[]> {
      return (await repo.currentRows(db)).map((r) => serve(r, parse(r, r.definition)))
    },
    /** (key, version, hash) of every current version: changes whenever a current version does. */
    currentKeys: (db: Db) => repo.currentKeys(db),
    /** Every stored version of a policy, oldest first, as the versions route serves them. */
    async versions(db: Db, key: K): Promise<Record<string, unknown>[]> {
      if (!kind.versionsWithDefinition) return (await versionRows(db, key)).map(info)
      return (await repo.versionRows(db, key)).map((r) => serve(r, parse(r, r.definition)))
    },
    diff,
    /** The diff a query means (`to`: the current version by default, `from`: the one before `to`). */
    async diffQuery(db: Db, key: K, query: { from?: number | undefined; to?: number | undefined }) {
      const range = await diffRange(query, async () => Number((await found(db, key)).meta.version))
      if (range.from < 1) throw versionNotFound(key, range.from, range.to)
      return diff(db, key, range.from, range.to)
    },
    prepareEdit,
    storeEdit,
    command,
    /**
     * An operator's edit: checked, stored as the new current version and audited in one transaction.
     * `baseVersion`: the version the operator edited (another current version is a conflict).
     */
    async edit(
      ctx: Ctx,
      actor: Actor,
      key: K,
      definition: unknown,
      reason: unknown,
      options: { baseVersion?: number | undefined } = {},
    ): Promise<EditOutcome<K>> {
      const prepared = await prepareEdit(ctx.db, civilDate(ctx.clock.now()), key, definition, reason)
      return command(ctx, actor, key, options.baseVersion, (scope) => storeEdit(scope, prepared, options.baseVersion))
    },
    /**
     * An edit answered as the edit route answers it: `served`: the version now current as served; `outcome`: the key
     * (under the kind's key name), the version now current and whether the edit changed anything.
     */
    async editAnswer(
      ctx: Ctx,
      actor: Actor,
      key: K,
      input: { definition: unknown; reason: unknown; baseVersion?: number | undefined },
      answer: 'served' | 'outcome',
    ): Promise<Record<string, unknown>> {
      const done = await this.edit(ctx, actor, key, input.definition, input.reason, { baseVersion: input.baseVersion })
      if (answer === 'served') return this.get(ctx.db, key, done.version)
      return { ...(kind.key ? { [kind.key]: key } : {}), version: done.version, changed: done.changed }
    },
    storeDefaults,
    /**
     * Loads the kind's defaults (called by `gongxin migrate`) in one transaction, with one audit event when anything
     * changed; a rerun changes nothing. Another process loading the same defaults at once: tried once more.
     */
    async loadDefaults(
      ctx: Ctx,
      actor: Actor,
      read: () => readonly (readonly [K, D])[] | Promise<readonly (readonly [K, D])[]>,
    ): Promise<PolicyDefaultsResult<K>> {
      return retryOnce(async () => {
        const defaults = await read()
        return runCommand(ctx, actor, async (scope) => {
          const result = await storeDefaults(scope, defaults)
          if (result.added.length || result.updated.length || result.kept.length)
            await recordAudit(scope.trx, scope.clock, actor, kind.audit.defaultsLoaded(result, defaults))
          return result
        })
      }, isUniqueViolation)
    },
  }

  /** The difference between versions `from` and `to` of a policy (each must be stored). */
  async function diff(db: Db, key: K, from: number, to: number): Promise<unknown> {
    const versions = await versionRows(db, key)
    const latest = Number(versions.at(-1)?.version ?? 0)
    for (const v of [from, to])
      if (!versions.some((x) => Number(x.version) === v)) throw versionNotFound(key, v, latest)
    const [a, b] = await Promise.all([found(db, key, from), found(db, key, to)])
    return kind.diff ? kind.diff(a.def, b.def) : undefined
  }

  /**
   * Stores the kind's defaults (read and checked by the kind) inside `trx`: a new policy's first version, a changed
   * default as a new version, current only when the current version is a default one. Nothing when unchanged.
   */
  async function storeDefaults(
    scope: CommandScope,
    defaults: readonly (readonly [K, D])[],
  ): Promise<PolicyDefaultsResult<K>> {
    const { trx, actor, now } = scope
    const byKey = new Map<unknown, PolicyMetaRow[]>()
    for (const m of await repo.allMeta(trx)) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m])
    const result: PolicyDefaultsResult<K> = { added: [], updated: [], kept: [], unchanged: 0, plans: [] }
    const at = now.toISOString()
    for (const [key, raw] of defaults) {
      const def = canonical(raw)
      const plan = await storeDefaultVersion(
        byKey.get(key) ?? [],
        { hash: hashOf(def), at, by: actor.id, reasons: kind.labels.defaults },
        {
          clearCurrent: () => repo.clearCurrent(trx, key),
          insert: (row) => repo.insert(trx, key, { ...row, definition: text(def, row.version) }),
        },
      )
      result.plans.push({ key, outcome: plan.outcome, version: plan.version })
      if (plan.outcome === 'unchanged') result.unchanged += 1
      else result[plan.outcome].push(key)
    }
    const madeCurrent = [...result.added, ...result.updated]
    if (madeCurrent.length && kind.onChange) await kind.onChange(scope, madeCurrent)
    return result
  }

  function versionNotFound(key: K, version: number, latest: number) {
    return kind.errors.versionNotFound
      ? kind.errors.versionNotFound(key, version, latest)
      : kind.errors.notFound(key, version, true)
  }
}

export type PolicyService<D extends object, K extends PolicyKey> = ReturnType<typeof policyService<D, K>>
