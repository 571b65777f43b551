import type { Ctx } from '../../container.js'
import type { Principal } from '../access/index.js'
import { getEntity } from './entities.service.js'
import type { Entity } from './entities.types.js'

/**
 * The read model "one file per entity" (一户一档): a basic section plus sections contributed by other
 * modules (records, lists, grades, commitments ...) through registerFileSection.
 */
export type FileSection = (ctx: Ctx, entity: Entity, principal: Principal) => Promise<unknown>

const sections = new Map<string, FileSection>()

export function registerFileSection(name: string, section: FileSection): void {
  if (name === 'basic') throw new Error('the basic section is built in')
  sections.set(name, section)
}

export interface EntityFile {
  entity: Entity
  sections: Record<string, unknown>
}

export async function entityFile(ctx: Ctx, id: string, principal: Principal): Promise<EntityFile> {
  const entity = await getEntity(ctx.db, id)
  const out: Record<string, unknown> = {}
  for (const [name, section] of sections) out[name] = await section(ctx, entity, principal)
  return { entity, sections: out }
}
