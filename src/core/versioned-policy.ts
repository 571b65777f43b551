// Versioned policy data: policies officials change (catalog classes, measures, the lists escalation rule) kept as
// immutable versions, exactly one of them current. Default files under data/ add versions by content hash and never
// replace an operator's version; an operator's edit is a new current version. This file is the shared algorithm
// only: each module keeps its SQL (passed in as callbacks), its coded errors and its audit events.
import { createHash } from 'node:crypto'
import { maskPersonalText, maskPersonalTextDeep } from '../identifiers/index.js'
import { civilDate } from './clock.js'
import { canonicalJson } from './diff.js'

/** Who made a version: a default file under data/, or an operator. */
export type PolicySource = 'default' | 'operator'

/** What the lifecycle reads of a stored version: the columns every versions table shares. */
export interface StoredVersion {
  version: number
  hash: string
  /** default | operator */
  source: string
  /** 0/1 */
  is_current: number
}

/** The shared columns of a new version row; the module adds its key and its definition. */
export interface NewVersion {
  version: number
  hash: string
  source: PolicySource
  created_at: string
  created_by: string | null
  reason: string
  is_current: 0 | 1
}

/** The module's writes, inside its transaction. */
export interface VersionWriter {
  /** Clears the current flag of the policy's versions. */
  clearCurrent(): Promise<void>
  /** Stores one new version row. */
  insert(row: NewVersion): Promise<void>
}

/** SHA-256 of the canonical JSON (sorted keys) of a definition: equal for equal content, whatever the key order. */
export function contentHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex')
}

/** contentHash of a stored definition without its `version` (the number is bookkeeping, not content). */
export function versionlessHash(def: object): string {
  const { version: _v, ...rest } = def as { version?: unknown }
  return contentHash(rest)
}

/** The current version among `versions`, if any. */
export function currentVersionOf<T extends StoredVersion>(versions: readonly T[]): T | undefined {
  return versions.find((v) => Number(v.is_current) === 1)
}

/** The number the next version gets: one more than the highest stored (1 for the first). */
export function nextVersion(versions: readonly Pick<StoredVersion, 'version'>[]): number {
  return versions.reduce((m, v) => Math.max(m, Number(v.version)), 0) + 1
}

/**
 * What loading a default does:
 * - unchanged: the last default version has the same content (whatever is current now: an operator's version stays);
 * - added: the policy had no current version; the default is its new current version;
 * - updated: the default changed and the current version is a default one; the new default becomes current;
 * - kept: the default changed while an operator's version is current; the new default is stored, not current.
 */
export type DefaultOutcome = 'added' | 'updated' | 'kept' | 'unchanged'

export interface DefaultPlan {
  outcome: DefaultOutcome
  /** The new version; for `unchanged`, the current version (0 when there is none). */
  version: number
  /** Whether the new version becomes current (false for `unchanged`). */
  makeCurrent: boolean
}

/** The decision for a default of content hash `hash`, given the policy's stored versions (pure). */
export function planDefault(versions: readonly StoredVersion[], hash: string): DefaultPlan {
  const current = currentVersionOf(versions)
  const lastDefault = versions.filter((v) => v.source === 'default').at(-1)
  if (lastDefault?.hash === hash)
    return { outcome: 'unchanged', version: Number(current?.version ?? 0), makeCurrent: false }
  const makeCurrent = !current || current.source === 'default'
  return {
    outcome: !current ? 'added' : makeCurrent ? 'updated' : 'kept',
    version: nextVersion(versions),
    makeCurrent,
  }
}

export interface DefaultInput {
  /** contentHash of the default definition. */
  hash: string
  /** ISO time of the load. */
  at: string
  /** The actor id (the migrate system actor). */
  by: string | null
  /** The version's reason: `first` for the policy's first version, `update` for later ones. */
  reasons: { first: string; update: string }
}

/**
 * Applies planDefault: stores the new default version (current only when it may be) through `write`, clearing the
 * current flag first when the new version replaces a current default. Nothing is written when `unchanged`.
 */
export async function storeDefaultVersion(
  versions: readonly StoredVersion[],
  input: DefaultInput,
  write: VersionWriter,
): Promise<DefaultPlan> {
  const plan = planDefault(versions, input.hash)
  if (plan.outcome === 'unchanged') return plan
  if (plan.outcome === 'updated') await write.clearCurrent()
  await write.insert({
    version: plan.version,
    hash: input.hash,
    source: 'default',
    created_at: input.at,
    created_by: input.by,
    reason: versions.length ? input.reasons.update : input.reasons.first,
    is_current: plan.makeCurrent ? 1 : 0,
  })
  return plan
}

