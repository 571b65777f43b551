// `gongxin demo`: builds a deterministic demo city (天津市) in an empty database, as a pipeline of named steps.
import { performance } from 'node:perf_hooks'
import type { Ctx } from '../../core/context.js'
import { systemActor } from '../../core/actor.js'
import { newId } from '../../core/ids.js'
import { countEntities, type EntityKind } from '../../modules/entities/index.js'
import { demoError } from './demo.errors.js'
import { departmentsStep, entitiesStep, loginsStep, personsStep } from './demo.steps.js'
import type { DemoOptions, DemoState, DemoStep, DemoSummary } from './demo.types.js'
import { commitmentsStep } from './demo-commitments.js'
import { contentStep } from './demo-content.js'
import { objectionsStep } from './demo-objections.js'
import { repairsStep } from './demo-repairs.js'
import { tipsStep } from './demo-tips.js'
import { reportsStep } from './demo-reports.js'
import { gradingStep } from './demo-grading.js'
import { agenciesStep } from './demo-agencies.js'
import { inspectionsStep } from './demo-inspections.js'
import { demoDepartments } from './demo-data.js'
import {
  CodeBook,
  DEFAULT_DEMO_ENTITIES,
  DEFAULT_DEMO_SEED,
  demoDistricts,
  demoSize,
  departmentBodies,
} from './demo-entities.js'
import { type DemoLogin, readDemoLogins, writeDemoLogins } from './demo-logins.js'
import { streamRng } from './demo-random.js'
import { defaultRecordsPerEntity, recordsStep } from './demo-records.js'

export const MAX_DEMO_ENTITIES = 10_000_000
export const DEFAULT_CHUNK_SIZE = 10_000
// ------------------------------------------------------------------ pipeline

const pipeline: DemoStep[] = [
  departmentsStep,
  entitiesStep,
  personsStep,
  recordsStep,
  commitmentsStep,
  objectionsStep,
  repairsStep,
  tipsStep,
  gradingStep,
  inspectionsStep,
  loginsStep,
  agenciesStep,
  reportsStep,
  contentStep,
]

/** The steps `gongxin demo` runs, in order. */
export function demoPipeline(): readonly DemoStep[] {
  return [...pipeline]
}

/**
 * Adds a step to the pipeline (e.g. records after persons). Steps must be deterministic from
 * `state.seed` (use `state.stream(step.name)`) and write audit events per batch, never per row.
 */
export function registerDemoStep(step: DemoStep, where: { after?: string; before?: string } = {}): void {
  if (pipeline.some((s) => s.name === step.name)) throw new Error(`demo step ${step.name} is already registered`)
  const anchor = where.after ?? where.before
  if (anchor === undefined) {
    pipeline.push(step)
    return
  }
  const i = pipeline.findIndex((s) => s.name === anchor)
  if (i < 0) throw new Error(`demo step ${anchor} is not registered`)
  pipeline.splice(where.after !== undefined ? i + 1 : i, 0, step)
}

function checkOptions(options: DemoOptions): {
  entities: number
  seed: number
  chunkSize: number
  recordsPerEntity: number
} {
  const entities = options.entities ?? DEFAULT_DEMO_ENTITIES
  const seed = options.seed ?? DEFAULT_DEMO_SEED
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
  const recordsPerEntity = options.recordsPerEntity ?? defaultRecordsPerEntity(entities)
  const problems: string[] = []
  if (!Number.isInteger(entities) || entities < 1 || entities > MAX_DEMO_ENTITIES)
    problems.push(`主体数量应为 1 到 ${MAX_DEMO_ENTITIES} 之间的整数（收到 ${entities}）`)
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    problems.push(`随机种子应为 0 到 4294967295 之间的整数（收到 ${seed}）`)
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 100_000)
    problems.push(`每批数量应为 1 到 100000 之间的整数（收到 ${chunkSize}）`)
  if (!Number.isFinite(recordsPerEntity) || recordsPerEntity < 0 || recordsPerEntity > 100)
    problems.push(`每个主体的平均信用记录数应为 0 到 100 之间的数（收到 ${recordsPerEntity}）`)
  if (problems.length) throw demoError('demo.bad_options', { problems })
  return { entities, seed, chunkSize, recordsPerEntity }
}

/**
 * Builds the demo city in an empty database: departments, organisations, natural persons, logins
 * (and whatever later work registers). Refuses (`demo.not_empty`) when the database has entities.
 * The logins are also written to <dataDir>/demo-logins.json (mode 0600).
 */
export async function generateDemo(ctx: Ctx, options: DemoOptions = {}): Promise<DemoSummary> {
  const { entities, seed, chunkSize, recordsPerEntity } = checkOptions(options)
  const existing = await countEntities(ctx.db)
  if (existing > 0) throw demoError('demo.not_empty', { target: ctx.dbh.target, entities: existing })
  const started = performance.now()
  const size = demoSize(entities)
  const runId = newId()
  const byKind = Object.fromEntries(Object.keys(size.byKind).map((k) => [k, 0])) as Record<EntityKind, number>
  const state: DemoState = {
    seed,
    size,
    chunkSize,
    recordsPerEntity,
    actor: options.actor
      ? { ...options.actor, requestId: options.actor.requestId ?? runId }
      : systemActor('gongxin-demo', runId),
    runId,
    codes: new CodeBook(seed, departmentBodies()),
    districts: demoDistricts(),
    stream: (name) => streamRng(seed, name),
    progress: (step, done, total) => options.onProgress?.({ step, done, total }),
    departments: demoDepartments(),
    counts: { entities: 0, persons: 0, departments: 0, records: 0, byKind },
    samples: {},
    subjectEntityId: null,
    subjectName: null,
    logins: [],
  }
  const steps: { name: string; seconds: number }[] = []
  for (const step of options.steps ?? pipeline) {
    const t = performance.now()
    await step.run(ctx, state)
    steps.push({ name: step.name, seconds: round2((performance.now() - t) / 1000) })
  }
  // a database loaded in bulk: fresh planner statistics for every table (PostgreSQL ANALYZE; docs/operations.md)
  await ctx.dbh.helpers.refreshStatistics(ctx.db)
  writeDemoLogins(ctx.config.dataDir, {
    version: 1,
    createdAt: ctx.clock.now().toISOString(),
    target: ctx.dbh.target,
    seed,
    entities: state.counts.entities,
    logins: state.logins,
  })
  return {
    entities: state.counts.entities,
    persons: state.counts.persons,
    departments: state.counts.departments,
    districts: state.districts.length,
    records: state.counts.records,
    logins: state.logins,
    seconds: round2((performance.now() - started) / 1000),
    seed,
    byKind: state.counts.byKind,
    steps,
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}

export interface EnsureDemoResult {
  /** True when this call built the demo city. */
  created: boolean
  /** Freshly created logins, or the ones stored in demo-logins.json for this database ([] when unknown). */
  logins: DemoLogin[]
  summary?: DemoSummary
}

/** For `npm start`: builds the demo city when the database has no entities, else returns the stored logins. */
export async function ensureDemo(ctx: Ctx, options: DemoOptions = {}): Promise<EnsureDemoResult> {
  if ((await countEntities(ctx.db)) === 0) {
    const summary = await generateDemo(ctx, options)
    return { created: true, logins: summary.logins, summary }
  }
  const stored = readDemoLogins(ctx.config.dataDir)
  // The file belongs to whichever demo database was created last in this data directory.
  return { created: false, logins: stored && stored.target === ctx.dbh.target ? stored.logins : [] }
}
