import { spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { processStart, RUNNER_STALE_MS, runnerAlive, THIS_RUNNER } from '../../src/flows/ingest/batch-runner.js'

describe('batch runner', () => {
  const now = new Date('2026-06-01T02:00:00Z')
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString()

  it('names this process by host, pid and start (from /proc)', () => {
    const start = processStart(process.pid)
    expect(start).toMatch(/^\d+$/)
    expect(THIS_RUNNER).toBe(`${hostname()}:${process.pid}@${start}`)
    expect(processStart(process.ppid)).toMatch(/^\d+$/)
  })

  it('a batch with no runner, or run by this process, is not taken to be run elsewhere', () => {
    expect(runnerAlive(null, now.toISOString(), now)).toBe(false)
    expect(runnerAlive(THIS_RUNNER, now.toISOString(), now)).toBe(false)
  })

  it('on this host the process is asked, however long ago the batch moved', () => {
    const parent = `${hostname()}:${process.ppid}`
    expect(runnerAlive(`${parent}@${processStart(process.ppid)}`, ago(24 * 3600_000), now)).toBe(true)
    expect(runnerAlive(parent, ago(24 * 3600_000), now)).toBe(true)
    const gone = spawnSync(process.execPath, ['-e', '0']).pid
    expect(runnerAlive(`${hostname()}:${gone}`, now.toISOString(), now)).toBe(false)
    expect(runnerAlive(`${hostname()}:${gone}@1`, now.toISOString(), now)).toBe(false)
  })

  it('a live process that started at another time is not the runner (its pid was reused)', () => {
    expect(runnerAlive(`${hostname()}:${process.ppid}@1`, now.toISOString(), now)).toBe(false)
  })

  it('on another host the runner is alive while its batch moved within the stale limit', () => {
    expect(runnerAlive('other-host:4242', ago(1000), now)).toBe(true)
    expect(runnerAlive('other-host:4242', ago(RUNNER_STALE_MS - 1), now)).toBe(true)
    expect(runnerAlive('other-host:4242', ago(RUNNER_STALE_MS), now)).toBe(false)
    expect(runnerAlive('fe80::1:4242', ago(RUNNER_STALE_MS + 60_000), now)).toBe(false)
  })
})
