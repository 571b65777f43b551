// What an evidence file is: its type found in its content (magic bytes, by the file-type library; never its name),
// and its name as stored and shown.
import { fileTypeFromBuffer } from 'file-type'

/** The types an evidence file may have, with the extensions their names may carry (the first one is added). */
export const FILE_TYPES = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
} as const

export type FileMime = keyof typeof FILE_TYPES

export const FILE_MIMES = Object.keys(FILE_TYPES) as FileMime[]

/** The longest name kept, in characters (a longer one keeps its start and its extension). */
export const NAME_MAX = 120

export type Detected = { ok: true; mime: FileMime } | { ok: false; detected: string | null }

/** The type of the content: one of FILE_TYPES, or what it is instead (null: nothing known, e.g. text). */
export async function detectType(bytes: Uint8Array): Promise<Detected> {
  const found = bytes.length === 0 ? undefined : await fileTypeFromBuffer(bytes)
  if (found && found.mime in FILE_TYPES) return { ok: true, mime: found.mime as FileMime }
  return { ok: false, detected: found ? `${found.ext.toUpperCase()}（${found.mime}）` : null }
}

/**
 * The uploaded name as stored (before ID numbers are masked): the last path segment only, white space collapsed to
 * single spaces, other control and format characters (bidirectional overrides, zero-width characters) removed, at
 * most NAME_MAX characters; when its extension is not one of the type's, the type's own is added (`scan.pdf` holding a PNG is
 * `scan.pdf.png`), so that a download opens as what it is.
 */
export function cleanFileName(raw: string, mime: FileMime): string {
  const last = raw.split(/[/\\]/).pop() ?? ''
  let name = last
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .trim()
    .replace(/[. ]+$/, '')
  const extensions: readonly string[] = FILE_TYPES[mime].extensions
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
  if (!extensions.includes(ext)) name = `${name || 'file'}.${extensions[0]}`
  const chars = [...name]
  if (chars.length > NAME_MAX) {
    const tail = [...name.slice(name.lastIndexOf('.'))]
    name = chars.slice(0, NAME_MAX - tail.length).join('') + tail.join('')
  }
  return name
}

/**
 * Content-Disposition of a download (RFC 6266 with the RFC 5987 `filename*` in UTF-8): always an attachment, with an
 * ASCII `filename` for old clients (non-ASCII characters and quotes as `_`).
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
