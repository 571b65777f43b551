import { closeContext, type OpenOptions, openContext } from './container.js'
import type { Config } from './core/config.js'
import type { Ctx } from './core/context.js'
import { loadDefaults } from './flows/defaults.js'
import './flows/provisional-deadlines/index.js'

/**
 * What `migrate` and `start` do before anything else: open the context applying pending migrations, then load the
 * default policies that ship with the code (catalog, calendar, measures, the escalation rule: added as new versions,
 * never overwriting operators' edits). Above the composition root, so that `container.ts` imports no module.
 */
export async function openMigratedContext(
  config: Readonly<Config>,
  options: Omit<OpenOptions, 'migrate'> = {},
): Promise<Ctx> {
  const ctx = await openContext(config, { ...options, migrate: true })
  try {
    await loadDefaults(ctx)
    return ctx
  } catch (e) {
    await closeContext(ctx)
    throw e
  }
}
