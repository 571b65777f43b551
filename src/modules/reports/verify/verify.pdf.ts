// Reading a report PDF's structure without Node: the attached files (EmbeddedFiles name tree) and the text of each
// page (through the fonts' ToUnicode maps). Runs in the browser; loaded by the verifier only when it gets that far.
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
import { latin1 } from './verify.bytes.js'

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
