// Response shapes of the queue of unmatched subjects (JSON Schema: serialisation whitelist and OpenAPI).
import { Type } from '@sinclair/typebox'
import { UNRESOLVED_CAUSES } from '../entities/index.js'
import type { EntryDetailJson, EntryJson } from './unmatched.types.js'
import { ENTRY_STATUSES, ROW_STATUSES } from './unmatched.types.js'

const str = { type: 'string' } as const
const strOrNull = { type: ['string', 'null'] } as const
const int = { type: 'integer' } as const
const strings = { type: 'array', items: str } as const

export const candidateSchema = {
  type: 'object',
  properties: {
    entityId: str,
    name: str,
    uscc: strOrNull,
    kind: str,
    district: strOrNull,
    districtName: strOrNull,
    status: str,
    codes: { type: 'array', items: { type: 'object', properties: { scheme: str, value: str } } },
    matchedBy: strings,
  },
} as const

const entryProperties = {
  id: str,
  status: { type: 'string', enum: [...ENTRY_STATUSES] },
  cause: { type: 'string', enum: [...UNRESOLVED_CAUSES] },
  message: str,
  subject: {
    type: 'object',
    properties: {
      name: strOrNull,
      uscc: strOrNull,
      codes: strings,
      kind: strOrNull,
      district: strOrNull,
      districtName: strOrNull,
      category: strOrNull,
      legalRep: strOrNull,
    },
  },
  rows: {
    type: 'object',
    properties: {
      pending: int,
      released: int,
      resubmitted: int,
      withdrawn: int,
      batches: int,
      depts: strings,
      classes: strings,
    },
  },
  firstSeenAt: str,
  lastSeenAt: str,
  entity: { type: ['object', 'null'], properties: { id: str, name: str, uscc: strOrNull } },
  decidedAt: strOrNull,
  decidedBy: strOrNull,
  reason: strOrNull,
  candidates: { type: 'array', items: candidateSchema },
} as const

export const entrySchema = { type: 'object', properties: entryProperties } as const

export const queueRowSchema = {
  type: 'object',
  properties: {
    batchId: str,
    rowNo: int,
    dept: str,
    class: str,
    classVersion: int,
    documentNo: strOrNull,
    decidedOn: strOrNull,
    fileName: strOrNull,
    submittedAt: str,
    status: { type: 'string', enum: [...ROW_STATUSES] },
    outcome: strOrNull,
    outcomeMessage: strOrNull,
    recordId: strOrNull,
    resubmittedBatchId: strOrNull,
    settledAt: strOrNull,
  },
} as const

export const entryDetailSchema = {
  type: 'object',
  properties: { ...entryProperties, items: { type: 'array', items: queueRowSchema } },
} as const

export const entryPageSchema = {
  type: 'object',
  properties: { total: int, page: int, pageSize: int, items: { type: 'array', items: entrySchema } },
} as const

/** What a match or a registration did: the entry as it is now, and each released row's outcome. */
export const releaseSchema = {
  type: 'object',
  properties: {
    entry: entryDetailSchema,
    released: int,
    added: int,
    corrected: int,
    revoked: int,
    duplicates: int,
    rejected: int,
    withdrawn: int,
    /** Codes the registered entity does not claim (another entity holds them). */
    leftCodes: { type: 'array', items: { type: 'object', properties: { scheme: str, value: str, entityId: str } } },
  },
} as const

/** The schemas above as TypeBox schemas of the presented types (typed routes take their handler types from them). */
export const EntryPageSchema = Type.Unsafe<{ total: number; page: number; pageSize: number; items: EntryJson[] }>(
  entryPageSchema,
)
export const EntryDetailSchema = Type.Unsafe<EntryDetailJson>(entryDetailSchema)
