// Evidence files over HTTP with the real app, on both databases: types found in the content, the size limit, one blob
// per content, who may read a file (uploader, a case's handlers through the case kind's resolver, operators for kinds
// without one; 404 for everybody else, 401 anonymously), anonymous uploads owned by their upload token, attachFiles.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Actor, systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { attachFiles, filesOf } from '../../src/modules/files/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { EXE, JPEG, PDF, PNG, pngOfSize, TEXT } from './fixtures.js'

const admin = systemActor('test-admin')
const rng = createRng(20261206)
const PASSWORD = 'correct horse battery'
const LIMIT = 2048
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describeEachDialect('evidence files', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let subject: Record<string, string>
  let subjectActor: Actor
  let scjg: Record<string, string>
  let scjgActor: Actor
  let jtw: Record<string, string>
  let operator: Record<string, string>
  let consumer: Record<string, string>
  const handled: Array<{ dept: string | null; caseId: string }> = []

  beforeAll(async () => {
    ctx = await testContext(dialect, {
      now: '2026-06-01T02:00:00Z',
      env: { GONGXIN_FILE_MAX_BYTES: String(LIMIT), GONGXIN_PUBLIC_RATE_LIMIT: '36' },
    })
    for (const code of ['tj-scjg', 'tj-jtw', 'tj-sw'])
      await addDepartment(ctx, admin, {
        code,
        name: `测试部门 ${code}`,
        uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
        district: '120000',
      })
    const company = await createEntity(ctx, admin, {
      kind: 'legal_person',
      name: '天津市测试证据商贸有限公司',
      uscc: generateUscc(rng, { region: '120116' }),
      legalRep: '王五',
      district: '120116',
    })
    const user = await createUser(ctx, admin, {
      username: 'evidence-subject',
      role: 'subject',
      entityId: company.id,
      password: PASSWORD,
    })
    subjectActor = { kind: 'user', id: user.id, role: 'subject', dept: null }
    const key = async (role: string, dept?: string) => {
      const k = await createApiKey(ctx, admin, { role, ...(dept ? { dept } : {}) })
      return {
        headers: { authorization: `Bearer ${k.key}` },
        actor: { kind: 'api_key', id: k.id, role, dept: dept ?? null } as Actor,
      }
    }
    const s = await key('provider', 'tj-scjg')
    scjg = s.headers
    scjgActor = s.actor
    jtw = (await key('provider', 'tj-jtw')).headers
    operator = (await key('operator')).headers
    consumer = (await key('consumer', 'tj-sw')).headers
    app = await buildApp(ctx, {
      web: false,
      fileCaseAccess: {
        // the providing department tj-scjg handles objection case-1 (as the objections module would decide)
        objection: async (_ctx, p, caseId) => {
          handled.push({ dept: p.dept, caseId })
          return p.dept === 'tj-scjg' && caseId === 'case-1'
        },
        tip: async (_ctx, p) => p.dept === 'tj-scjg',
      },
    })
    await app.ready()
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'evidence-subject', password: PASSWORD },
      remoteAddress: '10.7.7.7',
    })
    expect(login.statusCode, login.body).toBe(200)
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('gx_session='))
    subject = {
      cookie: (cookie ?? '').split(';')[0] as string,
      'x-csrf-token': login.json().csrfToken as string,
    }
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  let address = 0
  /** Each anonymous test from an address of its own: the anonymous upload limit is per address. */
  const newAddress = () => `10.9.0.${++address}`
  const upload = (
    headers: Record<string, string>,
    file: { name: string; content: Buffer } | null,
    fields: Record<string, string> = {},
    remoteAddress = '10.8.0.1',
  ) => {
    const form = multipart(fields, file ?? undefined)
    return app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
      remoteAddress,
    })
  }
  const get = (headers: Record<string, string>, url: string) => app.inject({ method: 'GET', url, headers })
  const count = async (table: 'files' | 'file_blobs') =>
    Number(
      (
        await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const audits = async (action: string) =>
    (await searchAuditEvents(ctx.db, { action }, 1, 100)).items
      .filter((e) => e.action === action)
      .sort((a, b) => a.seq - b.seq)

  it('stores a PDF, a JPEG and a PNG by their content; the uploader reads each back as it was', async () => {
    for (const [name, content, mime] of [
      ['申请材料.pdf', PDF, 'application/pdf'],
      ['photo.JPG', JPEG, 'image/jpeg'],
      ['scan.png', PNG, 'image/png'],
    ] as const) {
      const res = await upload(subject, { name, content })
      expect(res.statusCode, res.body).toBe(201)
      const body = res.json()
      expect(body).toEqual({
        id: expect.any(String),
        name,
        size: content.length,
        sha256: sha(content),
        mime,
        createdAt: '2026-06-01T02:00:00.000Z',
      })
      const meta = await get(subject, `/api/v1/files/${body.id}/meta`)
      expect(meta.statusCode).toBe(200)
      expect(meta.json()).toEqual(body)
      const got = await get(subject, `/api/v1/files/${body.id}`)
      expect(got.statusCode).toBe(200)
      expect(got.rawPayload.equals(content)).toBe(true)
      expect(got.headers['content-type']).toBe(mime)
      expect(got.headers['x-content-type-options']).toBe('nosniff')
      expect(got.headers['cache-control']).toBe('private, no-store')
      expect(got.headers['content-disposition']).toBe(
        `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
    }
    const events = await audits('file.upload')
    expect(events.length).toBe(3)
    expect(events.every((e) => e.actorKind === 'user')).toBe(true)
  })

  it('goes by the content, not the name: a PNG named .pdf is a PNG; a program or text named .pdf is 415', async () => {
    const png = await upload(scjg, { name: 'contract.pdf', content: PNG })
    expect(png.statusCode, png.body).toBe(201)
    expect(png.json()).toMatchObject({ name: 'contract.pdf.png', mime: 'image/png', size: PNG.length })
    const got = await get(scjg, `/api/v1/files/${png.json().id}`)
    expect(got.headers['content-type']).toBe('image/png')

    const before = await count('files')
    for (const [content, detected] of [
      [EXE, 'EXE'],
      [TEXT, null],
      [Buffer.alloc(0), null],
    ] as const) {
      const res = await upload(scjg, { name: 'evidence.pdf', content })
      expect(res.statusCode, res.body).toBe(415)
      const err = res.json().error
      expect(err.code).toBe('files.bad_type')
      expect(err.message).toContain('PDF、JPEG 或 PNG')
      expect(err.message).toContain('evidence.pdf')
      expect(err.message.includes('实际为 EXE')).toBe(detected === 'EXE')
    }
    expect(await count('files')).toBe(before)
  })

  it('refuses a file over GONGXIN_FILE_MAX_BYTES with 413, naming the limit; one at the limit is stored', async () => {
    const over = await upload(subject, { name: 'big.png', content: pngOfSize(LIMIT + 1) })
    expect(over.statusCode, over.body).toBe(413)
    expect(over.json().error.code).toBe('files.too_large')
    expect(over.json().error.message).toContain('2 KB')
    const at = await upload(subject, { name: 'big.png', content: pngOfSize(LIMIT) })
    expect(at.statusCode, at.body).toBe(201)
    expect(at.json().size).toBe(LIMIT)
  })

  it('a form without a file is 400 files.missing', async () => {
    const res = await upload(subject, null, { note: 'x' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('files.missing')
  })

  it('stores the same content once: two uploads, two files, one blob', async () => {
    const content = Buffer.concat([PDF, Buffer.from('% same bytes\n')])
    const blobs = await count('file_blobs')
    const files = await count('files')
    const a = (await upload(subject, { name: 'a.pdf', content })).json()
    const b = (await upload(scjg, { name: 'b.pdf', content })).json()
    expect(a.id).not.toBe(b.id)
    expect(a.sha256).toBe(b.sha256)
    expect(await count('file_blobs')).toBe(blobs + 1)
    expect(await count('files')).toBe(files + 2)
    // each reads its own file (its own name), not the other's
    expect((await get(scjg, `/api/v1/files/${b.id}/meta`)).json().name).toBe('b.pdf')
    expect((await get(scjg, `/api/v1/files/${a.id}/meta`)).statusCode).toBe(404)
  })

  it('masks an ID number in the name and seals the clear name', async () => {
    const id = generateResidentId(rng, { region: '120101', birthDate: '1985-03-07', sex: 'male' })
    const res = await upload(subject, { name: `身份证${id}.png`, content: PNG })
    expect(res.statusCode).toBe(201)
    const name = res.json().name as string
    expect(name).not.toContain(id)
    expect(name).toMatch(/^身份证\d{4}\*+[\dX]{4}\.png$/)
    const row = await ctx.db
      .selectFrom('files')
      .select(['name', 'sealed'])
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow()
    expect(row.name).toBe(name)
    expect(row.sealed).not.toBeNull()
    expect(row.sealed).not.toContain(id)
  })

  it('is read only by its uploader: a stranger and an unknown id get the same 404, anonymous callers 401', async () => {
    const f = (await upload(subject, { name: 'mine.pdf', content: PDF })).json()
    for (const who of [scjg, operator, consumer]) {
      for (const url of [`/api/v1/files/${f.id}`, `/api/v1/files/${f.id}/meta`]) {
        const res = await get(who, url)
        expect(res.statusCode).toBe(404)
        expect(res.json().error).toMatchObject({ code: 'files.not_found', details: { id: f.id } })
      }
    }
    const unknown = await get(scjg, '/api/v1/files/0190aaaa-0000-7000-8000-000000000000/meta')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('files.not_found')
    for (const url of [`/api/v1/files/${f.id}`, `/api/v1/files/${f.id}/meta`]) {
      const anon = await get({}, url)
      expect(anon.statusCode).toBe(401)
      expect(anon.json().error.code).toBe('access.unauthenticated')
    }
    expect(await audits('file.read')).toEqual([])
  })

  it('is read by whoever handles a case it is attached to (the kind resolver decides), audited; others 404', async () => {
    const f = (await upload(subject, { name: '异议证据.pdf', content: PDF })).json()
    const attached = await attachFiles(ctx, subjectActor, [f.id, f.id], { kind: 'objection', id: 'case-1' })
    expect(attached.map((x) => x.id)).toEqual([f.id])
    expect(await filesOf(ctx, { kind: 'objection', id: 'case-1' })).toEqual([
      { ...f, attachedAt: '2026-06-01T02:00:00.000Z' },
    ])
    expect((await audits('file.attach')).at(-1)).toMatchObject({
      targetType: 'objection',
      targetId: 'case-1',
      details: { files: [f.id] },
    })

    const res = await get(scjg, `/api/v1/files/${f.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.equals(PDF)).toBe(true)
    expect(handled).toContainEqual({ dept: 'tj-scjg', caseId: 'case-1' })
    const reads = await audits('file.read')
    expect(reads.length).toBe(1)
    expect(reads[0]).toMatchObject({
      actorKind: 'api_key',
      actorDept: 'tj-scjg',
      targetType: 'file',
      targetId: f.id,
      details: { part: 'content', caseKind: 'objection', caseId: 'case-1', via: 'case' },
    })
    // another department, and an operator: the resolver says no (the operator's permission is for kinds without one)
    expect((await get(jtw, `/api/v1/files/${f.id}`)).statusCode).toBe(404)
    expect((await get(operator, `/api/v1/files/${f.id}/meta`)).statusCode).toBe(404)
    // the uploader's own reads are not audited
    expect((await get(subject, `/api/v1/files/${f.id}`)).statusCode).toBe(200)
    expect((await audits('file.read')).length).toBe(1)
  })

  it('a case kind without a resolver: the uploader and operators (file.read_any) read its files, nobody else', async () => {
    const f = (await upload(scjg, { name: 'notice.png', content: PNG })).json()
    await attachFiles(ctx, scjgActor, [f.id], { kind: 'agent_letter', id: 'agent-1' })
    const meta = await get(operator, `/api/v1/files/${f.id}/meta`)
    expect(meta.statusCode).toBe(200)
    expect(meta.json()).toEqual(f)
    expect((await get(consumer, `/api/v1/files/${f.id}`)).statusCode).toBe(404)
    expect((await get(jtw, `/api/v1/files/${f.id}`)).statusCode).toBe(404)
    expect((await audits('file.read')).at(-1)).toMatchObject({
      targetId: f.id,
      details: { part: 'meta', caseKind: 'agent_letter', caseId: 'agent-1', via: 'file.read_any' },
    })
  })

  it("attachFiles refuses someone else's file and an unknown one alike (422), attaching none of the list", async () => {
    const mine = (await upload(scjg, { name: 'mine.pdf', content: PDF })).json()
    const theirs = (await upload(subject, { name: 'theirs.pdf', content: PDF })).json()
    for (const ids of [[mine.id, theirs.id], ['0190aaaa-0000-7000-8000-000000000000']]) {
      const e = await attachFiles(ctx, scjgActor, ids, { kind: 'objection', id: 'case-2' }).catch((x) => x)
      expect(e.code).toBe('files.not_attachable')
      expect(e.status).toBe(422)
      expect(e.details.id).toBe(ids.at(-1))
    }
    expect(await filesOf(ctx, { kind: 'objection', id: 'case-2' })).toEqual([])
    // an operator attaching a subject's upload is refused too (at the window the operator uploads the papers)
    const op: Actor = { kind: 'system', id: 'window-operator', role: 'operator', dept: null }
    await expect(attachFiles(ctx, op, [theirs.id], { kind: 'objection', id: 'case-2' })).rejects.toMatchObject({
      code: 'files.not_attachable',
    })
    // inside a caller's transaction: a failing case command leaves no attachment behind
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await attachFiles({ ...ctx, db: trx }, scjgActor, [mine.id], { kind: 'objection', id: 'case-3' })
        throw new Error('the case command failed')
      }),
    ).rejects.toThrow('the case command failed')
    expect(await filesOf(ctx, { kind: 'objection', id: 'case-3' })).toEqual([])
  })

  it('anonymous uploads: owned by their upload token, attachable once within 24 hours, never read back anonymously', async () => {
    const from = newAddress()
    const first = await upload({}, { name: 'tip1.jpg', content: JPEG }, {}, from)
    expect(first.statusCode, first.body).toBe(201)
    const token = first.json().uploadToken as string
    expect(token).toMatch(/^gxu_[A-Za-z0-9_-]{43}$/)
    const second = await upload({}, { name: 'tip2.png', content: PNG }, { uploadToken: token }, from)
    expect(second.statusCode, second.body).toBe(201)
    expect(second.json().uploadToken).toBe(token)
    const bogus = await upload({}, { name: 'tip3.png', content: PNG }, { uploadToken: `gxu_${'A'.repeat(43)}` }, from)
    expect(bogus.statusCode).toBe(400)
    expect(bogus.json().error.code).toBe('files.bad_upload_token')
    // signed-in uploads never carry a token
    expect((await upload(subject, { name: 'x.png', content: PNG })).json().uploadToken).toBeUndefined()

    const ids = [first.json().id, second.json().id]
    expect((await get({}, `/api/v1/files/${ids[0]}`)).statusCode).toBe(401)
    const tipster: Actor = { kind: 'public', id: null, role: 'public', dept: null }
    await expect(
      attachFiles(ctx, tipster, ids, { kind: 'tip', id: 'tip-1' }, { uploadToken: `gxu_${'B'.repeat(43)}` }),
    ).rejects.toMatchObject({ code: 'files.not_attachable' })
    await expect(attachFiles(ctx, tipster, ids, { kind: 'tip', id: 'tip-1' })).rejects.toMatchObject({
      code: 'files.not_attachable',
    })
    const attached = await attachFiles(ctx, tipster, ids, { kind: 'tip', id: 'tip-1' }, { uploadToken: token })
    expect(attached.map((f) => f.name)).toEqual(['tip1.jpg', 'tip2.png'])
    // once attached, the token attaches them nowhere else
    await expect(
      attachFiles(ctx, tipster, [ids[0]], { kind: 'tip', id: 'tip-2' }, { uploadToken: token }),
    ).rejects.toMatchObject({ code: 'files.not_attachable' })
    // a signed-in user cannot attach an anonymous upload either
    await expect(attachFiles(ctx, subjectActor, [ids[0]], { kind: 'tip', id: 'tip-2' })).rejects.toMatchObject({
      code: 'files.not_attachable',
    })
    // the tip's handler reads them
    const read = await get(scjg, `/api/v1/files/${ids[1]}`)
    expect(read.statusCode).toBe(200)
    expect(read.rawPayload.equals(PNG)).toBe(true)

    // 24 hours later an unattached anonymous upload can no longer be attached, nor its token reused
    const late = await upload({}, { name: 'late.pdf', content: PDF }, {}, newAddress())
    ctx.clock.set(new Date('2026-06-02T02:00:01Z'))
    try {
      await expect(
        attachFiles(
          ctx,
          tipster,
          [late.json().id],
          { kind: 'tip', id: 'tip-3' },
          { uploadToken: late.json().uploadToken },
        ),
      ).rejects.toMatchObject({ code: 'files.not_attachable' })
      const reuse = await upload(
        {},
        { name: 'x.png', content: PNG },
        { uploadToken: late.json().uploadToken },
        newAddress(),
      )
      expect(reuse.json().error.code).toBe('files.bad_upload_token')
    } finally {
      ctx.clock.set(new Date('2026-06-01T02:00:00Z'))
    }
  })

  it('rate-limits anonymous uploads per address (a twelfth of the public limit), never signed-in ones', async () => {
    const from = newAddress()
    // GONGXIN_PUBLIC_RATE_LIMIT=36: 3 anonymous uploads a minute
    for (let i = 0; i < 3; i++)
      expect((await upload({}, { name: 'a.png', content: PNG }, {}, from)).statusCode).toBe(201)
    const limited = await upload({}, { name: 'a.png', content: PNG }, {}, from)
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('core.rate_limited')
    expect(limited.headers['retry-after']).toBeDefined()
    for (let i = 0; i < 5; i++)
      expect((await upload(scjg, { name: 'a.png', content: PNG }, {}, from)).statusCode).toBe(201)
  })
})
