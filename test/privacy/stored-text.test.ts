// Free text that services store outside collection: every reason, note, name, description, purpose and file name that
// a user can type, through the API and the CLI, with resident ID numbers written in every way (plain, spaced,
// hyphenated, full-width). Afterwards no table of the database holds one of those numbers in clear - in any form -
// and data of record (an entity's name and legal representative, a commitment's texts, breach facts) keeps its clear
// text sealed, so nothing is lost.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerMarkCommands } from '../../src/cli/commands/mark.js'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { putCalendarYear } from '../../src/modules/calendar/index.js'
import { createEntity, type Entity, updateEntity } from '../../src/modules/entities/index.js'
import { recordsOfEntity } from '../../src/modules/records/index.js'
import { ingestCourtDefaulter } from '../checks/helpers.js'
import { ingestPenalties, ruleWith } from '../lists/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { flat, fullWidth, hyphens, masked, spaced } from './forms.js'
import { storedRows } from './tables.js'

const rng = createRng(20260916)
const person = (region: string, birthDate: string) => generateResidentId(rng, { region, birthDate, sex: 'female' })
/** One number per area, so a leak names its place. */
const ID = {
  mark: person('120101', '1971-02-03'),
  cli: person('120102', '1972-03-04'),
  commitment: person('120103', '1973-04-05'),
  breach: person('120104', '1974-05-06'),
  entity: person('120105', '1975-06-07'),
  lists: person('120106', '1976-07-08'),
  checks: person('120110', '1977-08-09'),
  access: person('120111', '1978-09-10'),
  policy: person('120112', '1979-10-11'),
  login: person('120113', '1980-11-12'),
}

const admin = systemActor('test-admin')
const uscc = () => generateUscc(rng, { dept: '9', category: '1', region: '120116' })
const deptUscc = () => generateUscc(rng, { dept: '1', category: '1', region: '120000' })

