#!/usr/bin/env node
// Builds what is stale before the browser tests (npm run test:e2e):
//   server: dist/src/cli/main.js     older than the newest file in src/ (or tsconfig.json)  -> npm run build:server
//   web:    dist/web/portal/index.html older than the newest file in web/ (or package-lock.json) -> npm run build:web
// Both stale -> npm run build. Missing outputs count as stale. `--force` rebuilds both.
// Plain Node ESM, no dependencies.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const force = process.argv.includes('--force')

/** Newest modification time (ms) among files under `paths` (files or folders), skipping node_modules. */
function newest(paths) {
  let best = { time: 0, file: '' }
  const visit = (path) => {
    let stat
    try {
      stat = statSync(path)
    } catch {
      return
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name === 'node_modules' || name === '.git') continue
        visit(join(path, name))
      }
    } else if (stat.mtimeMs > best.time) {
      best = { time: stat.mtimeMs, file: path }
    }
  }
  for (const path of paths) visit(join(root, path))
  return best
}

function check(name, output, inputs, script) {
  const target = join(root, output)
  if (force) return { name, script, reason: '--force' }
  if (!existsSync(target)) return { name, script, reason: `${output} is missing` }
  const built = statSync(target).mtimeMs
  const source = newest(inputs)
  if (source.time > built) return { name, script, reason: `${relative(root, source.file)} is newer than ${output}` }
  return null
}

const stale = [
  check('server', 'dist/src/cli/main.js', ['src', 'tsconfig.json'], 'build:server'),
  check('web', 'dist/web/portal/index.html', ['web', 'package-lock.json'], 'build:web'),
].filter((s) => s !== null)

if (stale.length === 0) {
  console.log('ensure-built: server and web builds are up to date')
  process.exit(0)
}

for (const s of stale) console.log(`ensure-built: ${s.name} is stale (${s.reason})`)
const script = stale.length === 2 ? 'build' : stale[0].script
console.log(`ensure-built: npm run ${script}`)
const result = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
if (result.error) {
  console.error(`ensure-built: could not run npm: ${result.error.message}`)
  process.exit(1)
}
process.exit(result.status ?? 1)
