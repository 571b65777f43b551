// `npm run bench -- serve-cold-start`: seconds from spawning `gongxin serve` to the first 200 from /readyz on a
// demo database of BENCH_ENTITIES entities (default 1,000,000; built once, outside the timed part, or reused from
// BENCH_DB), with the same measurement on an empty migrated database in the same run as the baseline.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../bin/gongxin.js', import.meta.url))
const entities = Number(process.env.BENCH_ENTITIES ?? 1_000_000)
const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-serve-'))
const big = process.env.BENCH_DB ?? join(dir, 'big.db')
const empty = join(dir, 'empty.db')
const env = { ...process.env, GONGXIN_LOG_LEVEL: 'silent' }

if (!existsSync(big)) {
  const r = spawnSync(process.execPath, [bin, 'demo', '--db', big, '--entities', String(entities), '--json'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (r.status !== 0) process.exit(1)
}
spawnSync(process.execPath, [bin, 'migrate', '--db', empty], { env, stdio: 'ignore' })

async function coldStart(db: string): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const base = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /http:\/\/[\d.]+:\d+/.exec(out)
      if (m) resolve(m[0])
    })
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)))
  })
  for (;;) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) break
    await new Promise((r) => setTimeout(r, 5))
  }
  const seconds = (performance.now() - started) / 1000
  child.kill('SIGTERM')
  await new Promise((r) => child.on('close', r))
  return seconds
}

const runs = 3
const bigTimes: number[] = []
const emptyTimes: number[] = []
for (let i = 0; i < runs; i++) {
  emptyTimes.push(await coldStart(empty))
  bigTimes.push(await coldStart(big))
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
if (!process.env.BENCH_DB) rmSync(dir, { recursive: true, force: true })
process.stdout.write(
  `${JSON.stringify({
    bench: 'serve-cold-start',
    entities,
    seconds: Number(median(bigTimes).toFixed(3)),
    baseline: 'same command on an empty migrated database',
    baselineSeconds: Number(median(emptyTimes).toFixed(3)),
    ratio: Number((median(bigTimes) / median(emptyTimes)).toFixed(3)),
    runs,
  })}\n`,
)