describeEachDialect('free text stored by services: ID numbers masked, data of record sealed', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let czj: Record<string, string>
  let company: Entity
  const A = { name: '天津市测试甲升级商贸有限公司', uscc: uscc() }
  const B = { name: '天津市测试乙升级商贸有限公司', uscc: uscc() }
  const C = { name: '天津市测试异议商贸有限公司', uscc: uscc() }
  const D = { name: '天津市测试失信建材有限公司', uscc: uscc() }
  const got: Record<string, LightMyRequestResponse> = {}

  const cli = inProcessCli(() => ctx.testDb, registerMarkCommands)
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    for (const [code, name] of [
      ['tj-fgw', '天津市发展和改革委员会'],
      ['tj-scjg', '天津市市场监督管理委员会'],
      ['tj-fy', '天津市高级人民法院'],
      ['tj-czj', '天津市财政局'],
    ])
      await addDepartment(ctx, admin, {
        code: code as string,
        name: name as string,
        uscc: deptUscc(),
        district: '120000',
      })
    operator = { authorization: `Bearer ${(await createApiKey(ctx, admin, { role: 'operator' })).key}` }
    czj = { authorization: `Bearer ${(await createApiKey(ctx, admin, { role: 'consumer', dept: 'tj-czj' })).key}` }
    company = await createEntity(ctx, admin, { kind: 'legal_person', name: '天津市测试承诺建材有限公司', uscc: uscc() })
    await ingestPenalties(ctx, A, ['2026-03-10', '2026-04-15', '2026-05-20'])
    await ingestPenalties(ctx, B, ['2026-03-11', '2026-04-16', '2026-05-21'])
    await ingestPenalties(ctx, C, ['2026-05-22'])
    await ingestCourtDefaulter(ctx, D.uscc, D.name, '（2026）津01执77号')
    app = await buildApp(ctx, { web: false })

    // marks: API (open, close) and CLI
    const [recA, recC] = [
      (await recordsOfEntity(ctx.db, await entityOf(A.uscc)))[0]?.id as string,
      (await recordsOfEntity(ctx.db, await entityOf(C.uscc)))[0]?.id as string,
    ]
    got.markOpen = await call('POST', `/api/v1/records/${recA}/marks`, operator, {
      reason: `当事人${ID.mark}提出异议`,
    })
    got.markClose = await call('POST', `/api/v1/records/${recA}/marks/close`, operator, {
      reason: `异议人身份证号${fullWidth(ID.mark)}，异议不成立`,
    })
    const opened = await cli(['mark', 'open', recC, '--reason', `当事人 ${spaced(ID.cli)} 异议`])
    expect(opened.code, opened.err).toBe(0)

    // entities: registered and edited with ID numbers in their texts
    got.entity = await call('POST', '/api/v1/entities', operator, {
      kind: 'individual_business',
      name: `天津市测试个体店（经营者${ID.entity}）`,
      legalRep: `李四 ${hyphens(ID.entity)}`,
      formerNames: [{ name: `测试旧店${fullWidth(ID.entity)}` }],
    })
    await updateEntity(
      ctx,
      admin,
      company.id,
      { legalRep: `王五（${ID.entity}）` },
      `法定代表人变更，身份证${ID.entity}`,
    )

    // commitments: filed, fulfilled, breached, withdrawn, with ID numbers in every text
    const file = (over: Record<string, unknown>) =>
      call('POST', '/api/v1/commitments', czj, {
        subject: { uscc: company.uscc },
        type: 'voluntary',
        matter: `食品经营许可（经办人${ID.commitment}）`,
        matterCode: `XK-${ID.commitment}`,
        content: `本单位承诺诚信经营。联系人身份证号：${spaced(ID.commitment)}`,
        ...over,
      })
    got.fileNumber = await file({ number: `津财承诺〔2026〕${ID.commitment}号` })
    got.file1 = await file({})
    got.file2 = await file({})
    got.file3 = await file({})
    got.fulfil = await call('POST', `/api/v1/commitments/${got.file1.json().id}/fulfil`, czj, {
      note: `已核验，经办人${fullWidth(ID.commitment)}`,
    })
    got.breach = await call('POST', `/api/v1/commitments/${got.file2.json().id}/breach`, czj, {
      breachTypes: ['未履行承诺事项'],
      facts: `经查，当事人（身份证号${ID.breach}）未履行承诺`,
      handling: `约谈${hyphens(ID.breach)}`,
      documentNo: '津财认〔2026〕5号',
      decidedOn: '2026-06-01',
    })
    got.breachKey = await call('POST', `/api/v1/commitments/${got.file3.json().id}/breach`, czj, {
      breachTypes: ['未履行承诺事项'],
      facts: '未履行',
      documentNo: `津财认〔2026〕${ID.breach}号`,
      decidedOn: '2026-06-01',
    })
    got.withdraw = await call('POST', `/api/v1/commitments/${got.file3.json().id}/withdraw`, czj, {
      reason: `申请人${ID.commitment}撤回`,
    })

    // lists: the rule's reason and basis, a rejection, a confirmation
    got.rule = await call('PUT', '/api/v1/lists/escalation-rule', operator, {
      rule: ruleWith({ basis: [`《天津市社会信用条例》（起草人${ID.lists}）`] }),
      reason: `启用升级规则，联系人${ID.lists}`,
    })
    const scan = await call('POST', '/api/v1/lists/proposals/scan', operator, {})
    const proposals = scan.json().proposed as { id: string; entity: { uscc: string } }[]
    const pa = proposals.find((p) => p.entity.uscc === A.uscc)?.id as string
    const pb = proposals.find((p) => p.entity.uscc === B.uscc)?.id as string
    got.reject = await call('POST', `/api/v1/lists/proposals/${pa}/reject`, operator, {
      reason: `当事人${fullWidth(ID.lists)}已整改`,
    })
    got.confirm = await call('POST', `/api/v1/lists/proposals/${pb}/confirm`, operator, {
      documentNo: '津发改信〔2026〕3号',
      decisionDate: '2026-06-01',
      reason: `经查，法定代表人${ID.lists}多次违法`,
      basis: `《天津市社会信用条例》第三十条（经办人${spaced(ID.lists)}）`,
    })

    // checks: a batch with names and a purpose, an upload whose file name holds a number, feedback on a hit
    got.batch = await call('POST', '/api/v1/checks/batch', czj, {
      subjects: [
        { uscc: D.uscc, name: `${D.name}（联系人${ID.checks}）` },
        { uscc: company.uscc, name: '承诺公司' },
      ],
      scenario: 'government_procurement',
      purpose: `政府采购资格审查，经办人${ID.checks}`,
    })
    const body = multipart(
      { scenario: 'government_procurement', purpose: '政府采购资格审查' },
      {
        name: `名单-${ID.checks}.csv`,
        content: `统一社会信用代码,主体名称\n${D.uscc},失信公司${fullWidth(ID.checks)}\n`,
      },
    )
    got.upload = await app.inject({
      method: 'POST',
      url: '/api/v1/checks/batch/upload',
      headers: { ...czj, ...body.headers },
      payload: body.payload,
    })
    const check = await call('POST', '/api/v1/checks', czj, {
      subject: { uscc: D.uscc },
      scenario: 'government_procurement',
      purpose: '政府采购资格审查',
    })
    got.feedback = await call('POST', `/api/v1/checks/${check.json().checkId}/feedback`, czj, {
      measure: 'punish_cd_procurement',
      action: 'not_applied',
      reason: `经办人${ID.checks}认为不适用`,
      effect: `已告知${hyphens(ID.checks)}`,
    })

    // access: a department, a user's display name, a key's name; a user name holding a number is refused
    got.dept = await call('POST', '/api/v1/departments', operator, {
      code: 'tj-test',
      name: `测试部门${ID.access}`,
      uscc: deptUscc(),
    })
    got.user = await call('POST', '/api/v1/users', operator, {
      username: 'tester1',
      displayName: `测试员${ID.access}`,
      role: 'auditor',
      password: 'correct horse battery',
    })
    got.badUser = await call('POST', '/api/v1/users', operator, {
      username: `u${ID.access}`,
      role: 'auditor',
      password: 'correct horse battery',
    })
    got.key = await call('POST', '/api/v1/keys', operator, {
      name: `接口${fullWidth(ID.access)}`,
      role: 'consumer',
      dept: 'tj-fgw',
    })

    // policies: an operator's catalog edit, a measure retired, a calendar year, with reasons and texts
    const cls = (await call('GET', '/api/v1/catalog/classes/admin_penalty', operator)).json()
    const { version: _v, ...definition } = cls
    got.catalog = await call('PUT', '/api/v1/catalog/classes/admin_penalty', operator, {
      definition: { ...definition, description: `行政处罚（示例${ID.policy}）` },
      reason: `按${ID.policy}的意见修改说明`,
    })
    got.retire = await call('POST', '/api/v1/measures/reward_taxa_procurement/retire', operator, {
      reason: `停用，经办人${spaced(ID.policy)}`,
    })
    await putCalendarYear(
      ctx,
      admin,
      2027,
      {
        source: `国务院办公厅通知（转发人${ID.policy}）`,
        holidays: [{ name: '元旦', dates: ['2027-01-01'] }],
        workdays: [],
      },
      `导入，经办人${ID.policy}`,
    )

    // a failed login whose name is an ID number
    got.login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: ID.login, password: 'whatever it is' },
      remoteAddress: '10.9.9.9',
    })
    await createUser(ctx, admin, { username: 'known', role: 'auditor', password: 'correct horse battery' })
  }, 300_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  async function entityOf(code: string): Promise<string> {
    const r = await ctx.db.selectFrom('entities').select('id').where('uscc', '=', code).executeTakeFirstOrThrow()
    return r.id
  }

  it('every request was answered as before (the numbers changed nothing but what is stored)', () => {
    const status = Object.fromEntries(Object.entries(got).map(([k, r]) => [k, r.statusCode]))
    expect(status).toEqual({
      markOpen: 201,
      markClose: 200,
      entity: 201,
      fileNumber: 422,
      file1: 200,
      file2: 200,
      file3: 200,
      fulfil: 200,
      breach: 200,
      breachKey: 422,
      withdraw: 200,
      rule: 200,
      reject: 200,
      confirm: 200,
      batch: 200,
      upload: 200,
      feedback: 200,
      dept: 201,
      user: 201,
      badUser: 400,
      key: 201,
      catalog: 200,
      retire: 200,
      login: 401,
    })
  })

  it('a number that keys a record is refused, naming the field; a user name holding one too', () => {
    expect(got.fileNumber?.json().error).toMatchObject({
      code: 'commitments.id_number_in_key',
      details: { field: 'number' },
    })
    expect(got.breachKey?.json().error).toMatchObject({
      code: 'commitments.id_number_in_key',
      details: { field: 'documentNo' },
    })
    expect(got.badUser?.json().error).toMatchObject({ code: 'access.bad_username', details: { reason: 'id_number' } })
    expect(got.badUser?.json().error.message).toMatch(/身份证号码/)
  })

  it('notes are stored masked: mark reasons (API and CLI), proposals, feedback, operators reasons, names', async () => {
    const marks = await ctx.db.selectFrom('record_marks').select(['open_reason', 'close_reason']).execute()
    expect(marks.map((m) => [m.open_reason, m.close_reason]).sort()).toEqual(
      [
        [`当事人${masked(ID.mark)}提出异议`, `异议人身份证号${masked(ID.mark)}，异议不成立`],
        [`当事人 ${masked(ID.cli)} 异议`, null],
      ].sort(),
    )
    expect(got.markOpen?.json().openReason).toBe(`当事人${masked(ID.mark)}提出异议`)
    const proposals = await ctx.db
      .selectFrom('list_proposals')
      .select(['status', 'status_reason', 'reason', 'basis'])
      .where('status', 'in', ['rejected', 'confirmed'])
      .orderBy('status')
      .execute()
    expect(proposals).toEqual([
      {
        status: 'confirmed',
        status_reason: null,
        reason: `经查，法定代表人${masked(ID.lists)}多次违法`,
        basis: `《天津市社会信用条例》第三十条（经办人${masked(ID.lists)}）`,
      },
      { status: 'rejected', status_reason: `当事人${masked(ID.lists)}已整改`, reason: null, basis: null },
    ])
    const feedback = await ctx.db.selectFrom('check_feedback').select(['reason', 'effect']).execute()
    // given on the check and on its two repeats (the batch's and the upload's checks of the same company a moment before)
    expect(feedback).toEqual(
      Array.from({ length: 3 }, () => ({
        reason: `经办人${masked(ID.checks)}认为不适用`,
        effect: `已告知${masked(ID.checks)}`,
      })),
    )
    const rule = await ctx.db.selectFrom('list_escalation_rules').selectAll().where('source', '=', 'operator').execute()
    expect(rule.map((r) => r.reason)).toEqual([`启用升级规则，联系人${masked(ID.lists)}`])
    expect(JSON.parse(rule[0]?.definition as string).basis).toEqual([
      `《天津市社会信用条例》（起草人${masked(ID.lists)}）`,
    ])
    const cls = await ctx.db
      .selectFrom('catalog_classes')
      .selectAll()
      .where('code', '=', 'admin_penalty')
      .where('source', '=', 'operator')
      .executeTakeFirstOrThrow()
    expect(cls.reason).toBe(`按${masked(ID.policy)}的意见修改说明`)
    expect(JSON.parse(cls.definition).description).toBe(`行政处罚（示例${masked(ID.policy)}）`)
    const measure = await ctx.db
      .selectFrom('measures')
      .select('reason')
      .where('code', '=', 'reward_taxa_procurement')
      .where('is_current', '=', 1)
      .executeTakeFirstOrThrow()
    expect(measure.reason).toBe(`停用，经办人${masked(ID.policy)}`)
    const year = await ctx.db
      .selectFrom('calendar_years')
      .selectAll()
      .where('year', '=', 2027)
      .executeTakeFirstOrThrow()
    expect([year.reason, JSON.parse(year.definition).source]).toEqual([
      `导入，经办人${masked(ID.policy)}`,
      `国务院办公厅通知（转发人${masked(ID.policy)}）`,
    ])
    expect(got.dept?.json().name).toBe(`测试部门${masked(ID.access)}`)
    expect(got.user?.json().displayName).toBe(`测试员${masked(ID.access)}`)
    const key = await ctx.db
      .selectFrom('api_keys')
      .select('name')
      .where('dept_code', '=', 'tj-fgw')
      .executeTakeFirstOrThrow()
    expect(key.name).toBe(`接口${masked(ID.access)}`)
  })

  it('stored check batches keep names, purposes and file names masked', async () => {
    const batches = await ctx.db.selectFrom('check_batches').selectAll().orderBy('source').execute()
    expect(batches.map((b) => [b.source, b.purpose, b.file_name])).toEqual([
      ['api', `政府采购资格审查，经办人${masked(ID.checks)}`, null],
      ['upload', '政府采购资格审查', `名单-${masked(ID.checks)}.csv`],
    ])
    expect(JSON.parse(batches[0]?.items as string).map((i: { name: string }) => i.name)).toEqual([
      `${D.name}（联系人${masked(ID.checks)}）`,
      '承诺公司',
    ])
    expect(JSON.parse(batches[1]?.items as string)[0].name).toBe(`失信公司${masked(ID.checks)}`)
    const result = await call('GET', `/api/v1/checks/batch/${got.batch?.json().batchId}`, czj)
    expect(result.json().purpose).toBe(`政府采购资格审查，经办人${masked(ID.checks)}`)
  })

  it('entities: name, legal representative and former names masked, the clear text sealed', async () => {
    const e = got.entity?.json()
    expect(e).toMatchObject({
      name: `天津市测试个体店(经营者${masked(ID.entity)})`,
      legalRep: `李四 ${masked(ID.entity)}`,
    })
    expect(e.names.map((n: { name: string }) => n.name)).toContain(`测试旧店${masked(ID.entity)}`)
    const row = await ctx.db.selectFrom('entities').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow()
    const sealed = JSON.parse(row.sealed as string) as Record<string, string>
    expect(Object.keys(sealed).sort()).toEqual(['former_names', 'legal_rep', 'name'])
    // sealed as stored before masking: the name normalised (NFKC, brackets unified)
    expect(ctx.keys.decrypt(sealed.name as string)).toBe(`天津市测试个体店(经营者${ID.entity})`)
    expect(ctx.keys.decrypt(sealed.legal_rep as string)).toBe(`李四 ${hyphens(ID.entity)}`)
    expect(JSON.parse(ctx.keys.decrypt(sealed.former_names as string))).toEqual([`测试旧店${ID.entity}`])
    // an edit seals the field it changed and keeps the others' seals
    const edited = await ctx.db
      .selectFrom('entities')
      .select(['legal_rep', 'sealed'])
      .where('id', '=', company.id)
      .executeTakeFirstOrThrow()
    expect(edited.legal_rep).toBe(`王五（${masked(ID.entity)}）`)
    expect(ctx.keys.decrypt(JSON.parse(edited.sealed as string).legal_rep)).toBe(`王五（${ID.entity}）`)
    // the history never shows the seal
    const history = await call('GET', `/api/v1/entities/${company.id}/history`, operator)
    expect(history.statusCode).toBe(200)
    expect(history.body).not.toContain('sealed')
  })

  it('commitments: texts masked and sealed; the published record is made of the clear text and seals it', async () => {
    const c = got.file1?.json()
    expect(c).toMatchObject({
      matter: `食品经营许可(经办人${masked(ID.commitment)})`,
      matterCode: `XK-${masked(ID.commitment)}`,
      content: `本单位承诺诚信经营。联系人身份证号：${masked(ID.commitment)}`,
    })
    const row = await ctx.db.selectFrom('commitments').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow()
    const sealed = JSON.parse(row.sealed as string) as Record<string, string>
    expect(ctx.keys.decrypt(sealed.content as string)).toBe(
      `本单位承诺诚信经营。联系人身份证号：${spaced(ID.commitment)}`,
    )
    expect(ctx.keys.decrypt(sealed.matter_code as string)).toBe(`XK-${ID.commitment}`)
    const version = await ctx.db
      .selectFrom('record_versions')
      .selectAll()
      .where('record_id', '=', c.recordId)
      .orderBy('version')
      .executeTakeFirstOrThrow()
    const payload = JSON.parse(version.payload)
    expect(payload.content).toBe(`本单位承诺诚信经营。联系人身份证号：${masked(ID.commitment)}`)
    expect(ctx.keys.decrypt(payload._sealed.content)).toBe(
      `本单位承诺诚信经营。联系人身份证号：${spaced(ID.commitment)}`,
    )
    // the decision's texts: the note and the withdrawal reason masked; breach facts masked, sealed in the version
    expect(got.fulfil?.json().history.at(-1).details.note).toBe(`已核验，经办人${masked(ID.commitment)}`)
    expect(got.withdraw?.json().history.find((h: { op: string }) => h.op === 'withdraw').details.reason).toBe(
      `申请人${masked(ID.commitment)}撤回`,
    )
    const breach = got.breach?.json().history.find((h: { op: string }) => h.op === 'breach')
    expect(breach.details).toMatchObject({
      facts: `经查，当事人（身份证号${masked(ID.breach)}）未履行承诺`,
      handling: `约谈${masked(ID.breach)}`,
    })
    expect(breach.details._sealed).toBeUndefined()
    const stored = await ctx.db
      .selectFrom('commitment_versions')
      .select('details')
      .where('commitment_id', '=', got.breach?.json().id)
      .where('op', '=', 'breach')
      .executeTakeFirstOrThrow()
    expect(ctx.keys.decrypt(JSON.parse(stored.details)._sealed.facts)).toBe(
      `经查，当事人（身份证号${ID.breach}）未履行承诺`,
    )
    const breachRecord = await ctx.db
      .selectFrom('record_versions')
      .select('payload')
      .where('record_id', '=', got.breach?.json().breachRecordId)
      .executeTakeFirstOrThrow()
    expect(ctx.keys.decrypt(JSON.parse(breachRecord.payload)._sealed.facts)).toBe(
      `经查，当事人（身份证号${ID.breach}）未履行承诺`,
    )
  })

  it('a failed login of an unknown name keeps only its keyed hash', async () => {
    const events = await ctx.db
      .selectFrom('audit_events')
      .select(['details', 'target_id'])
      .where('action', '=', 'access.login_failed')
      .execute()
    expect(events).toHaveLength(1)
    const details = JSON.parse(events[0]?.details as string)
    expect(details).toEqual({
      usernameHmac: ctx.keys.hmac(ID.login, 'login-name'),
      reason: 'unknown_user',
      ip: '10.9.9.9',
    })
  })

  it('no table holds any of the numbers in clear, in any written form', async () => {
    const found: string[] = []
    for await (const { table, text } of storedRows(ctx, dialect)) {
      const plain = flat(text)
      for (const [area, id] of Object.entries(ID)) if (plain.includes(id)) found.push(`${table}: ${area}`)
    }
    expect([...new Set(found)]).toEqual([])
  })
})

describe('the crawl itself', () => {
  it('sees every written form of a number', () => {
    const id = ID.mark
    for (const form of [id, spaced(id), hyphens(id), fullWidth(id), `${id.slice(0, 9)}－${fullWidth(id.slice(9))}`])
      expect(flat(`前${form}后`)).toContain(id)
  })
})
