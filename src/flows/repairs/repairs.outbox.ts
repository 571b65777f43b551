// Who must learn that a record was repaired, and the outbox deliveries that tell them: the deciding department and
// every department that received the record through a check, each with the repair.notify duty as its due date.
import type { CommandScope } from '../../core/command.js'
import { departmentsThatReceived } from '../../modules/checks/index.js'
import { enqueueDelivery } from '../../modules/notifications/index.js'
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
    const delivery = await enqueueDelivery(scope.ctx, scope.actor, {
      to: { kind: 'dept', code: dept },
      topic: 'repair.approved',
      payload: {
        event: 'record.repaired',
        case: notice.caseNumber,
        recordId: notice.recordId,
        entityId: notice.entityId,
        class: notice.classCode,
        documentNo: notice.documentNo,
        decidedOn: notice.decidedOn,
        role,
        duty: '该信用记录已经认定单位同意信用修复：请于期限内停止公示、共享和使用，解除相关惩戒措施，并更新本单位系统。',
      },
      workingDays: clock.notifyDays,
      start: notice.decidedOn,
      ref: { type: 'repair', id: notice.caseId },
    })
    out.push({ dept, role, deliveryId: delivery.id, dueOn: delivery.due, provisional: delivery.dueProvisional })
  }
  return out
}
