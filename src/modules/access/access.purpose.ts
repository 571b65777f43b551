// The stated purpose of a read of personal or authorised-only data (查询用途): the one reader every route uses, and
// the rules its text follows. A purpose is the request body's `purpose` field (JSON or multipart), else the
// X-Purpose header, which carries percent-encoded UTF-8 (encodeURIComponent) or plain UTF-8 bytes. Whatever cannot
// be read as text is refused with a coded 400 that says how to send it; the decoded text is what the audit event
// keeps.
import { maskPersonalText } from '../../identifiers/index.js'
import { accessError } from './access.errors.js'

/** The shortest and longest purpose, in characters. */
export const PURPOSE_MIN_LENGTH = 2
export const PURPOSE_MAX_LENGTH = 200

// C0 and C1 controls and DEL (line breaks and tabs included), line and paragraph separators, and the bidirectional
// formatting characters that make stored text read differently from what it is.
const CONTROL = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/u

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * A purpose's text as it is kept: runs of whitespace made one space, trimmed, 2 to 200 characters, resident ID
 * numbers masked (a purpose is free text, stored with checks and audit events); undefined when blank. Control
 * characters are refused (400 access.purpose_undecodable), a wrong length too (400 access.purpose_invalid). Services
 * apply it to the purposes they receive; the readers below already did.
 */
export function cleanPurpose(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined
  if (CONTROL.test(text)) throw accessError('access.purpose_undecodable', { reason: 'control_char' })
  const purpose = text.replace(/\s+/g, ' ').trim()
  if (purpose === '') return undefined
  const length = [...purpose].length
  if (length < PURPOSE_MIN_LENGTH || length > PURPOSE_MAX_LENGTH)
    throw accessError('access.purpose_invalid', { length })
  return maskPersonalText(purpose)
}

/**
 * The text of an X-Purpose header. Node hands header bytes over as latin1 characters; they are taken back as bytes,
 * percent escapes are decoded into bytes, and the bytes must be UTF-8. A value that already holds characters beyond
 * latin1 (a caller inside the process) is taken as text. A `%` not followed by two hexadecimal digits, or bytes that
 * are not UTF-8, are refused.
 */
export function decodePurposeHeader(value: string): string {
  const wire = /[\u0100-\uffff]/.test(value) ? Buffer.from(value, 'utf8') : Buffer.from(value, 'latin1')
  const bytes = Buffer.alloc(wire.length)
  let n = 0
  for (let i = 0; i < wire.length; i++) {
    const b = wire[i] as number
    if (b !== 0x25) {
      bytes[n++] = b
      continue
    }
    const hex = wire.subarray(i + 1, i + 3).toString('latin1')
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw accessError('access.purpose_undecodable', { reason: 'percent_escape' })
    bytes[n++] = Number.parseInt(hex, 16)
    i += 2
  }
  try {
    return utf8.decode(bytes.subarray(0, n))
  } catch {
    throw accessError('access.purpose_undecodable', { reason: 'utf8' })
  }
}

/**
 * The purpose a request states, or undefined when it states none: the body's `purpose` (when a non-blank string),
 * else the X-Purpose header (decoded). Undecodable text, control characters and a wrong length are refused (400).
 */
export function statedPurpose(headers: Record<string, unknown>, body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const p = (body as Record<string, unknown>).purpose
    if (typeof p === 'string' && p.trim() !== '') return cleanPurpose(p)
  }
  let raw: unknown = headers['x-purpose']
  if (Array.isArray(raw)) raw = raw[0]
  if (typeof raw !== 'string' || raw.trim() === '') return undefined
  return cleanPurpose(decodePurposeHeader(raw))
}

/** As statedPurpose, for reads that always need a purpose: none is 400 access.purpose_required. */
export function readPurpose(headers: Record<string, unknown>, body: unknown): string {
  const purpose = statedPurpose(headers, body)
  if (purpose === undefined) throw accessError('access.purpose_required')
  return purpose
}
