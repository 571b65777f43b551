#!/usr/bin/env node
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const main = new URL('../dist/src/cli/main.js', import.meta.url)
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('gongxin 尚未构建：请先运行 `npm run build:server`（或 `npm start`）。\n')
  process.exit(1)
}
const { runCli } = await import(main.href)
process.exitCode = await runCli(process.argv.slice(2))
