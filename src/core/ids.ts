import { v7 } from 'uuid'

// Random bytes drawn in blocks: one getRandomValues call per 256 ids instead of one per id.
const POOL_IDS = 256
let pool = new Uint8Array(0)
let offset = 0

/** Opaque, time-ordered ids (UUIDv7) for entities, records and everything that leaves the server. */
export function newId(): string {
  if (offset + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(16 * POOL_IDS))
    offset = 0
  }
  const random = pool.subarray(offset, offset + 16)
  offset += 16
  return v7({ random })
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function isId(s: string): boolean {
  return UUID_RE.test(s)
}
