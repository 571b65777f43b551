import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Static, type TProperties, type TSchema, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'

// Routes declare their input and output once, as TypeBox schemas: fastify validates the input and serialises the
// output with them, the OpenAPI document shows them, and the handler's types come from them (no second declaration).
// A response schema lists every field the answer carries: fast-json-stringify drops a field the schema does not name
// (an open-ended object says `additionalProperties: true`).

/** The app with TypeBox as its type provider: `typed(app).get(url, { schema }, handler)` types req and the reply. */
export type TypedApp = ReturnType<typeof typed>

export function typed(app: FastifyInstance) {
  return app.withTypeProvider<TypeBoxTypeProvider>()
}

/** `T | null`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** Any JSON object (its fields are described elsewhere, e.g. a catalog class's own field list). */
export const AnyObject = Type.Object({}, { additionalProperties: true })

/** The body of every error answer: `{"error":{"code","message","details"}}` (src/http/error-handler.ts). */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Object({}, { additionalProperties: true }),
  }),
})

/** `{"items":[...]}`, the shape of every list answer. */
export const Items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) })

/**
 * A string or null written as `{"type":["string","null"]}` (the form the older response schemas used; `Nullable`
 * writes `anyOf`): same validation and serialisation, and the OpenAPI document keeps its form.
 */
export const StringOrNull = (options: Record<string, unknown> = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...options })

/** One of the strings, written as `{"type":"string","enum":[...]}` (TypeBox's own union writes `anyOf`). */
export const StringEnum = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })

/** A number or null written as `{"type":["number","null"]}` (see StringOrNull). */
export const NumberOrNull = (options: Record<string, unknown> = {}) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], ...options })

/**
 * An object of the named fields, none of them marked required: `{"type":"object","properties":{...}}`, the form of
 * the older response schemas (the OpenAPI document keeps it). As a response schema it is the whitelist: exactly the
 * fields named are sent, each with its own schema.
 */
export const Fields = <T extends TProperties>(properties: T) => Type.Partial(Type.Object(properties))

/** Fields(properties) or null, written as `{"type":["object","null"],"properties":{...}}`. */
export const FieldsOrNull = <T extends TProperties>(properties: T) =>
  Type.Unsafe<Static<ReturnType<typeof Fields<T>>> | null>({ type: ['object', 'null'], properties })
