import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerUnmatchedCommands } from '../../src/cli/commands/unmatched.js'
import { closeContext, openContext } from '../../src/container.js'
import { openMigratedContext } from '../../src/setup.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment } from '../../src/modules/access/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { actor, rowsOf } from '../ingest/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, freshDatabase, type TestDb } from '../support/context.js'

const rng = createRng(20261207)

function defaulter(caseNo: string, name: string): Record<string, string> {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  return {
    case_no: caseNo,
    subject_name: name,
    subject_category: '法人及非法人组织',
    court: '天津市和平区人民法院',
    basis_doc_no: '（2025）津0101民初9号',
    basis_issuer: '天津市和平区人民法院',
    obligation: '支付货款人民币5000元。',
    performance: '全部未履行',
    conduct: '有履行能力而拒不履行生效法律文书确定义务',
    filed_on: '2026-01-10',
    published_on: today,
  }
}

describeEachDialect('cli: unmatched list|show|match|register', (dialect) => {
  let testDb: TestDb
  let entityId = ''
  const uscc = generateUscc(rng, { dept: '9', category: '1', region: '120101' })
  beforeAll(async () => {
    testDb = await freshDatabase(dialect)
    const ctx = await openMigratedContext(testDb.config)
    await addDepartment(ctx, actor, {
      code: 'tj-fy',
      name: '天津市高级人民法院',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
    entityId = (
      await createEntity(ctx, actor, {
        kind: 'legal_person',
        name: '天津市和平命令行测试有限公司',
        uscc,
        district: '120101',
      })
    ).id
    const r = await runIngest(ctx, actor, {
      classCode: 'court_defaulter',
      dept: 'tj-fy',
      channel: 'cli',
      ...rowsOf([defaulter('CLI-1', '和平命令行测试有限公司'), defaulter('CLI-2', '天津市查无此名命令行有限公司')]),
    })
    expect(r.rejected).toBe(2)
    await closeContext(ctx)
  })
  afterAll(async () => testDb.cleanup())

  const run = inProcessCli(() => testDb, registerUnmatchedCommands)

  it('lists the entries with their candidates, shows one, matches it once, registers another', async () => {
    const list = await run(['unmatched', 'list'])
    expect(list.code).toBe(0)
    expect(list.out).toContain('和平命令行测试有限公司')
    expect(list.out).toContain('共 2 项')
    const json = JSON.parse((await run(['unmatched', 'list', '--json'])).out)
    const entry = json.items.find((e: { subject: { name: string } }) => e.subject.name === '和平命令行测试有限公司')
    const other = json.items.find(
      (e: { subject: { name: string } }) => e.subject.name === '天津市查无此名命令行有限公司',
    )

    const show = await run(['unmatched', 'show', entry.id])
    expect(show.code).toBe(0)
    expect(show.out).toContain('CLI-1')
    expect(show.out).toContain(entityId)
    expect(show.out).toContain('name_fragment')

    const matched = await run(['unmatched', 'match', entry.id, entityId])
    expect(matched.code).toBe(0)
    expect(matched.out).toContain('已匹配到「天津市和平命令行测试有限公司」')
    expect(matched.out).toContain('新增记录 1 条')
    const again = await run(['unmatched', 'match', entry.id, entityId, '--json'])
    expect(again.code).toBe(1)
    expect(JSON.parse(again.out).error.code).toBe('unmatched.not_open')

    const registered = JSON.parse(
      (await run(['unmatched', 'register', other.id, '--district', '120101', '--json'])).out,
    )
    expect(registered).toMatchObject({
      released: 1,
      added: 1,
      entry: { status: 'registered', entity: { name: '天津市查无此名命令行有限公司' } },
    })
    expect((await run(['unmatched', 'list'])).out).toContain('没有符合条件的待匹配主体')
    expect(JSON.parse((await run(['unmatched', 'list', '--status', 'all', '--json'])).out).total).toBe(2)
  })

  it('usage errors exit 2; an unknown entry exits 1', async () => {
    expect((await run(['unmatched', 'list', '--status', 'done'])).code).toBe(2)
    expect((await run(['unmatched', 'register', 'x', '--kind', 'natural_person'])).code).toBe(2)
    const missing = await run(['unmatched', 'show', 'no-such-entry'])
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('unmatched.not_found')
  })
})
