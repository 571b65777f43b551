import { defineCaseMachine } from '../cases/index.js'
import { repairError } from './repairs.errors.js'

/**
 * A repair case (信用修复申请): filed by the subject, decided by the record's deciding department (谁认定、谁修复)
 * within repair.decide working days; the applicant may withdraw before the decision.
 */
export const repairMachine = defineCaseMachine({
  kind: 'repair',
  prefix: 'XF',
  initial: 'submitted',
  states: { submitted: '待认定单位决定', approved: '已同意修复', rejected: '不予修复', withdrawn: '已撤回' },
  closed: ['approved', 'rejected', 'withdrawn'],
  actions: {
    approve: { from: ['submitted'], to: 'approved', label: '同意修复' },
    reject: { from: ['submitted'], to: 'rejected', label: '不予修复' },
    withdraw: { from: ['submitted'], to: 'withdrawn', label: '撤回' },
  },
  badTransition: (d) => repairError('repairs.bad_transition', d),
  notFound: (d) => repairError('repairs.not_found', d),
  conflict: (d) => repairError('repairs.conflict', d),
})

export type RepairState = keyof typeof repairMachine.states
export type RepairAction = keyof typeof repairMachine.actions
export const REPAIR_STATES = Object.keys(repairMachine.states) as RepairState[]

/** Deadline codes (versioned data of the deadlines policy) and their Chinese labels. */
export const REPAIR_DEADLINES = { decide: 'repair.decide', notify: 'repair.notify' } as const
export const DEADLINE_LABELS: Record<string, string> = {
  'repair.decide': '认定单位作出修复决定',
  'repair.notify': '修复结果推送相关单位',
}
