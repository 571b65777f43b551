// Commitment types and statuses: stable English codes in JSON, Chinese labels for people (glossary.md).

export interface CommitmentTypeInfo {
  /** Chinese label. */
  label: string
  /** The value of the `commitment` class's 承诺类型 field. */
  classValue: string
  /** Whether filing needs a due date (容缺受理: the date the missing materials are due). */
  dueRequired: boolean
  /** Whether a commitment of this type is published unless the filer says otherwise. */
  publicByDefault: boolean
}

export const COMMITMENT_TYPES = {
  notify_commit: { label: '告知承诺（审批替代）', classValue: '告知承诺', dueRequired: false, publicByDefault: true },
  tolerate_missing: { label: '容缺受理', classValue: '容缺受理', dueRequired: true, publicByDefault: false },
  repair: { label: '信用修复', classValue: '信用修复', dueRequired: false, publicByDefault: true },
  voluntary: { label: '主动承诺', classValue: '主动承诺', dueRequired: false, publicByDefault: true },
  industry: { label: '行业自律', classValue: '行业自律', dueRequired: false, publicByDefault: true },
} as const satisfies Record<string, CommitmentTypeInfo>

export type CommitmentType = keyof typeof COMMITMENT_TYPES
export const COMMITMENT_TYPE_CODES = Object.keys(COMMITMENT_TYPES) as CommitmentType[]

export const COMMITMENT_STATUSES = ['filed', 'fulfilled', 'breached', 'withdrawn'] as const
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

export const STATUS_LABELS: Record<CommitmentStatus, string> = {
  filed: '履约中',
  fulfilled: '已履约',
  breached: '已认定违诺',
  withdrawn: '已撤回',
}

/** The `commitment` record's 履约状态 for each status (withdrawn commitments have their record revoked). */
export const RECORD_STATUS: Record<Exclude<CommitmentStatus, 'withdrawn'>, string> = {
  filed: '履约中',
  fulfilled: '已履约',
  breached: '未履约',
}

/** The `commitment_breach` class's 违诺情形 values. */
export const BREACH_TYPES = ['未履行承诺事项', '承诺内容与实际情况不符', '提供虚假材料', '逾期未补齐材料'] as const

export function isCommitmentType(t: string): t is CommitmentType {
  return Object.hasOwn(COMMITMENT_TYPES, t)
}
