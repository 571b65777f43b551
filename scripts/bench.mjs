// `npm run bench -- <name> [args]`: compiles the server and benchmarks, then runs dist/bench/<name>.js.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const [name, ...rest] = process.argv.slice(2)
const list = () =>
  readdirSync(new URL('../bench', import.meta.url))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
if (!name) {
  console.error(`用法：npm run bench -- <名称>，可选：${list().join(', ')}`)
  process.exit(2)
}
const b = spawnSync('npm', ['run', '-s', 'build:server'], { cwd: root, stdio: 'inherit' })
if (b.status !== 0) process.exit(b.status ?? 1)
const file = `${root}dist/bench/${name}.js`
if (!existsSync(file)) {
  console.error(`没有名为 ${name} 的基准测试。可选：${list().join(', ')}`)
  process.exit(2)
}
const r = spawnSync(process.execPath, ['--expose-gc', file, ...rest], { cwd: root, stdio: 'inherit' })
process.exit(r.status ?? 1)
