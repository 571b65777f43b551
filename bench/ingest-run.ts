// Child process of bench/ingest: imports one file through the full pipeline and reports time and peak RSS.

import { closeContext, openContext } from '../src/container.js'
import { systemActor } from '../src/core/actor.js'
import { loadConfig } from '../src/core/config.js'
import { importFile } from '../src/flows/ingest/index.js'

const [db, file, dept] = process.argv.slice(2) as [string, string, string]
const ctx = await openContext(loadConfig({ ...process.env, GONGXIN_DB: db, GONGXIN_LOG_LEVEL: 'silent' }))
const started = performance.now()
const r = await importFile(ctx, systemActor('bench'), {
  path: file,
  classCode: 'admin_penalty',
  dept,
  ...(process.env.BENCH_PLANNING ? { planning: process.env.BENCH_PLANNING as 'worker' | 'in_process' } : {}),
})
const seconds = (performance.now() - started) / 1000
await closeContext(ctx)
process.stdout.write(
  `${JSON.stringify({ seconds, summary: r, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
)
