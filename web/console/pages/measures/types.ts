// Shapes of the measure API (src/modules/measures), as the console reads them.
import type { FieldChange, VersionInfo } from '../catalog/types.js'

export interface MeasureTrigger {
  type: string
  class?: string
  minSeverity?: string
  [key: string]: unknown
}

export interface Measure {
  code: string
  version: number
  nameZh: string
  kind: 'reward' | 'punish'
  content: string
  basis: string[]
  departments: string[]
  scenarios: string[]
  triggers: MeasureTrigger[]
  subjectKinds: string[]
  effectiveFrom: string
  effectiveTo: string | null
  scope: 'general' | 'field'
  field: string | null
  status: 'active' | 'retired'
}

/** GET /api/v1/measures items. */
export interface MeasureSummary extends Measure {
  source: string
  updatedAt: string
}

export type MeasureVersion = VersionInfo

/** GET /api/v1/measures/:code/diff */
export interface MeasureDiff {
  code: string
  from: number
  to: number
  changes: FieldChange[]
}
