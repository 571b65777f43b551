// Supervision by grade (分级分类监管): the supervision policies (a versioned policy kind) and what a draw reads of
// them (docs/grading.md).
import { type Actor, systemActor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import type { FieldChange } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { readDefaultPolicies } from './supervision.defaults.js'
import { references, supervisionPolicy } from './supervision.policy.js'
import type { SupervisionPolicy } from './supervision.types.js'

export async function getSupervisionPolicy(db: Db, code: string, version?: number): Promise<SupervisionPolicy> {
  return (await supervisionPolicy.definition(db, code, version)) as SupervisionPolicy
}

/** The current version of every policy (retired ones included), by code. */
export async function currentSupervisionPolicies(db: Db): Promise<SupervisionPolicy[]> {
  return (await supervisionPolicy.current(db))
    .map((r) => r.def as SupervisionPolicy)
    .sort((a, b) => (a.code < b.code ? -1 : 1))
}

export interface SupervisionPolicyDiff {
  code: string
  from: number
  to: number
  changes: FieldChange[]
}

/** An operator's edit: checked (every problem listed), a new current version, audited in one transaction. */
export async function updateSupervisionPolicy(
  ctx: Ctx,
  actor: Actor,
  code: string,
  definition: unknown,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<SupervisionPolicy> {
  const { version } = await supervisionPolicy.edit(ctx, actor, code, definition, reason, options)
  return getSupervisionPolicy(ctx.db, code, version)
}

/**
 * Loads the default policies of data/supervision/ (migrate, start): new versions, never over an operator's edit.
 * Run after the grading models and measures are loaded: the policies are checked against them.
 */
export async function loadDefaultSupervisionPolicies(ctx: Ctx, options: { dir?: string; actor?: Actor } = {}) {
  const { added, updated, kept, unchanged } = await supervisionPolicy.loadDefaults(
    ctx,
    options.actor ?? systemActor('migrate'),
    async () => readDefaultPolicies(options.dir, await references(ctx.db)).map((d) => [d.code, d] as const),
  )
  return { added, updated, kept, unchanged }
}
