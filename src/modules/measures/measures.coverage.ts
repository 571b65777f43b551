// The coverage rule of the measure list (清单制, legality): every negative class of the catalog triggers at least one
// 失信惩戒 measure for each kind of subject it covers - its list entries (black and focus lists) and its serious
// records - unless the class declares why not (`measureExemption.reason`). Any negative class counts, not only those
// whose severity rules reach 严重: a provider may rate any negative record serious with a reason (`_severity`), and a
// serious record that triggers nothing would make a check answer `none`. Pure: no I/O, no clock.
import type { CatalogClass } from '../catalog/index.js'
import type { Measure } from './measures.types.js'

/** Why a class needs a measure: a black or focus list, severity rules that reach 严重, or any negative class. */
export type CoverageNeed = 'list' | 'serious_rule' | 'negative'

export interface CoverageGap {
  class: string
  nameZh: string
  need: CoverageNeed
  /** The subject kinds of the class no active punishment measure reaches. */
  subjectKinds: string[]
}

export interface CoverageExemption {
  class: string
  nameZh: string
  reason: string
}

export interface MeasureCoverage {
  gaps: CoverageGap[]
  exempt: CoverageExemption[]
  /**
   * Active reward measures without exclusions: they would reward a subject on a black list. The validator refuses
   * them; a database can still hold one (an operator's version from before exclusions existed: never overwritten).
   */
  rewardsWithoutExclusions: { code: string; nameZh: string }[]
}

function needOf(cls: CatalogClass): CoverageNeed {
  if (cls.list && cls.list.kind !== 'red') return 'list'
  const sev = cls.severity
  if (sev && (sev.default === 'serious' || sev.rules.some((r) => r.severity === 'serious'))) return 'serious_rule'
  return 'negative'
}

/** Whether the measure applies, on `today`, to a serious record (or list entry) of `cls` of subject kind `kind`. */
function covers(m: Measure, cls: CatalogClass, kind: string, today: string): boolean {
  if (m.kind !== 'punish' || m.status !== 'active') return false
  if (m.effectiveTo !== null && m.effectiveTo < today) return false
  if (!m.subjectKinds.includes(kind)) return false
  return m.triggers.some(
    (t) => 'class' in t && t.class === cls.code && (t.type === 'record' || (t.type === 'list' && cls.list !== null)),
  )
}

/**
 * The negative classes (with the subject kinds) that no active punishment measure in force on `today` covers, the
 * classes exempt by their declared reason, and the unguarded rewards. Retired classes count too: their records stay
 * in force.
 */
export function measureCoverage(
  classes: readonly CatalogClass[],
  measures: readonly Measure[],
  today: string,
): MeasureCoverage {
  const gaps: CoverageGap[] = []
  const exempt: CoverageExemption[] = []
  for (const cls of classes) {
    if (cls.polarity !== 'negative') continue
    if (cls.measureExemption) {
      exempt.push({ class: cls.code, nameZh: cls.nameZh, reason: cls.measureExemption.reason })
      continue
    }
    const open = cls.subjectKinds.filter((k) => !measures.some((m) => covers(m, cls, k, today)))
    if (open.length) gaps.push({ class: cls.code, nameZh: cls.nameZh, need: needOf(cls), subjectKinds: open })
  }
  const rewardsWithoutExclusions = measures
    .filter((m) => m.kind === 'reward' && m.status === 'active' && !m.exclusions?.length)
    .map((m) => ({ code: m.code, nameZh: m.nameZh }))
  return { gaps, exempt, rewardsWithoutExclusions }
}
