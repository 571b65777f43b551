import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerCalendarCommands } from '../../src/cli/commands/calendar.js'
import { registerCatalogCommands } from '../../src/cli/commands/catalog.js'
import { closeContext } from '../../src/container.js'
import { openMigratedContext } from '../../src/setup.js'
import { loadDefaultCalendar } from '../../src/modules/calendar/index.js'
import { loadDefaultCatalog } from '../../src/modules/catalog/index.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, freshDatabase, type TestDb } from '../support/context.js'

describeEachDialect('cli: catalog and calendar', (dialect) => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await freshDatabase(dialect)
    const ctx = await openMigratedContext(testDb.config)
    await loadDefaultCatalog(ctx)
    await loadDefaultCalendar(ctx)
    await closeContext(ctx)
  })
  afterAll(async () => testDb.cleanup())

  const run = inProcessCli(() => testDb, registerCatalogCommands, registerCalendarCommands)

  it('catalog list prints every class; --json is one array', async () => {
    const text = await run(['catalog', 'list'])
    expect(text.out).toMatch(/admin_penalty\s+行政处罚信息\s+行政管理信息\s+负面\s+社会公开/)
    expect(text.out).toMatch(/共 \d+ 个类别。/)
    const json = JSON.parse((await run(['catalog', 'list', '--json'])).out) as { code: string; fieldCount: number }[]
    expect(json.length).toBeGreaterThanOrEqual(30)
    expect(json.find((c) => c.code === 'admin_license')?.fieldCount).toBe(28)
  })

  it('catalog show prints fields, rules and basis; unknown codes fail with the coded message', async () => {
    const text = (await run(['catalog', 'show', 'admin_penalty'])).out
    expect(text).toMatch(/^行政处罚信息（admin_penalty，第 1 版）/)
    expect(text).toMatch(/报送时限：决定之日起 7 个工作日内/)
    expect(text).toMatch(/严重：吊销许可证件、责令关闭、限制从业或行政拘留：严重/)
    expect(text).toMatch(/CF_XDR_ZJHM\s+证件号码\s+code\s+当CF_XDR_LB为自然人\s+政务共享，证件号脱敏\s+id_number/)
    const json = JSON.parse((await run(['catalog', 'show', 'admin_penalty', '--version', '1', '--json'])).out)
    expect(json).toMatchObject({ code: 'admin_penalty', version: 1 })
    const missing = await run(['catalog', 'show', 'nope'])
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/catalog.class_not_found/)
    expect((await run(['catalog', 'show', 'admin_penalty', '--version', 'x'])).code).toBe(2)
  })

  it('calendar load FILE and calendar show YEAR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongxin-cal-cli-'))
    try {
      const file = join(dir, '2027.json')
      writeFileSync(
        file,
        JSON.stringify({
          year: 2027,
          source: '测试用 2027 年节假日安排',
          holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] }],
          workdays: [],
        }),
      )
      expect((await run(['calendar', 'load', file, '--reason', '测试导入'])).out).toBe('2027 年：已导入，第 1 版。\n')
      expect((await run(['calendar', 'load', file])).out).toBe('2027 年：与当前第 1 版相同，未改变。\n')
      const bad = join(dir, 'bad.json')
      writeFileSync(bad, '{"year": 2027, "source": "x"')
      const r = await run(['calendar', 'load', bad])
      expect(r.code).toBe(2)
      expect(r.err).toMatch(/calendar.unreadable/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const show = (await run(['calendar', 'show', '2026'])).out
    expect(show).toMatch(/2026 年节假日安排（第 1 版，默认数据，当前）/)
    expect(show).toMatch(/国庆节\s+2026-10-01 至 2026-10-07\s+7/)
    expect(show).toMatch(/2026-02-14（周六）/)
    expect(JSON.parse((await run(['calendar', 'show', '2027', '--json'])).out)).toMatchObject({
      year: 2027,
      version: 1,
      source: 'operator',
    })
    expect((await run(['calendar', 'show', '2031'])).code).toBe(1)
  })
})
