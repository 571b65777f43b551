import { defineCaseMachine } from '../cases/index.js'
import { objectionError } from './objections.errors.js'

export const OBJECTION_STATES = {
  submitted: '已提交',
  accepted: '已受理',
  not_accepted: '不予受理',
  verifying: '核实中',
  decided: '已办结',
  withdrawn: '已撤回',
} as const
export type ObjectionState = keyof typeof OBJECTION_STATES

export const OBJECTION_OUTCOMES = ['corrected', 'revoked', 'upheld'] as const
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number]
export const OUTCOME_LABELS: Record<ObjectionOutcome, string> = {
  corrected: '更正',
  revoked: '撤销',
  upheld: '维持',
}

export type ObjectionAction = 'accept' | 'reject' | 'forward' | 'decide' | 'withdraw'

/**
 * submitted -> accepted | not_accepted (不予受理) -> verifying (forwarded to the providing department) -> decided
 * (corrected | revoked | upheld); withdrawn by the applicant before a decision.
 */
export const objectionMachine = defineCaseMachine<string, ObjectionAction>({
  kind: 'objection',
  prefix: 'YY',
  initial: 'submitted',
  states: OBJECTION_STATES,
  closed: ['not_accepted', 'decided', 'withdrawn'],
  actions: {
    accept: { from: ['submitted'], to: 'accepted', label: '受理' },
    reject: { from: ['submitted'], to: 'not_accepted', label: '不予受理' },
    forward: { from: ['accepted'], to: 'verifying', label: '转提供部门核实' },
    decide: { from: ['verifying'], to: 'decided', label: '作出核实决定' },
    withdraw: { from: ['submitted', 'accepted', 'verifying'], to: 'withdrawn', label: '撤回' },
  },
  badTransition: (d) => objectionError('objections.bad_transition', d),
  notFound: (d) => objectionError('objections.not_found', d),
  conflict: (d) => objectionError('objections.conflict', d),
})

/** The deadline policy items of an objection (working days; versioned in the deadlines policy). */
export const OBJECTION_DEADLINES = {
  accept: 'objection.accept',
  platformCheck: 'objection.platform_check',
  providerVerify: 'objection.provider_verify',
} as const

export const DEADLINE_LABELS: Record<string, string> = {
  'objection.accept': '受理审查',
  'objection.platform_check': '平台初核',
  'objection.provider_verify': '提供部门核实',
}
