import { type CaseMachine, defineCaseMachine } from '../cases/index.js'
import { tipError } from './tips.errors.js'

/**
 * The state machine of a tip (举报, case number prefix JB): the credit office routes it to the competent department;
 * that department finds it verified or unfounded, or transfers it to another department, which then handles it;
 * a verified tip may then get its reward recorded.
 */
export const tipMachine = defineCaseMachine({
  kind: 'tip',
  prefix: 'JB',
  initial: 'submitted',
  states: {
    submitted: '待分办',
    routed: '办理中',
    transferred: '已移交其他部门办理',
    verified: '查证属实',
    unfounded: '查无实据',
    rewarded: '已发放奖励',
  },
  closed: ['verified', 'unfounded', 'rewarded'],
  actions: {
    route: { from: ['submitted'], to: 'routed', label: '分办' },
    transfer: { from: ['routed', 'transferred'], to: 'transferred', label: '移交其他部门' },
    verify: { from: ['routed', 'transferred'], to: 'verified', label: '认定查证属实' },
    unfound: { from: ['routed', 'transferred'], to: 'unfounded', label: '认定查无实据' },
    reward: { from: ['verified'], to: 'rewarded', label: '登记奖励发放' },
  },
  badTransition: (d) => tipError('tips.bad_transition', d),
  notFound: (d) => tipError('tips.not_found', d),
  conflict: (d) => tipError('tips.conflict', d),
})

export type TipState = keyof typeof tipMachine.states
export type TipAction = keyof typeof tipMachine.actions
export const TIP_STATES = Object.keys(tipMachine.states) as TipState[]

/** The machine as the shared case commands take it (states as plain strings). */
export const tipCases = tipMachine as unknown as CaseMachine<string, TipAction>
