// Who must learn that a record was repaired, and the outbox deliveries that tell them: the deciding department and
// every department that received the record through a check, each with the repair.notify duty as its due date.
import type { CommandScope } from '../../core/command.js'
import { departmentsThatReceived } from '../../modules/checks/index.js'
import type { RecipientJson } from '../../modules/repairs/index.js'
import type { RepairClock } from './repairs.clock.js'

export interface RepairNotice {
  caseId: string
  caseNumber: string
  recordId: string
  entityId: string
  classCode: string
  documentNo: string | null
  decidedOn: string
  reasons: string
}

/** Enqueues one delivery per recipient (in the scope's transaction) and answers who was told, with due dates. */
export async function notifyRepaired(
  scope: CommandScope,
  clock: RepairClock,
  decider: string,
  notice: RepairNotice,
): Promise<RecipientJson[]> {
  const receivers = (await departmentsThatReceived(scope.trx, notice.entityId, notice.recordId))
    .map((r) => r.dept)
    .filter((d) => d !== decider)
  const out: RecipientJson[] = []
  for (const [dept, role] of [[decider, 'decider'] as const, ...receivers.map((d) => [d, 'receiver'] as const)]) {
    const due = clock.due(scope.today, clock.notifyDays)
    out.push({ dept, role, deliveryId: null, dueOn: due.dueOn, provisional: due.provisional })
  }
  return out
}
