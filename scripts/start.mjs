// `npm start`: build what is missing or stale, then `gongxin start` (demo city on first run + serve).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })

const built = run(['scripts/ensure-built.mjs'])
if (built.status !== 0) process.exit(built.status ?? 1)
const r = run(['bin/gongxin.js', 'start', ...process.argv.slice(2)])
process.exit(r.status ?? 0)
