import type { QueueItem } from '../../../../src/flows/cases/index.js'

// Where 「我的办件」 links a case to: one entry per kind that has a page of its own on the portal. A kind adds its line
// here when it builds that page (e.g. objection: (c) => `/my/objections/${c.id}`); a kind without one (举报: its
// status is shown in the list itself) has no link.

export type MyCase = QueueItem

export const caseDetailLinks: Readonly<Record<string, (c: MyCase) => string>> = {}

/** The portal path of the case's own page, or null when its kind has none. */
export function caseDetailLink(c: MyCase): string | null {
  const link = caseDetailLinks[c.kind]
  return link ? link(c) : null
}
