import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { BIN, ROOT, runGongxin } from '../support/cli.js'

const departments = JSON.parse(readFileSync(join(ROOT, 'data/demo/departments.json'), 'utf8')) as { code: string; uscc: string }[]
const SCJG = departments.find((d) => d.code === 'tj-scjg')?.uscc as string
const rng = createRng(4242)
const usedOrgCodes = new Set<string>()
/** A fresh USCC whose embedded organisation code is unique in this test (real codes never share one). */
function uniqueUscc(): string {
  for (;;) {
    const u = generateUscc(rng, { region: '120101' })
    if (!usedOrgCodes.has(u.slice(8, 17))) {
      usedOrgCodes.add(u.slice(8, 17))
      return u
    }
  }
}
const HEADERS = ['行政相对人名称', '行政相对人类别', '统一社会信用代码', '法定代表人', '行政处罚决定书文号', '违法行为类型', '违法事实', '处罚依据', '处罚类别', '处罚内容', '罚款金额（万元）', '处罚决定日期', '处罚机关', '处罚机关统一社会信用代码', '数据来源单位', '数据来源单位统一社会信用代码']

function row(i: number, over: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    name: `天津市测试${i}号贸易有限公司`,
    uscc: uniqueUscc(),
    doc: `津市监罚〔2026〕${10000 + i}号`,
    date: '2026-05-20',
    ...over,
  }
  return [base.name as string, '法人及非法人组织', base.uscc as string, '张三', base.doc as string, '虚假宣传', '经查，当事人发布虚假广告。', '《中华人民共和国广告法》第五十五条', '罚款', '罚款人民币5000元。', '0.5', base.date as string, '天津市市场监督管理委员会', SCJG, '天津市市场监督管理委员会', SCJG]
}

