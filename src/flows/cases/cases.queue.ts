// The shared queue of cases (异议、信用修复、举报、申请移出): what the console lists with its working-day clocks and
// tallies, and what an applicant sees as 「我的办件」. The kinds' own routes hold their actions and details.
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { can, type Principal } from '../../modules/access/index.js'
import { loadCalendar } from '../../modules/calendar/index.js'
import {
  type CaseQuery,
  type CaseSummaryJson,
  type CaseView,
  type ClockReading,
  caseCounts,
  listCases,
  presentCaseSummary,
} from '../../modules/cases/index.js'
import { currentDeadlinePolicy, deadlineState } from '../../modules/deadlines/index.js'
import { getEntity } from '../../modules/entities/index.js'
import { CASE_KINDS, type CaseKind } from './kinds.js'

export interface QueueQuery {
  kind?: string | undefined
  state?: string | undefined
  dept?: string | undefined
  overdue?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface QueueItem extends CaseSummaryJson {
  kindLabel: string
  entityName: string | null
}

export interface QueueAnswer {
  items: QueueItem[]
  total: number
  page: number
  pageSize: number
  counts: { kind: string; state: string; stateLabel: string; dept: string | null; count: number }[]
}

/** Remaining working days to a due date as of `today` (negative once overdue), on the platform's calendar. */
export async function clockReading(ctx: Ctx, today: string): Promise<ClockReading> {
  const cal = await loadCalendar(ctx.db)
  return (dueOn) => {
    const { remainingWorkingDays, overdue } = deadlineState(dueOn, today, cal)
    return { remainingWorkingDays, overdue }
  }
}

/**
 * Which cases a principal may list: the credit office every case of the kinds it reviews; a department the cases it
 * handles (the provider of the record, the competent department of a tip). Nobody else.
 */
function scopeOf(p: Principal, all: readonly CaseKind[]): { kinds: CaseKind[]; dept?: string } {
  const reviewed = all.filter((k) => can(p, k.reviewPermission))
  if (reviewed.length) return { kinds: reviewed }
  if (p.dept) return { kinds: [...all], dept: p.dept }
  return { kinds: [] }
}

async function presentItems(
  ctx: Ctx,
  views: CaseView[],
  today: string,
  all: readonly CaseKind[],
): Promise<QueueItem[]> {
  const read = await clockReading(ctx, today)
  // each clock named by its step (异议受理审查, 举报分办 ...) rather than its code
  const { terms } = await currentDeadlinePolicy(ctx.db)
  const labels = Object.fromEntries(Object.entries(terms).map(([code, t]) => [code, t.nameZh]))
  const names = new Map<string, string>()
  for (const id of new Set(views.map((v) => v.row.entity_id).filter((x): x is string => x !== null)))
    names.set(id, (await getEntity(ctx.db, id)).name)
  return views.map((v) => {
    const k = all.find((x) => x.machine.kind === v.row.kind)
    return {
      ...presentCaseSummary(k?.machine ?? { states: {} }, v.row, v.deadlines, read, labels),
      kindLabel: k?.label ?? v.row.kind,
      entityName: v.row.entity_id ? (names.get(v.row.entity_id) ?? null) : null,
    }
  })
}

function paging(q: QueueQuery): { page: number; pageSize: number } {
  const pageSize = Math.min(Math.max(q.pageSize ?? 20, 1), 100)
  return { page: Math.max(q.page ?? 1, 1), pageSize }
}

/** The console's queue: filtered, newest first, with clocks and counts per kind, state and department. */
export async function caseQueue(
  ctx: Ctx,
  p: Principal,
  q: QueueQuery,
  all: readonly CaseKind[] = CASE_KINDS,
): Promise<QueueAnswer> {
  const today = civilDate(ctx.clock.now())
  const scope = scopeOf(p, all)
  const kinds = scope.kinds.map((k) => k.machine.kind).filter((k) => q.kind === undefined || k === q.kind)
  const { page, pageSize } = paging(q)
  if (!kinds.length) return { items: [], total: 0, page, pageSize, counts: [] }
  const filter: Omit<CaseQuery, 'limit' | 'offset'> = {
    kinds,
    ...(q.state ? { states: [q.state] } : {}),
    ...(scope.dept !== undefined ? { handlerDept: scope.dept } : q.dept ? { handlerDept: q.dept } : {}),
    ...(q.overdue ? { overdueOn: today } : {}),
  }
  const found = await listCases(ctx.db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize })
  const { states: _states, ...countFilter } = filter
  const tallies = await caseCounts(ctx.db, countFilter)
  return {
    items: await presentItems(ctx, found.items, today, all),
    total: found.total,
    page,
    pageSize,
    counts: tallies.map((t) => {
      const k = all.find((x) => x.machine.kind === t.kind)
      const label = (k?.machine.states as Record<string, string> | undefined)?.[t.state] ?? t.state
      return { kind: t.kind, state: t.state, stateLabel: label, dept: t.handler_dept, count: t.n }
    }),
  }
}

/** 「我的办件」: the cases about the account's entity and the ones the user filed, with their clocks. */
export async function myCases(
  ctx: Ctx,
  p: Principal,
  q: Pick<QueueQuery, 'page' | 'pageSize'>,
  all: readonly CaseKind[] = CASE_KINDS,
): Promise<Omit<QueueAnswer, 'counts'>> {
  const today = civilDate(ctx.clock.now())
  const { page, pageSize } = paging(q)
  if (!p.id) return { items: [], total: 0, page, pageSize }
  const found = await listCases(ctx.db, {
    mine: { entityId: p.entityId, userId: p.id },
    limit: pageSize,
    offset: (page - 1) * pageSize,
  })
  return { items: await presentItems(ctx, found.items, today, all), total: found.total, page, pageSize }
}
