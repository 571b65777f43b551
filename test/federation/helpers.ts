// Two platform instances on loopback, each with its own database: the source (天津) serves its feed over HTTP, the
// receiver (北京) pulls it through a pass-through proxy that a test can make tamper with what passes.
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { systemActor } from '../../src/core/actor.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addPeer, type FeedEntry, type FeedPage, platformId, signEntry } from '../../src/modules/federation/index.js'
import { keyIdOf } from '../../src/modules/audit/index.js'
import { penaltyRow, rowsOf } from '../ingest/helpers.js'
import { type DialectName, type TestContext, testContext } from '../support/context.js'
import { seedDepartments } from '../support/people.js'

export const admin = systemActor('test-admin')
export const rng = createRng(20260917)
export const uscc = (): string => generateUscc(rng, { dept: '9', category: '1', region: '120116' })
export const deptUscc = (): string => generateUscc(rng, { dept: '1', category: '1', region: '110000' })

export const EXCHANGED = ['admin_penalty', 'court_defaulter', 'abnormal_operation']

export interface Pair {
  a: TestContext
  b: TestContext
  appA: FastifyInstance
  /** The port the source listens on (kept across restarts). */
  port: number
  /** The key the receiver pulls with (issued by the source). */
  pullKey: string
  /** The key the source would pull the receiver with (issued by the receiver). */
  backKey: string
  proxy: Proxy
  close(): Promise<void>
}

/** What the proxy does to a page passing through (null: nothing). */
export type Tamper = ((page: FeedPage) => FeedPage) | null

export interface Proxy {
  url: string
  tamper: Tamper
  server: Server
}

async function startProxy(target: () => string): Promise<Proxy> {
  const proxy: Proxy = { url: '', tamper: null, server: createServer() }
  proxy.server.on('request', (req, res) => {
    void (async () => {
      try {
        const r = await fetch(`${target()}${req.url}`, {
          headers: { authorization: String(req.headers.authorization ?? '') },
        })
        const text = await r.text()
        const body = r.ok && proxy.tamper ? JSON.stringify(proxy.tamper(JSON.parse(text) as FeedPage)) : text
        res.writeHead(r.status, { 'content-type': 'application/json' })
        res.end(body)
      } catch {
        // the source is down: the connection is dropped, as a dead peer's would be
        res.destroy()
      }
    })()
  })
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(proxy.server.address() as { port: number }).port}`
  return proxy
}

/** Source 天津 (platform id `tianjin`) and receiver 北京 (`beijing`, or derived), registered with each other. */
export async function startPair(
  dialect: DialectName,
  options: { measureClasses?: string[]; derivedReceiverId?: boolean } = {},
): Promise<Pair> {
  const measureClasses = options.measureClasses ?? ['court_defaulter']
  const a = await testContext(dialect, { env: { GONGXIN_PLATFORM_ID: 'tianjin' } })
  // the receiver's id: set, or (for commands run on its database) derived from its key file
  const b = await testContext(dialect, options.derivedReceiverId ? {} : { env: { GONGXIN_PLATFORM_ID: 'beijing' } })
  await seedDepartments(
    a,
    { 'tj-scjg': '天津市市场监督管理委员会', 'tj-fy': '天津市高级人民法院', 'tj-fgw': '天津市发展和改革委员会' },
    rng,
  )
  await seedDepartments(b, { 'bj-scjg': '北京市市场监督管理局', 'bj-fy': '北京市高级人民法院' }, rng)
  const appA = await buildApp(a, { web: false })
  await appA.listen({ port: 0, host: '127.0.0.1' })
  const port = (appA.server.address() as { port: number }).port
  const proxy = await startProxy(() => `http://127.0.0.1:${port}`)
  // on the source: the receiver reads its feed with the key issued here
  const atA = await addPeer(a, admin, {
    name: 'beijing',
    platformId: platformId(b),
    url: 'http://127.0.0.1:9',
    publicKeyPem: b.keys.signingPublicKeyPem,
    classes: EXCHANGED,
    uscc: deptUscc(),
  })
  // on the receiver: the source, pulled through the proxy with that key
  const atB = await addPeer(b, admin, {
    name: 'tianjin',
    platformId: 'tianjin',
    url: proxy.url,
    publicKeyPem: a.keys.signingPublicKeyPem,
    classes: EXCHANGED,
    measureClasses,
    uscc: deptUscc(),
    pullKey: atA.apiKey,
  })
  const pair: Pair = {
    a,
    b,
    appA,
    port,
    pullKey: atA.apiKey as string,
    backKey: atB.apiKey as string,
    proxy,
    close: async () => {
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()))
      await pair.appA.close()
      await a.close()
      await b.close()
    },
  }
  return pair
}

/** Stops the source's server (the peer is down). */
export async function stopSource(p: Pair): Promise<void> {
  await p.appA.close()
}

/** Starts the source's server again on the same port. */
export async function restartSource(p: Pair): Promise<void> {
  p.appA = await buildApp(p.a, { web: false })
  await p.appA.listen({ port: p.port, host: '127.0.0.1' })
}

/** 行政处罚 records on the source (tj-scjg): one per document number, each of its own company unless given. */
export async function penalties(ctx: TestContext, docs: string[], over: Record<string, string> = {}): Promise<void> {
  const rows = docs.map((doc) =>
    penaltyRow({ CF_XDR_MC: `天津市测试${doc}有限公司`, CF_XDR_SHXYM: uscc(), CF_WSH: doc, ...over }),
  )
  const r = await runIngest(ctx, admin, {
    classCode: 'admin_penalty',
    dept: 'tj-scjg',
    channel: 'api',
    ...rowsOf(rows),
  })
  if (r.accepted !== docs.length) throw new Error(`penalties not accepted: ${JSON.stringify(r)}`)
}

export async function count(ctx: TestContext, q: ReturnType<typeof sql>): Promise<number> {
  return Number(((await q.execute(ctx.db)).rows[0] as { n: number | string }).n)
}

/** Records the receiver holds from the peer (its department), by state. */
export async function peerRecords(
  ctx: TestContext,
): Promise<{ id: string; document_no: string; state: string; version: number }[]> {
  const rows = await sql<{ id: string; document_no: string; state: string; version: number }>`
    select id, document_no, state, version from records where provider_dept = 'peer-tianjin' order by document_no`.execute(
    ctx.db,
  )
  return rows.rows.map((r) => ({ ...r, version: Number(r.version) }))
}

/** A new Ed25519 key that no peer registered: an entry re-signed with it is from an unknown key. */
export function strangerKey(): { privateKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  }
}

export function resign(entry: FeedEntry, key: { privateKeyPem: string; keyId: string }): FeedEntry {
  const { signature: _, ...rest } = entry
  return signEntry({ ...rest, keyId: key.keyId }, key.privateKeyPem)
}
