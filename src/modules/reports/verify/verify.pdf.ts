// Reading a report PDF without Node: the file signature's byte ranges (found in the raw bytes), the attached files
// (EmbeddedFiles name tree) and the text of each page (through the fonts' ToUnicode maps). Runs in the browser.
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib'
import { PDF_SIGNATURE } from './verify.format.js'

// one UTF-16 unit per byte, so that string offsets are byte offsets (the WHATWG "latin1" label is windows-1252: a
// single-byte code too; it differs from ISO 8859-1 only in 0x80-0x9F, which no PDF keyword or number uses)
const byteText = new TextDecoder('latin1')
const latin1 = (bytes: Uint8Array): string => byteText.decode(bytes)

export interface FileSignature {
  /** /ByteRange [0 a b c]. */
  ranges: [number, number, number, number]
  /** The 64 signature bytes from the /Contents hex string at [a, b). */
  signature: Uint8Array
  keyId: string
}

export type SignatureProblem = { missing: true } | { missing: false; reason: string }

/**
 * Finds the last signature dictionary of the platform's handler in the raw bytes and checks its layout: the ranges
 * start at 0, cover every byte of the file but the gap [a, b), and the gap is exactly `<` 128 hex digits `>`.
 * (Whatever the bytes say is trusted only once the signature over them verifies.)
 */
export function readFileSignature(pdf: Uint8Array): FileSignature | SignatureProblem {
  const text = latin1(pdf)
  const at = text.lastIndexOf('/ByteRange')
  if (at < 0) return { missing: true }
  const start = text.lastIndexOf(' obj', at)
  const endAt = text.indexOf('endobj', at)
  const dict = text.slice(Math.max(start, 0), endAt < 0 ? text.length : endAt)
  if (!new RegExp(`/Filter\\s*/${PDF_SIGNATURE.filter.replace('.', '\\.')}[\\s/>]`).test(dict)) return { missing: true }
  const m = /^\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/.exec(text.slice(at))
  if (!m) return { missing: false, reason: '签名字典的 /ByteRange 格式不正确' }
  const ranges = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number]
  const [zero, a, b, c] = ranges
  const hexLength = PDF_SIGNATURE.signatureBytes * 2
  if (zero !== 0 || b !== a + hexLength + 2 || b + c !== pdf.length)
    return { missing: false, reason: '签名的字节范围没有覆盖整个文件（文件被截断、追加或改动过）' }
  const gap = text.slice(a, b)
  if (!new RegExp(`^<[0-9a-fA-F]{${hexLength}}>$`).test(gap))
    return { missing: false, reason: '签名值（/Contents）的位置或格式不正确' }
  const key = new RegExp(`/${PDF_SIGNATURE.keyIdEntry.replace('.', '\\.')}\\s*\\(([0-9a-f]{16})\\)`).exec(dict)
  if (!key) return { missing: false, reason: '签名字典缺少密钥编号' }
  return { ranges, signature: hexToBytes(gap.slice(1, -1)), keyId: key[1] as string }
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

const lookup = (doc: PDFDocument, o: PDFObject | undefined): PDFObject | undefined =>
  o instanceof PDFRef ? doc.context.lookup(o) : o

function streamBytes(o: PDFObject | undefined): Uint8Array | null {
  if (o instanceof PDFRawStream) return decodePDFRawStream(o).decode()
  if (o instanceof PDFStream) return o.getContents()
  return null
}

function textOf(o: PDFObject | undefined): string | null {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null
}

/** The attached files by name (the document's EmbeddedFiles name tree, Kids followed). */
export function readAttachments(doc: PDFDocument): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  const names = lookup(doc, doc.catalog.get(PDFName.of('Names')))
  const root = names instanceof PDFDict ? lookup(doc, names.get(PDFName.of('EmbeddedFiles'))) : undefined
  const walk = (node: PDFObject | undefined, depth: number) => {
    if (!(node instanceof PDFDict) || depth > 16) return
    const pairs = lookup(doc, node.get(PDFName.of('Names')))
    if (pairs instanceof PDFArray)
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        const name = textOf(lookup(doc, pairs.get(i)))
        const spec = lookup(doc, pairs.get(i + 1))
        if (name === null || !(spec instanceof PDFDict) || out.has(name)) continue
        const ef = lookup(doc, spec.get(PDFName.of('EF')))
        const data = ef instanceof PDFDict ? streamBytes(lookup(doc, ef.get(PDFName.of('F')))) : null
        if (data) out.set(name, data)
      }
    const kids = lookup(doc, node.get(PDFName.of('Kids')))
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(lookup(doc, kids.get(i)), depth + 1)
  }
  walk(root, 0)
  return out
}

