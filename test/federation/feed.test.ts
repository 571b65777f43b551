import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pullPeer } from '../../src/flows/federation/index.js'
import { addPeer, type FeedPage, verifyEntry } from '../../src/modules/federation/index.js'
import { ADULT_ID, penaltyRow, rowsOf } from '../ingest/helpers.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { describeEachDialect } from '../support/context.js'
import { bearerKey } from '../support/people.js'
import { admin, count, deptUscc, type Pair, peerRecords, penalties, startPair, uscc } from './helpers.js'

// The outbound feed: signed entries of the registered classes only, for registered peers only; what a record's
// fields become on the way out (ID numbers, amounts); and the receiver never serving a peer's record as its own.
describeEachDialect('federation feed', (dialect) => {
  let p: Pair
  beforeAll(async () => {
    p = await startPair(dialect)
  })
  afterAll(async () => p?.close())

  const base = () => `http://127.0.0.1:${p.port}`
  const feed = async (headers: Record<string, string>, after = '0', limit = 100) =>
    fetch(`${base()}/api/v1/federation/feed?after=${after}&limit=${limit}`, { headers })

  it('serves signed entries that verify with the published key, and a signed page; a changed entry does not verify', async () => {
    await penalties(p.a, ['津市监罚〔2026〕101号', '津市监罚〔2026〕102号'])
    const res = await feed({ authorization: `Bearer ${p.pullKey}` })
    expect(res.status).toBe(200)
    const page = (await res.json()) as FeedPage
    expect(page.platform).toBe('tianjin')
    expect(page.to).toBe('beijing')
    expect(page.entries).toHaveLength(2)
    const published = (await (await fetch(`${base()}/api/v1/federation/platform`)).json()) as {
      platformId: string
      keys: { id: string; publicKey: string; status: string }[]
    }
    expect(published.platformId).toBe('tianjin')
    const current = published.keys.find((k) => k.status === 'current')
    for (const e of page.entries) {
      expect(e).toMatchObject({ op: 'add', kind: 'record', class: 'admin_penalty', platform: 'tianjin', to: 'beijing' })
      expect(e.keyId).toBe(current?.id)
      expect(verifyEntry(e, current?.publicKey as string)).toBe(true)
      expect(verifyEntry({ ...e, data: { ...e.data, CF_NR_FK: '0.1' } }, current?.publicKey as string)).toBe(false)
      expect(verifyEntry({ ...e, to: 'hebei' }, current?.publicKey as string)).toBe(false)
    }
    // the fine travels as submitted: 2 万元 (stored as 20000 元)
    expect(page.entries[0]?.data.CF_NR_FK).toBe('2')
    expect(page.entries[0]?.data.CF_CFLB).toBe('罚款;没收违法所得')
    expect(Number(page.next)).toBeGreaterThanOrEqual(Number(page.entries[1]?.seq))
    // every page served is logged
    expect(
      await count(p.a, sql`select count(*) as n from audit_events where action = 'federation.feed_served'`),
    ).toBeGreaterThanOrEqual(1)
  })

  it('deny by default: anonymous 401, a consumer 403, a peer key no peer was registered with 403, only registered classes', async () => {
    expect((await feed({})).status).toBe(401)
    expect((await feed(await bearerKey(p.a, 'consumer', 'tj-fgw'))).status).toBe(403)
    const stranger = await feed(await bearerKey(p.a, 'peer'))
    expect(stranger.status).toBe(403)
    expect(((await stranger.json()) as { error: { code: string } }).error.code).toBe('federation.not_a_peer')
    // a class not registered for the peer never leaves: a 行政许可 stored after the penalties
    const before = (await (await feed({ authorization: `Bearer ${p.pullKey}` })).json()) as FeedPage
    const license = await runIngest(p.a, admin, {
      classCode: 'admin_license',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        {
          XK_XDR_MC: '天津市许可测试有限公司',
          XK_XDR_LB: '法人及非法人组织',
          XK_XDR_SHXYM: uscc(),
          XK_FRDB: '赵六',
          XK_XKWS: '食品经营许可决定书',
          XK_WSH: '津市监许〔2026〕9号',
          XK_XKLB: '普通',
          XK_JDRQ: '2026-05-20',
          XK_YXQZ: '2026-05-20',
          XK_YXQZI: '2031-05-19',
          XK_XKJG: '天津市市场监督管理委员会',
          XK_XKJGDM: deptUscc(),
          XK_LYDW: '天津市市场监督管理委员会',
          XK_LYDWDM: deptUscc(),
        },
      ]),
    })
    expect(license.accepted, JSON.stringify(license)).toBe(1)
    const after = (await (await feed({ authorization: `Bearer ${p.pullKey}` }, before.next)).json()) as FeedPage
    expect(after.entries).toEqual([])
    // the cursor moved past it all the same: the head, signed
    expect(Number(after.next)).toBeGreaterThan(Number(before.next))
    // an authorised-only class is never registered for a peer
    await expect(
      addPeer(p.a, admin, {
        name: 'hebei',
        platformId: 'hebei',
        url: 'https://credit.hebei.gov.cn',
        publicKeyPem: p.b.keys.signingPublicKeyPem,
        classes: ['admin_penalty', 'civil_servant_integrity'],
        uscc: deptUscc(),
      }),
    ).rejects.toMatchObject({ code: 'federation.bad_classes' })
  })

  it("ID numbers: the subject's in clear for the receiver to find the person (sealed there at once), a legal representative's never", async () => {
    const before = (await (await feed({ authorization: `Bearer ${p.pullKey}` })).json()) as FeedPage
    await runIngest(p.a, admin, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        penaltyRow({
          CF_XDR_MC: '张三',
          CF_XDR_LB: '自然人',
          CF_XDR_SHXYM: '',
          CF_FRDB: '',
          CF_XDR_ZJLX: '身份证',
          CF_XDR_ZJHM: ADULT_ID,
          CF_WSH: '津市监罚〔2026〕201号',
          CF_NR_FK: '0.02',
        }),
        penaltyRow({
          CF_XDR_MC: '天津市法人证件测试有限公司',
          CF_XDR_SHXYM: uscc(),
          CF_FR_ZJLX: '身份证',
          CF_FR_ZJHM: ADULT_ID,
          CF_WSH: '津市监罚〔2026〕202号',
        }),
      ]),
    })
    const page = (await (await feed({ authorization: `Bearer ${p.pullKey}` }, before.next)).json()) as FeedPage
    const person = page.entries.find((e) => e.data.CF_WSH === '津市监罚〔2026〕201号')
    const company = page.entries.find((e) => e.data.CF_WSH === '津市监罚〔2026〕202号')
    expect(person?.data.CF_XDR_ZJHM).toBe(ADULT_ID)
    expect(person?.data.CF_NR_FK).toBe('0.02')
    expect(company?.data.CF_FR_ZJHM).toBeUndefined()
    expect(JSON.stringify(company)).not.toContain(ADULT_ID)
    // pulled: stored under the receiver's own key ring, never in clear
    const r = await pullPeer(p.b, admin, 'tianjin')
    expect(r.status).toBe('ok')
    const stored = await sql<{
      payload: string
    }>`select v.payload from record_versions v join records r on r.id = v.record_id
      where r.document_no = '津市监罚〔2026〕201号'`.execute(p.b.db)
    expect(stored.rows).toHaveLength(1)
    expect(stored.rows[0]?.payload).not.toContain(ADULT_ID)
  })

  it("the receiver never serves a peer's record as its own", async () => {
    await pullPeer(p.b, admin, 'tianjin')
    const held = await peerRecords(p.b)
    expect(held.length).toBeGreaterThanOrEqual(4)
    const res = await fetch(`${base()}/api/v1/federation/platform`)
    expect(res.status).toBe(200)
    const app = await (await import('../../src/http/app.js')).buildApp(p.b, { web: false })
    try {
      const page = await app.inject({
        method: 'GET',
        url: '/api/v1/federation/feed?after=0&limit=1000',
        headers: { authorization: `Bearer ${p.backKey}` },
      })
      expect(page.statusCode, page.body).toBe(200)
      expect((page.json() as FeedPage).entries).toEqual([])
      // a record of its own is served
      await runIngest(p.b, admin, {
        classCode: 'admin_penalty',
        dept: 'bj-scjg',
        channel: 'api',
        ...rowsOf([penaltyRow({ CF_XDR_SHXYM: uscc(), CF_WSH: '京市监罚〔2026〕1号' })]),
      })
      const own = (
        await app.inject({
          method: 'GET',
          url: '/api/v1/federation/feed?after=0&limit=1000',
          headers: { authorization: `Bearer ${p.backKey}` },
        })
      ).json() as FeedPage
      expect(own.entries.map((e) => e.data.CF_WSH)).toEqual(['京市监罚〔2026〕1号'])
      expect(own.platform).toBe('beijing')
    } finally {
      await app.close()
    }
  })
})

describe('federation exchange values', () => {
  it('yuan to 万元 exactly', async () => {
    const { yuanToWan } = await import('../../src/modules/federation/index.js')
    expect(yuanToWan('20000')).toBe('2')
    expect(yuanToWan('2000')).toBe('0.2')
    expect(yuanToWan('1234.56')).toBe('0.123456')
    expect(yuanToWan('0')).toBe('0')
    expect(yuanToWan('1000000')).toBe('100')
  })
})
