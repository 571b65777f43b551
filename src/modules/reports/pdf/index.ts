// The report PDF: layout, embedded attachments and the signature over the file's bytes (docs/report-format.md).
import canonicalize from 'canonicalize'
import { REPORT_ATTACHMENTS, type RenderInput } from '../report.document.js'
import { reportPdfError } from './pdf.errors.js'
import { addSignatureField, keyIdOfPrivateKey, signPdf } from './pdf.sign.js'

export { reportPdfError } from './pdf.errors.js'

/**
 * Renders and signs a report PDF that carries its canonical JSON, signature and log proof as attachments. The same
 * input gives the same bytes (the dates come from the document's issuedAt, Ed25519 is deterministic). The bundle is
 * embedded as given: whether it holds together is the verifier's question (the tests build broken ones on purpose).
 */
export async function renderReportPdf(input: RenderInput): Promise<Buffer> {
  const { document: doc, canonical } = input
  const issued = new Date(doc.issuedAt)
  if (Number.isNaN(issued.getTime()))
    throw reportPdfError('reports.pdf_bad_input', { reason: `issuedAt 不是有效时间（${doc.issuedAt}）` })

  // pdfkit and fontkit are loaded on the first report, so that importing the module (every CLI command) stays cheap
  const { drawClosing, drawOpening, drawPageFurniture, drawSections, newReportDocument } = await import(
    './pdf.layout.js'
  )
  const pdf = newReportDocument(doc)
  const chunks: Buffer[] = []
  pdf.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve)
    pdf.on('error', reject)
  })

  drawOpening(pdf, doc)
  drawSections(pdf, doc)
  drawClosing(pdf, doc)
  drawPageFurniture(pdf, doc)

  const json = (v: unknown) => Buffer.from(canonicalize(v) as string, 'utf8')
  const files: [string, Buffer, string][] = [
    [REPORT_ATTACHMENTS.document, canonical, '报告内容（RFC 8785 规范化 JSON）'],
    [REPORT_ATTACHMENTS.signature, json(input.signature), '报告内容的 Ed25519 签名'],
    [REPORT_ATTACHMENTS.proof, json(input.proof), '出具事件在审计日志中的包含证明与签名检查点'],
  ]
  for (const [name, data, description] of files)
    pdf.file(data, {
      name,
      type: 'application/json',
      description,
      creationDate: issued,
      modifiedDate: issued,
      relationship: 'Data',
    } as PDFKit.Mixins.PDFAttachmentOptions)

  pdf.switchToPage(0)
  pdf.initForm()
  const keyId = keyIdOfPrivateKey(input.signingPrivateKeyPem)
  addSignatureField(pdf, {
    keyId,
    time: issued,
    name: doc.issuer.name,
    reason: `${doc.title} ${doc.number}`,
    location: doc.issuer.url,
  })
  pdf.end()
  await ended
  return signPdf(Buffer.concat(chunks), input.signingPrivateKeyPem, keyId)
}
