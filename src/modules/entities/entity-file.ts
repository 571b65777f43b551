import type { Ctx } from '../../core/context.js'
import { type Principal, principalActor } from '../access/index.js'
import { auditRead } from '../audit/index.js'
import { getEntity } from './entities.service.js'
import type { Entity } from './entities.types.js'

/** What a reading of the government entity file that shows no authorised-scope content is audited as. */
export const ENTITY_FILE_READ_ACTION = 'entity.read_file'

/** Why a section the reader could see is not in the file, and how to get it (e.g. a purpose opens one). */
export interface FileNote {
  section: string
  code: string
  message: string
}

/** One reading of an entity file: who reads, with what stated purpose, and what sections share. */
export interface FileRequest {
  principal: Principal
  /** The purpose the reader stated (X-Purpose), already validated; undefined when it stated none. */
  purpose?: string | undefined
  /**
   * The reader asked for the authorised section explicitly (`?authorized=true`): without a purpose (or the
   * permission) the section refuses the request instead of leaving a note; `false` leaves it out without a note.
   */
  authorized?: boolean | undefined
  requestId?: string | undefined
  /**
   * Set by the section that showed authorised-scope (授权查询) content under a stated purpose: the read is then
   * audited as `record.read_authorized` (via the entity file) with these records and classes.
   */
  authorisedRead?: { records: string[]; classes: string[] } | undefined
  /** Sections left out with a reason the reader can act on (sections add them). */
  notes: FileNote[]
  /** Work several sections share, done once per file. */
  once<T>(key: string, compute: () => Promise<T>): Promise<T>
}

/**
 * A section of the file: what the reader may see of it (already presented: whitelisted fields, masked values), or
 * undefined when the reader may not see the section at all (it is then left out).
 */
export type FileSection = (ctx: Ctx, entity: Entity, principal: Principal, request: FileRequest) => Promise<unknown>

/** The JSON schema of a section's value: the route's response schema whitelists the section again. */
export type FileSectionSchema = Record<string, unknown>

const sections = new Map<string, { build: FileSection; schema: FileSectionSchema }>()

/**
 * The read model "one file per entity" (一户一档): a basic section plus sections contributed by other modules and
 * flows (records by category, lists, marks, commitments, checks ...). A section without a schema is passed as is.
 */
export function registerFileSection(name: string, section: FileSection, schema: FileSectionSchema = {}): void {
  if (name === 'basic' || name === 'notes') throw new Error(`the ${name} section is built in`)
  sections.set(name, { build: section, schema })
}

/** The schemas of the registered sections, by name (for the route's response schema). */
export function fileSectionSchemas(): Record<string, FileSectionSchema> {
  return Object.fromEntries([...sections].map(([name, s]) => [name, s.schema]))
}

export interface EntityFile {
  entity: Entity
  sections: Record<string, unknown>
  notes: FileNote[]
}

export interface FileOptions {
  purpose?: string | undefined
  authorized?: boolean | undefined
  requestId?: string | undefined
}

export async function entityFile(
  ctx: Ctx,
  id: string,
  principal: Principal,
  options: FileOptions = {},
): Promise<EntityFile> {
  const entity = await getEntity(ctx.db, id)
  const shared = new Map<string, Promise<unknown>>()
  const request: FileRequest = {
    principal,
    purpose: options.purpose,
    authorized: options.authorized,
    requestId: options.requestId,
    notes: [],
    once: <T>(key: string, compute: () => Promise<T>): Promise<T> => {
      let p = shared.get(key) as Promise<T> | undefined
      if (!p) {
        p = compute()
        shared.set(key, p)
      }
      return p
    },
  }
  const out: Record<string, unknown> = {}
  for (const [name, section] of sections) {
    const value = await section.build(ctx, entity, principal, request)
    if (value !== undefined) out[name] = value
  }
  // one audit event per reading of the file by somebody else (auditRead leaves out the subject's own reading)
  const authorised = request.authorisedRead
  await auditRead(ctx, principalActor(principal, options.requestId, options.purpose), {
    action: authorised ? 'record.read_authorized' : ENTITY_FILE_READ_ACTION,
    targetType: 'entity',
    targetId: entity.id,
    subjects: [entity.id],
    details: {
      via: 'entity_file',
      sections: Object.keys(out),
      ...(authorised ? { records: authorised.records, classes: authorised.classes } : {}),
    },
  })
  return { entity, sections: out, notes: request.notes }
}
