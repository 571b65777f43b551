// `npm run bench -- report`: credit report PDFs per second on one core (docs/report-format.md). Each report is the
// 公共信用信息概况 of an enterprise with BENCH_RECORDS (default 20) penalty records (bench/lib/report-sample.ts) and is
// made end to end in-process on SQLite: the document is built and canonicalised (JCS), hashed and signed (Ed25519);
// its `report.issue` audit event is written in a command; a checkpoint is signed (force) and the event's inclusion
// proof read with the stored event row; then the PDF is rendered (Noto CJK subsets, tables, QR code), the three
// attachments embedded and the file signed over its byte ranges. BENCH_REPORTS (default 200) reports after 10 of
// warm-up. Baseline, same run, interleaved with the reports in rounds of 10: building the same documents and
// producing their canonical JSON alone. Also printed:
// the PDF stage alone (render + embed + file signature), the proof stage alone, and the PDF's size and pages.
// The database lives in a temporary directory, over BENCH_EVENTS (default 10,000) earlier audit events.
// Prints one JSON line:
// {"bench":"report","records":20,"reports":N,"reportsPerSecond":R,"jsonPerSecond":J,"ratio":R/J,
//  "reportsPerCpuSecond":..,"jsonPerCpuSecond":..,"cpuRatio":..,"pdfOnlyPerSecond":P,"pdfMs":..,"proofMs":..,
//  "pdfBytes":B,"pages":n,"canonicalBytes":..,"treeSize":T}
import { createHash, sign } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import canonicalize from 'canonicalize'
import { systemActor } from '../src/core/actor.js'
import { systemClock } from '../src/core/clock.js'
import { runCommand } from '../src/core/command.js'
import { loadConfig } from '../src/core/config.js'
import { closeContext, type Ctx } from '../src/container.js'
import {
  auditCheckpoint,
  inclusionProof,
  recordAudit,
  recordAuditEntries,
  signingKeyId,
} from '../src/modules/audit/index.js'
import {
  type RenderInput,
  type ReportIssueEvent,
  type ReportProof,
  type ReportSignature,
  renderReportPdf,
} from '../src/modules/reports/index.js'
import { openMigratedContext } from '../src/setup.js'
import { sampleReportDocument } from './lib/report-sample.js'

const log = (s: string) => process.stderr.write(`${s}\n`)
const RECORDS = Number(process.env.BENCH_RECORDS ?? 20)
const REPORTS = Number(process.env.BENCH_REPORTS ?? 200)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000)
const WARMUP = 10
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d
const numberOf = (i: number) => `XYBG-20260601-${String(i).padStart(6, '0')}`

function document(ctx: Ctx, i: number) {
  const doc = sampleReportDocument({
    records: RECORDS,
    number: numberOf(i),
    keyId: signingKeyId(ctx),
    issuedAt: ctx.clock.now().toISOString(),
  })
  return { doc, canonical: Buffer.from(canonicalize(doc) as string, 'utf8') }
}

