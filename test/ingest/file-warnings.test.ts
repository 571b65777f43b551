import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { batchIssues, importFile, parseDeclaredEncoding, writeErrorReport } from '../../src/flows/ingest/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { actor, csvOf, penaltyRow, seedDepartments } from './helpers.js'

describeEachDialect('ingest: warnings about the file as a whole', (dialect) => {
  let ctx: TestContext
  let dir: string
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    dir = mkdtempSync(join(tmpdir(), 'gongxin-file-warnings-'))
  })
  afterAll(async () => {
    await ctx.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a GBK file declared as UTF-8 is read as GBK; the batch keeps one row-0 warning and the rows are stored', async () => {
    const path = join(dir, 'penalties-gbk.csv')
    writeFileSync(
      path,
      iconv.encode(
        csvOf([penaltyRow({ CF_WSH: '津市监罚〔2026〕101号' }), penaltyRow({ CF_WSH: '津市监罚〔2026〕102号' })]),
        'gbk',
      ),
    )
    const r = await importFile(ctx, actor, { path, classCode: 'admin_penalty', dept: 'tj-scjg', encoding: 'utf-8' })
    expect(r.accepted).toBe(2)
    expect(r.rejected).toBe(0)
    const issues = await batchIssues(ctx.db, r.batchId as string)
    const file = issues.filter((i) => i.rowNo === 0)
    expect(file).toEqual([
      {
        rowNo: 0,
        level: 'warning',
        field: null,
        code: 'ingest.encoding_overruled',
        message: '文件声明为 UTF-8 编码，但内容实为 GBK/GB18030，已按 GBK/GB18030 读取。',
        value: null,
      },
    ])
    // the report names the file, not a row
    const chunks: Buffer[] = []
    const { Writable } = await import('node:stream')
    await writeErrorReport(
      issues,
      'csv',
      new Writable({
        write(c, _e, cb) {
          chunks.push(Buffer.from(c))
          cb()
        },
      }),
    )
    expect(Buffer.concat(chunks).toString('utf8')).toContain('整个文件,警告,,ingest.encoding_overruled,')
  })

  it('a dry run reports the warning first; an honest declaration gives none', async () => {
    const path = join(dir, 'penalties-utf8.csv')
    writeFileSync(path, csvOf([penaltyRow({ CF_WSH: '津市监罚〔2026〕103号' })]))
    const honest = await importFile(ctx, actor, {
      path,
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      encoding: 'utf-8',
      dryRun: true,
    })
    expect(honest.issues?.filter((i) => i.rowNo === 0)).toEqual([])
    const wrong = await importFile(ctx, actor, {
      path,
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      encoding: 'gb18030',
      dryRun: true,
    })
    expect(wrong.issues?.[0]?.code).toBe('ingest.encoding_overruled')
    expect(wrong.issues?.[0]?.message).toContain('文件声明为 GBK/GB18030 编码，但内容实为 UTF-8')
  })

  it('declared encodings are named as providers write them', () => {
    expect(parseDeclaredEncoding('GBK')).toBe('gb18030')
    expect(parseDeclaredEncoding('gb2312')).toBe('gb18030')
    expect(parseDeclaredEncoding(' UTF8 ')).toBe('utf-8')
    expect(parseDeclaredEncoding('big5')).toBeNull()
  })
})
