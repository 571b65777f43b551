// Anonymous uploads never attached are deleted once they can no longer be attached (gongxin files purge), with the
// contents no other file shares; signed-in uploads and attached files stay.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Actor, systemActor } from '../../src/core/actor.js'
import { registerFileCommands } from '../../src/cli/commands/files.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { attachFiles, purgeStaleFiles, storeFile } from '../../src/modules/files/index.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { JPEG, PDF, PNG } from './fixtures.js'

const tipster: Actor = { kind: 'public', id: null, role: 'public', dept: null }
const staff: Actor = { kind: 'user', id: 'user-1', role: 'operator', dept: null }

describeEachDialect('evidence files: purge of unattached anonymous uploads', (dialect) => {
  let ctx: TestContext
  const cli = inProcessCli(() => ctx.testDb, registerFileCommands)
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const ids = async () => (await ctx.db.selectFrom('files').select('id').orderBy('id').execute()).map((r) => r.id)
  const blobs = async () => (await ctx.db.selectFrom('file_blobs').select('sha256').execute()).length

  it('deletes what can no longer be attached, keeps everything else', async () => {
    const attached = await storeFile(ctx, tipster, { name: 'a.pdf', bytes: PDF })
    await attachFiles(ctx, tipster, [attached.id], { kind: 'tip', id: 'tip-1' }, { uploadToken: attached.uploadToken })
    const lone = await storeFile(ctx, tipster, { name: 'b.jpg', bytes: JPEG })
    const shared = await storeFile(ctx, tipster, { name: 'c.png', bytes: PNG })
    const mine = await storeFile(ctx, staff, { name: 'c.png', bytes: PNG })
    expect(await blobs()).toBe(3)

    // within 24 hours nothing is stale
    expect(await purgeStaleFiles(ctx, systemActor('test'))).toEqual({ files: 0, blobs: 0, bytes: 0 })
    ctx.clock.set('2026-06-02T02:00:01Z')
    const fresh = await storeFile(ctx, tipster, { name: 'd.pdf', bytes: PDF })
    expect(await purgeStaleFiles(ctx, systemActor('test'))).toEqual({
      files: 2,
      blobs: 1,
      bytes: JPEG.length + PNG.length,
    })
    expect(await ids()).toEqual([attached.id, mine.id, fresh.id].sort())
    // the JPEG is gone; the PNG stays for the staff member's file, the PDF for the attached and the fresh one
    expect(await blobs()).toBe(2)
    const events = (await searchAuditEvents(ctx.db, { action: 'file.purge' }, 1, 10)).items
    expect(events.map((e) => e.details)).toEqual([
      { files: [lone.id, shared.id], blobs: 1, bytes: JPEG.length + PNG.length },
    ])

    ctx.clock.set('2026-06-03T03:00:00Z')
    const run = await cli(['files', 'purge', '--json'])
    expect(run.code, run.err).toBe(0)
    expect(JSON.parse(run.out)).toEqual({ files: 1, blobs: 0, bytes: PDF.length })
    expect(await ids()).toEqual([attached.id, mine.id].sort())
  })
})
