// Who may read a grade: holders of grading.read (their reads audited under the entity, so the subject's access log
// shows them), and a subject for its own entity only (any other entity is not found to it).
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { can, type Principal } from '../access/index.js'
import { auditRead } from '../audit/index.js'
import { entityError } from '../entities/index.js'
import {
  entityGrade,
  type GradeQuery,
  type GradeView,
  gradeHistoryOf,
  type WhatIf,
  whatIfGrade,
} from './grading.service.js'

function scope(principal: Principal, entityId: string): 'official' | 'self' {
  if (principal.role !== 'subject' && can(principal, 'grading.read')) return 'official'
  if (principal.entityId === entityId) return 'self'
  throw entityError('entity.not_found', { id: entityId })
}

async function audited(ctx: Ctx, actor: Actor, who: 'official' | 'self', entityId: string, details: object) {
  if (who === 'official')
    await auditRead(ctx, actor, {
      action: 'grading.read',
      targetType: 'entity',
      targetId: entityId,
      subjects: [entityId],
      details: { ...details },
    })
}

export async function readEntityGrade(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  entityId: string,
  query: GradeQuery,
): Promise<GradeView> {
  const who = scope(principal, entityId)
  const g = await entityGrade(ctx, entityId, query)
  await audited(ctx, actor, who, entityId, { model: g.model, version: g.version, asOf: g.asOf })
  return g
}

export async function readWhatIf(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  entityId: string,
  input: { exclude: string[]; asOf?: string | undefined; model?: string | undefined },
): Promise<WhatIf> {
  const who = scope(principal, entityId)
  const g = await whatIfGrade(ctx, entityId, input)
  await audited(ctx, actor, who, entityId, { model: g.model, version: g.version, asOf: g.asOf, whatIf: g.excluded })
  return g
}

export async function readGradeHistory(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  entityId: string,
  model: string | undefined,
) {
  const who = scope(principal, entityId)
  const items = await gradeHistoryOf(ctx.db, entityId, model)
  await audited(ctx, actor, who, entityId, { history: true, model: model ?? null })
  return { items }
}
