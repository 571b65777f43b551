// `npm run bench -- federation`: records per second from one instance's feed into another's store, as a ratio to
// `gongxin import` of the same records from a file in the same run. The source instance imports a national-format
// 行政处罚 CSV (BENCH_ROWS, default 20,000 rows; its own subjects, registered on the way) - the baseline, timed -
// then serves its feed on loopback; a second instance with its own database pulls it (`gongxin peer pull`: every
// entry's Ed25519 signature verified, pages of BENCH_PAGE entries, default 1,000, applied through the same
// collection pipeline with provenance, one transaction per page) - timed. Both start from an empty store of
// subjects. SQLite by default; BENCH_PG_URL=postgres://... puts both databases in PostgreSQL schemas.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import pg from 'pg'
import { systemActor } from '../src/core/actor.js'
import { loadConfig } from '../src/core/config.js'
import { closeContext } from '../src/container.js'
import { pullPeer } from '../src/flows/federation/index.js'
import { importFile } from '../src/flows/ingest/index.js'
import { buildApp } from '../src/http/app.js'
import { createRng, generateUscc } from '../src/identifiers/index.js'
import { addDepartment } from '../src/modules/access/index.js'
import { addPeer } from '../src/modules/federation/index.js'
import { openMigratedContext } from '../src/setup.js'

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000)
const PAGE = Number(process.env.BENCH_PAGE ?? 1000)
const PG = process.env.BENCH_PG_URL
const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-federation-'))
const actor = systemActor('bench')
const rng = createRng(17)
const deptUscc = () => generateUscc(rng, { dept: '1', category: '1', region: '120000' })
const schemas: string[] = []

async function database(name: string): Promise<string> {
  if (!PG) return join(dir, `${name}.db`)
  const schema = `bench_fed_${name}_${process.pid}`
  const admin = new pg.Client({ connectionString: PG })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  schemas.push(schema)
  const u = new URL(PG)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

async function open(name: string, platformId: string) {
  const dataDir = join(dir, name)
  return openMigratedContext(
    loadConfig({
      GONGXIN_DB: await database(name),
      GONGXIN_DATA_DIR: dataDir,
      GONGXIN_LOG_LEVEL: 'silent',
      GONGXIN_PLATFORM_ID: platformId,
      GONGXIN_TRUSTED_CLIENTS: '127.0.0.1',
    }),
  )
}

const a = await open('source', 'tianjin')
const b = await open('receiver', 'beijing')
const scjg = deptUscc()
await addDepartment(a, actor, { code: 'tj-scjg', name: '天津市市场监督管理委员会', uscc: scjg, district: '120000' })

// --- the file (not timed)
const csvPath = join(dir, 'penalties.csv')
{
  const out = createWriteStream(csvPath)
  out.write(
    'CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM\n',
  )
  const seen = new Set<string>()
  for (let i = 0; i < ROWS; i++) {
    let uscc = generateUscc(rng, { region: '120101' })
    while (seen.has(uscc.slice(8, 17))) uscc = generateUscc(rng, { region: '120101' })
    seen.add(uscc.slice(8, 17))
    const month = String(1 + (i % 12)).padStart(2, '0')
    const day = String(1 + (i % 28)).padStart(2, '0')
    out.write(
      `天津市联邦基准${i}号有限公司,法人及非法人组织,${uscc},张三,津市监罚〔2025〕${i + 1}号,销售不合格产品,经查，当事人销售不合格产品。,《中华人民共和国产品质量法》第四十九条,${i % 5 === 0 ? '罚款;没收违法所得' : '罚款'},罚款人民币5000元。,${((i % 50) / 10 + 0.1).toFixed(1)},2025-${month}-${day},天津市市场监督管理委员会,${scjg},天津市市场监督管理委员会,${scjg}\n`,
    )
  }
  out.end()
  await finished(out)
}

// --- baseline: gongxin import of the file into the source (timed)
let t = performance.now()
const imported = await importFile(a, actor, { path: csvPath, classCode: 'admin_penalty', dept: 'tj-scjg' })
const importSeconds = (performance.now() - t) / 1000
if (imported.accepted !== ROWS) throw new Error(`import accepted ${imported.accepted} of ${ROWS}`)

// --- the two instances registered with each other (not timed)
const app = await buildApp(a, { web: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
const atA = await addPeer(a, actor, {
  name: 'beijing',
  platformId: 'beijing',
  url: 'http://127.0.0.1:9',
  publicKeyPem: b.keys.signingPublicKeyPem,
  classes: ['admin_penalty'],
  uscc: deptUscc(),
})
await addPeer(b, actor, {
  name: 'tianjin',
  platformId: 'tianjin',
  url,
  publicKeyPem: a.keys.signingPublicKeyPem,
  classes: ['admin_penalty'],
  uscc: deptUscc(),
  pullKey: atA.apiKey,
})

// --- the pull from the feed into the receiver's store (timed)
t = performance.now()
const pulled = await pullPeer(b, actor, 'tianjin', { limit: PAGE })
const pullSeconds = (performance.now() - t) / 1000
if (pulled.status !== 'ok' || pulled.applied !== ROWS || pulled.rejected !== 0)
  throw new Error(`pull: ${JSON.stringify(pulled)}`)

await app.close()
await closeContext(a)
await closeContext(b)
for (const s of schemas) {
  const admin = new pg.Client({ connectionString: PG })
  await admin.connect()
  await admin.query(`drop schema ${s} cascade`)
  await admin.end()
}
rmSync(dir, { recursive: true, force: true })

const importRate = ROWS / importSeconds
const pullRate = ROWS / pullSeconds
console.log(
  JSON.stringify({
    bench: 'federation',
    dialect: PG ? 'postgres' : 'sqlite',
    rows: ROWS,
    pageSize: PAGE,
    pages: pulled.pages,
    recordsPerSecond: Math.round(pullRate),
    importRecordsPerSecond: Math.round(importRate),
    ratio: Number((pullRate / importRate).toFixed(3)),
    pullSeconds: Number(pullSeconds.toFixed(2)),
    importSeconds: Number(importSeconds.toFixed(2)),
  }),
)
