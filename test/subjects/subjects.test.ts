import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerSubjectCommands } from '../../src/cli/commands/subject.js'
import { createEntity, type Entity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { multipart } from '../support/multipart.js'
import { admin, adultId, auditEvents, companyUscc, login, operatorLogin, PASSWORD, testApp } from './helpers.js'

/** pair allowance 3, account (per identifier) 6, address 50 */
const ENV = {
  GONGXIN_LOGIN_MAX_FAILURES: '3',
  GONGXIN_LOGIN_ACCOUNT_FAILURES: '6',
  GONGXIN_LOGIN_ADDRESS_FAILURES: '50',
  GONGXIN_LOGIN_LOCK_MINUTES: '15',
}

describeEachDialect('subjects: accounts and agents over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let op: Record<string, string>
  let company: Entity
  let person: Entity
  let personId: string
  const cli = inProcessCli(() => ctx.testDb, registerSubjectCommands)

  beforeAll(async () => {
    ctx = await testContext(dialect, { env: ENV })
    app = await testApp(ctx)
    op = await operatorLogin(ctx, app, 'op.subjects')
    company = await createEntity(ctx, admin, {
      kind: 'legal_person',
      name: '天津滨海示范建材有限公司',
      uscc: companyUscc(),
      legalRep: '王建国',
      district: '120116',
    })
    personId = adultId()
    person = await createEntity(ctx, admin, { kind: 'natural_person', name: '李 秀兰', idNumber: personId })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const invite = (payload: Record<string, unknown>, headers = op) =>
    app.inject({ method: 'POST', url: '/api/v1/subject/invitations', headers, payload })
  const activate = (payload: Record<string, unknown>, ip = '10.1.1.1') =>
    app.inject({ method: 'POST', url: '/api/v1/subject/activate', payload, remoteAddress: ip })

  describe('invitations', () => {
    it('an operator issues a code by USCC: shown once, stored only as a keyed hash, 30 days by default', async () => {
      const res = await invite({ uscc: company.uscc })
      expect(res.statusCode, res.body).toBe(201)
      const body = res.json()
      expect(Object.keys(body).sort()).toEqual(['code', 'entityId', 'expiresAt', 'id'])
      expect(body.entityId).toBe(company.id)
      expect(body.code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/)
      expect(body.expiresAt).toBe('2026-07-01T02:00:00.000Z')
      expect(res.headers['cache-control']).toBe('no-store')
      const rows = await ctx.db.selectFrom('subject_invitations').selectAll().where('id', '=', body.id).execute()
      expect(rows).toHaveLength(1)
      expect(JSON.stringify(rows)).not.toContain(body.code)
      expect(JSON.stringify(rows)).not.toContain(body.code.replace(/-/g, ''))
      const events = await auditEvents(ctx, 'subject.invitation_issued')
      expect(events.at(-1)).toMatchObject({
        targetType: 'entity',
        targetId: company.id,
        details: { invitationId: body.id },
      })
      expect(JSON.stringify(events)).not.toContain(body.code)
    })

    it('needs user.write: anonymous 401; a subject 403; neither or both of uscc and entityId 400', async () => {
      expect((await invite({ uscc: company.uscc }, {})).statusCode).toBe(401)
      expect((await invite({})).json().error.code).toBe('subject.entity_required')
      expect((await invite({ uscc: company.uscc, entityId: company.id })).statusCode).toBe(400)
      expect((await invite({ entityId: '0190a0a0-0000-7000-8000-000000000000' })).statusCode).toBe(404)
      const bad = await invite({ entityId: company.id, expiresAt: '2020-01-01' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.code).toBe('subject.bad_expiry')
    })

    it('the CLI prints exactly {"entityId","code","expiresAt"}; a new code supersedes the old; revoke', async () => {
      // the CLI runs on the system clock: a date ten days ahead of it
      const day = new Date(Date.now() + 8 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10)
      const first = await cli(['subject', 'invite', '--entity', person.id, '--expires', day, '--json'])
      expect(first.code, first.err).toBe(0)
      const printed = JSON.parse(first.out)
      expect(Object.keys(printed)).toEqual(['entityId', 'code', 'expiresAt'])
      expect(printed.entityId).toBe(person.id)
      expect(printed.expiresAt).toBe(new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString())
      const second = JSON.parse((await cli(['subject', 'invite', '--entity', person.id, '--json'])).out)
      const list = await app.inject({
        method: 'GET',
        url: `/api/v1/subject/invitations?entityId=${person.id}`,
        headers: op,
      })
      expect(list.json().items.map((i: { state: string }) => i.state)).toEqual(['open', 'superseded'])
      // the superseded code no longer activates
      const old = await activate(
        { idNumber: personId, name: '李秀兰', code: printed.code, username: 'li.xiulan', password: PASSWORD },
        '10.1.2.1',
      )
      expect(old.statusCode).toBe(400)
      expect(old.json().error.code).toBe('subject.bad_code')
      // revoke the open one, then issue again for the activation test below
      const openId = list.json().items[0].id
      const revoked = await app.inject({
        method: 'POST',
        url: `/api/v1/subject/invitations/${openId}/revoke`,
        headers: op,
      })
      expect(revoked.json()).toMatchObject({ id: openId, state: 'revoked' })
      const gone = await activate(
        { idNumber: personId, name: '李秀兰', code: second.code, username: 'li.xiulan', password: PASSWORD },
        '10.1.2.2',
      )
      expect(gone.json().error.code).toBe('subject.bad_code')
      const usage = await cli(['subject', 'invite', '--json'])
      expect(usage.code).toBe(2)
    })
  })

  describe('activation', () => {
    let code: string
    let invitationId: string
    beforeAll(async () => {
      const res = await invite({ entityId: company.id })
      code = res.json().code
      invitationId = res.json().id
    })

    it('wrong code, wrong name, wrong identifier: 400 subject.bad_code, one message for all', async () => {
      const base = { uscc: company.uscc, name: '王建国', code, username: 'binhai.jiancai', password: PASSWORD }
      const answers = [
        await activate({ ...base, code: 'AAAA-BBBB-CCCC-DDDD' }, '10.2.0.1'),
        await activate({ ...base, name: '王建军' }, '10.2.0.2'),
        await activate({ ...base, uscc: companyUscc() }, '10.2.0.3'),
        await activate(
          { uscc: undefined, idNumber: personId, name: '李秀兰', code, username: 'x.y', password: PASSWORD },
          '10.2.0.4',
        ),
      ]
      for (const a of answers) {
        expect(a.statusCode).toBe(400)
        expect(a.json().error.code).toBe('subject.bad_code')
        expect(a.json().error.message).toBe(answers[0]?.json().error.message)
        expect(a.body).not.toContain(personId)
      }
      const reasons = (await auditEvents(ctx, 'subject.activation_failed')).map((e) => e.details.reason)
      expect(reasons).toEqual(expect.arrayContaining(['bad_code', 'name_mismatch', 'unknown_entity']))
      expect(JSON.stringify(await auditEvents(ctx, 'subject.activation_failed'))).not.toContain(personId)
      expect((await activate({ name: 'x', code, username: 'a.b', password: PASSWORD })).json().error.code).toBe(
        'subject.identifier_required',
      )
    })

    it('activates: 201 with the user summary and the entity, no secrets; a subject user bound to the entity', async () => {
      const res = await activate(
        {
          uscc: company.uscc,
          name: ' 王 建国 ',
          code: code.toLowerCase().replace(/-/g, ' '),
          username: 'Binhai.Jiancai',
          password: PASSWORD,
        },
        '10.2.1.1',
      )
      expect(res.statusCode, res.body).toBe(201)
      const body = res.json()
      expect(body).toMatchObject({
        username: 'binhai.jiancai',
        displayName: company.name,
        role: 'subject',
        entityId: company.id,
        entity: { id: company.id, name: company.name, uscc: company.uscc, kind: 'legal_person', legalRep: '王建国' },
      })
      expect(res.body).not.toContain(PASSWORD)
      expect(res.body).not.toContain(code)
      const inv = await ctx.db
        .selectFrom('subject_invitations')
        .selectAll()
        .where('id', '=', invitationId)
        .executeTakeFirstOrThrow()
      expect(inv.used_by).toBe(body.id)
      expect(inv.used_at).toBe('2026-06-01T02:00:00.000Z')
      const activated = await auditEvents(ctx, 'subject.activated')
      expect(activated.at(-1)).toMatchObject({
        targetType: 'user',
        targetId: body.id,
        details: { entityId: company.id, username: 'binhai.jiancai', invitationId },
      })
      const created = await auditEvents(ctx, 'access.user_created')
      expect(created.at(-1)).toMatchObject({ targetId: body.id, details: { role: 'subject', entityId: company.id } })
    })

    it('a used code: 400 subject.bad_code', async () => {
      const res = await activate(
        { uscc: company.uscc, name: '王建国', code, username: 'another.one', password: PASSWORD },
        '10.2.2.1',
      )
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('subject.bad_code')
      expect((await auditEvents(ctx, 'subject.activation_failed')).at(-1)?.details.reason).toBe('bad_code')
    })

    it('the subject logs in with the existing login and sees its entity at GET /api/v1/me', async () => {
      const headers = await login(app, 'binhai.jiancai')
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers })
      expect(me.statusCode, me.body).toBe(200)
      expect(me.json()).toMatchObject({
        user: { username: 'binhai.jiancai', role: 'subject', isAgent: false },
        entity: { id: company.id, name: company.name, uscc: company.uscc },
      })
      const session = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })
      expect(session.json().user.entityId).toBe(company.id)
      // an operator has no bound entity
      expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: op })).statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401)
    })

    it('a natural person activates with the ID number and own name; the number never comes back unmasked', async () => {
      const issued = await invite({ entityId: person.id })
      const res = await activate(
        { idNumber: personId, name: '李秀兰', code: issued.json().code, username: 'li.xiulan', password: PASSWORD },
        '10.2.3.1',
      )
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json().entity).toMatchObject({ id: person.id, kind: 'natural_person', uscc: null, legalRep: null })
      expect(res.json().entity.idMasked).toBe(`${personId.slice(0, 4)}**********${personId.slice(-4)}`)
      expect(res.body).not.toContain(personId)
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: await login(app, 'li.xiulan') })
      expect(me.json().entity.id).toBe(person.id)
      expect(me.body).not.toContain(personId)
      expect(JSON.stringify(await auditEvents(ctx, 'subject.activated'))).not.toContain(personId)
    })

    it('an expired code: 400 subject.bad_code', async () => {
      const other = await createEntity(ctx, admin, {
        kind: 'legal_person',
        name: '过期测试有限公司',
        uscc: companyUscc(),
        legalRep: '赵六',
      })
      const issued = await invite({ entityId: other.id, expiresAt: '2026-06-02' })
      ctx.clock.advance(3 * 86_400_000)
      try {
        const res = await activate(
          { uscc: other.uscc, name: '赵六', code: issued.json().code, username: 'expired.co', password: PASSWORD },
          '10.2.4.1',
        )
        expect(res.statusCode).toBe(400)
        expect(res.json().error.code).toBe('subject.bad_code')
        expect((await auditEvents(ctx, 'subject.activation_failed')).at(-1)?.details.reason).toBe('expired')
      } finally {
        ctx.clock.advance(-3 * 86_400_000)
      }
    })

    it('a user name taken: 409 with a clear message; the code stays usable', async () => {
      const other = await createEntity(ctx, admin, {
        kind: 'legal_person',
        name: '重名测试有限公司',
        uscc: companyUscc(),
        legalRep: '钱七',
      })
      const issued = (await invite({ entityId: other.id })).json()
      const body = { uscc: other.uscc, name: '钱七', code: issued.code, password: PASSWORD }
      const clash = await activate({ ...body, username: 'binhai.jiancai' }, '10.2.5.1')
      expect(clash.statusCode).toBe(409)
      expect(clash.json().error.code).toBe('access.user_exists')
      expect(clash.json().error.message).toContain('已被使用')
      const weak = await activate({ ...body, username: 'qianqi.co', password: 'short' }, '10.2.5.1')
      expect(weak.statusCode).toBe(400)
      expect(weak.json().error.code).toBe('access.weak_password')
      const ok = await activate({ ...body, username: 'qianqi.co' }, '10.2.5.1')
      expect(ok.statusCode, ok.body).toBe(201)
    })

    it('attempts are throttled like logins: past the allowance 429 access.throttled, even with the right code', async () => {
      const other = await createEntity(ctx, admin, {
        kind: 'legal_person',
        name: '限流测试有限公司',
        uscc: companyUscc(),
        legalRep: '孙八',
      })
      const issued = (await invite({ entityId: other.id })).json()
      const body = { uscc: other.uscc, name: '孙八', username: 'sunba.co', password: PASSWORD }
      const statuses: number[] = []
      for (let i = 0; i < 4; i++)
        statuses.push((await activate({ ...body, code: `WRNG-CODE-${i}${i}${i}${i}-ABCD` }, '10.2.6.1')).statusCode)
      expect(statuses).toEqual([400, 400, 400, 429])
      const right = await activate({ ...body, code: issued.code }, '10.2.6.1')
      expect(right.statusCode).toBe(429)
      expect(right.json().error).toMatchObject({ code: 'access.throttled' })
      expect(right.json().error.message).toMatch(/激活失败次数过多/)
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0)
      expect((await auditEvents(ctx, 'subject.activation_failed')).at(-1)?.details.reason).toBe('throttled')
      ctx.clock.advance(Number(right.headers['retry-after']) * 1000)
      const later = await activate({ ...body, code: issued.code }, '10.2.6.1')
      expect(later.statusCode, later.body).toBe(201)
    })
  })

  describe('agents', () => {
    let subject: Record<string, string>
    let agentId: string
    beforeAll(async () => {
      subject = await login(app, 'binhai.jiancai')
    })
    const addAgent = (payload: Record<string, unknown>, headers = subject) =>
      app.inject({ method: 'POST', url: '/api/v1/subject/agents', headers, payload })
    /** Uploads a letter of authorisation (a small PDF) as the caller; its file id. */
    const upload = async (headers: Record<string, string>, text: string): Promise<string> => {
      const pdf = Buffer.from(
        `%PDF-1.4\n% ${text}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
      )
      const form = multipart({}, { name: '授权委托书.pdf', content: pdf, type: 'application/pdf' })
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: { ...headers, ...form.headers },
        payload: form.payload,
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    }

    it('a subject adds an agent with a letter of authorisation: pending, cannot sign in', async () => {
      const letter = await upload(subject, 'zhang')
      const res = await addAgent({
        username: 'jbr.zhang',
        displayName: '张经办',
        password: PASSWORD,
        letterFileId: letter,
      })
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json()).toMatchObject({
        username: 'jbr.zhang',
        displayName: '张经办',
        entityId: company.id,
        entityName: company.name,
        letterFileId: letter,
        state: 'pending',
        reason: null,
      })
      agentId = res.json().id
      const denied = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'jbr.zhang', password: PASSWORD },
        remoteAddress: '10.3.0.1',
      })
      expect(denied.statusCode).toBe(403)
      expect(denied.json().error.code).toBe('access.disabled')
      expect(denied.json().error.message).toContain('审核通过')
      const mine = await app.inject({ method: 'GET', url: '/api/v1/subject/agents', headers: subject })
      expect(mine.json().items.map((a: { id: string }) => a.id)).toEqual([agentId])
      expect((await auditEvents(ctx, 'subject.agent_added')).at(-1)).toMatchObject({
        targetId: agentId,
        details: { entityId: company.id, letterFileId: letter },
      })
      // the letter is attached to the agent's case: the operator who decides reads it, another subject does not
      expect((await auditEvents(ctx, 'file.attach')).at(-1)).toMatchObject({
        targetType: 'subject_agent',
        targetId: agentId,
        details: { files: [letter] },
      })
      const read = await app.inject({ method: 'GET', url: `/api/v1/files/${letter}`, headers: op })
      expect(read.statusCode).toBe(200)
      expect(read.headers['content-type']).toBe('application/pdf')
      const stranger = await login(app, 'li.xiulan')
      expect((await app.inject({ method: 'GET', url: `/api/v1/files/${letter}`, headers: stranger })).statusCode).toBe(
        404,
      )
    })

    it("checks: no letter 400, somebody else's file 422, a taken name 409, operators cannot add, subjects see their own", async () => {
      expect(
        (await addAgent({ username: 'jbr.x', displayName: '某', password: PASSWORD, letterFileId: '../x' })).json()
          .error.code,
      ).toBe('subject.bad_letter')
      const othersFile = await upload(await login(app, 'li.xiulan'), 'not yours')
      const notMine = await addAgent({
        username: 'jbr.w',
        displayName: '某',
        password: PASSWORD,
        letterFileId: othersFile,
      })
      expect(notMine.statusCode).toBe(422)
      expect(notMine.json().error.code).toBe('files.not_attachable')
      // nothing of the refused agent is left behind
      expect(await ctx.db.selectFrom('users').select('id').where('username', '=', 'jbr.w').execute()).toEqual([])
      const mine = await upload(subject, 'clash')
      expect(
        (await addAgent({ username: 'li.xiulan', displayName: '某', password: PASSWORD, letterFileId: mine }))
          .statusCode,
      ).toBe(409)
      expect(
        (await addAgent({ username: 'jbr.y', displayName: '某', password: PASSWORD, letterFileId: mine }, op))
          .statusCode,
      ).toBe(403)
      const person = await login(app, 'li.xiulan')
      const theirs = await app.inject({ method: 'GET', url: '/api/v1/subject/agents', headers: person })
      expect(theirs.json().items).toEqual([])
      // a subject cannot approve
      expect(
        (await app.inject({ method: 'POST', url: `/api/v1/subject/agents/${agentId}/approve`, headers: subject }))
          .statusCode,
      ).toBe(403)
    })

    it('the operator queue lists pending agents; approval lets the agent sign in and act for the entity', async () => {
      const queue = await app.inject({ method: 'GET', url: '/api/v1/subject/agents?state=pending', headers: op })
      expect(queue.statusCode).toBe(200)
      expect(queue.json().items.map((a: { id: string }) => a.id)).toContain(agentId)
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/subject/agents?state=nope', headers: op })).statusCode,
      ).toBe(400)
      const ok = await app.inject({ method: 'POST', url: `/api/v1/subject/agents/${agentId}/approve`, headers: op })
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json()).toMatchObject({ id: agentId, state: 'approved', decidedBy: expect.any(String) })
      const again = await app.inject({ method: 'POST', url: `/api/v1/subject/agents/${agentId}/approve`, headers: op })
      expect(again.statusCode).toBe(409)
      expect(again.json().error.code).toBe('subject.agent_not_pending')
      const agent = await login(app, 'jbr.zhang', PASSWORD, '10.3.0.1')
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: agent })
      expect(me.json()).toMatchObject({ user: { username: 'jbr.zhang', isAgent: true }, entity: { id: company.id } })
      // agents do not add agents
      const nested = await addAgent(
        { username: 'jbr.z', displayName: '某', password: PASSWORD, letterFileId: await upload(agent, 'nested') },
        agent,
      )
      expect(nested.json().error.code).toBe('subject.agent_by_agent')
      expect((await auditEvents(ctx, 'subject.agent_approved')).at(-1)).toMatchObject({ targetId: agentId })
      expect((await auditEvents(ctx, 'access.user_enabled')).at(-1)?.details.username).toBe('jbr.zhang')
    })

    it('rejection needs a reason; the agent stays unable to sign in and the subject sees the reason', async () => {
      const added = await addAgent({
        username: 'jbr.li',
        displayName: '李经办',
        password: PASSWORD,
        letterFileId: await upload(subject, 'li'),
      })
      const id = added.json().id
      const noReason = await app.inject({
        method: 'POST',
        url: `/api/v1/subject/agents/${id}/reject`,
        headers: op,
        payload: { reason: ' ' },
      })
      expect(noReason.json().error.code).toBe('subject.reason_required')
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/subject/agents/${id}/reject`,
        headers: op,
        payload: { reason: '授权委托书未加盖公章' },
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ state: 'rejected', reason: '授权委托书未加盖公章' })
      const denied = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'jbr.li', password: PASSWORD },
        remoteAddress: '10.3.0.2',
      })
      expect(denied.statusCode).toBe(403)
      const mine = await app.inject({ method: 'GET', url: '/api/v1/subject/agents', headers: subject })
      expect(mine.json().items.find((a: { id: string }) => a.id === id)).toMatchObject({
        reason: '授权委托书未加盖公章',
      })
      expect((await auditEvents(ctx, 'subject.agent_rejected')).at(-1)).toMatchObject({
        targetId: id,
        details: { reason: '授权委托书未加盖公章' },
      })
    })
  })
})
