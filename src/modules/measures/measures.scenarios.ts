// Scenarios (应用场景) are data: the scenario codes the measure list names. A check or a filter in a scenario that
// no measure of the list in force names is refused, never answered `none` (a typo would otherwise read as "no
// measure applies"). Pure functions over the current list, plus the one coded error for every route that takes one.
import { defineErrors } from '../../core/errors.js'
import { type Measure, SCENARIO_LABELS } from './measures.types.js'

export interface ScenarioInfo {
  code: string
  /** The Chinese label when the platform knows one; else the code. */
  nameZh: string
  /** How many measures of the list in force name it. */
  measures: number
}

/** Whether the measure is in force on `today` (Asia/Shanghai civil date): active and inside its effective dates. */
export function inForce(m: Measure, today: string): boolean {
  return m.status === 'active' && m.effectiveFrom <= today && (m.effectiveTo === null || today <= m.effectiveTo)
}

function infos(measures: readonly Measure[]): ScenarioInfo[] {
  const count = new Map<string, number>()
  for (const m of measures) for (const s of new Set(m.scenarios)) count.set(s, (count.get(s) ?? 0) + 1)
  const order = Object.keys(SCENARIO_LABELS)
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length)
  return [...count.entries()]
    .map(([code, n]) => ({ code, nameZh: SCENARIO_LABELS[code] ?? code, measures: n }))
    .sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code))
}

/** The scenarios of the measures in force on `today` (the labelled ones first, in the platform's order). */
export function scenariosInForce(measures: readonly Measure[], today: string): ScenarioInfo[] {
  return infos(measures.filter((m) => inForce(m, today)))
}

/** The scenarios the given measures name (e.g. the rows a list filter would show). */
export function scenariosOf(measures: readonly Measure[]): ScenarioInfo[] {
  return infos(measures)
}

/**
 * The code is named for the checks it protects (issue contract `checks.scenario_unknown`) and is the one answer to
 * an unknown scenario wherever one is taken: checks, batches, uploads, the measure list filter.
 */
export const scenarioError = defineErrors({
  'checks.scenario_unknown': {
    status: 422,
    message: (d) => {
      const known = Array.isArray(d.known) ? (d.known as string[]) : []
      const list = known.map((c) => (SCENARIO_LABELS[c] ? `${SCENARIO_LABELS[c]}（${c}）` : c)).join('、')
      return `应用场景「${String(d.scenario ?? '')}」不在现行奖惩措施清单中，不出具核查结果。请从清单中的场景选择${list ? `：${list}` : '（清单中目前没有有效的措施）'}。`
    },
  },
})

/** Throws checks.scenario_unknown (details: the scenario and the known codes) unless `known` has `scenario`. */
export function assertScenario(scenario: string, known: readonly ScenarioInfo[]): void {
  if (!known.some((s) => s.code === scenario))
    throw scenarioError('checks.scenario_unknown', { scenario, known: known.map((s) => s.code) })
}
