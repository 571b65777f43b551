// Portal content (门户内容): drafts, versions, publishing, taking down, the portal's reads and safe Markdown, on both
// databases, through the HTTP API.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { demoPipeline, generateDemo } from '../../src/flows/demo/index.js'
import {
  getContent,
  latestContent,
  listContent,
  plainText,
  publicContentItem,
  renderMarkdown,
} from '../../src/modules/content/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const admin = systemActor('test-admin')

describe('Markdown of articles', () => {
  it('renders headings, lists, tables and links', () => {
    const html = renderMarkdown('## 一、总则\n\n- 第一条\n- 第二条\n\n[条例全文](https://www.example.gov.cn/a.html)\n')
    expect(html).toContain('<h2>一、总则</h2>')
    expect(html).toContain('<li>第一条</li>')
    expect(html).toContain(
      '<a href="https://www.example.gov.cn/a.html" target="_blank" rel="noopener noreferrer">条例全文</a>',
    )
    expect(renderMarkdown('[信用修复](/repair)')).toBe('<p><a href="/repair">信用修复</a></p>\n')
  })

  it('shows raw HTML as text, drops unsafe links and renders no images', () => {
    const html = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(2)">',
        '[点我](javascript:alert(3))',
        '[数据](data:text/html;base64,PHNjcmlwdD4=)',
        '[协议相对](//evil.example.com/x)',
        '![图](https://evil.example.com/track.png)',
        '<a href="https://example.com" onclick="alert(4)">链接</a>',
      ].join('\n\n'),
    )
    expect(html).not.toMatch(/<script|<img|href="javascript|href="data:|href="\/\/|<[a-z][^>]*\son[a-z]+=/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;')
    expect(html).toContain('[点我](javascript:alert(3))')
  })

  it('derives a plain summary from the body', () => {
    expect(plainText('## 标题\n\n正文**重点**内容 <b>x</b>', 20)).toBe('标题 正文重点内容 <b>x</b>')
    expect(plainText('一'.repeat(130))).toBe(`${'一'.repeat(120)}…`)
  })
})

