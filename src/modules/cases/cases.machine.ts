import type { AppError } from '../../core/errors.js'

/**
 * A kind of case declares its state machine here: states with their Chinese labels, the closed states, and each
 * action's allowed source states and target. The cases module enforces it; the kind's module supplies its own coded
 * errors (e.g. `objections.bad_transition`), so a client sees the kind's contract, not the shared machinery.
 */
export interface CaseMachine<S extends string = string, A extends string = string> {
  kind: string
  /** Prefix of the case number (办件编号), e.g. YY for 异议. */
  prefix: string
  states: Readonly<Record<S, string>>
  /** States in which a case is finished (closed_at set, running clocks stopped). */
  closed: readonly S[]
  initial: S
  actions: Readonly<Record<A, { from: readonly S[]; to: S; label: string }>>
  /** 409 naming the current state: the action is not allowed from it. */
  badTransition(details: { id: string; state: S; stateLabel: string; action: A; actionLabel: string }): AppError
  /** 404: no such case (or not one the caller may see). */
  notFound(details: { id: string }): AppError
  /** 409: another change to the same case committed first. */
  conflict(details: { id: string; state: string; stateLabel: string }): AppError
}

export function defineCaseMachine<S extends string, A extends string>(m: CaseMachine<S, A>): CaseMachine<S, A> {
  for (const [action, t] of Object.entries(m.actions) as [A, { from: readonly S[]; to: S }][]) {
    if (!(t.to in m.states)) throw new Error(`case machine ${m.kind}: action ${action} goes to unknown state ${t.to}`)
    for (const s of t.from)
      if (!(s in m.states)) throw new Error(`case machine ${m.kind}: action ${action} starts from unknown state ${s}`)
  }
  if (!(m.initial in m.states)) throw new Error(`case machine ${m.kind}: unknown initial state ${m.initial}`)
  return m
}

export function stateLabel(m: Pick<CaseMachine, 'states'>, state: string): string {
  return (m.states as Record<string, string>)[state] ?? state
}

export function isClosedState(m: CaseMachine, state: string): boolean {
  return (m.closed as readonly string[]).includes(state)
}
