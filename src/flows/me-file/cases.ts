// The subject's cases (异议, 信用修复, 申请移出 ...) as its own file lists them: the shared case table (src/modules/cases)
// read for the entity, tips excepted (a tip about an entity is not the entity's business). A workflow that keeps
// cases elsewhere registers a source of its own here. No case filed is an empty list.
import type { Ctx } from '../../core/context.js'
import { listCases } from '../../modules/cases/index.js'

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

/** The most cases the file lists (newest first). */
export const ME_FILE_CASES = 500

/** The shared case table: every case about the entity, tips excepted, with the first running clock's due date. */
const sharedCases: CaseSource = async (ctx, entityId) => {
  const { items } = await listCases(ctx.db, { entityId, limit: ME_FILE_CASES, offset: 0 })
  return items
    .filter(({ row }) => row.kind !== 'tip')
    .map(({ row, deadlines }) => ({
      kind: row.kind,
      id: row.id,
      number: row.number,
      recordId: row.record_id,
      state: row.state,
      openedAt: row.created_at,
      dueOn:
        deadlines
          .filter((d) => d.met_at === null)
          .map((d) => d.due_on)
          .sort()[0] ?? null,
      closedAt: row.closed_at,
    }))
}

const sources = new Map<string, CaseSource>([['cases', sharedCases]])

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