describeEachDialect('portal content over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let provider: Record<string, string>
  let operatorUserId = ''

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-11-02T02:00:00Z' })
    await addDepartment(ctx, admin, {
      code: 'tj-fgw',
      name: '天津市发展和改革委员会',
      uscc: generateUscc(createRng(41), { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
    app = await buildApp(ctx, { web: false })
    await app.ready()
    const user = await createUser(ctx, admin, {
      username: 'editor',
      displayName: '编辑甲',
      password: 'a-long-password-1',
      role: 'operator',
    })
    operatorUserId = user.id
    const { key } = await createApiKey(ctx, admin, { role: 'operator', name: 'editor-key' })
    operator = { authorization: `Bearer ${key}` }
    const p = await createApiKey(ctx, admin, { role: 'provider', dept: 'tj-fgw', name: 'provider' })
    provider = { authorization: `Bearer ${p.key}` }
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = operator) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }), remoteAddress: '10.9.0.1' })
  const pub = (url: string) => app.inject({ method: 'GET', url, remoteAddress: '10.9.0.2' })

  it('only operators write content: anonymous 401, a provider 403', async () => {
    const body = { section: 'news', title: '标题', body: '正文' }
    expect((await app.inject({ method: 'POST', url: '/api/v1/content', payload: body })).statusCode).toBe(401)
    const denied = await call('POST', '/api/v1/content', body, provider)
    expect(denied.statusCode).toBe(403)
    expect((await call('GET', '/api/v1/content', undefined, provider)).statusCode).toBe(403)
  })

  it('a draft, its versions, publishing, edits after publishing, taking down and the audit trail', async () => {
    const created = await call('POST', '/api/v1/content', {
      section: 'policies',
      title: '  《天津市社会信用条例》解读  ',
      source: '市发展改革委',
      body: '## 一、立法目的\n\n规范社会信用信息管理。\n\n<script>alert(1)</script>',
      note: '初稿',
    })
    expect(created.statusCode, created.body).toBe(201)
    const draft = created.json()
    expect(draft).toMatchObject({
      section: 'policies',
      sectionLabel: '政策法规',
      status: 'draft',
      statusLabel: '草稿',
      title: '《天津市社会信用条例》解读',
      version: 1,
      publishedVersion: null,
      unpublishedChanges: false,
      firstPublishedAt: null,
    })
    expect(draft.current).toMatchObject({
      version: 1,
      note: '初稿',
      source: '市发展改革委',
      live: false,
      actor: { kind: 'api_key' },
    })
    expect(draft.current.actor.name).toMatch(/^editor-key（gx_/)
    expect(draft.current.html).toContain('<h2>一、立法目的</h2>')
    expect(draft.current.html).toContain('&lt;script&gt;')
    const id = draft.id as string

    // a draft is not on the portal
    expect((await pub(`/api/v1/public/content/${id}`)).statusCode).toBe(404)
    expect((await pub('/api/v1/public/content?section=policies')).json().total).toBe(0)

    // editing from an old version is refused
    const edit = {
      title: '《天津市社会信用条例》政策解读',
      body: '## 一、立法目的\n\n规范社会信用信息的归集、共享和使用。',
    }
    const stale = await call('PUT', `/api/v1/content/${id}`, { ...edit, version: 2 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('content.conflict')
    const v2 = await call('PUT', `/api/v1/content/${id}`, { ...edit, version: 1, note: '补充' })
    expect(v2.statusCode, v2.body).toBe(200)
    expect(v2.json()).toMatchObject({ version: 2, status: 'draft', title: edit.title })

    // publishing version 2
    const published = await call('POST', `/api/v1/content/${id}/publish`, { version: 2 })
    expect(published.statusCode, published.body).toBe(200)
    expect(published.json()).toMatchObject({
      status: 'published',
      statusLabel: '已发布',
      publishedVersion: 2,
      firstPublishedAt: '2026-11-02T02:00:00.000Z',
    })
    expect(published.json().versions.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [2, true],
      [1, false],
    ])
    const again = await call('POST', `/api/v1/content/${id}/publish`, { version: 2 })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('content.already_published')

    const onPortal = await pub(`/api/v1/public/content/${id}`)
    expect(onPortal.statusCode).toBe(200)
    expect(onPortal.headers['cache-control']).toBe('public, max-age=60')
    expect(onPortal.json()).toEqual({
      id,
      section: 'policies',
      sectionLabel: '政策法规',
      title: edit.title,
      summary: '一、立法目的 规范社会信用信息的归集、共享和使用。',
      source: null,
      publishedOn: '2026-11-02',
      updatedOn: null,
      html: '<h2>一、立法目的</h2>\n<p>规范社会信用信息的归集、共享和使用。</p>\n',
    })

    // an edit of a published article waits for its own publication
    ctx.clock.set('2026-11-20T03:00:00Z')
    const v3 = await call('PUT', `/api/v1/content/${id}`, {
      version: 2,
      title: '《天津市社会信用条例》政策解读（修订）',
      summary: '条例的主要内容和适用范围。',
      source: '市发展改革委',
      body: '修订后的正文。',
    })
    expect(v3.json()).toMatchObject({ version: 3, publishedVersion: 2, unpublishedChanges: true })
    expect((await pub(`/api/v1/public/content/${id}`)).json().title).toBe(edit.title)
    await call('POST', `/api/v1/content/${id}/publish`, { version: 3 })
    expect((await pub(`/api/v1/public/content/${id}`)).json()).toMatchObject({
      title: '《天津市社会信用条例》政策解读（修订）',
      summary: '条例的主要内容和适用范围。',
      source: '市发展改革委',
      publishedOn: '2026-11-02',
      updatedOn: '2026-11-20',
    })

    // going back to an older version
    const back = await call('POST', `/api/v1/content/${id}/publish`, { version: 1 })
    expect(back.json()).toMatchObject({ publishedVersion: 1, version: 3, unpublishedChanges: true })
    expect((await pub(`/api/v1/public/content/${id}`)).json().title).toBe('《天津市社会信用条例》解读')
    const old = await call('GET', `/api/v1/content/${id}?version=1`)
    expect(old.json().current).toMatchObject({ version: 1, live: true, note: '初稿' })
    expect((await call('GET', `/api/v1/content/${id}?version=9`)).statusCode).toBe(404)

    // taking it down needs a reason
    const noReason = await call('POST', `/api/v1/content/${id}/unpublish`, { reason: ' ' })
    expect(noReason.statusCode).toBe(400)
    const down = await call('POST', `/api/v1/content/${id}/unpublish`, { reason: '条例已修订，解读待更新' })
    expect(down.statusCode, down.body).toBe(200)
    expect(down.json()).toMatchObject({ status: 'unpublished', statusLabel: '已撤下', publishedVersion: null })
    expect((await pub(`/api/v1/public/content/${id}`)).statusCode).toBe(404)
    expect((await call('POST', `/api/v1/content/${id}/unpublish`, { reason: '再次撤下' })).statusCode).toBe(409)

    const events = await searchAuditEvents(ctx.db, { targetId: id }, 1, 20)
    expect(events.items.map((e) => e.action).reverse()).toEqual([
      'content.create',
      'content.update',
      'content.publish',
      'content.update',
      'content.publish',
      'content.publish',
      'content.unpublish',
    ])
    expect(events.items[0]?.details).toMatchObject({ reason: '条例已修订，解读待更新', version: 1 })
    expect(events.items.every((e) => e.targetType === 'content')).toBe(true)
  })

  it('the history names the editor by user name', async () => {
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'editor', password: 'a-long-password-1' },
      remoteAddress: '10.9.0.3',
    })
    expect(token.statusCode, token.body).toBe(200)
    const cookie = String(token.headers['set-cookie']).split(';')[0] as string
    const headers = { cookie, 'x-csrf-token': token.json().csrfToken as string }
    const r = await call('POST', '/api/v1/content', { section: 'news', title: '新闻', body: '内容' }, headers)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json().current.actor).toEqual({ kind: 'user', id: operatorUserId, name: 'editor' })
  })

  it('the portal lists published articles per section, newest first, and the latest of each section', async () => {
    const make = async (section: string, title: string, at: string, publish = true) => {
      ctx.clock.set(at)
      const r = await call('POST', '/api/v1/content', { section, title, body: `${title}的正文。` })
      expect(r.statusCode, r.body).toBe(201)
      if (publish) await call('POST', `/api/v1/content/${r.json().id}/publish`, { version: 1 })
      return r.json().id as string
    }
    await make('notices', '关于开展守信激励对象推荐工作的通知', '2026-10-09T01:00:00Z')
    await make('notices', '平台系统维护公告', '2026-11-05T01:00:00Z')
    await make('notices', '未发布的通知（100%_草稿）', '2026-11-06T01:00:00Z', false)
    await make('cases', '某餐饮企业完成信用修复', '2026-10-15T01:00:00Z')

    const notices = (await pub('/api/v1/public/content?section=notices')).json()
    expect(notices).toMatchObject({ section: 'notices', sectionLabel: '通知公告', total: 2, page: 1, pageSize: 20 })
    expect(notices.items.map((i: { title: string; publishedOn: string }) => [i.title, i.publishedOn])).toEqual([
      ['平台系统维护公告', '2026-11-05'],
      ['关于开展守信激励对象推荐工作的通知', '2026-10-09'],
    ])
    const page2 = (await pub('/api/v1/public/content?section=notices&pageSize=1&page=2')).json()
    expect(page2.items.map((i: { title: string }) => i.title)).toEqual(['关于开展守信激励对象推荐工作的通知'])

    const latest = (await pub('/api/v1/public/content/latest?per=1')).json()
    expect(
      latest.sections.map((s: { code: string; label: string; items: { title: string }[] }) => [
        s.code,
        s.label,
        s.items.map((i) => i.title),
      ]),
    ).toEqual([
      ['policies', '政策法规', []],
      ['news', '新闻动态', []],
      ['cases', '典型案例', ['某餐饮企业完成信用修复']],
      ['notices', '通知公告', ['平台系统维护公告']],
    ])

    // the console sees every state and searches titles literally (% and _ match themselves)
    const drafts = (await call('GET', '/api/v1/content?status=draft&section=notices')).json()
    expect(drafts.items.map((i: { title: string }) => i.title)).toEqual(['未发布的通知（100%_草稿）'])
    const literal = (await call('GET', `/api/v1/content?q=${encodeURIComponent('100%_')}`)).json()
    expect(literal.total).toBe(1)
    expect((await call('GET', `/api/v1/content?q=${encodeURIComponent('0%')}`)).json().total).toBe(1)
    expect((await call('GET', `/api/v1/content?q=${encodeURIComponent('_')}`)).json().total).toBe(1)
    const all = (await call('GET', '/api/v1/content?pageSize=100')).json()
    expect(all.items[0].title).toBe('新闻') // the most recently changed first (saved on 2026-11-20)
  })

  it('checks the input', async () => {
    const blank = await call('POST', '/api/v1/content', { section: 'news', title: '   ', body: '正文' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().error.code).toBe('content.field_invalid')
    const section = await call('POST', '/api/v1/content', { section: 'blog', title: '标题', body: '正文' })
    expect(section.statusCode).toBe(400)
    expect((await call('GET', '/api/v1/content/nope')).statusCode).toBe(404)
    expect((await pub('/api/v1/public/content/nope')).json().error.code).toBe('content.not_found')
    const preview = await call('POST', '/api/v1/content/preview', { body: '**加粗** <b>x</b>' })
    expect(preview.json()).toEqual({ html: '<p><strong>加粗</strong> &lt;b&gt;x&lt;/b&gt;</p>\n' })
  })
})

