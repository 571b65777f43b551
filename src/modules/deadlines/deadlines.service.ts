import { readFileSync } from 'node:fs'
import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { CommandScope } from '../../core/command.js'
import type { Db } from '../../db/database.js'
import { dataFilePath } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import { loadCalendar } from '../calendar/index.js'
import { computeDeadline, deadlineState, type ProvisionalRow, recomputeProvisional } from './deadlines.core.js'
import { deadlineError } from './deadlines.errors.js'
import { deadlinePolicy } from './deadlines.policy.js'
import type {
  Deadline,
  DeadlineDefinition,
  DeadlinePolicy,
  DeadlinePolicySet,
  DeadlineState,
} from './deadlines.types.js'
import { checkDeadline, normaliseDeadline } from './deadlines.validate.js'

export function defaultDeadlinesFile(): string {
  return dataFilePath('deadlines/deadlines.json')
}

/** The defaults of data/deadlines/deadlines.json, checked. */
export function readDefaultDeadlines(file = defaultDeadlinesFile()): DeadlineDefinition[] {
  let raw: { deadlines?: unknown }
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as { deadlines?: unknown }
  } catch (e) {
    throw deadlineError('deadline.unreadable', { path: file, reason: (e as Error).message })
  }
  if (!Array.isArray(raw?.deadlines))
    throw deadlineError('deadline.invalid_definition', { problems: ['文件应为 {"deadlines": [...]}'] })
  const seen = new Set<string>()
  return raw.deadlines.map((d) => {
    const def = normaliseDeadline((d ?? {}) as Record<string, unknown>)
    const problems = checkDeadline(def)
    if (seen.has(def.code)) problems.push(`期限代码「${def.code}」重复`)
    if (problems.length)
      throw deadlineError('deadline.invalid_definition', { problems: [`${def.code}: ${problems.join('，')}`] })
    seen.add(def.code)
    return def
  })
}

export interface DeadlineDefaultsResult {
  added: string[]
  updated: string[]
  kept: string[]
  unchanged: number
}

/** Loads the default deadline policies (migrate and start); an operator's version is never replaced. */
export async function loadDefaultDeadlines(
  ctx: Ctx,
  options: { file?: string; actor?: Actor } = {},
): Promise<DeadlineDefaultsResult> {
  const { added, updated, kept, unchanged } = await deadlinePolicy.loadDefaults(
    ctx,
    options.actor ?? systemActor('migrate'),
    () => readDefaultDeadlines(options.file).map((d) => [d.code, d] as const),
  )
  return { added, updated, kept, unchanged }
}

/** A current policy with its bookkeeping, for lists. */
export interface DeadlinePolicySummary extends DeadlinePolicy {
  source: string
  updatedAt: string
}

/** Every current deadline policy, by code. */
export async function listDeadlinePolicies(db: Db): Promise<DeadlinePolicySummary[]> {
  return (await deadlinePolicy.current(db))
    .map(({ def, meta }) => ({ ...def, source: meta.source, updatedAt: meta.created_at }))
    .sort((a, b) => a.code.localeCompare(b.code))
}

/** One policy (current by default). */
export function getDeadlinePolicy(db: Db, code: string, version?: number): Promise<DeadlinePolicy> {
  return deadlinePolicy.definition(db, code, version)
}

/** An operator's edit: a new current version (audited); cases already started keep theirs. */
export function updateDeadlinePolicy(
  ctx: Ctx,
  actor: Actor,
  code: string,
  definition: unknown,
  reason: unknown,
  baseVersion?: number,
) {
  return deadlinePolicy.edit(ctx, actor, code, definition, reason, { baseVersion })
}

function setOf(policies: readonly DeadlinePolicy[]): DeadlinePolicySet {
  const sorted = [...policies].sort((a, b) => a.code.localeCompare(b.code))
  const set: DeadlinePolicySet = { version: sorted.map((p) => `${p.code}@${p.version}`).join(';'), days: {}, terms: {} }
  for (const p of sorted) {
    set.days[p.code] = p.workingDays
    set.terms[p.code] = { nameZh: p.nameZh, workingDays: p.workingDays, version: p.version, basis: [...p.basis] }
  }
  return set
}

/**
 * The deadline policies a case starting now starts under (the current version of each code, or of `codes` only).
 * The case stores `version` (and the days of its steps): a later policy change does not touch it.
 */
export async function currentDeadlinePolicy(db: Db, codes?: readonly string[]): Promise<DeadlinePolicySet> {
  const current = (await deadlinePolicy.current(db)).map((c) => c.def as DeadlinePolicy)
  if (!codes) return setOf(current)
  const byCode = new Map(current.map((p) => [p.code, p]))
  return setOf(
    codes.map((code) => {
      const p = byCode.get(code)
      if (!p) throw deadlineError('deadline.not_found', { code })
      return p
    }),
  )
}

/** The set a case stored (`DeadlinePolicySet.version`), each code at its stored version. */
export async function deadlinePolicySetOf(db: Db, version: string): Promise<DeadlinePolicySet> {
  const parts = version.split(';').map((p) => /^([a-z][a-z0-9_.]*)@(\d+)$/.exec(p.trim()))
  if (version.trim() === '' || parts.some((p) => p === null))
    throw deadlineError('deadline.bad_policy_version', { version })
  const list = await Promise.all(
    parts.map((p) =>
      deadlinePolicy.definition(db, (p as RegExpExecArray)[1] as string, Number((p as RegExpExecArray)[2])),
    ),
  )
  return setOf(list as DeadlinePolicy[])
}

/** computeDeadline over the database's current calendar. */
export async function deadlineFrom(db: Db, start: string, workingDays: number): Promise<Deadline> {
  return computeDeadline(await loadCalendar(db), start, workingDays)
}

/** deadlineState of `due` today (the context's clock, Asia/Shanghai). */
export async function deadlineStateToday(ctx: Pick<Ctx, 'db' | 'clock'>, due: string): Promise<DeadlineState> {
  return deadlineState(due, civilDate(ctx.clock.now()), await loadCalendar(ctx.db))
}

/**
 * Where a module keeps provisional deadlines (cases, deliveries): it lists them and stores a recomputed one. Both run
 * in the transaction that loads a calendar year (`ctx.db` is it).
 */
export interface ProvisionalDeadlineSource {
  provisional(ctx: Ctx): Promise<ProvisionalRow[]>
  update(ctx: Ctx, id: string, deadline: Deadline): Promise<void>
}

const sources = new Map<string, ProvisionalDeadlineSource>()

/** Registers (or replaces, by name: idempotent) a module's provisional deadlines for recomputation. */
export function registerProvisionalDeadlines(name: string, source: ProvisionalDeadlineSource): void {
  sources.set(name, source)
}

/**
 * Recomputes every registered provisional deadline over the calendar as the command's transaction sees it (called
 * when a calendar year is loaded); audited when anything changed. Answers the rows changed, by source.
 */
export async function recomputeProvisionalDeadlines(scope: CommandScope): Promise<Record<string, number>> {
  const cal = await loadCalendar(scope.trx)
  const counts: Record<string, number> = {}
  for (const [name, source] of sources) {
    const changed = recomputeProvisional(cal, await source.provisional(scope.ctx))
    for (const { row, deadline } of changed) await source.update(scope.ctx, row.id, deadline)
    if (changed.length) counts[name] = changed.length
  }
  if (Object.keys(counts).length)
    await recordAudit(scope.trx, scope.clock, scope.actor, {
      action: 'deadline.recomputed',
      targetType: 'deadlines',
      details: { counts, years: [...cal.years].sort() },
    })
  return counts
}