/** A ToUnicode CMap's 2-byte codes -> text (bfchar and bfrange, both forms). */
function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  const utf16 = (hex: string) => {
    const h = hex.replace(/\s+/g, '')
    const units: number[] = []
    for (let i = 0; i + 4 <= h.length; i += 4) units.push(Number.parseInt(h.slice(i, i + 4), 16))
    return String.fromCharCode(...units)
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of (block[1] as string).matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]*)>/g))
      map.set(Number.parseInt(m[1] as string, 16), utf16(m[2] as string))
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of (block[1] as string).matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F\s]*)>|\[([^\]]*)\])/g,
    )) {
      const lo = Number.parseInt(m[1] as string, 16)
      const hi = Number.parseInt(m[2] as string, 16)
      if (m[4] !== undefined) {
        const items = [...(m[4] as string).matchAll(/<([0-9a-fA-F\s]*)>/g)]
        for (let c = lo; c <= hi && c - lo < items.length; c++) map.set(c, utf16(items[c - lo]?.[1] as string))
      } else {
        const base = utf16(m[3] as string)
        const last = base.charCodeAt(base.length - 1)
        for (let c = lo; c <= hi && c - lo < 0x10000; c++)
          map.set(c, base.slice(0, -1) + String.fromCharCode(last + c - lo))
      }
    }
  return map
}

/**
 * The text each page shows, in content-stream order: the hex strings of its Tj/TJ operators (two-byte codes of the
 * Identity-H fonts the report uses) mapped through the current font's ToUnicode CMap. Enough for the report's own
 * files (the header line), not a general text extractor.
 */
export function readPageTexts(doc: PDFDocument): string[] {
  return doc.getPages().map((page) => {
    const fonts = new Map<string, Map<number, string>>()
    const resources = page.node.Resources()
    const fontDict = resources ? lookup(doc, resources.get(PDFName.of('Font'))) : undefined
    if (fontDict instanceof PDFDict)
      for (const [name, ref] of fontDict.entries()) {
        const font = lookup(doc, ref)
        const cmap = font instanceof PDFDict ? streamBytes(lookup(doc, font.get(PDFName.of('ToUnicode')))) : null
        fonts.set(name.decodeText(), cmap ? parseToUnicode(latin1(cmap)) : new Map())
      }
    const contents = lookup(doc, page.node.get(PDFName.of('Contents')))
    const parts: Uint8Array[] = []
    if (contents instanceof PDFArray)
      for (let i = 0; i < contents.size(); i++) {
        const s = streamBytes(lookup(doc, contents.get(i)))
        if (s) parts.push(s)
      }
    else {
      const s = streamBytes(contents)
      if (s) parts.push(s)
    }
    const ops = parts.map(latin1).join('\n')
    let current = new Map<number, string>()
    let text = ''
    for (const m of ops.matchAll(/\/([^\s/[\]<>()]+)\s+[-\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj/g)) {
      if (m[1] !== undefined) {
        current = fonts.get(m[1]) ?? new Map()
        continue
      }
      const hexes = m[2] !== undefined ? [...m[2].matchAll(/<([0-9a-fA-F\s]*)>/g)].map((h) => h[1] as string) : [m[3]]
      for (const hex of hexes) {
        const h = (hex ?? '').replace(/\s+/g, '')
        for (let i = 0; i + 4 <= h.length; i += 4) text += current.get(Number.parseInt(h.slice(i, i + 4), 16)) ?? ''
      }
      text += '\n'
    }
    return text
  })
}
