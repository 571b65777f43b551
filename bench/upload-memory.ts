// `npm run bench -- upload-memory [N]`: peak resident memory of `gongxin serve` while N (default 4) large XLSX files
// are uploaded at once (dry runs of a BENCH_ROWS-row national 行政处罚 workbook, default 100,000), with the server's
// resident memory after start-up as the baseline. Prints one JSON line: baseline and peak RSS, their ratio, and the
// answers (uploads over the budget get 503 upload.busy). BENCH_GONGXIN_BIN runs another build's bin/gongxin.js (to
// compare before and after a change); GONGXIN_UPLOAD_SLOTS and the other settings pass through to the server.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from '../src/modules/ingest/parse/exceljs.js'

const bin = process.env.BENCH_GONGXIN_BIN ?? fileURLToPath(new URL('../../bin/gongxin.js', import.meta.url))
const n = Number(process.argv[2] ?? 4)
const rowCount = Number(process.env.BENCH_ROWS ?? 100_000)
const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-upload-'))
const db = join(dir, 'city.db')
const env = { ...process.env, GONGXIN_LOG_LEVEL: 'silent' }

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`gongxin ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}
run(['demo', '--db', db, '--entities', '60', '--json'])
const key = JSON.parse(
  run(['key', 'create', '--role', 'provider', '--dept', 'tj-scjg', '--expires', '2099-12-31', '--db', db, '--json']),
).key as string

// the workbook: shared strings and styles, as Excel writes it
const file = join(dir, 'penalties.xlsx')
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true })
const ws = wb.addWorksheet('行政处罚')
const scjg = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../../data/demo/departments.json', import.meta.url)), 'utf8')) as {
    code: string
    uscc: string
  }[]
).find((d) => d.code === 'tj-scjg')?.uscc as string
ws.addRow([
  '行政相对人名称',
  '行政相对人类别',
  '统一社会信用代码',
  '法定代表人',
  '行政处罚决定书文号',
  '违法行为类型',
  '违法事实',
  '处罚依据',
  '处罚类别',
  '处罚内容',
  '罚款金额（万元）',
  '处罚决定日期',
  '处罚机关',
  '处罚机关统一社会信用代码',
  '数据来源单位',
  '数据来源单位统一社会信用代码',
]).commit()
for (let i = 0; i < rowCount; i++)
  ws.addRow([
    `天津市第${i}号商贸有限公司`,
    '法人及非法人组织',
    '91350200776049653A',
    '张三',
    `津市监罚〔2024〕${i}号`,
    '虚假宣传',
    `经查，当事人于2024年实施了第${i}项违法行为，违反了相关规定，依法应予处罚。`,
    '《中华人民共和国广告法》第五十五条',
    '罚款',
    `罚款人民币${1000 + (i % 9000)}元。`,
    String((1000 + (i % 9000)) / 10000),
    '2024-05-20',
    '天津市市场监督管理委员会',
    scjg,
    '天津市市场监督管理委员会',
    scjg,
  ]).commit()
ws.commit()
await wb.commit()
const bytes = readFileSync(file)

const server = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0'], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
})
const base = await new Promise<string>((resolve, reject) => {
  let out = ''
  server.stdout.on('data', (d) => {
    out += d
    const m = /http:\/\/[\d.]+:\d+/.exec(out)
    if (m) resolve(m[0])
  })
  server.on('exit', (c) => reject(new Error(`serve exited ${c}`)))
})
const rssMb = () => {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : 0
}
await new Promise((r) => setTimeout(r, 1000))
const baseline = rssMb()
let peak = baseline
const sampler = setInterval(() => {
  try {
    peak = Math.max(peak, rssMb())
  } catch {
    // the server exited
  }
}, 20)

const started = performance.now()
const answers = await Promise.all(
  Array.from({ length: n }, async () => {
    const form = new FormData()
    form.append('class', 'admin_penalty')
    form.append('dept', 'tj-scjg')
    form.append('dryRun', 'true')
    form.append('file', new Blob([bytes]), 'penalties.xlsx')
    const r = await fetch(`${base}/api/v1/batches/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    }).catch((e: Error) => ({ status: 0, text: async () => e.message }))
    return r.status === 200 ? 200 : `${r.status} ${(await r.text()).slice(0, 80)}`
  }),
)
const seconds = (performance.now() - started) / 1000
clearInterval(sampler)
const alive = server.exitCode === null
server.kill('SIGTERM')
await new Promise((r) => server.on('close', r))
rmSync(dir, { recursive: true, force: true })
console.log(
  JSON.stringify({
    bench: 'upload-memory',
    uploads: n,
    rows: rowCount,
    fileMb: Number((bytes.length / 2 ** 20).toFixed(1)),
    slots: process.env.GONGXIN_UPLOAD_SLOTS ?? 'default',
    baselineRssMb: Math.round(baseline),
    peakRssMb: Math.round(peak),
    ratio: Number((peak / baseline).toFixed(2)),
    seconds: Number(seconds.toFixed(1)),
    serverAlive: alive,
    answers,
  }),
)
