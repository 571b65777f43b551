import { defineCaseMachine } from '../cases/index.js'
import { repairError } from './repairs.errors.js'

/**
 * An application to leave a list early (申请移出, e.g. 经营异常名录 once the cause is remedied): filed by the subject
 * on one of the class's own exit conditions, decided by the department that listed it; withdrawn by the applicant
 * before the decision. The same case flow as a repair.
 */
export const listExitMachine = defineCaseMachine({
  kind: 'list_exit',
  prefix: 'YC',
  initial: 'submitted',
  states: { submitted: '待认定单位决定', approved: '已同意移出', rejected: '不予移出', withdrawn: '已撤回' },
  closed: ['approved', 'rejected', 'withdrawn'],
  actions: {
    approve: { from: ['submitted'], to: 'approved', label: '同意移出' },
    reject: { from: ['submitted'], to: 'rejected', label: '不予移出' },
    withdraw: { from: ['submitted'], to: 'withdrawn', label: '撤回' },
  },
  badTransition: (d) => repairError('list_exits.bad_transition', d),
  notFound: (d) => repairError('list_exits.not_found', d),
  conflict: (d) => repairError('list_exits.conflict', d),
})

export type ListExitState = keyof typeof listExitMachine.states
export const LIST_EXIT_STATES = Object.keys(listExitMachine.states) as ListExitState[]
export const LIST_EXIT_DEADLINE = 'list_exit.decide'
export const LIST_EXIT_DEADLINE_LABELS: Record<string, string> = { 'list_exit.decide': '认定单位作出移出决定' }
