// The subject's cases (异议, 信用修复, 举报 ...) as its own file lists them. Each case workflow registers a source here
// when it is loaded; until one is, the honest answer is an empty list.
import type { Ctx } from '../../core/context.js'

/** One case about the subject's entity, as the subject sees it. */
export interface SubjectCaseJson {
  /** objection | repair | list_exit | ... (the workflow's own code). */
  kind: string
  id: string
  /** The case number shown to the applicant. */
  number: string | null
  /** The record the case is about, when it is about one. */
  recordId: string | null
  state: string
  openedAt: string
  /** When the case's current step is due (civil date), when it has one. */
  dueOn: string | null
  closedAt: string | null
}

/** A workflow's cases of one entity (newest first). */
export type CaseSource = (ctx: Ctx, entityId: string) => Promise<SubjectCaseJson[]>

const sources = new Map<string, CaseSource>()

/** Adds a workflow's cases to the subject's file (idempotent per name). */
export function registerCaseSource(name: string, source: CaseSource): void {
  sources.set(name, source)
}

/** Every registered workflow's cases of the entity, newest first. */
export async function subjectCases(ctx: Ctx, entityId: string): Promise<SubjectCaseJson[]> {
  const all: SubjectCaseJson[] = []
  for (const source of sources.values()) all.push(...(await source(ctx, entityId)))
  return all.sort((a, b) => b.openedAt.localeCompare(a.openedAt))
}
