// Whether a record may be repaired (信用修复) today: computed from the rule set the record was decided under (its
// rule_version), the class's `repairable`, what that rule set forbids (data/repairs/repair-rules.json), the record's
// state and window, and open objections. Pure: the caller loads the inputs.
import { readFileSync } from 'node:fs'
import { dataFilePath } from '../../identifiers/index.js'
import {
  addDays,
  addMonths,
  type PublicationRuleSet,
  ruleSetOn,
  SEVERITY_LABELS,
  SEVERITY_RANK,
  type Severity,
} from '../catalog/index.js'

export const REASON_CODES = ['not_negative', 'not_active', 'not_repairable', 'min_period', 'open_objection'] as const
export type ReasonCode = (typeof REASON_CODES)[number]

export interface Reason {
  code: ReasonCode
  message: string
}

export interface Eligibility {
  eligible: boolean
  /** The publication rule set the record was decided under (null: not a negative record with a window). */
  ruleSet: string | null
  /** minor | general | serious (the record's), null for records without one. */
  severity: string | null
  /** The first day a repair may be applied for (the day after the minimum publication period). */
  earliestDate: string | null
  reasons: Reason[]
}

export interface EligibilityRecord {
  polarity: string
  state: string
  severity: string | null
  rule_version: string | null
  decided_on: string | null
  publish_from: string | null
  publish_max_until: string | null
  class_code: string
}

export interface RepairRuleEntry {
  severity: string[]
  classes: string[]
  basis: string
}

export interface RepairRules {
  ruleSets: Record<string, { notRepairable: RepairRuleEntry[] }>
}

let cachedRules: RepairRules | undefined

/** The repair rules per rule set (data/repairs/repair-rules.json), read once. */
export function repairRules(): RepairRules {
  if (!cachedRules) {
    const raw = JSON.parse(readFileSync(dataFilePath('repairs/repair-rules.json'), 'utf8')) as RepairRules
    if (!raw || typeof raw.ruleSets !== 'object') throw new Error('data/repairs/repair-rules.json: 缺少 ruleSets 对象')
    cachedRules = raw
  }
  return cachedRules
}

const BY_RANK: Severity[] = ['minor', 'general', 'serious']

/** The severity the rule set counts the record under (2019 has no minor: counted as general) and its minimum. */
function minimumOf(rs: PublicationRuleSet, severity: string): { severity: Severity; minMonths: number } | null {
  const start = SEVERITY_RANK[severity as Severity]
  if (start === undefined) return null
  for (let r = start; r < BY_RANK.length; r++) {
    const s = BY_RANK[r] as Severity
    const p = rs.periods[s]
    if (p) return { severity: s, minMonths: p.minMonths }
  }
  return null
}

export interface EligibilityInput {
  record: EligibilityRecord
  cls: { code: string; nameZh: string; repairable: boolean }
  ruleSets: readonly PublicationRuleSet[]
  rules: RepairRules
  today: string
  /** The open objection case or 「异议处理中」 mark on the record, if any (its number or a label). */
  openObjection: string | null
}

export function repairEligibility(input: EligibilityInput): Eligibility {
  const { record: r, cls, today } = input
  const reasons: Reason[] = []
  const severity = r.severity
  if (r.polarity !== 'negative') {
    reasons.push({
      code: 'not_negative',
      message: `「${cls.nameZh}」不是失信（负面）信息，无需信用修复。`,
    })
    return { eligible: false, ruleSet: null, severity, earliestDate: null, reasons }
  }
  const from = r.publish_from ?? r.decided_on
  let rs: PublicationRuleSet | undefined
  if (r.rule_version) rs = input.ruleSets.find((x) => x.version === r.rule_version)
  if (!rs && from) rs = ruleSetOn(input.ruleSets, from)
  const ruleSet = rs?.version ?? r.rule_version ?? null

  if (r.state === 'revoked') reasons.push({ code: 'not_active', message: '该记录已被撤销，不再公示，无需修复。' })
  else if (r.state === 'repaired') reasons.push({ code: 'not_active', message: '该记录已完成信用修复。' })
  else if (r.publish_max_until && today > r.publish_max_until)
    reasons.push({
      code: 'not_active',
      message: `该记录的最长公示期已于 ${r.publish_max_until} 届满，已自动停止公示，无需修复。`,
    })

  if (!cls.repairable)
    reasons.push({ code: 'not_repairable', message: `「${cls.nameZh}」类信息按规定不适用信用修复。` })
  else if (rs && severity) {
    const forbid = (input.rules.ruleSets[rs.version]?.notRepairable ?? []).find(
      (e) => e.classes.includes(cls.code) && e.severity.includes(severity),
    )
    if (forbid)
      reasons.push({
        code: 'not_repairable',
        message: `按 ${rs.version} 年规则（决定作出时适用），${SEVERITY_LABELS[severity as Severity] ?? severity}失信的「${cls.nameZh}」信息公示期内不予修复。依据：${forbid.basis}`,
      })
  }

  let earliestDate: string | null = null
  if (rs && from && severity) {
    const min = minimumOf(rs, severity)
    if (min) {
      earliestDate = addDays(addMonths(from, min.minMonths), 1)
      if (today < earliestDate)
        reasons.push({
          code: 'min_period',
          message: `按 ${rs.version} 年规则，${SEVERITY_LABELS[min.severity]}失信信息最短公示 ${min.minMonths} 个月（自 ${from} 起），最早可于 ${earliestDate} 申请信用修复。`,
        })
    }
  }

  if (input.openObjection)
    reasons.push({
      code: 'open_objection',
      message: `该记录有尚在处理的异议（${input.openObjection}），请待异议办结后再申请信用修复。`,
    })
  return { eligible: reasons.length === 0, ruleSet, severity, earliestDate, reasons }
}
