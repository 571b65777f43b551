import type { Ctx } from '../core/context.js'
import { loadDefaultCalendar } from '../modules/calendar/index.js'
import { loadDefaultCatalog } from '../modules/catalog/index.js'
import { loadDefaultDeadlines } from '../modules/deadlines/index.js'
import { loadDefaultModels, loadDefaultPublication } from '../modules/grading/index.js'
import { loadDefaultEscalationRule } from '../modules/lists/index.js'
import { loadDefaultMeasures } from '../modules/measures/index.js'
import { loadDefaultScreeningRules } from '../modules/sme/index.js'
import { loadDefaultSupervisionPolicies } from '../modules/supervision/index.js'
import { loadDefaultTemplates } from '../modules/reports/index.js'
import { loadDefaultRouting } from '../modules/tips/index.js'
import { loadDefaultWatchRules } from '../modules/watches/index.js'

/**
 * Loads the default data shipped in data/ (catalog classes and publication rule sets, working-day
 * calendar). Runs with every `migrate`; new defaults are added as new versions, operators' edits are kept.
 */
export async function loadDefaults(ctx: Ctx): Promise<void> {
  await loadDefaultCatalog(ctx)
  await loadDefaultCalendar(ctx)
  await loadDefaultMeasures(ctx)
  await loadDefaultModels(ctx)
  await loadDefaultPublication(ctx)
  // after the models and measures, which the policies name
  await loadDefaultSupervisionPolicies(ctx)
  await loadDefaultScreeningRules(ctx)
  await loadDefaultEscalationRule(ctx)
  await loadDefaultDeadlines(ctx)
  await loadDefaultRouting(ctx)
  await loadDefaultWatchRules(ctx)
  await loadDefaultTemplates(ctx)
}
