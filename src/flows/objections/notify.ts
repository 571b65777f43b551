// The applicant hears of every state change of its objection. One function, called inside each step's transaction:
// the in-app inbox (notifications module) is wired here; until then the step's audit event and the case history are
// what the applicant's 「我的办件」 reads.
import type { CommandScope } from '../../core/command.js'
import type { CaseRow } from '../../modules/cases/index.js'

export interface ObjectionNotice {
  action: string
  title: string
  body: string
}

export async function notifyApplicant(_scope: CommandScope, _row: CaseRow, _notice: ObjectionNotice): Promise<void> {
  // wired to the notifications module's notify() once it is on main
}
