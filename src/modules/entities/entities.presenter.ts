import { lookupRegion } from '../../identifiers/index.js'
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

export function presentResolve(r: ResolveResult): Record<string, unknown> {
  return r.status === 'matched'
    ? { status: 'matched', entityId: r.entityId, reason: r.reason, name: r.name }
    : { status: 'unresolved', reason: r.reason, cause: r.cause, message: r.message, candidates: r.candidates }
}

const nullableString = { type: ['string', 'null'] } as const

export const entityJsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    name: { type: 'string' },
    uscc: nullableString,
    identifiers: {
      type: 'array',
      items: { type: 'object', properties: { scheme: { type: 'string' }, value: { type: 'string' } } },
    },
    names: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          kind: { type: 'string' },
          validFrom: nullableString,
          validTo: nullableString,
        },
      },
    },
    district: nullableString,
    districtName: nullableString,
    industry: nullableString,
    status: { type: 'string' },
    legalRep: nullableString,
    establishedOn: nullableString,
    idNumberMasked: nullableString,
    version: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const
