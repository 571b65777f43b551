import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { runGongxin, startGongxin, waitForUrl } from '../support/cli.js'

describe('gongxin CLI (separate processes, SQLite file)', () => {
  let dir: string
  let db: string
  const rng = createRng(77)
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongxin-cli-'))
    db = join(dir, 'city.db')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('migrate creates the schema and a 0600 key file; a second run changes nothing', async () => {
    const r = await runGongxin(['migrate', '--db', db, '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) as string)
    expect(out.ok).toBe(true)
    expect(out.applied).toEqual(expect.arrayContaining(['0001-foundation']))
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600)
    const again = JSON.parse((await runGongxin(['migrate', '--db', db, '--json'])).stdout.trim())
    expect(again.applied).toEqual([])
  })

  it('reports bad settings as one message, without a stack trace', async () => {
    const r = await runGongxin(['dept', 'list', '--json'], { env: { GONGXIN_DB: 'mysql://nope', GONGXIN_PORT: 'abc' } })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/GONGXIN_DB=mysql:\/\/nope/)
    expect(r.stderr).toMatch(/GONGXIN_PORT=abc/)
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
    const pg = await runGongxin(['migrate', '--db', 'postgres://nobody@127.0.0.1:1/x'])
    expect(pg.code).toBe(1)
    expect(pg.stderr).toMatch(/db\.unreachable/)
    const fresh = await runGongxin(['dept', 'list', '--db', join(dir, 'empty.db')])
    expect(fresh.code).toBe(1)
    expect(fresh.stderr).toMatch(/gongxin migrate/)
  })

  it('usage errors exit 2; --help exits 0', async () => {
    expect((await runGongxin(['dept', 'add', '--db', db])).code).toBe(2)
    expect((await runGongxin(['no-such-command'])).code).toBe(2)
    const help = await runGongxin(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/codes/)
  })

  it('a server and a CLI command work on the same SQLite file at once', async () => {
    const server = startGongxin(['serve', '--db', db, '--port', '0'])
    try {
      const base = await waitForUrl(server)
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
      const adds = await Promise.all(
        [1, 2, 3].map((i) =>
          runGongxin(['dept', 'add', '--db', db, '--code', `tj-t${i}`, '--name', `测试局${i}`, '--uscc', generateUscc(rng, { dept: '1', category: '1', region: '120000' })]),
        ),
      )
      expect(adds.map((a) => a.code)).toEqual([0, 0, 0])
      const pings = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/readyz`).then((r) => r.status)))
      expect(new Set(pings)).toEqual(new Set([200]))
      const list = JSON.parse((await runGongxin(['dept', 'list', '--db', db, '--json'])).stdout)
      expect(list.map((d: { code: string }) => d.code)).toEqual(['tj-t1', 'tj-t2', 'tj-t3'])
    } finally {
      server.kill('SIGTERM')
    }
  })

  it('audit verify: 0 when intact, 1 naming the first bad event after tampering', async () => {
    const ok = await runGongxin(['audit', 'verify', '--db', db, '--json'])
    expect(ok.code).toBe(0)
    const good = JSON.parse(ok.stdout)
    expect(good.ok).toBe(true)
    expect(good.checked).toBeGreaterThan(3)
    const raw = new BetterSqlite3(db)
    const victim = raw.prepare('select id from audit_events where seq = 2').get() as { id: string }
    raw.prepare(`update audit_events set action = 'dept.delete' where seq = 2`).run()
    raw.close()
    const bad = await runGongxin(['audit', 'verify', '--db', db, '--json'])
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, checked: 1, firstBad: { id: victim.id } })
  })
})
