// A mark opened or closed, with what follows from it in the same transaction: the entity's flags (「异议处理中」 on
// its public file), its grade (marked for re-grading) and, for an opening, the `mark.opened` watch event. Every
// command that opens or closes a mark goes through these steps, so the marks module stays below the modules it
// affects.
import type { CommandScope } from '../../core/command.js'
import { refreshEntityFlags } from '../../modules/disclosure/index.js'
import { markForGrading } from '../../modules/grading/index.js'
import {
  closeMarkOn,
  type MarkedRecord,
  type MarkRequest,
  type MarkRow,
  openMarkOn,
} from '../../modules/marks/index.js'
import { emitWatchEvents } from '../../modules/watches/index.js'

/** Opens the mark (marks module) and applies its effects, one step of the caller's command. */
export async function openMarkStep(scope: CommandScope, record: MarkedRecord, request: MarkRequest): Promise<MarkRow> {
  const mark = await openMarkOn(scope, record, request)
  const { trx, now } = scope
  await refreshEntityFlags(trx, [record.entity_id], now)
  await markForGrading(trx, [record.entity_id], now)
  await emitWatchEvents(trx, now, [
    {
      type: 'mark.opened',
      entityId: record.entity_id,
      // a record of unknown scope is treated as government-shared (never sent to a public audience)
      scope: record.scope ?? 'government',
      recordId: record.id,
      data: {
        recordId: record.id,
        class: record.class_code ?? null,
        markId: mark.id,
        kind: mark.kind,
        since: now.toISOString(),
      },
    },
  ])
  return mark
}

/** Closes the open mark (marks module) and applies its effects, one step of the caller's command. */
export async function closeMarkStep(scope: CommandScope, record: MarkedRecord, request: MarkRequest): Promise<MarkRow> {
  const mark = await closeMarkOn(scope, record, request)
  await refreshEntityFlags(scope.trx, [record.entity_id], scope.now)
  await markForGrading(scope.trx, [record.entity_id], scope.now)
  return mark
}
