import { execFileSync } from 'node:child_process'
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadKeys, rotateSigningKey } from '../../src/core/keys.js'
import { checkpointText, keyIdOf, publishedKeys } from '../../src/modules/audit/index.js'
import {
  type PublishedKeys,
  type RenderInput,
  type ReportVerdict,
  renderReportPdf,
  verifyReportPdf,
} from '../../src/modules/reports/index.js'
import { rootFromInclusion } from '../../src/modules/reports/verify/index.js'
import { runGongxin } from '../support/cli.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { issueProof, realBundle, sha256Hex, signDocument } from './bundle.js'

const verify = (pdf: Buffer, keys: PublishedKeys): Promise<ReportVerdict> => verifyReportPdf(new Uint8Array(pdf), keys)
const codeOf = async (pdf: Buffer, keys: PublishedKeys) => {
  const v = await verify(pdf, keys)
  return v.ok ? 'ok' : v.code
}

function otherKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub, id: keyIdOf(pub) }
}

/** The byte offset of the first stream of the object whose dictionary contains `marker`. */
function streamOf(pdf: Buffer, marker: string): number {
  const at = pdf.indexOf(marker)
  expect(at).toBeGreaterThan(0)
  return pdf.indexOf('stream\n', at) + 'stream\n'.length
}

const flip = (pdf: Buffer, at: number) => {
  const out = Buffer.from(pdf)
  out[at] = (out[at] as number) ^ 0x01
  return out
}

