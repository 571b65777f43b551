import { type Static, Type } from '@sinclair/typebox'
import { AnyObject, StringOrNull } from '../../http/typed.js'
import { lookupRegion } from '../../identifiers/index.js'
import { type EntityFile, fileSectionSchemas } from './entity-file.js'
import type { Entity, ResolveResult } from './entities.types.js'

/** The only entity shape that leaves the server: ID numbers masked, internal fields dropped. */
export interface EntityJson {
  id: string
  kind: string
  name: string
  uscc: string | null
  identifiers: { scheme: string; value: string }[]
  names: { name: string; kind: string; validFrom: string | null; validTo: string | null }[]
  district: string | null
  districtName: string | null
  industry: string | null
  status: string
  legalRep: string | null
  establishedOn: string | null
  idNumberMasked: string | null
  version: number
  createdAt: string
  updatedAt: string
}

export function presentEntity(e: Entity): EntityJson {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    uscc: e.uscc,
    identifiers: e.identifiers,
    names: e.names,
    district: e.district,
    districtName: e.district ? (lookupRegion(e.district)?.name ?? null) : null,
    industry: e.industry,
    status: e.status,
    legalRep: e.legalRep,
    establishedOn: e.establishedOn,
    idNumberMasked: e.idMasked,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  }
}

/** How a subject was resolved: the entity found, or why none was (with the candidates). */
export const ResolveAnswerSchema = Type.Union([
  Type.Object({
    status: Type.Literal('matched'),
    entityId: Type.String(),
    reason: Type.String(),
    name: Type.String(),
  }),
  Type.Object({
    status: Type.Literal('unresolved'),
    reason: Type.String(),
    cause: Type.String(),
    message: Type.String(),
    candidates: Type.Array(Type.Object({ entityId: Type.String(), name: Type.String(), uscc: StringOrNull() })),
  }),
])

export function presentResolve(r: ResolveResult): Static<typeof ResolveAnswerSchema> {
  return r.status === 'matched'
    ? { status: 'matched', entityId: r.entityId, reason: r.reason, name: r.name }
    : {
        status: 'unresolved',
        reason: r.reason,
        cause: r.cause,
        message: r.message,
        candidates: r.candidates.map((c) => ({ entityId: c.entityId, name: c.name, uscc: c.uscc })),
      }
}

/** An entity as the API shows it. (Its fields are not marked required: the schema is published as it was before it
 * was typed.) */
export const EntitySchema = Type.Partial(
  Type.Object({
    id: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    uscc: StringOrNull(),
    identifiers: Type.Array(Type.Partial(Type.Object({ scheme: Type.String(), value: Type.String() }))),
    names: Type.Array(
      Type.Partial(
        Type.Object({ name: Type.String(), kind: Type.String(), validFrom: StringOrNull(), validTo: StringOrNull() }),
      ),
    ),
    district: StringOrNull(),
    districtName: StringOrNull(),
    industry: StringOrNull(),
    status: Type.String(),
    legalRep: StringOrNull(),
    establishedOn: StringOrNull(),
    idNumberMasked: StringOrNull(),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  }),
)

/** An entity's earlier versions, oldest first: the stored row as it was (secrets removed). */
export const EntityHistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({ version: Type.Integer(), at: Type.String(), actor: StringOrNull(), snapshot: AnyObject }),
  ),
})

/** The file's response schema (a whitelist): basic, the sections registered when the routes are, notes. */
export function entityFileSchema() {
  return Type.Unsafe<Record<string, unknown>>({
    type: 'object',
    properties: {
      basic: EntitySchema,
      ...fileSectionSchemas(),
      notes: {
        type: 'array',
        items: {
          type: 'object',
          properties: { section: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
        },
      },
    },
  })
}

/** The file: the basic section, then every section the reader sees, then the notes. */
export function presentEntityFile(file: EntityFile): Record<string, unknown> {
  return { basic: presentEntity(file.entity), ...file.sections, notes: file.notes }
}
