import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerMeasureCommands } from '../../src/cli/commands/measures.js'
import { closeContext } from '../../src/container.js'
import { openMigratedContext } from '../../src/setup.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, freshDatabase, type TestDb } from '../support/context.js'

describeEachDialect('cli: measures', (dialect) => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await freshDatabase(dialect)
    await closeContext(await openMigratedContext(testDb.config))
  })
  afterAll(async () => testDb.cleanup())

  const run = inProcessCli(() => testDb, registerMeasureCommands)

  it('measures list prints the list; --json is one array with bases', async () => {
    const text = await run(['measures', 'list'])
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/punish_cd_high_consumption\s+限制乘坐交通工具高消费\s+失信惩戒\s+高消费限制/)
    expect(text.out).toMatch(/共 \d+ 项措施。/)
    const json = JSON.parse((await run(['measures', 'list', '--json'])).out) as { code: string; basis: string[] }[]
    expect(json.length).toBeGreaterThanOrEqual(30)
    expect(json.every((m) => m.basis.length > 0)).toBe(true)
  })
})
