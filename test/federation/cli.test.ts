import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerExportCommands } from '../../src/cli/commands/export.js'
import { registerPeerCommands } from '../../src/cli/commands/peer.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { ExcelJS } from '../../src/modules/ingest/index.js'
import { ADULT_ID, penaltyRow, rowsOf } from '../ingest/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect } from '../support/context.js'
import { admin, deptUscc, type Pair, penalties, startPair, uscc } from './helpers.js'

const XK_HEADERS =
  'XK_XDR_MC,XK_XDR_LB,XK_XDR_SHXYM,XK_XDR_GSZC,XK_XDR_ZZJG,XK_XDR_SWDJ,XK_XDR_SYDW,XK_XDR_SHZZ,XK_FRDB,XK_FR_ZJLX,XK_FR_ZJHM,XK_XDR_ZJLX,XK_XDR_ZJHM,XK_XKWS,XK_WSH,XK_XKLB,XK_XKZS,XK_XKBH,XK_NR,XK_JDRQ,XK_YXQZ,XK_YXQZI,XK_XKJG,XK_XKJGDM,XK_ZT,XK_LYDW,XK_LYDWDM,BZ'
const CF_HEADERS =
  'CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_XDR_GSZC,CF_XDR_ZZJG,CF_XDR_SWDJ,CF_XDR_SYDW,CF_XDR_SHZZ,CF_FRDB,CF_FR_ZJLX,CF_FR_ZJHM,CF_XDR_ZJLX,CF_XDR_ZJHM,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_NR_WFFF,CF_NR_ZKDX,CF_JDRQ,CF_YXQ,CF_GSJZQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM,BZ'