/** The module's errors for an edit refused before anything is read. */
export interface EditErrors {
  /** The reason is missing, or not 2 to 500 characters. */
  reason(): Error
  /** The definition is not an object, or names another code than the address. */
  invalid(problems: string[]): Error
}

/**
 * An operator's edit as received: the reason trimmed (2 to 500 characters) and the definition object, whose `code`,
 * when given, is the one in the address (unless `keyInDefinition` is false: a kind whose key is not a code). The module then normalises and checks the definition itself. Free text is
 * stored masked: resident ID numbers in the reason and anywhere in the definition (labels, descriptions, bases) are
 * masked here (`today`: the reference date of the detector).
 */
export function readOperatorEdit(
  code: string,
  definition: unknown,
  reason: unknown,
  errors: EditErrors,
  today?: string,
  options: { notObject?: string; keyInDefinition?: boolean } = {},
): { reason: string; given: Record<string, unknown> } {
  const why = typeof reason === 'string' ? reason.trim() : ''
  // counted in characters (code points), as the routes' schemas count them
  const length = [...why].length
  if (length < 2 || length > 500) throw errors.reason()
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition))
    throw errors.invalid([options.notObject ?? '定义应为 JSON 对象'])
  const given = maskPersonalTextDeep(definition as Record<string, unknown>, { today })
  if (options.keyInDefinition !== false && given.code !== undefined && given.code !== code)
    throw errors.invalid([`定义中的代码「${String(given.code)}」与地址中的「${code}」不一致`])
  return { reason: maskPersonalText(why, { today }), given }
}

export interface OperatorInput<T extends StoredVersion> {
  /** Every stored version of the policy, oldest first, read in the same transaction. */
  versions: readonly T[]
  /** contentHash of the operator's definition. */
  hash: string
  /** The version the operator edited (0: none yet); a different current version is a conflict. */
  baseVersion?: number | undefined
  at: string
  by: string | null
  /** The operator's reason (checked by the module). */
  reason: string
}

export interface OperatorWriter<T extends StoredVersion> extends VersionWriter {
  /** The module's version-conflict error (`current`: the current version, if any). */
  conflict(current: T | undefined): Error
  /** The module's "same as the current version" error. */
  unchanged(current: T): Error
}

/**
 * Stores an operator's definition as the new current version: throws `conflict` when `baseVersion` is given and
 * is not the current version, `unchanged` when the content equals the current version. Returns the new version
 * number and the version it replaced (for the module's audit event).
 */
export async function storeOperatorVersion<T extends StoredVersion>(
  input: OperatorInput<T>,
  write: OperatorWriter<T>,
): Promise<{ version: number; previous: T | undefined }> {
  const current = currentVersionOf(input.versions)
  if (input.baseVersion !== undefined && Number(current?.version ?? 0) !== input.baseVersion)
    throw write.conflict(current)
  if (current && current.hash === input.hash) throw write.unchanged(current)
  const version = nextVersion(input.versions)
  await write.clearCurrent()
  await write.insert({
    version,
    hash: input.hash,
    source: 'operator',
    created_at: input.at,
    created_by: input.by,
    // an operator's reason is a note: stored with resident ID numbers masked
    reason: maskPersonalText(input.reason, { today: civilDate(new Date(input.at)) }),
    is_current: 1,
  })
  return { version, previous: current }
}

/**
 * Runs `load` and, when it fails with an error `isRace` recognises (another process loaded the same defaults at the
 * same moment: a unique violation), once more against what that process stored.
 */
export async function retryOnce<T>(load: () => Promise<T>, isRace: (e: unknown) => boolean): Promise<T> {
  try {
    return await load()
  } catch (e) {
    if (isRace(e)) return load()
    throw e
  }
}

/** One stored version as the versions routes serve it (the module may add its key or the definition). */
export interface PolicyVersionInfo {
  version: number
  source: PolicySource
  hash: string
  isCurrent: boolean
  createdAt: string
  createdBy: string | null
  reason: string | null
}

export function policyVersionInfo(
  row: StoredVersion & { created_at: string; created_by: string | null; reason: string | null },
): PolicyVersionInfo {
  return {
    version: Number(row.version),
    source: row.source as PolicySource,
    hash: row.hash,
    isCurrent: Number(row.is_current) === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    reason: row.reason,
  }
}

/**
 * The versions a diff compares: `to` defaults to the current version, `from` to the version before `to`. `from`
 * may come out as 0 (a policy with one version): the module answers that with its own version-not-found error.
 */
export async function diffRange(
  query: { from?: number | undefined; to?: number | undefined },
  currentVersion: () => Promise<number>,
): Promise<{ from: number; to: number }> {
  const to = query.to ?? (await currentVersion())
  return { from: query.from ?? to - 1, to }
}
