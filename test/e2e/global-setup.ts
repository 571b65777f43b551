// Global setup for the browser tests.
//
// Default: build a throwaway demo database with the CLI and start the real server on a free port:
//   node bin/gongxin.js demo --db <tmp>/e2e.db --entities 300 --seed 7 --json
//   node bin/gongxin.js serve --db <tmp>/e2e.db --port 0 --host 127.0.0.1
//
// Override: GONGXIN_E2E_BASE_URL=<origin> uses a server that is already running (nothing is started);
// the logins then come from GONGXIN_E2E_DEMO (the same JSON object the demo command prints).
// GONGXIN_E2E_KEEP=1 keeps the temp folder (database and server log) for inspection.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { lastJsonLine, parseDemoInfo } from './context.js'
import type { DemoInfo } from './context.js'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const cli = join(repoRoot, 'bin', 'gongxin.js')

function run(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`gongxin ${args[0]} timed out after ${timeoutMs} ms\n${stderr.slice(-2000)}`))
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve({ stdout, stderr })
      else reject(new Error(`gongxin ${args.join(' ')} exited with ${code ?? signal}\n${stderr.slice(-4000)}`))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves with the server's origin from the first http://127.0.0.1:PORT it prints. */
function waitForOrigin(child: ChildProcess, timeoutMs: number, log: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const pattern = /http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d+)/
    const onData = (chunk: string) => {
      log.push(chunk)
      const match = pattern.exec(log.join(''))
      if (match) {
        cleanup()
        resolve(`http://${match[1]}:${match[2]}`)
      }
    }
    const onExit = (code: number | null, signal: string | null) => {
      cleanup()
      reject(new Error(`gongxin serve exited early (${code ?? signal}):\n${log.join('').slice(-4000)}`))
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(
        new Error(
          `gongxin serve printed no http://127.0.0.1:PORT within ${timeoutMs} ms:\n${log.join('').slice(-4000)}`,
        ),
      )
    }, timeoutMs)
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
    }
    child.stdout?.setEncoding('utf8').on('data', onData)
    child.stderr?.setEncoding('utf8').on('data', onData)
    child.on('exit', onExit)
  })
}

/** Waits for GET /readyz to answer 200 (a server without /readyz, answering 404, counts as up). */
async function waitForReady(origin: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${origin}/readyz`)
      if (response.status === 200) return
      if (response.status === 404) {
        console.warn(`[e2e] ${origin}/readyz answers 404; continuing without a readiness check`)
        return
      }
      last = `HTTP ${response.status}`
    } catch (error) {
      last = String(error)
    }
    await sleep(250)
  }
  throw new Error(`${origin}/readyz did not answer 200 within ${timeoutMs} ms (last: ${last})`)
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)])
  if (timedOut) {
    child.kill('SIGKILL')
    await exited
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const override = process.env.GONGXIN_E2E_BASE_URL
  if (override) {
    const raw = process.env.GONGXIN_E2E_DEMO
    const demo: DemoInfo = raw ? parseDemoInfo(JSON.parse(raw)) : { entities: null, departments: null, logins: [] }
    project.provide('baseUrl', override.replace(/\/+$/, ''))
    project.provide('demo', demo)
    project.provide('dbPath', '')
    console.log(`[e2e] using the server at ${override} (GONGXIN_E2E_BASE_URL); ${demo.logins.length} logins`)
    return undefined
  }

  if (!existsSync(cli)) throw new Error(`${cli} is missing; build the server first (npm run build)`)
  const dir = await mkdtemp(join(tmpdir(), 'gongxin-e2e-'))
  const db = join(dir, 'e2e.db')
  const started = Date.now()
  const { stdout } = await run(['demo', '--db', db, '--entities', '300', '--seed', '7', '--json'], 300_000)
  const demo = parseDemoInfo(lastJsonLine(stdout))
  console.log(
    `[e2e] demo data: ${demo.entities} entities, ${demo.departments} departments, ${demo.logins.length} logins (${Date.now() - started} ms)`,
  )

  const log: string[] = []
  const server = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let origin: string
  try {
    origin = await waitForOrigin(server, 60_000, log)
    await waitForReady(origin, 30_000)
  } catch (error) {
    await stop(server)
    throw error
  }
  // Keep collecting the server log for the teardown dump.
  server.stdout?.on('data', (chunk: string) => log.push(chunk))
  server.stderr?.on('data', (chunk: string) => log.push(chunk))
  console.log(`[e2e] server at ${origin}`)

  project.provide('baseUrl', origin)
  project.provide('demo', demo)
  project.provide('dbPath', db)

  return async () => {
    await stop(server)
    if (process.env.GONGXIN_E2E_KEEP) {
      await writeFile(join(dir, 'server.log'), log.join(''))
      console.log(`[e2e] kept ${dir} (database and server.log)`)
    } else {
      await rm(dir, { recursive: true, force: true })
    }
  }
}
