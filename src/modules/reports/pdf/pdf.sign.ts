import { createHash, createPublicKey, sign } from 'node:crypto'
import type PDFDocument from 'pdfkit'
import { keyIdOf } from '../../audit/index.js'
import { PDF_SIGNATURE, pdfSignedText } from '../verify/verify.format.js'

// The signature over the PDF file itself (docs/report-format.md, "The file signature"): a signature dictionary with
// /ByteRange [0 a b c] and a /Contents placeholder; Ed25519 over a short text naming the SHA-256 of every byte of the
// file except the placeholder. Written once the whole file is known (the ranges depend on its length).

/** Printed where the ranges go, replaced by `[0 a b c]` padded with spaces to the same length. */
const BYTE_RANGE_PLACEHOLDER = '[0 ********** ********** **********]'

/** A value pdfkit writes as is (its serialiser prints anything that is not an object literal with toString). */
class Verbatim {
  constructor(readonly text: string) {}
  get [Symbol.toStringTag](): string {
    return 'Verbatim'
  }
  toString(): string {
    return this.text
  }
}

interface PdfRef {
  data: Record<string, unknown>
  end(chunk?: unknown): void
}
/** pdfkit's internals the signature field needs (no public API for a signature field). */
interface PdfInternals {
  ref(data: Record<string, unknown>): PdfRef
  _root: { data: { AcroForm?: PdfRef } }
  page: { dictionary: PdfRef; annotations: unknown[] }
}

/** The key id of the key pair a private key (PKCS#8 PEM) belongs to. */
export function keyIdOfPrivateKey(privateKeyPem: string): string {
  return keyIdOf(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString())
}

/**
 * Adds the signature dictionary (with its placeholders), an invisible signature field on the current page and the
 * form that lists it. Call once, on the first page, after `initForm()`, before `end()`.
 */
export function addSignatureField(
  doc: InstanceType<typeof PDFDocument>,
  sig: { keyId: string; time: Date; name: string; reason: string; location: string },
): void {
  const d = doc as unknown as PdfInternals
  const value = d.ref({
    Type: 'Sig',
    Filter: PDF_SIGNATURE.filter,
    SubFilter: PDF_SIGNATURE.subFilter,
    'Gongxin.KeyId': new String(sig.keyId),
    Name: new String(sig.name),
    Reason: new String(sig.reason),
    Location: new String(sig.location),
    M: sig.time,
    ByteRange: new Verbatim(BYTE_RANGE_PLACEHOLDER),
    Contents: new Uint8Array(PDF_SIGNATURE.signatureBytes),
  })
  value.end()
  const field = d.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: new String('GongxinReportSignature'),
    V: value,
    F: 132,
    Rect: [0, 0, 0, 0],
    P: d.page.dictionary,
  })
  field.end()
  d.page.annotations.push(field)
  const form = d._root.data.AcroForm
  if (!form) throw new Error('addSignatureField: call initForm() first')
  delete form.data.NeedAppearances
  ;(form.data.Fields as unknown[]).push(field)
  form.data.SigFlags = 3
}

/** Fills in the byte ranges and the signature of a finished file (which carries exactly one placeholder). */
export function signPdf(pdf: Buffer, privateKeyPem: string, keyId: string): Buffer {
  const text = pdf.toString('latin1')
  const at = text.indexOf(BYTE_RANGE_PLACEHOLDER)
  if (at < 0 || text.indexOf(BYTE_RANGE_PLACEHOLDER, at + 1) >= 0)
    throw new Error('signPdf: expected exactly one signature placeholder')
  const contents = text.indexOf('/Contents <', at)
  if (contents < 0) throw new Error('signPdf: no /Contents after /ByteRange')
  const a = contents + '/Contents '.length
  const b = a + 2 + PDF_SIGNATURE.signatureBytes * 2
  if (pdf[b - 1] !== 0x3e) throw new Error('signPdf: the /Contents placeholder has an unexpected length')
  const c = pdf.length - b
  const ranges = `[0 ${a} ${b} ${c}`
  const out = Buffer.from(pdf)
  out.write(`${ranges}${' '.repeat(BYTE_RANGE_PLACEHOLDER.length - ranges.length - 1)}]`, at, 'latin1')
  const digest = createHash('sha256').update(out.subarray(0, a)).update(out.subarray(b)).digest('hex')
  const signature = sign(null, Buffer.from(pdfSignedText(digest, keyId), 'utf8'), privateKeyPem)
  out.write(signature.toString('hex'), a + 1, 'latin1')
  return out
}
