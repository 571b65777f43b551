// Every kind of case the platform handles, with the permission that lets the credit office see its queue. A kind's
// module defines its machine; it is listed here once so that the shared queue and 「我的办件」 serve it.
import type { CaseMachine } from '../../modules/cases/index.js'
import { objectionMachine } from '../../modules/objections/index.js'
import { tipMachine } from '../../modules/tips/index.js'
import { listExitMachine, repairMachine } from '../../modules/repairs/index.js'

export interface CaseKind {
  machine: CaseMachine
  /** Operators with this permission see every case of the kind; departments see the ones they handle. */
  reviewPermission: string
  /** Chinese name of the kind (异议, 信用修复, ...). */
  label: string
}

export const CASE_KINDS: readonly CaseKind[] = [
  { machine: objectionMachine as CaseMachine, reviewPermission: 'objection.review', label: '异议' },
  { machine: tipMachine as unknown as CaseMachine, reviewPermission: 'tip.review', label: '举报' },
  { machine: repairMachine as unknown as CaseMachine, reviewPermission: 'repair.review', label: '信用修复' },
  { machine: listExitMachine as unknown as CaseMachine, reviewPermission: 'repair.review', label: '申请移出' },
]

export function caseKind(kind: string): CaseKind | undefined {
  return CASE_KINDS.find((k) => k.machine.kind === kind)
}
