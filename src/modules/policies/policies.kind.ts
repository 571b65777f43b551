// What a versioned policy kind declares: its versions table, how a definition is normalised, checked and served,
// its coded errors and its audit events. The generic service, repository and routes of this folder do the rest.
import type { CommandScope } from '../../core/command.js'
import type { AppError } from '../../core/errors.js'
import type { DefaultOutcome } from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'

/**
 * The versions tables of every policy kind: each module that has a kind declares its versions table here from its
 * own `x.tables.ts` (`declare module '../policies/policies.kind.js' { interface PolicyTables extends ... }`). The
 * feature's repository queries exactly these tables (test/architecture checks it), and no others.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the kinds' tables files (declaration merging)
export interface PolicyTables {}

/** A versions table declared by a kind (see PolicyTables). */
export type PolicyTable = keyof PolicyTables & string

/**
 * The columns every versions table has; a kind's table adds its key column (`code`, `year`) or none (a single
 * policy). Exactly one version per key is current.
 */
export interface PolicyVersionColumns {
  version: number
  /** JSON text of the definition (the catalog and measures include the version number). */
  definition: string
  /** SHA-256 of the canonical JSON of the definition without its version (compares default files). */
  hash: string
  /** default | operator */
  source: string
  created_at: string
  created_by: string | null
  reason: string | null
  /** 0/1 */
  is_current: number
}

/** A policy's key: a code, a year, or `null` for a kind that is one single policy. */
export type PolicyKey = string | number | null

/** The audit event a kind records (as recordAudit takes it). */
export interface PolicyAuditEvent {
  action: string
  targetType: string
  targetId?: string
  details: Record<string, unknown>
}

/** An operator's edit, as the kind's audit event describes it. */
export interface PolicyEdit<D, K> {
  key: K
  version: number
  /** The definition stored (with its version number). */
  stored: D & { version: number }
  /** The version it replaced, if any (with its version number). */
  previous: (D & { version: number }) | undefined
  /** The reason as given (masked; null when the kind's reason is optional and none was given). */
  reason: string | null
}

/** The first details of a code-keyed kind's edit event: `{ code, version, previous, reason }` (the kind adds more). */
export function editedDetails<D, K>(edit: PolicyEdit<D, K>) {
  return { code: edit.key, version: edit.version, previous: edit.previous?.version ?? null, reason: edit.reason }
}

/** What loading the defaults of a kind did. */
export interface PolicyDefaultsResult<K> {
  added: K[]
  updated: K[]
  kept: K[]
  unchanged: number
  /** Per default, in the order given: its outcome and version. */
  plans: { key: K; outcome: DefaultOutcome; version: number }[]
}

/**
 * The options a kind keyed by a code usually takes (catalog classes, measures): the definition carries its code and
 * its version, is served as it is, needs a reason and refuses an unchanged edit. Spread it and add the rest.
 */
export const CODE_KEYED = {
  key: 'code',
  keyInDefinition: true,
  storesVersion: true,
  served: { as: 'definition' },
  reason: { required: true },
  unchanged: 'error',
} as const

/** A module's coded-error factory (defineErrors), seen with any code. */
export type EditErrorFactory = (
  code: string,
  details?: Record<string, unknown>,
  options?: { cause?: unknown },
) => AppError

/**
 * The errors of an edit for a kind whose codes follow `<prefix>.invalid_definition`, `.reason_required`,
 * `.unchanged`, `.version_conflict` (details: code, problems, current, base).
 */
export function codedEditErrors(error: EditErrorFactory, prefix: string) {
  return {
    invalid: (_code: string, problems: string[]) => error(`${prefix}.invalid_definition`, { problems }),
    reasonRequired: () => error(`${prefix}.reason_required`),
    unchanged: (code: string) => error(`${prefix}.unchanged`, { code }),
    conflict: (code: string, current: number, base: number | undefined) =>
      error(`${prefix}.version_conflict`, { code, current, base }),
    race: (code: string, base: number | null, cause: unknown) =>
      error(`${prefix}.version_conflict`, { code, base }, { cause }),
  }
}

export interface PolicyKind<D extends object, K extends PolicyKey = string> {
  /** The versions table. */
  table: PolicyTable
  /** The key column and the name the key has in served JSON; null: the kind is one single policy. */
  key: 'code' | 'year' | null
  /** The definition carries its key as `code`: an edit naming another code is refused. */
  keyInDefinition: boolean
  /** The stored JSON text carries the version number (kept as it is for the rows already stored). */
  storesVersion: boolean
  /**
   * How one version is served: `definition`: the definition with its version number; `info`: the shared version
   * bookkeeping (and the key) with the definition under `field`.
   */
  served: { as: 'definition' } | { as: 'info'; field: string }
  /** The versions list carries each version's definition too (under served.field). */
  versionsWithDefinition?: boolean
  /** Reason of an operator's edit: required (2 to 500 characters), or optional with a stored fallback. */
  reason: { required: true } | { required: false; fallback(key: K): string }
  /** An edit equal to the current version: refused (`error`) or answered as "not changed" (`keep`). */
  unchanged: 'error' | 'keep'
  labels: {
    /** The problem named when the definition is not a JSON object. */
    notObject: string
    /** The reasons of default versions: the policy's first one, later ones. */
    defaults: { first: string; update: string }
  }
  /** Fills what a definition may leave out (the version dropped). */
  normalise(input: Record<string, unknown>, key: K): D
  /** The problems of a normalised definition in Chinese (empty when sound). */
  check(def: D, db: Db, key: K): string[] | Promise<string[]>
  /** The stored form of a checked definition (only its known properties, sorted lists...); default: as it is. */
  canonical?(def: D): D
  /** The difference between two versions (kinds without it have no diff). */
  diff?(a: D & { version: number }, b: D & { version: number }): unknown
  errors: {
    /** No such policy (version undefined), or no such version (`known`: the policy itself exists). */
    notFound(key: K, version: number | undefined, known: boolean): AppError
    /** A diff names a version never stored (`latest`: the highest stored). */
    versionNotFound?(key: K, version: number, latest: number): AppError
    invalid(key: K, problems: string[]): AppError
    /** The reason is missing or not 2 to 500 characters (kinds whose reason is required). */
    reasonRequired?(): AppError
    /** The edit equals the current version (kinds with unchanged: 'error'). */
    unchanged?(key: K): AppError
    /** The operator edited version `base` while `current` is current (kinds whose edits name their base version). */
    conflict?(key: K, current: number, base: number | undefined): AppError
    /** Two writers stored the same version number at once (a unique violation). */
    race(key: K, base: number | null, cause: unknown): AppError
  }
  /**
   * Called inside the command's transaction after versions became current (an operator's edit that changed
   * something, defaults added or updated), with their keys: what depends on the policy follows in the same commit
   * (the calendar recomputes provisional deadlines through it).
   */
  onChange?(scope: CommandScope, keys: K[]): Promise<void>
  audit: {
    edited(edit: PolicyEdit<D, K>): PolicyAuditEvent
    /** The event of a defaults load that changed anything. */
    defaultsLoaded(result: PolicyDefaultsResult<K>, defaults: readonly (readonly [K, D])[]): PolicyAuditEvent
  }
}
