// The Node entry of the report verifier: a file on disk and a keys document (a file, or the caller's own keys).
import { readFile } from 'node:fs/promises'
import type { PublishedKeys, ReportVerdict } from '../report.document.js'
import { verifyReportPdf } from './verify.core.js'

/** Verifies the report PDF at `path` against the published keys. */
export async function verifyReportPdfFile(path: string, keys: PublishedKeys): Promise<ReportVerdict> {
  const bytes = await readFile(path)
  return verifyReportPdf(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), keys)
}
