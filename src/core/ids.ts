import { v7 } from 'uuid'

/** Opaque, time-ordered ids (UUIDv7) for entities, records and everything that leaves the server. */
export function newId(): string {
  return v7()
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function isId(s: string): boolean {
  return UUID_RE.test(s)
}