const csv = (rows: string[][]) => [HEADERS, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')

describe('gongxin import (separate processes)', () => {
  let dir: string
  let db: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongxin-import-'))
    db = join(dir, 'city.db')
    const r = await runGongxin(['demo', '--db', db, '--entities', '60', '--json'], { timeoutMs: 120_000 })
    expect(r.code, r.stderr).toBe(0)
  }, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('imports a GBK CSV with Chinese headers, ends with one JSON line and writes the error report', async () => {
    const file = join(dir, 'penalties-gbk.csv')
    writeFileSync(file, iconv.encode(csv([row(1), row(2), row(3, { date: '2026/13/01' }), row(4, { uscc: '91120101MA05XXXX0X' })]), 'gbk'))
    const errors = join(dir, 'errors.csv')
    const r = await runGongxin(['import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db, '--json', '--errors-out', errors])
    expect(r.code, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) as string)
    expect(Object.keys(summary)).toEqual(['batchId', 'total', 'accepted', 'rejected', 'duplicates', 'corrected', 'revoked', 'warnings', 'late'])
    expect(summary).toMatchObject({ total: 4, accepted: 2, rejected: 2, duplicates: 0 })
    const report = readFileSync(errors, 'utf8')
    expect(report.split('\n')[0]).toContain('行号')
    expect(report).toMatch(/^\uFEFF?行号/)
    expect(report).toMatch(/\n4,错误,CF_JDRQ,/)
    expect(report).toMatch(/\n5,错误,CF_XDR_SHXYM,/)
    const again = await runGongxin(['import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db, '--json'])
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ total: 4, accepted: 0, duplicates: 2, rejected: 2 })
    const out = join(dir, 'errors.xlsx')
    const exported = await runGongxin(['batch', 'errors', summary.batchId, '--out', out, '--db', db])
    expect(exported.code).toBe(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    expect(wb.worksheets[0]?.rowCount).toBe(3)
  })

  it('--dry-run validates without storing; refusals exit non-zero and name the problem', async () => {
    const file = join(dir, 'dry.csv')
    writeFileSync(file, csv([row(50)]))
    const dry = await runGongxin(['import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db, '--json', '--dry-run'])
    expect(JSON.parse(dry.stdout.trim())).toMatchObject({ batchId: null, accepted: 1 })
    const raw = new BetterSqlite3(db, { readonly: true })
    expect(raw.prepare(`select count(*) as n from records where provider_key = ?`).get('津市监罚〔2026〕10050号')).toEqual({ n: 0 })
    raw.close()
    const xls = join(dir, 'old.xls')
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]))
    const refused = await runGongxin(['import', xls, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/ingest\.unsupported_format/)
    expect(refused.stderr).toMatch(/xlsx/)
    const partial = join(dir, 'partial.csv')
    writeFileSync(partial, '行政相对人名称,处罚类别\n某公司,罚款\n')
    const missing = await runGongxin(['import', partial, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/行政处罚决定书文号/)
    const unknown = await runGongxin(['import', file, '--class', 'nope', '--db', db])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/ingest\.unknown_class/)
  })

  it('imports a 50,000-row XLSX', async () => {
    const file = join(dir, 'big.xlsx')
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file })
    const ws = wb.addWorksheet('行政处罚')
    ws.addRow(HEADERS).commit()
    for (let i = 0; i < 50_000; i++) ws.addRow(row(100_000 + i)).commit()
    ws.commit()
    await wb.commit()
    const r = await runGongxin(['import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db, '--json'], { timeoutMs: 300_000 })
    expect(r.code, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout.trim())
    if (summary.rejected) {
      const raw = new BetterSqlite3(db, { readonly: true })
      console.log(raw.prepare('select row_no, field, code, message, value from batch_issues where batch_id = ?').all(summary.batchId))
      raw.close()
    }
    expect(summary).toMatchObject({ total: 50_000, accepted: 50_000, rejected: 0 })
  }, 300_000)

  it('kill -9 half-way leaves the database consistent; running the import again stores each record exactly once', async () => {
    const n = 60_000
    const file = join(dir, 'kill.csv')
    writeFileSync(file, csv(Array.from({ length: n }, (_, i) => row(500_000 + i))))
    const child = spawn(process.execPath, [BIN, 'import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db, '--json'], {
      cwd: ROOT,
      env: { ...process.env, GONGXIN_LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    })
    const raw = new BetterSqlite3(db, { readonly: true })
    const count = () => (raw.prepare(`select count(*) as n from records where provider_key like '津市监罚〔2026〕5%'`).get() as { n: number }).n
    const deadline = Date.now() + 120_000
    while (count() < 5000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    const partial = count()
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(n)
    expect(partial % 5000).toBe(0)
    const batch = raw.prepare(`select id, status, rows_done, accepted from batches order by created_at desc limit 1`).get() as { id: string; status: string; rows_done: number; accepted: number }
    expect(batch.status).toBe('running')
    expect(batch.accepted).toBe(partial)
    raw.close()
    // the killed process no longer runs it: shown as interrupted, with where a rerun resumes
    const shown = await runGongxin(['batch', 'show', batch.id, '--db', db, '--json'])
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'running', interrupted: true, rowsDone: batch.rows_done })
    const text = await runGongxin(['batch', 'show', batch.id, '--db', db])
    expect(text.stdout).toContain(`处理已中断（处理它的进程已结束）：重新导入同一文件即可从第 ${batch.rows_done} 行之后继续。`)
    const rerun = await runGongxin(['import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db, '--json'], { timeoutMs: 300_000 })
    expect(rerun.code, rerun.stderr).toBe(0)
    expect(JSON.parse(rerun.stdout.trim())).toMatchObject({ total: n, accepted: n, duplicates: 0 })
    const check = new BetterSqlite3(db, { readonly: true })
    expect((check.prepare(`select count(*) as n from records where provider_key like '津市监罚〔2026〕5%'`).get() as { n: number }).n).toBe(n)
    expect((check.prepare(`select count(*) as n from record_versions v join records r on r.id = v.record_id where r.provider_key like '津市监罚〔2026〕5%'`).get() as { n: number }).n).toBe(n)
    check.close()
    const verify = await runGongxin(['audit', 'verify', '--db', db, '--json'])
    expect(JSON.parse(verify.stdout).ok).toBe(true)
  }, 400_000)
})
