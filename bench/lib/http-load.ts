// What the HTTP benchmarks share: servers in child processes of the benchmark's own script (started with a mode
// argument, they report their URL over IPC) and autocannon at 50 connections (it ships no types: the part used).
import { type ChildProcess, fork } from 'node:child_process'
import { createRequire } from 'node:module'

interface AutocannonResult {
  requests: { average: number }
  latency: { p50: number; p99: number }
  non2xx: number
  errors: number
}
type Autocannon = (opts: {
  url: string
  connections: number
  duration?: number
  amount?: number
  method?: string
  headers?: Record<string, string>
  requests: { setupRequest: (req: { path: string; body?: string }) => { path: string; body?: string } }[]
}) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

export const CONNECTIONS = 50

export interface Run {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

/** Starts `script` with `args` in a child process; resolves with the URL the child sends once it listens. */
export function startServer(
  script: string,
  args: string[],
  children: ChildProcess[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] })
  children.push(child)
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }))
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
}

/** In a child: tells the parent where the server listens. */
export function reportUrl(port: number): void {
  process.send?.({ url: `http://127.0.0.1:${port}` })
}

export interface LoadOptions {
  url: string
  /** Cycled through, one per request. */
  paths: string[]
  /** POST bodies (JSON), cycled through; absent: GET. */
  bodies?: string[]
  headers?: Record<string, string>
  /** Load for this many seconds, or (negative) exactly one request per path. */
  seconds: number
}

/** Drives the server at 50 connections. */
export async function load(o: LoadOptions): Promise<Run> {
  let i = 0
  const r = await autocannon({
    url: o.url,
    connections: CONNECTIONS,
    ...(o.seconds < 0 ? { amount: o.paths.length } : { duration: o.seconds }),
    ...(o.bodies ? { method: 'POST' } : {}),
    headers: { ...(o.bodies ? { 'content-type': 'application/json' } : {}), ...(o.headers ?? {}) },
    requests: [
      {
        setupRequest: (req) => {
          const k = i++
          req.path = o.paths[k % o.paths.length] as string
          if (o.bodies) req.body = o.bodies[k % o.bodies.length] as string
          return req
        },
      },
    ],
  })
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  }
}
