// gongxin import refuses a zip-bomb XLSX as a whole (exit 2, ingest.xlsx_too_large) with its memory bounded.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { penaltyRow } from '../ingest/helpers.js'
import { BIN, ROOT, runGongxin } from '../support/cli.js'
import { writeXlsxBomb } from '../support/xlsx-bomb.js'

/** Runs the CLI and samples its resident memory from /proc until it exits. */
function runMeasured(args: string[]): Promise<{ code: number | null; stderr: string; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, GONGXIN_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    let peakKb = 0
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const sample = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peakKb = Math.max(peakKb, Number(m[1]))
      } catch {
        // exited between two samples
      }
    }, 10)
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearInterval(sample)
      clearTimeout(timer)
      resolve({ code, stderr, peakRssMb: peakKb / 1024 })
    })
  })
}

describe('gongxin import of a zip bomb', () => {
  let dir: string
  let db: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongxin-import-bomb-'))
    db = join(dir, 'city.db')
    const r = await runGongxin(['migrate', '--db', db])
    expect(r.code, r.stderr).toBe(0)
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['declared', { shape: 'text', megabytes: 300 }],
    ['lying', { shape: 'rows', megabytes: 300, lie: 4096 }],
    ['lying shared strings', { shape: 'shared_strings', megabytes: 100, lie: 4096 }],
  ] as const)(
    '%s: exit 2 with ingest.xlsx_too_large, memory bounded',
    async (label, bomb) => {
      const file = join(dir, `${label}.xlsx`)
      // every column the class needs, so that nothing but the size can refuse it
      await writeXlsxBomb(file, { ...bomb, headers: Object.keys(penaltyRow()) })
      const r = await runMeasured(['import', file, '--class', 'admin_penalty', '--dept', 'tj-scjg', '--db', db])
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(/^错误 \[ingest\.xlsx_too_large\]：XLSX 文件中的.+解压后超过 \d+ MB 的上限/)
      // loosely: a CLI process is ~100 MB resident; the bomb inflates to 100-300 MB and is never held
      expect(r.peakRssMb).toBeLessThan(300)
    },
    120_000,
  )
})
