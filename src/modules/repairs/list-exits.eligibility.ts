// Whether a list entry may be applied to leave its list early (申请移出), and on which of its class's own exit
// conditions. Pure: the caller loads the record, the class and whether an objection is open.

export const LIST_EXIT_REASON_CODES = ['not_listed', 'not_active', 'no_application', 'open_objection'] as const
export type ListExitReasonCode = (typeof LIST_EXIT_REASON_CODES)[number]

export interface ListExitEligibility {
  eligible: boolean
  /** red | black | focus, null when the record is not a list entry. */
  listKind: string | null
  /** The entry's last day on the list today (null: until exit by decision). */
  until: string | null
  /** The class's exit conditions a subject may apply on (the others end the entry by themselves). */
  grounds: string[]
  reasons: { code: ListExitReasonCode; message: string }[]
}

/** Exit rules that end an entry by themselves (a period running out) or by another decision are not applied for. */
const AUTOMATIC = /自动|届满|期满|未移出|撤销|降级|注销|下一年度|调整级别/

export function applicationGrounds(exitRules: readonly string[]): string[] {
  return exitRules.filter((r) => !AUTOMATIC.test(r))
}

export interface ListExitInput {
  record: { state: string; list_kind: string | null }
  cls: { nameZh: string; exitRules: readonly string[] }
  /** The entry's list period today (from the checks module's triggerPeriod), null when not on the list. */
  period: { from: string; until: string | null } | null
  openObjection: string | null
}

export function listExitEligibility(input: ListExitInput): ListExitEligibility {
  const { record, cls, period } = input
  const grounds = applicationGrounds(cls.exitRules)
  const reasons: ListExitEligibility['reasons'] = []
  if (!record.list_kind) reasons.push({ code: 'not_listed', message: `「${cls.nameZh}」不是名单信息，无需申请移出。` })
  else if (record.state !== 'active')
    reasons.push({ code: 'not_active', message: '该名单记录已撤销或已修复，已不在名单上。' })
  else if (!period) reasons.push({ code: 'not_active', message: '该记录今天已不在名单上（列入期已届满或已移出）。' })
  if (record.list_kind && grounds.length === 0)
    reasons.push({ code: 'no_application', message: `「${cls.nameZh}」没有可由主体申请的移出情形，期满自动移出。` })
  if (input.openObjection)
    reasons.push({
      code: 'open_objection',
      message: `该记录有尚在处理的异议（${input.openObjection}），请待异议办结后再申请移出。`,
    })
  return {
    eligible: reasons.length === 0,
    listKind: record.list_kind,
    until: record.list_kind ? (period?.until ?? null) : null,
    grounds: record.list_kind ? grounds : [],
    reasons,
  }
}
