// Builds real report bundles for the PDF tests: a canonical document signed with the platform key, a `report.issue`
// audit event written in a command, a forced checkpoint and the event's inclusion proof, the stored event row.
import { createHash, sign } from 'node:crypto'
import canonicalize from 'canonicalize'
import { sampleReportDocument } from '../../bench/lib/report-sample.js'
import { systemActor } from '../../src/core/actor.js'
import { runCommand } from '../../src/core/command.js'
import type { Ctx } from '../../src/container.js'
import { auditCheckpoint, inclusionProof, recordAudit, signingKeyId } from '../../src/modules/audit/index.js'
import type {
  RenderInput,
  ReportDocument,
  ReportIssueEvent,
  ReportProof,
  ReportSignature,
} from '../../src/modules/reports/index.js'

export const sha256Hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex')

export function signDocument(doc: ReportDocument, privateKeyPem: string, keyId: string) {
  const canonical = Buffer.from(canonicalize(doc) as string, 'utf8')
  const signature: ReportSignature = {
    alg: 'Ed25519',
    keyId,
    documentSha256: sha256Hex(canonical),
    signature: sign(null, canonical, privateKeyPem).toString('base64'),
  }
  return { canonical, signature }
}

/** Writes the issue event for the document and returns its proof against a fresh signed checkpoint. */
export async function issueProof(ctx: Ctx, details: { number: string; documentSha256: string }): Promise<ReportProof> {
  const [id] = await runCommand(ctx, systemActor('report-test'), ({ trx, actor }) =>
    recordAudit(trx, ctx.clock, actor, {
      action: 'report.issue',
      targetType: 'report',
      targetId: details.number,
      details,
    }),
  )
  const checkpoint = await auditCheckpoint(ctx, { force: true })
  if (!checkpoint || !id) throw new Error('no checkpoint')
  const inc = await inclusionProof(ctx, id, checkpoint.size)
  const row = await ctx.db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const { hash: _hash, sealed: _sealed, ...stored } = row
  return {
    event: { ...stored, seq: Number(stored.seq) } as ReportIssueEvent,
    eventHash: inc.eventHash,
    index: inc.index,
    size: inc.size,
    path: inc.path,
    checkpoint,
  }
}

/** A complete, valid bundle for `records` penalty rows, signed with the platform's current key. */
export async function realBundle(ctx: Ctx, options: { records?: number; number?: string } = {}): Promise<RenderInput> {
  const keyId = signingKeyId(ctx)
  const document = sampleReportDocument({ ...options, keyId, issuedAt: ctx.clock.now().toISOString() })
  const { canonical, signature } = signDocument(document, ctx.keys.signingPrivateKeyPem, keyId)
  const proof = await issueProof(ctx, { number: document.number, documentSha256: signature.documentSha256 })
  return { document, canonical, signature, proof, signingPrivateKeyPem: ctx.keys.signingPrivateKeyPem }
}
