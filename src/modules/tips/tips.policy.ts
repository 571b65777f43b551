// The routing table as a versioned policy kind: one single policy, served with its version bookkeeping (see
// src/modules/policies and docs/versioned-policies.md).
import type { PolicyVersionInfo } from '../../core/versioned-policy.js'
import { policyService } from '../policies/index.js'
import { tipError } from './tips.errors.js'
import { checkRouting, normaliseRouting, pickRouting, type RoutingTable } from './tips.routing.js'

/** One version of the table: the table with the shared version bookkeeping. */
export interface RoutingVersion extends PolicyVersionInfo {
  routing: RoutingTable
}

export const routingPolicy = policyService<RoutingTable, null>({
  table: 'tip_routing_versions',
  key: null,
  keyInDefinition: false,
  storesVersion: false,
  served: { as: 'info', field: 'routing' },
  versionsWithDefinition: true,
  reason: { required: true },
  unchanged: 'error',
  labels: { notObject: '分办表应为 JSON 对象', defaults: { first: '默认举报分办表', update: '默认举报分办表更新' } },
  normalise: (input) => normaliseRouting(input),
  // departments are checked when a tip is routed, not here: the defaults name departments an install may not have
  check: (table) => checkRouting(table),
  canonical: pickRouting,
  errors: {
    notFound: (_key, version) => tipError('tips.routing_not_found', version === undefined ? {} : { version }),
    invalid: (_key, problems) => tipError('tips.routing_invalid', { problems }),
    reasonRequired: () => tipError('tips.routing_reason_required'),
    unchanged: () => tipError('tips.routing_unchanged'),
    conflict: (_key, current, base) => tipError('tips.routing_version_conflict', { current, base }),
    race: (_key, base, cause) => tipError('tips.routing_version_conflict', { base }, { cause }),
  },
  audit: {
    edited: ({ version, stored, previous, reason }) => {
      const before = new Map((previous?.categories ?? []).map((c) => [c.code, c.dept]))
      const changed = stored.categories
        .filter((c) => !before.has(c.code) || before.get(c.code) !== c.dept)
        .map((c) => c.code)
      return {
        action: 'tip.routing_updated',
        targetType: 'tip_routing',
        targetId: String(version),
        details: { version, previous: previous?.version ?? null, reason, changed },
      }
    },
    defaultsLoaded: (r) => {
      const { outcome, version } = r.plans[0] ?? { outcome: 'unchanged', version: 0 }
      return {
        action: 'tip.routing_defaults_loaded',
        targetType: 'tip_routing',
        targetId: String(version),
        details: { version, outcome },
      }
    },
  },
})
