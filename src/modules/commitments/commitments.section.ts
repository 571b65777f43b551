import { registerFileSection } from '../entities/index.js'
import { commitmentSchema, summarySchema } from './commitments.presenter.js'
import { entityCommitments } from './commitments.service.js'

/**
 * The `commitments` section of the entity file (一户一档, GET /api/v1/entities/:id/file): every commitment of the
 * entity with its status and the counts. Only officials (entity.read) and the entity itself (self.read) open the
 * file. The public file shows public commitments as `commitment` records (see docs/commitments.md).
 */
export function registerCommitmentSection(): void {
  registerFileSection('commitments', (ctx, entity) => entityCommitments(ctx, entity.id), {
    type: 'object',
    properties: { summary: summarySchema, items: { type: 'array', items: commitmentSchema } },
  })
}
