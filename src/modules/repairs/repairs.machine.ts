import { defineCaseMachine } from '../cases/index.js'
import { repairError } from './repairs.errors.js'

/**
 * The case flow a repair and a list exit share: filed by the subject (submitted), approved or rejected by the
 * deciding department, or withdrawn by the applicant before the decision. Each kind has its own kind, number
 * prefix, labels and error codes.
 */
export function decisionMachine(o: {
  kind: string
  prefix: string
  approved: string
  rejected: string
  approve: string
  reject: string
  errors: 'repairs' | 'list_exits'
}) {
  return defineCaseMachine({
    kind: o.kind,
    prefix: o.prefix,
    initial: 'submitted',
    states: { submitted: '待认定单位决定', approved: o.approved, rejected: o.rejected, withdrawn: '已撤回' },
    closed: ['approved', 'rejected', 'withdrawn'],
    actions: {
      approve: { from: ['submitted'], to: 'approved', label: o.approve },
      reject: { from: ['submitted'], to: 'rejected', label: o.reject },
      withdraw: { from: ['submitted'], to: 'withdrawn', label: '撤回' },
    },
    badTransition: (d) => repairError(`${o.errors}.bad_transition`, d),
    notFound: (d) => repairError(`${o.errors}.not_found`, d),
    conflict: (d) => repairError(`${o.errors}.conflict`, d),
  })
}

/**
 * A repair case (信用修复申请): filed by the subject, decided by the record's deciding department (谁认定、谁修复)
 * within repair.decide working days; the applicant may withdraw before the decision.
 */
export const repairMachine = decisionMachine({
  kind: 'repair',
  prefix: 'XF',
  approved: '已同意修复',
  rejected: '不予修复',
  approve: '同意修复',
  reject: '不予修复',
  errors: 'repairs',
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