describeEachDialect('the demo city has content in every section', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T04:00:00Z' })
    await generateDemo(ctx, { entities: 50, steps: demoPipeline().filter((s) => s.name === 'content') })
  })
  afterAll(async () => ctx?.close())

  it('published articles per section, newest first, before the day it was built; a draft and one taken down', async () => {
    const latest = await latestContent(ctx, 5)
    for (const s of latest.sections) {
      expect(s.items.length, s.code).toBeGreaterThanOrEqual(3)
      const days = s.items.map((i) => i.publishedOn)
      expect(days).toEqual([...days].sort().reverse())
      expect(days.every((d) => d <= '2026-12-06')).toBe(true)
      expect(s.items.every((i) => i.summary.length > 10)).toBe(true)
    }
    const all = await listContent(ctx, {}, 1, 100)
    const statuses = all.items.map((i) => i.status)
    expect(statuses.filter((x) => x === 'draft')).toHaveLength(1)
    expect(statuses.filter((x) => x === 'unpublished')).toHaveLength(1)
    const edited = all.items.find((i) => i.title === '公共信用信息公示期限一览')
    expect(edited).toMatchObject({ version: 2, publishedVersion: 2, status: 'published' })
    const detail = await getContent(ctx, edited?.id as string)
    expect(detail.versions.map((v) => [v.version, v.note, v.live])).toEqual([
      [2, '补充公示期限的计算方法', true],
      [1, null, false],
    ])
    const item = await publicContentItem(ctx, edited?.id as string)
    expect(item.updatedOn).toBe('2026-11-30')
    expect(item.publishedOn).toBe('2026-11-16')
    expect(item.html).toContain('<li><strong>轻微</strong>：不予公示；</li>')
  })
})
