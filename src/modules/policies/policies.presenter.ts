// Schemas shared by every versioned policy kind (TypeBox: validation, serialisation, OpenAPI and the handlers'
// types). Response objects name every property the answer carries and require none (fast-json-stringify drops the
// properties a schema does not name, and a missing required one would fail the answer).
import { type TProperties, type TSchema, Type } from '@sinclair/typebox'

/** `string | null`, written as JSON Schema's type list (OpenAPI: `nullable: true`). */
export const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] })

/** A string from a closed list (`{type: 'string', enum}`; typed as the union of its values). */
export const StringEnum = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })

/** Any JSON object (a definition whose properties belong to the kind, a record payload). */
export const OpenObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true })

/** A response object: every property named, none required. */
export const Shape = <T extends TProperties>(properties: T, options: { additionalProperties?: boolean } = {}) =>
  Type.Partial(Type.Object(properties, options))

/** `{ items: [...] }` of a list answer. */
export const ItemsOf = <T extends TSchema>(item: T) => Shape({ items: Type.Array(item) })

/** A policy code in an address: `^[a-z][a-z0-9_]{1,63}$`. */
export const CodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' }) })

/** The bookkeeping of one version (PolicyVersionInfo), in the order served. */
export const versionInfoProperties = {
  version: Type.Integer(),
  source: Type.String(),
  hash: Type.String(),
  isCurrent: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: NullableString,
  reason: NullableString,
}

/** One version's bookkeeping of a kind keyed by a code. */
export const CodeVersionInfo = Shape({ code: Type.String(), ...versionInfoProperties })

/** Query of one version: `?version=` (default: the current version). */
export const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) })

/** Query of a diff: `?from=&to=` (default: the current version and the one before). */
export const DiffQuery = Type.Object({
  from: Type.Optional(Type.Integer({ minimum: 1 })),
  to: Type.Optional(Type.Integer({ minimum: 1 })),
})

/** Body property of an operator's reason (2 to 500 characters when the schema checks its length). */
export function reasonSchema(checked: boolean) {
  return checked ? Type.String({ minLength: 2, maxLength: 500 }) : Type.String({ maxLength: 500 })
}