// The operator's commands: registering a peer, pulling it (exit 1 when a pull fails), and the 双公示 export of the
// platform's own records (never a peer's) with the national field codes as headers.
describeEachDialect('federation command line', (dialect) => {
  let p: Pair
  beforeAll(async () => {
    p = await startPair(dialect, { derivedReceiverId: true })
  })
  afterAll(async () => p?.close())
  const cliA = inProcessCli(() => p.a.testDb, registerPeerCommands, registerExportCommands)
  const cliB = inProcessCli(() => p.b.testDb, registerPeerCommands, registerExportCommands)

  it('peer add prints the key once; peer list shows the registry; bad input exits 2', async () => {
    const pem = join(p.a.testDb.dir, 'hebei.pem')
    writeFileSync(pem, p.b.keys.signingPublicKeyPem)
    const add = await cliA([
      'peer',
      'add',
      '--name',
      'hebei',
      '--platform-id',
      'hebei-credit',
      '--url',
      'https://credit.hebei.gov.cn',
      '--public-key',
      pem,
      '--classes',
      'admin_penalty',
      '--uscc',
      deptUscc(),
    ])
    expect(add.code, add.err).toBe(0)
    expect(add.out).toMatch(/^gx_[A-Za-z0-9]{44}\n$/)
    const list = await cliA(['peer', 'list', '--json'])
    const peers = JSON.parse(list.out) as {
      name: string
      platformId: string
      classes: string[]
      serves: boolean
      pulls: boolean
    }[]
    expect(peers.map((x) => [x.name, x.platformId, x.serves, x.pulls])).toEqual([
      ['beijing', peers[0]?.platformId, true, false],
      ['hebei', 'hebei-credit', true, false],
    ])
    const bad = await cliA([
      'peer',
      'add',
      '--name',
      'x',
      '--platform-id',
      'x-1',
      '--url',
      'http://example.com',
      '--public-key',
      pem,
      '--classes',
      'admin_penalty',
      '--uscc',
      deptUscc(),
    ])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('federation.bad_name')
  })

  it('peer edit changes the address and classes; disable and enable switch the status; each audited', async () => {
    const edit = await cliA([
      'peer',
      'edit',
      'hebei',
      '--url',
      'https://xinyong.hebei.gov.cn',
      '--classes',
      'admin_penalty,court_defaulter',
      '--json',
    ])
    expect(edit.code, edit.err).toBe(0)
    expect(JSON.parse(edit.out)).toMatchObject({
      url: 'https://xinyong.hebei.gov.cn',
      classes: ['admin_penalty', 'court_defaulter'],
    })
    const off = await cliA(['peer', 'disable', 'hebei', '--reason', '对方平台迁移'])
    expect(off.code, off.err).toBe(0)
    expect(off.out).toBe('对接平台「hebei」已停用。\n')
    const listed = JSON.parse((await cliA(['peer', 'list', '--json'])).out) as { name: string; status: string }[]
    expect(listed.find((x) => x.name === 'hebei')?.status).toBe('disabled')
    const on = await cliA(['peer', 'enable', 'hebei'])
    expect(on.out).toBe('对接平台「hebei」已启用。\n')
    const actions = (
      await p.a.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', 'in', ['federation.peer_edit', 'federation.peer_disabled', 'federation.peer_enabled'])
        .orderBy('seq')
        .execute()
    ).map((r) => r.action)
    expect(actions).toEqual(['federation.peer_edit', 'federation.peer_disabled', 'federation.peer_enabled'])
    const unknown = await cliA(['peer', 'disable', 'nowhere'])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('federation.peer_not_found')
  })

  it('peer pull catches up (exit 0), and exits 1 naming the refusal when an entry fails its check', async () => {
    await penalties(p.a, ['津罚CLI1号', '津罚CLI2号'])
    const ok = await cliB(['peer', 'pull', 'tianjin', '--json'])
    expect(ok.code, ok.err).toBe(0)
    expect(JSON.parse(ok.out)).toMatchObject({ status: 'ok', applied: 2 })
    await penalties(p.a, ['津罚CLI3号'])
    p.proxy.tamper = (page) => ({
      ...page,
      entries: page.entries.map((e) => ({ ...e, data: { ...e.data, CF_NR_FK: '0' } })),
    })
    const refused = await cliB(['peer', 'pull', 'tianjin'])
    p.proxy.tamper = null
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('签名无效')
    const all = await cliB(['peer', 'pull', '--all'])
    expect(all.code, all.err).toBe(0)
  })

  it('export shuanggongshi: XK_ and CF_ files (CSV and XLSX) with the national headers, own records only, ID numbers masked', async () => {
    await runIngest(p.b, admin, {
      classCode: 'admin_penalty',
      dept: 'bj-scjg',
      channel: 'api',
      ...rowsOf([
        penaltyRow({ CF_XDR_SHXYM: uscc(), CF_WSH: '京罚〔2026〕7号', CF_NR_FK: '0.5' }),
        penaltyRow({
          CF_XDR_MC: '李四',
          CF_XDR_LB: '自然人',
          CF_XDR_SHXYM: '',
          CF_FRDB: '',
          CF_XDR_ZJLX: '身份证',
          CF_XDR_ZJHM: ADULT_ID,
          CF_WSH: '京罚〔2026〕8号',
          CF_NR_FK: '0.01',
        }),
      ]),
    })
    const out = join(p.b.testDb.dir, 'sgs')
    const r = await cliB([
      'export',
      'shuanggongshi',
      '--from',
      '2026-05-01',
      '--to',
      '2026-06-30',
      '--out',
      out,
      '--json',
    ])
    expect(r.code, r.err).toBe(0)
    const files = JSON.parse(r.out) as { classCode: string; rows: number; csv: string; xlsx: string }[]
    expect(files.map((f) => [f.classCode, f.rows])).toEqual([
      ['admin_license', 0],
      ['admin_penalty', 2],
    ])
    expect(files[0]?.csv).toBe(join(out, 'XK_行政许可_2026-05-01_2026-06-30.csv'))
    const xk = readFileSync(files[0]?.csv as string, 'utf8')
    expect(xk).toBe(`\uFEFF${XK_HEADERS}\n`)
    const cf = readFileSync(files[1]?.csv as string, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    expect(cf[0]).toBe(CF_HEADERS)
    expect(cf).toHaveLength(3)
    // the peer's records (津罚…) are never exported as ours
    expect(cf.join('\n')).not.toContain('津罚')
    const company = cf.find((l) => l.includes('京罚〔2026〕7号')) as string
    expect(company.split(',')[CF_HEADERS.split(',').indexOf('CF_NR_FK')]).toBe('0.5')
    const person = cf.find((l) => l.includes('京罚〔2026〕8号')) as string
    expect(person).not.toContain(ADULT_ID)
    expect(person.split(',')[CF_HEADERS.split(',').indexOf('CF_XDR_ZJHM')]).toMatch(/^\d{6}\*+\d{3}[\dX]$|\*/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(files[1]?.xlsx as string)
    const ws = wb.worksheets[0] as ExcelJS.Worksheet
    expect(ws.name).toBe('行政处罚')
    expect((ws.getRow(1).values as unknown[]).slice(1).join(',')).toBe(CF_HEADERS)
    expect(ws.rowCount).toBe(3)
    // a period with nothing in it: headers only
    const none = await cliB([
      'export',
      'shuanggongshi',
      '--from',
      '2020-01-01',
      '--to',
      '2020-12-31',
      '--out',
      out,
      '--json',
    ])
    expect((JSON.parse(none.out) as { rows: number }[]).map((f) => f.rows)).toEqual([0, 0])
    expect((await cliB(['export', 'shuanggongshi', '--from', '2026-13-01', '--out', out])).code).toBe(2)
  })
})
