import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { registerAuditCommands } from '../../src/cli/commands/audit.js'
import { registerKeysCommands } from '../../src/cli/commands/keys.js'
import { systemActor } from '../../src/core/actor.js'
import { closeContext, openContext } from '../../src/container.js'
import { buildApp } from '../../src/http/app.js'
import {
  leafHash,
  recordAudit,
  verifyAuditChain,
  verifyCheckpointSignature,
  verifyInclusion,
} from '../../src/modules/audit/index.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

// The two attacks of a database writer on the hash chain, each undetected by `audit verify` and detected by a
// witness that kept a signed checkpoint, over a real HTTP server.
describeEachDialect('audit witness', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let base = ''
  const cli = inProcessCli(() => ctx.testDb, registerAuditCommands, registerKeysCommands)
  let state = ''

  async function start(): Promise<void> {
    // a checkpoint is due at every request once the log grew (N = 1)
    ctx = await testContext(dialect, { env: { GONGXIN_AUDIT_CHECKPOINT_EVENTS: '1' } })
    app = await buildApp(ctx, { web: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    state = join(ctx.testDb.dir, 'witness.json')
  }
  afterEach(async () => {
    await app.close()
    await ctx.close()
  })

  async function seed(n: number): Promise<void> {
    for (let i = 0; i < n; i++)
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx.clock, systemActor('test'), {
          action: 'test.witness',
          targetId: `t${i}`,
          details: { i },
        }),
      )
  }
  const witness = () => cli(['audit', 'witness', '--url', base, '--state', state])
  const count = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from audit_events`.execute(ctx.db)).rows[0]?.n)
  /** What an attacker with write access does to the derived data: drops the tree and the checkpoints (they rebuild). */
  const dropTree = async () => {
    await sql`delete from audit_tree_nodes`.execute(ctx.db)
    await sql`delete from audit_checkpoints`.execute(ctx.db)
  }

  it('happy path: the log grows, the witness records and then confirms its checkpoints (exit 0)', async () => {
    await start()
    await seed(5)
    const first = await witness()
    expect(first).toMatchObject({ code: 0, err: '' })
    expect(first.out).toMatch(/已记录检查点：\d+ 条事件，签名有效/)
    const seen = JSON.parse(readFileSync(state, 'utf8')) as { checkpoint: { size: number; root: string } }
    expect(seen.checkpoint.size).toBe(await count())
    await seed(3)
    const second = await witness()
    expect(second).toMatchObject({ code: 0, err: '' })
    expect(second.out).toBe(`检查点一致：${seen.checkpoint.size} → ${seen.checkpoint.size + 3} 条事件，签名有效。\n`)
    // nothing new: the same checkpoint again
    expect((await witness()).code).toBe(0)
    const json = await cli(['audit', 'witness', '--url', base, '--state', state, '--json'])
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, previousSize: seen.checkpoint.size + 3 })
  })

  it('attack 1: deleting the newest events and moving the chain head -> witness exits 1 naming truncation', async () => {
    await start()
    await seed(6)
    expect((await witness()).code).toBe(0)
    const seenSize = await count()
    const keep = seenSize - 3
    await sql`delete from audit_events where seq > ${keep}`.execute(ctx.db)
    const last = (await sql<{ hash: string }>`select hash from audit_events where seq = ${keep}`.execute(ctx.db))
      .rows[0]
    await sql`update audit_head set seq = ${keep}, hash = ${last?.hash} where id = 1`.execute(ctx.db)
    await dropTree()
    // the chain alone does not notice
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, checked: keep })
    const r = await witness()
    expect(r.code).toBe(1)
    expect(r.err).toContain('audit.witness_failed')
    expect(r.err).toContain('truncated')
    expect(r.err).toContain(`日志已被截断：曾见到 ${seenSize} 条事件的检查点，新检查点只有 ${keep} 条`)
    // the state keeps the checkpoint seen before: the next run fails again
    expect(JSON.parse(readFileSync(state, 'utf8')).checkpoint.size).toBe(seenSize)
    await seed(5)
    const again = await witness()
    expect(again.code).toBe(1)
    expect(again.err).toContain('inconsistent')
  })

  it('attack 2: editing an old event and recomputing every later hash -> witness exits 1 naming inconsistency', async () => {
    await start()
    await seed(6)
    expect((await witness()).code).toBe(0)
    const seenSize = await count()
    await seed(2)
    const rows = (await sql<Record<string, unknown>>`select * from audit_events order by seq`.execute(ctx.db)).rows.map(
      (r) => ({ ...r, seq: Number(r.seq) }),
    )
    const target = 3
    let prev = (rows[target - 2] as { hash: string }).hash
    for (const row of rows.slice(target - 1)) {
      if (row.seq === target) row.details = JSON.stringify({ i: 'rewritten' })
      row.prev_hash = prev
      // the chain's hash as src/modules/audit computes it
      const material = JSON.stringify([
        row.seq,
        row.id,
        row.at,
        row.actor_kind,
        row.actor_id ?? null,
        row.actor_role ?? null,
        row.actor_dept ?? null,
        row.action,
        row.target_type ?? null,
        row.target_id ?? null,
        row.request_id ?? null,
        row.purpose ?? null,
        row.details,
        row.prev_hash,
      ])
      row.hash = createHash('sha256').update(material).digest('hex')
      prev = row.hash as string
      await sql`update audit_events set details = ${row.details}, prev_hash = ${row.prev_hash}, hash = ${row.hash} where seq = ${row.seq}`.execute(
        ctx.db,
      )
    }
    await sql`update audit_head set hash = ${prev} where id = 1`.execute(ctx.db)
    await dropTree()
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, checked: seenSize + 2 })
    const r = await witness()
    expect(r.code).toBe(1)
    expect(r.err).toContain('inconsistent')
    expect(r.err).toContain(`日志已被改写：大小 ${seenSize + 2} 的新检查点与曾见到的大小 ${seenSize} 的检查点不一致`)
    expect(existsSync(state)).toBe(true)
  })

  it('a checkpoint signed by a key the platform does not publish is refused', async () => {
    await start()
    await seed(2)
    expect((await witness()).code).toBe(0)
    await sql`update audit_checkpoints set key_id = ${'0123456789abcdef'}`.execute(ctx.db)
    const r = await witness()
    expect(r.code).toBe(1)
    expect(r.err).toContain('unknown_key')
  })

  it('gongxin audit checkpoint and prove: a signed checkpoint now, and a proof that verifies against it', async () => {
    await start()
    await seed(4)
    const cp = await cli(['audit', 'checkpoint', '--json'])
    expect(cp.code).toBe(0)
    const { checkpoint } = JSON.parse(cp.out) as {
      checkpoint: { size: number; root: string; keyId: string; time: string; signature: string }
    }
    expect(checkpoint.size).toBe(await count())
    const keys = (await (await fetch(`${base}/.well-known/gongxin-keys.json`)).json()) as {
      keys: { publicKey: string }[]
    }
    expect(verifyCheckpointSignature(checkpoint, keys.keys[0]?.publicKey as string)).toBe(true)
    const ev = (
      await sql<{
        id: string
        seq: number
        hash: string
      }>`select id, seq, hash from audit_events where seq = 2`.execute(ctx.db)
    ).rows[0]
    const proved = await cli(['audit', 'prove', ev?.id as string, '--json'])
    expect(proved.code).toBe(0)
    const p = JSON.parse(proved.out) as { index: number; size: number; path: string[]; root: string }
    expect(p).toMatchObject({ index: 1, size: checkpoint.size, root: checkpoint.root })
    expect(
      verifyInclusion(
        1,
        p.size,
        leafHash(ev?.hash as string),
        p.path.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(checkpoint.root, 'hex'),
      ),
    ).toBe(true)
    const unknown = await cli(['audit', 'prove', 'no-such-event'])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('audit.event_unknown')
    expect((await cli(['audit', 'prove', ev?.id as string, '--size', '0'])).code).toBe(2)
  })

  it('key rotation: the new key signs, the old one is published as retired and old checkpoints keep verifying', async () => {
    await start()
    await seed(3)
    expect((await witness()).code).toBe(0)
    const before = JSON.parse(readFileSync(state, 'utf8')) as {
      checkpoint: Parameters<typeof verifyCheckpointSignature>[0]
    }
    expect((await cli(['keys', 'rotate'])).code).toBe(2)
    const rotated = await cli(['keys', 'rotate', '--signing', '--json'])
    expect(rotated.code).toBe(0)
    const ids = JSON.parse(rotated.out) as { keyId: string; previousKeyId: string }
    expect(ids.previousKeyId).toBe(before.checkpoint.keyId)
    expect(ids.keyId).not.toBe(ids.previousKeyId)
    // the server restarts with the new key file
    await app.close()
    const restarted = await openContext(ctx.testDb.config, { clock: ctx.clock })
    try {
      app = await buildApp(restarted, { web: false })
      await app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
      const keys = (await (await fetch(`${base}/.well-known/gongxin-keys.json`)).json()) as {
        keys: { id: string; status: string; publicKey: string; retiredAt?: string }[]
      }
      expect(keys.keys.map((k) => [k.id, k.status])).toEqual([
        [ids.keyId, 'current'],
        [ids.previousKeyId, 'retired'],
      ])
      expect(keys.keys[1]?.retiredAt).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/)
      expect(verifyCheckpointSignature(before.checkpoint, keys.keys[1]?.publicKey as string)).toBe(true)
      expect(verifyCheckpointSignature(before.checkpoint, keys.keys[0]?.publicKey as string)).toBe(false)
      await seed(2)
      const r = await witness()
      expect(r).toMatchObject({ code: 0, err: '' })
      const after = JSON.parse(readFileSync(state, 'utf8')) as { checkpoint: { keyId: string; size: number } }
      expect(after.checkpoint).toMatchObject({ keyId: ids.keyId, size: before.checkpoint.size + 2 })
    } finally {
      await app.close()
      await closeContext(restarted)
      app = await buildApp(ctx, { web: false })
    }
  })
})
