// Text decoding with encoding detection: UTF-8 (with or without BOM), GB18030 (a superset of GBK and GB2312) and
// UTF-16 with a BOM (Excel's "Unicode 文本"). Detection reads the bytes; a declared encoding only decides when the
// bytes cannot (pure ASCII so far), and a declaration the bytes contradict yields a warning.
import iconv from 'iconv-lite'
import type { DeclaredEncoding } from './types.js'

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'

/** How many bytes after the first non-ASCII byte are checked for UTF-8 validity. */
export const SNIFF_BYTES = 64 * 1024

type Verdict = 'ascii' | 'utf-8' | 'not-utf-8'

export interface Sniff {
  verdict: Verdict
  /** Non-ASCII bytes looked at: little evidence when small. */
  evidence: number
  /** UTF-8 lead bytes of three-byte sequences (E0-EF): Chinese text in UTF-8 is made of these. */
  threeByte: number
  /** Offset of the first non-ASCII byte (-1: none). */
  first: number
}

/** Classifies bytes: all ASCII, valid UTF-8 (a sequence cut at the end is fine), or not UTF-8. */
export function sniffUtf8(bytes: Uint8Array): Sniff {
  let first = -1
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) >= 0x80) {
      first = i
      break
    }
  }
  if (first < 0) return { verdict: 'ascii', evidence: 0, threeByte: 0, first }
  const window = bytes.subarray(first, first + SNIFF_BYTES)
  let evidence = 0
  let threeByte = 0
  for (let i = 0; i < window.length; i++) {
    const b = window[i] as number
    if (b >= 0x80) evidence++
    if (b >= 0xe0 && b <= 0xef) threeByte++
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(window, { stream: true })
    return { verdict: 'utf-8', evidence, threeByte, first }
  } catch {
    return { verdict: 'not-utf-8', evidence, threeByte, first }
  }
}

/** Below this many non-ASCII bytes the decoder waits for more text before deciding. */
const WEAK_EVIDENCE = 16

/**
 * The encoding the bytes point to. Valid UTF-8 without a single three-byte sequence is GBK text that happens to
 * be valid UTF-8 (two-byte GBK pairs such as 职位 D6B0 CEBB), unless UTF-8 was declared: Chinese in UTF-8 takes
 * three bytes per character. A declared GB18030 gives way only to at least two three-byte sequences.
 */
export function decideEncoding(s: Sniff, declared: DeclaredEncoding | undefined): TextEncoding {
  if (s.verdict === 'not-utf-8') return 'gb18030'
  if (s.verdict === 'ascii') return declared ?? 'utf-8'
  if (s.threeByte === 0 && declared !== 'utf-8') return 'gb18030'
  if (declared === 'gb18030' && s.threeByte < 2) return 'gb18030'
  return 'utf-8'
}

export function bomEncoding(b: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 }
  return null
}

const LABEL: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GBK/GB18030',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
}

interface Decoder {
  write(b: Buffer): string
  end(): string
}

/** Largest undecodable tail kept between chunks before it is decoded anyway. */
const MAX_CARRY = 8 * 1024 * 1024

/**
 * GB18030 without iconv-lite's streaming decoder, which drops the last character of a chunk when a four-byte
 * sequence for a character outside the BMP (𠀀, U+20000) is split across chunks: its output buffer is sized at
 * two bytes per input byte, and the carried bytes make the output longer (iconv-lite 0.7.3).
 * Instead each chunk is cut after its last byte in 0x00-0x2F (line feed, comma, quote, space ...), which in
 * GB18030 is always a whole character and never part of a multi-byte one, and the pieces are decoded on their own.
 */
class Gb18030Decoder implements Decoder {
  private carry: Buffer | null = null

  write(chunk: Buffer): string {
    const buf = this.carry === null ? chunk : Buffer.concat([this.carry, chunk])
    let k = buf.length - 1
    while (k >= 0 && (buf[k] as number) > 0x2f) k--
    if (k < 0 && buf.length <= MAX_CARRY) {
      this.carry = Buffer.from(buf)
      return ''
    }
    const cut = k < 0 ? buf.length : k + 1
    this.carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null
    return iconv.decode(buf.subarray(0, cut), 'gb18030')
  }

  end(): string {
    const rest = this.carry
    this.carry = null
    return rest === null ? '' : iconv.decode(rest, 'gb18030')
  }
}

function makeDecoder(enc: TextEncoding): Decoder {
  if (enc === 'gb18030') return new Gb18030Decoder()
  const d = new TextDecoder(enc) // BOM stripped by default
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() }
}

/**
 * A streaming decoder that settles on an encoding from the bytes. While every byte so far is ASCII it is undecided
 * (ASCII reads the same in every supported encoding); the first chunk with other bytes decides.
 */
export class AutoDecoder {
  private decoder: Decoder | null = null
  /** The encoding in use; the declared one (default UTF-8) while undecided. */
  encoding: TextEncoding
  /** Set when the bytes contradict the declared encoding. */
  warning: string | undefined
  /** True once a decoded chunk contained U+FFFD (invalid bytes); rows are then checked one by one. */
  sawReplacement = false
  private first = true
  /** Undecided bytes from the first non-ASCII byte on, kept until there is enough evidence. */
  private held: Buffer | null = null

  constructor(private readonly declared?: DeclaredEncoding) {
    this.encoding = declared ?? 'utf-8'
  }

  private settle(enc: TextEncoding): void {
    this.encoding = enc
    this.decoder = makeDecoder(enc)
    if (
      this.declared !== undefined &&
      this.declared !== enc &&
      !(enc.startsWith('utf-16') && this.declared === 'utf-8')
    ) {
      this.warning = `文件声明为 ${LABEL[this.declared]} 编码，但内容实为 ${LABEL[enc]}，已按 ${LABEL[enc]} 读取。`
    }
  }

  write(chunk: Buffer): string {
    let b = chunk
    if (this.held !== null) {
      b = Buffer.concat([this.held, b])
      this.held = null
    }
    if (this.first) {
      this.first = false
      const bom = bomEncoding(b)
      if (bom) this.settle(bom.encoding)
    }
    if (this.decoder === null) {
      const sniff = sniffUtf8(b)
      if (sniff.verdict === 'ascii') return b.toString('latin1')
      if (sniff.verdict === 'utf-8' && sniff.evidence < WEAK_EVIDENCE && b.length - sniff.first < SNIFF_BYTES) {
        // a few non-ASCII bytes at the end of a chunk: wait for more before deciding
        this.held = Buffer.from(b.subarray(sniff.first))
        return b.toString('latin1', 0, sniff.first)
      }
      this.settle(decideEncoding(sniff, this.declared))
    }
    const s = (this.decoder as Decoder).write(b)
    if (!this.sawReplacement && s.includes('\uFFFD')) this.sawReplacement = true
    return s
  }

  end(): string {
    let head = ''
    if (this.held !== null) {
      const held = this.held
      this.held = null
      this.settle(decideEncoding(sniffUtf8(held), this.declared))
      head = (this.decoder as Decoder).write(held)
    }
    const s = head + (this.decoder === null ? '' : this.decoder.end())
    if (!this.sawReplacement && s.includes('\uFFFD')) this.sawReplacement = true
    return s
  }
}
