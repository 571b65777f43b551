import { decisionMachine } from './repairs.machine.js'

/**
 * An application to leave a list early (申请移出, e.g. 经营异常名录 once the cause is remedied): filed by the subject
 * on one of the class's own exit conditions, decided by the department that listed it; withdrawn by the applicant
 * before the decision. The same case flow as a repair.
 */
export const listExitMachine = decisionMachine({
  kind: 'list_exit',
  prefix: 'YC',
  approved: '已同意移出',
  rejected: '不予移出',
  approve: '同意移出',
  reject: '不予移出',
  errors: 'list_exits',
})

export type ListExitState = keyof typeof listExitMachine.states
export const LIST_EXIT_STATES = Object.keys(listExitMachine.states) as ListExitState[]
export const LIST_EXIT_DEADLINE = 'list_exit.decide'
export const LIST_EXIT_DEADLINE_LABELS: Record<string, string> = { 'list_exit.decide': '认定单位作出移出决定' }
