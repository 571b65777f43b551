// Response shapes shared by every versioned policy kind (JSON Schema: serialisation and OpenAPI).
import { policyVersionProperties } from '../../core/versioned-policy.js'

/** One version's bookkeeping, with the key property of the kind (`code`, `year`) first when it has one. */
export function versionInfoSchema(key: 'code' | 'year' | null) {
  const keyProp = key === 'year' ? { year: { type: 'integer' } } : key === 'code' ? { code: { type: 'string' } } : {}
  return { type: 'object', properties: { ...keyProp, ...policyVersionProperties } } as const
}

/** `{ items: [...] }` of a list route. */
export function itemsSchema(item: object) {
  return { type: 'object', properties: { items: { type: 'array', items: item } } } as const
}

/** A definition served as it is (its properties belong to the kind). */
export const anyObject = { type: 'object', additionalProperties: true } as const

/** Body property of an operator's reason (2 to 500 characters when required). */
export function reasonSchema(required: boolean) {
  return required
    ? ({ type: 'string', minLength: 2, maxLength: 500 } as const)
    : ({ type: 'string', maxLength: 500 } as const)
}