describeEachDialect('report PDF: render, sign, verify offline', (dialect) => {
  let ctx: TestContext
  let dir: string
  let bundle: RenderInput
  let pdf: Buffer
  let keys: PublishedKeys

  beforeAll(async () => {
    ctx = await testContext(dialect)
    dir = mkdtempSync(join(tmpdir(), 'gongxin-report-pdf-'))
    bundle = await realBundle(ctx, { records: 20 })
    pdf = await renderReportPdf(bundle)
    keys = publishedKeys(ctx)
    writeFileSync(join(dir, 'report.pdf'), pdf)
  }, 60_000)
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await ctx.close()
  })

  it('a real bundle verifies: number, time, key, and the log inclusion at the checkpoint size', async () => {
    expect(await verify(pdf, keys)).toEqual({
      ok: true,
      number: bundle.document.number,
      issuedAt: bundle.document.issuedAt,
      keyId: bundle.signature.keyId,
      logIncluded: true,
      treeSize: bundle.proof.checkpoint.size,
    })
    expect(bundle.proof.size).toBe(bundle.proof.checkpoint.size)
    expect(bundle.proof.event.action).toBe('report.issue')
  })

  it('is deterministic and small: the same input gives the same bytes; a 20-record overview is under 300 KB', async () => {
    const again = await renderReportPdf(bundle)
    expect(again.equals(pdf)).toBe(true)
    expect(pdf.length).toBeLessThan(300 * 1024)
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7')
  })

  it('embeds report.json byte for byte, the signature and the proof as attachments', () => {
    const out = join(dir, 'detached')
    mkdirSync(out)
    const list = execFileSync('pdfdetach', ['-list', join(dir, 'report.pdf')]).toString()
    expect(list).toMatch(/3 embedded files/)
    for (const name of ['report.json', 'report.sig.json', 'report.proof.json']) expect(list).toContain(name)
    execFileSync('pdfdetach', ['-saveall', '-o', out, join(dir, 'report.pdf')])
    expect(readFileSync(join(out, 'report.json')).equals(bundle.canonical)).toBe(true)
    expect(JSON.parse(readFileSync(join(out, 'report.sig.json'), 'utf8'))).toEqual(bundle.signature)
    expect(JSON.parse(readFileSync(join(out, 'report.proof.json'), 'utf8'))).toEqual(bundle.proof)
  })

  it('pages: text present in Chinese (no tofu), page numbers, the table continued with its header, fonts embedded as subsets', () => {
    const file = join(dir, 'report.pdf')
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1])
    expect(pages).toBeGreaterThanOrEqual(3)
    // in content order (-raw), white space dropped (the watermark and the columns interleave in layout mode)
    const text = execFileSync('pdftotext', ['-raw', file, '-'])
      .toString()
      .replace(/[ \t\r\n]+/g, '')
    const perPage = text.split('\f')
    expect(perPage[0]).toContain('杭州西溪云栖数字科技有限公司')
    expect(perPage[0]).toContain('第1页/共')
    expect(perPage[0]).toContain('统一社会信用代码')
    for (let i = 0; i < pages; i++) {
      expect(perPage[i]).toContain(`第${i + 1}页/共${pages}页`)
      expect(perPage[i]).toContain(`报告编号：${bundle.document.number}`)
      expect(perPage[i]).toContain('浙江省公共信用信息平台')
    }
    expect(text).toContain('行政处罚（共20条）（续）')
    // the header row is repeated on the page the table continues on
    const cont = perPage.find((p) => p.includes('（续）')) as string
    expect(cont).toContain('决定书文号违法行为类型处罚依据')
    // every row of the penalty table is there once, never cut between pages
    for (let i = 0; i < 20; i++) expect(text.split(`杭市监罚〔2025〕${1000 + i * 37}`).length - 1).toBe(1)
    expect(text).toContain('注1：该记录已于2025年11月完成信用修复')
    expect(text).toContain(bundle.document.keyId)
    expect(text).toContain(bundle.document.verify.code)
    // no replacement or missing glyphs: every Chinese character of the subject name and the footnote came through
    expect(text).not.toMatch(/\uFFFD/)
    const fonts = execFileSync('pdffonts', [file]).toString().split('\n').slice(2).filter(Boolean)
    expect(fonts.length).toBeGreaterThanOrEqual(2)
    for (const f of fonts) {
      expect(f).toMatch(/^[A-Z]{6}\+NotoSansCJKsc-(Regular|Bold)\s/)
      expect(f).toMatch(/Identity-H\s+yes\s+yes\s+yes/) // embedded, subset, ToUnicode
    }
  })

  it('renders as images: the first page is mostly white with dark text, the QR code in its corner', () => {
    execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', join(dir, 'report.pdf'), join(dir, 'page')])
    const pgm = readFileSync(join(dir, 'page-1.pgm'))
    // binary PGM: "P5\n<w> <h>\n255\n" then one byte a pixel
    const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 32).toString('latin1'))
    expect(m).not.toBeNull()
    const [w, h] = [Number(m?.[1]), Number(m?.[2])]
    const pixels = pgm.subarray(pgm.length - w * h)
    const dark = pixels.filter((p) => p < 96).length / pixels.length
    expect(dark).toBeGreaterThan(0.005)
    expect(dark).toBeLessThan(0.25)
    // the QR code: the top right block (right of the subject table) is much darker than the page
    let qrDark = 0
    let qrAll = 0
    for (let y = Math.floor(h * 0.14); y < Math.floor(h * 0.26); y++)
      for (let x = Math.floor(w * 0.75); x < Math.floor(w * 0.9); x++) {
        qrAll++
        if ((pixels[y * w + x] as number) < 96) qrDark++
      }
    expect(qrDark / qrAll).toBeGreaterThan(0.25)
  })

  it('changing any byte outside the signature value fails the file signature', async () => {
    // one byte of the first stream (page content or font), and of a dictionary
    const firstStream = pdf.indexOf('stream\n') + 'stream\n'.length
    expect(await codeOf(flip(pdf, firstStream + 5), keys)).toBe('pdf_signature_invalid')
    expect(await codeOf(flip(pdf, pdf.indexOf('/MediaBox') + 3), keys)).toBe('pdf_signature_invalid')
    // one byte of the embedded report.json (its compressed stream)
    const jsonAt = streamOf(pdf, '/Type /EmbeddedFile')
    expect(await codeOf(flip(pdf, jsonAt + 10), keys)).toBe('pdf_signature_invalid')
    // the byte ranges themselves, the header, the trailer, an appended update
    const br = pdf.indexOf('/ByteRange [0 ') + '/ByteRange [0 '.length
    expect(await codeOf(flip(pdf, br), keys)).toBe('pdf_signature_invalid')
    expect(await codeOf(flip(pdf, 3), keys)).not.toBe('ok')
    expect(await codeOf(flip(pdf, pdf.length - 3), keys)).toBe('pdf_signature_invalid')
    expect(await codeOf(Buffer.concat([pdf, Buffer.from('\n% appended\n')]), keys)).toBe('pdf_signature_invalid')
    expect(await codeOf(pdf.subarray(0, pdf.length - 1), keys)).toBe('pdf_signature_invalid')
    expect(await codeOf(Buffer.from('not a pdf'), keys)).toBe('pdf_unreadable')
  })

  it('a swapped file signature (another report of the same key) fails', async () => {
    const other = await renderReportPdf(await realBundle(ctx, { records: 3, number: 'XYBG-20260601-000999' }))
    const sigOf = (b: Buffer) => {
      const at = b.indexOf('/Contents <') + '/Contents <'.length
      return { at, hex: b.subarray(at, at + 128) }
    }
    const swapped = Buffer.from(pdf)
    sigOf(other).hex.copy(swapped, sigOf(pdf).at)
    expect(await codeOf(swapped, keys)).toBe('pdf_signature_invalid')
    expect(await codeOf(other, keys)).toBe('ok')
  })

  it('a file signed by a key that is not published fails with its own reason', async () => {
    const stranger = otherKey()
    const v = await verify(await renderReportPdf({ ...bundle, signingPrivateKeyPem: stranger.pem }), keys)
    expect(v).toMatchObject({ ok: false, code: 'pdf_key_unknown' })
    expect(!v.ok && v.reason).toContain(stranger.id)
    expect(await codeOf(pdf, { keys: [] })).toBe('pdf_key_unknown')
    expect(await codeOf(pdf, { nope: 1 } as unknown as PublishedKeys)).toBe('keys_invalid')
  })

  it('the embedded JSON: one changed character, not canonical, a swapped or forged signature, an unknown key', async () => {
    const text = bundle.canonical.toString('utf8')
    const changed = Buffer.from(text.replace('杭州西溪云栖数字科技有限公司', '杭州西溪云栖数字科技有限分司'), 'utf8')
    expect(changed.equals(bundle.canonical)).toBe(false)
    // one character changed, the signature file left as it was
    expect(await codeOf(await renderReportPdf({ ...bundle, canonical: changed }), keys)).toBe('document_hash_mismatch')
    // ... and the hash in the signature file updated too: the signature itself no longer fits
    const rehashed = { ...bundle.signature, documentSha256: sha256Hex(changed) }
    expect(await codeOf(await renderReportPdf({ ...bundle, canonical: changed, signature: rehashed }), keys)).toBe(
      'document_signature_invalid',
    )
    // the same content, not in canonical form (pretty-printed)
    const pretty = Buffer.from(JSON.stringify(JSON.parse(text), null, 2), 'utf8')
    expect(
      await codeOf(
        await renderReportPdf({
          ...bundle,
          canonical: pretty,
          signature: { ...bundle.signature, documentSha256: sha256Hex(pretty) },
        }),
        keys,
      ),
    ).toBe('document_not_canonical')
    // the signature file of another report
    const other = signDocument(
      { ...bundle.document, number: 'XYBG-20260601-000777' },
      ctx.keys.signingPrivateKeyPem,
      bundle.signature.keyId,
    )
    expect(await codeOf(await renderReportPdf({ ...bundle, signature: other.signature }), keys)).toBe(
      'document_hash_mismatch',
    )
    // a signature value swapped in from another report
    expect(
      await codeOf(
        await renderReportPdf({ ...bundle, signature: { ...bundle.signature, signature: other.signature.signature } }),
        keys,
      ),
    ).toBe('document_signature_invalid')
    // the document signed by a key that is not published (the file itself by the platform)
    const stranger = otherKey()
    const foreign = signDocument({ ...bundle.document, keyId: stranger.id }, stranger.pem, stranger.id)
    const v = await verify(
      await renderReportPdf({ ...bundle, document: { ...bundle.document, keyId: stranger.id }, ...foreign }),
      keys,
    )
    expect(v).toMatchObject({ ok: false, code: 'document_key_unknown' })
    expect(!v.ok && v.reason).toContain(stranger.id)
  })

  it('the pages must show the number of the embedded document', async () => {
    const shown = { ...bundle.document, number: 'XYBG-20260601-000124' }
    expect(await codeOf(await renderReportPdf({ ...bundle, document: shown }), keys)).toBe('number_mismatch')
  })

  it('the proof: an edited event, another report’s event, a forged root, a checkpoint the log never signed', async () => {
    const p = bundle.proof
    const withProof = async (proof: typeof p) => codeOf(await renderReportPdf({ ...bundle, proof }), keys)
    // the event edited (its purpose), its chain hash kept
    expect(await withProof({ ...p, event: { ...p.event, purpose: '改过的用途' } })).toBe('proof_event_hash_mismatch')
    // a real, logged issue event of another document
    const other = await issueProof(ctx, {
      number: bundle.document.number,
      documentSha256: sha256Hex('another document'),
    })
    expect(await withProof(other)).toBe('proof_event_mismatch')
    // a root the log never had, with the real signature
    const forgedRoot = { ...p.checkpoint, root: sha256Hex('forged root') }
    expect(await withProof({ ...p, checkpoint: forgedRoot })).toBe('proof_inclusion_invalid')
    // a path that does not lead to the root
    if (p.path.length > 0)
      expect(await withProof({ ...p, path: [sha256Hex('x'), ...p.path.slice(1)] })).toBe('proof_inclusion_invalid')
    // a whole proof made up around the event: a path of invented hashes, the root it folds to, a checkpoint over
    // that root claiming the platform's key id (signed by another key), or naming another key
    const stranger = otherKey()
    const inventedPath = p.path.map((_, i) => sha256Hex(`invented ${i}`))
    const inventedRoot = rootFromInclusion(
      p.index,
      p.size,
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), Buffer.from(p.eventHash, 'hex')]))
        .digest(),
      inventedPath.map((h) => Buffer.from(h, 'hex')),
    )
    expect(inventedRoot).not.toBeNull()
    const forged = (keyId: string) => {
      const body = { ...p.checkpoint, root: Buffer.from(inventedRoot as Uint8Array).toString('hex'), keyId }
      return { ...body, signature: sign(null, Buffer.from(checkpointText(body)), stranger.pem).toString('base64') }
    }
    expect(await withProof({ ...p, path: inventedPath, checkpoint: forged(p.checkpoint.keyId) })).toBe(
      'checkpoint_signature_invalid',
    )
    expect(await withProof({ ...p, path: inventedPath, checkpoint: forged(stranger.id) })).toBe(
      'checkpoint_key_unknown',
    )
    expect(await withProof({ ...p, index: p.index + 1 })).toBe('proof_inclusion_invalid')
    expect(await withProof({ ...p, eventHash: 'zz' } as typeof p)).toBe('proof_malformed')
  })

  it('after a key rotation the report (and its checkpoint) still verify with the retired key; the CLI reads the local key file', async () => {
    const file = ctx.testDb.config.keysFile
    const before = readFileSync(file)
    try {
      rotateSigningKey(file, ctx.clock.now())
      const rotated = publishedKeys({ keys: loadKeys(file, { create: false }) })
      expect(rotated.keys.map((k) => k.status)).toEqual(['current', 'retired'])
      expect(rotated.keys[1]?.id).toBe(bundle.signature.keyId)
      expect(await verify(pdf, rotated)).toMatchObject({ ok: true, keyId: bundle.signature.keyId })

      // the CLI without --keys: this installation's key file (current and retired)
      const env = { GONGXIN_DB: ctx.testDb.config.db, GONGXIN_DATA_DIR: ctx.testDb.dir, GONGXIN_KEYS_FILE: file }
      const ok = await runGongxin(['report', 'verify', join(dir, 'report.pdf')], { env })
      expect(ok.stderr).toBe('')
      expect(ok.code).toBe(0)
      expect(JSON.parse(ok.stdout)).toEqual({
        ok: true,
        number: bundle.document.number,
        issuedAt: bundle.document.issuedAt,
        keyId: bundle.signature.keyId,
        logIncluded: true,
        treeSize: bundle.proof.checkpoint.size,
      })
      // with --keys: only the new key published -> the old report's key is unknown
      writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys: rotated.keys.slice(0, 1) }))
      const bad = await runGongxin(['report', 'verify', join(dir, 'report.pdf'), '--keys', join(dir, 'keys.json')], {
        env,
      })
      expect(bad.code).toBe(1)
      const verdict = JSON.parse(bad.stdout)
      expect(verdict).toMatchObject({ ok: false, code: 'pdf_key_unknown' })
      expect(verdict.reason).toMatch(/密钥/)
      writeFileSync(join(dir, 'keys.json'), JSON.stringify(rotated))
      expect(
        (await runGongxin(['report', 'verify', join(dir, 'report.pdf'), '--keys', join(dir, 'keys.json')], { env }))
          .code,
      ).toBe(0)
      expect((await runGongxin(['report', 'verify', join(dir, 'missing.pdf')], { env })).code).toBe(2)
    } finally {
      writeFileSync(file, before)
    }
  }, 60_000)
})
