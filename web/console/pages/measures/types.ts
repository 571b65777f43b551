// Shapes of the measure API, as the server declares them (src/modules/measures).
import type {
  Measure as ServerMeasure,
  MeasureSummary as ServerSummary,
} from '../../../../src/modules/measures/index.js'

export type {
  MeasureDiff,
  MeasureExclusion,
  MeasureVersionInfo as MeasureVersion,
} from '../../../../src/modules/measures/index.js'

/**
 * A trigger as the console reads it: the server's open union (list, record, and types later waves add) seen through
 * the properties the pages show.
 */
export interface MeasureTrigger {
  type: string
  class?: string
  minSeverity?: string
}

export type Measure = Omit<ServerMeasure, 'triggers'> & { triggers: MeasureTrigger[] }
export type MeasureSummary = Omit<ServerSummary, 'triggers'> & { triggers: MeasureTrigger[] }
