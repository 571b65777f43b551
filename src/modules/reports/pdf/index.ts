// The report PDF: layout, embedded attachments and the signature over the file's bytes (docs/report-format.md).
import type { RenderInput } from '../report.document.js'

/** Renders and signs a report PDF that carries its canonical JSON, signature and log proof as attachments. */
export async function renderReportPdf(_input: RenderInput): Promise<Buffer> {
  throw new Error('renderReportPdf: the PDF renderer is not built yet')
}
