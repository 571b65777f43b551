import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import type { Rng } from '../../identifiers/index.js'
import type { EntityKind } from '../../modules/entities/index.js'
import type { DemoDepartment } from './demo-data.js'
import type { CodeBook, DemoSize } from './demo-entities.js'
import type { DemoLogin } from './demo-logins.js'
import type { DistrictInfo } from './demo-names.js'

export interface DemoProgress {
  step: string
  done: number
  total: number
}

export interface DemoOptions {
  /** Total entities including natural persons (default 5,000). */
  entities?: number
  /** Default 1. The same seed and size give the same city (names, codes, dates). */
  seed?: number
  /** Entities per transaction (default 10,000). */
  chunkSize?: number
  /** Credit records per entity on average (step `records`): default 5 up to 200,000 entities, else 0; 0 = none. */
  recordsPerEntity?: number
  onProgress?: (p: DemoProgress) => void
  /** Who the audit events name (default: system actor `gongxin-demo`); the run id becomes the request id. */
  actor?: Actor
  /** Default: the registered pipeline (demoPipeline()). */
  steps?: readonly DemoStep[]
}

/** What the steps share. Steps add to it; later steps read what earlier ones left. */
export interface DemoState {
  readonly seed: number
  readonly size: DemoSize
  readonly chunkSize: number
  /** Credit records per entity on average (0: the records step makes none). */
  readonly recordsPerEntity: number
  /** The actor of every audit event of the run (system, request id = run id). */
  readonly actor: Actor
  readonly runId: string
  /** Shared code book: organisation codes and registration numbers never repeat within the city. */
  readonly codes: CodeBook
  readonly districts: DistrictInfo[]
  /** An independent deterministic random stream per name (use the step's name). */
  stream(name: string): Rng
  progress(step: string, done: number, total: number): void
  departments: DemoDepartment[]
  counts: {
    entities: number
    persons: number
    departments: number
    records: number
    byKind: Record<EntityKind, number>
  }
  /** The first SAMPLE_SIZE (50) entity ids of each kind, in generation order. */
  samples: Partial<Record<EntityKind, string[]>>
  /** An active legal person the `subject` login is bound to. */
  subjectEntityId: string | null
  subjectName: string | null
  logins: DemoLogin[]
}

export interface DemoStep {
  name: string
  run(ctx: Ctx, state: DemoState): Promise<void>
}

export interface DemoSummary {
  entities: number
  persons: number
  departments: number
  districts: number
  /** Credit records stored by the records step. */
  records: number
  logins: DemoLogin[]
  seconds: number
  seed: number
  byKind: Record<EntityKind, number>
  steps: { name: string; seconds: number }[]
}
