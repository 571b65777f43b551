import type { QueueItem } from '../../../../src/flows/cases/index.js'

// What 「我的办件」 offers per kind of case, beyond its state and clocks: a link to the kind's own portal page
// (`detail`), the applicant's withdrawal (`withdraw`: the kind's route, posted with the case's version, and the states
// it is allowed from) and the Chinese labels of its outcomes. A kind adds its entry here when it builds them; a kind
// without one (举报: its status is shown in the list itself) shows state and clocks only.

export type MyCase = QueueItem

export interface CaseKindPortal {
  detail?: (c: MyCase) => string
  withdraw?: { path: (c: MyCase) => string; from: readonly string[] }
  outcomes?: Readonly<Record<string, string>>
}

export const caseKindPortal: Readonly<Record<string, CaseKindPortal>> = {
  objection: {
    withdraw: {
      path: (c) => `/api/v1/objections/${encodeURIComponent(c.id)}/withdraw`,
      from: ['submitted', 'accepted', 'verifying'],
    },
    outcomes: { corrected: '更正', revoked: '撤销', upheld: '维持' },
  },
  // 信用修复 and 申请移出名单 (their routes as built by the repairs work): withdrawn before the department decides
  repair: {
    withdraw: { path: (c) => `/api/v1/repairs/${encodeURIComponent(c.id)}/withdraw`, from: ['submitted'] },
  },
  list_exit: {
    withdraw: { path: (c) => `/api/v1/list-exits/${encodeURIComponent(c.id)}/withdraw`, from: ['submitted'] },
  },
}

/** The portal path of the case's own page, or null when its kind has none. */
export function caseDetailLink(c: MyCase): string | null {
  return caseKindPortal[c.kind]?.detail?.(c) ?? null
}

/** The route that withdraws the case now, or null when its kind or state does not allow it. */
export function caseWithdrawPath(c: MyCase): string | null {
  const w = caseKindPortal[c.kind]?.withdraw
  return w?.from.includes(c.state) ? w.path(c) : null
}

export function caseOutcomeLabel(c: MyCase): string | null {
  if (!c.outcome) return null
  return caseKindPortal[c.kind]?.outcomes?.[c.outcome] ?? c.outcome
}
