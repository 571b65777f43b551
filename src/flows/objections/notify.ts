// The applicant hears of every state change of its objection in its in-app inbox (the notifications module): one
// function, called inside each step's transaction, so the notice commits with the change it tells about. The
// addressee is the entity (its subject accounts and agents), also for a case the credit office filed at the window.
import type { CommandScope } from '../../core/command.js'
import type { CaseRow } from '../../modules/cases/index.js'
import { notify } from '../../modules/notifications/index.js'

export interface ObjectionNotice {
  action: string
  title: string
  body: string
}

export async function notifyApplicant(scope: CommandScope, row: CaseRow, notice: ObjectionNotice): Promise<void> {
  if (!row.entity_id) return
  await notify(scope.ctx, scope.actor, {
    to: { kind: 'entity', id: row.entity_id },
    topic: `objection.${notice.action}`,
    title: notice.title,
    body: notice.body.trim() || notice.title,
    link: '/my/cases',
  })
}

/** The providing department hears that a case about its record awaits its verification. */
export async function notifyHandler(scope: CommandScope, row: CaseRow, dept: string, dueOn: string): Promise<void> {
  await notify(scope.ctx, scope.actor, {
    to: { kind: 'dept', id: dept },
    topic: 'objection.to_verify',
    title: `异议待核实（${row.number}）`,
    body: `信用主体对本部门报送的一条信用记录提出异议，请于 ${dueOn} 前核实并作出更正、撤销或维持的决定。`,
    link: `/console/rights/objections/${row.id}`,
  })
}
