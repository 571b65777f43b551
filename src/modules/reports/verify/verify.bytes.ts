// The report PDF's file signature read from the raw bytes (no PDF parser needed). Runs in the browser.
import { PDF_SIGNATURE } from './verify.format.js'

// one UTF-16 unit per byte, so that string offsets are byte offsets (the WHATWG "latin1" label is windows-1252: a
// single-byte code too; it differs from ISO 8859-1 only in 0x80-0x9F, which no PDF keyword or number uses)
const byteText = new TextDecoder('latin1')
export const latin1 = (bytes: Uint8Array): string => byteText.decode(bytes)

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