async function proofFor(ctx: Ctx, number: string, documentSha256: string): Promise<ReportProof> {
  const [id] = await runCommand(ctx, systemActor('bench'), ({ trx, actor }) =>
    recordAudit(trx, ctx.clock, actor, {
      action: 'report.issue',
      targetType: 'report',
      targetId: number,
      details: { number, documentSha256 },
    }),
  )
  const checkpoint = await auditCheckpoint(ctx, { force: true })
  if (!id || !checkpoint) throw new Error('no event or checkpoint')
  const inc = await inclusionProof(ctx, id, checkpoint.size)
  const row = await ctx.db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const { hash: _h, sealed: _s, ...event } = row
  return {
    event: { ...event, seq: Number(event.seq) } as ReportIssueEvent,
    eventHash: inc.eventHash,
    index: inc.index,
    size: inc.size,
    path: inc.path,
    checkpoint,
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-report-'))
  const config = loadConfig({ GONGXIN_DB: join(dir, 'bench.db'), GONGXIN_DATA_DIR: dir, GONGXIN_LOG_LEVEL: 'silent' })
  const ctx = await openMigratedContext(config, { clock: systemClock })
  try {
    const actor = systemActor('bench')
    for (let have = 0; have < EVENTS; have += 5000)
      await ctx.db.transaction().execute((trx) =>
        recordAuditEntries(
          trx,
          ctx.clock,
          Array.from({ length: Math.min(5000, EVENTS - have) }, (_, i) => ({
            actor,
            event: { action: 'bench.event', details: { i: have + i } },
          })),
        ),
      )
    await auditCheckpoint(ctx, { force: true })
    log(`audit log: ${EVENTS} earlier events`)

    let pdfMs = 0
    let proofMs = 0
    let last: Buffer = Buffer.alloc(0)
    let treeSize = 0
    const one = async (i: number) => {
      const { doc, canonical } = document(ctx, i)
      const documentSha256 = createHash('sha256').update(canonical).digest('hex')
      const signature: ReportSignature = {
        alg: 'Ed25519',
        keyId: doc.keyId,
        documentSha256,
        signature: sign(null, canonical, ctx.keys.signingPrivateKeyPem).toString('base64'),
      }
      const t0 = performance.now()
      const proof = await proofFor(ctx, doc.number, documentSha256)
      const t1 = performance.now()
      const input: RenderInput = {
        document: doc,
        canonical,
        signature,
        proof,
        signingPrivateKeyPem: ctx.keys.signingPrivateKeyPem,
      }
      last = await renderReportPdf(input)
      treeSize = proof.checkpoint.size
      proofMs += t1 - t0
      pdfMs += performance.now() - t1
    }
    for (let i = 0; i < WARMUP; i++) await one(i)
    for (let i = 0; i < 100; i++) document(ctx, i)
    pdfMs = 0
    proofMs = 0
    // interleaved rounds (10 reports, then the same 10 documents' canonical JSON 20 times over), so that a shared
    // machine's load falls on both sides alike
    let seconds = 0
    let jsonSeconds = 0
    let cpuSeconds = 0
    let jsonCpuSeconds = 0
    const cpu = () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1e6
    }
    let jsonCount = 0
    let bytes = 0
    for (let done = 0; done < REPORTS; done += 10) {
      const c0 = cpu()
      const t0 = performance.now()
      for (let i = done; i < Math.min(done + 10, REPORTS); i++) await one(WARMUP + i)
      const t1 = performance.now()
      const c1 = cpu()
      for (let rep = 0; rep < 20; rep++)
        for (let i = done; i < Math.min(done + 10, REPORTS); i++) {
          bytes += document(ctx, WARMUP + i).canonical.length
          jsonCount++
        }
      seconds += (t1 - t0) / 1000
      jsonSeconds += (performance.now() - t1) / 1000
      cpuSeconds += c1 - c0
      jsonCpuSeconds += cpu() - c1
    }
    log(`reports: ${REPORTS} in ${round(seconds, 1)} s`)

    const pages = (last.toString('latin1').match(/\/Type \/Page\n/g) ?? []).length
    const reportsPerSecond = REPORTS / seconds
    const jsonPerSecond = jsonCount / jsonSeconds
    process.stdout.write(
      `${JSON.stringify({
        bench: 'report',
        db: 'sqlite',
        records: RECORDS,
        reports: REPORTS,
        reportsPerSecond: round(reportsPerSecond, 1),
        jsonPerSecond: round(jsonPerSecond, 0),
        ratio: round(reportsPerSecond / jsonPerSecond, 5),
        // the same per second of this process's CPU time (one core; steadier than wall time on a shared machine)
        reportsPerCpuSecond: round(REPORTS / cpuSeconds, 1),
        jsonPerCpuSecond: round(jsonCount / jsonCpuSeconds, 0),
        cpuRatio: round(REPORTS / cpuSeconds / (jsonCount / jsonCpuSeconds), 5),
        pdfOnlyPerSecond: round(REPORTS / (pdfMs / 1000), 1),
        pdfMs: round(pdfMs / REPORTS, 1),
        proofMs: round(proofMs / REPORTS, 2),
        pdfBytes: last.length,
        pages,
        canonicalBytes: Math.round(bytes / jsonCount),
        treeSize,
      })}\n`,
    )
  } finally {
    await closeContext(ctx)
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
