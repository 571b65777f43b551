// GB/T 2260 administrative division codes, current and historic, loaded once and lazily from data/regions.json.
import { readFileSync } from 'node:fs'
import { dataFilePath } from './data-path.js'

export type RegionLevel = 'national' | 'province' | 'prefecture' | 'county'

export interface RegionInfo {
  code: string
  name: string
  /** 'national' only for the special code 100000 (国家级), used in USCCs issued by national authorities. */
  level: RegionLevel
  /** In the current code list. Historic codes stay known: identifiers issued under them remain valid. */
  current: boolean
  /** Year the code was abolished, when known. */
  abolished?: string
  /** Parent code: the prefecture (xxxx00) when it exists, else the province (xx0000). */
  parent?: string
}

/** The national-level pseudo region used in position 3-8 of USCCs issued by national authorities. */
export const NATIONAL_REGION = '100000'

type RegionRow = [string, string, RegionLevel, boolean, string?]

interface RegionsFile {
  source: string
  regions: RegionRow[]
}

let regions: Map<string, RegionInfo> | undefined
let fullNames: Map<string, string> | undefined
let regionsSource = ''

function parentOf(code: string, map: Map<string, unknown>): string | undefined {
  if (code === NATIONAL_REGION || code.endsWith('0000')) return undefined
  if (!code.endsWith('00')) {
    const prefecture = `${code.slice(0, 4)}00`
    if (map.has(prefecture)) return prefecture
  }
  const province = `${code.slice(0, 2)}0000`
  return map.has(province) ? province : undefined
}

function load(): Map<string, RegionInfo> {
  if (regions) return regions
  const file = JSON.parse(readFileSync(dataFilePath('regions.json'), 'utf8')) as RegionsFile
  const map = new Map<string, RegionInfo>()
  for (const [code, name, level, current, abolished] of file.regions) {
    const info: RegionInfo = { code, name, level, current }
    if (abolished) info.abolished = abolished
    map.set(code, info)
  }
  for (const info of map.values()) {
    const parent = parentOf(info.code, map)
    if (parent) info.parent = parent
  }
  const names = new Map<string, string>()
  for (const info of map.values()) {
    const parts: string[] = [info.name]
    let parent = info.parent
    while (parent) {
      const p = map.get(parent)
      if (!p) break
      if (p.name !== '市辖区' && p.name !== '县' && !p.name.includes('直辖县级')) parts.unshift(p.name)
      parent = p.parent
    }
    names.set(info.code, parts.join(''))
  }
  regionsSource = file.source
  fullNames = names
  regions = map
  return map
}

/** The region with this 6-digit code (current or historic), or undefined. The returned object is shared: do not mutate. */
export function lookupRegion(code: string): RegionInfo | undefined {
  return load().get(code)
}

/** True when the code is a known GB/T 2260 code (current or historic) or 100000 (national level). */
export function isKnownRegion(code: string): boolean {
  return load().has(code)
}

/** Region name for display, with the province/prefecture prefix for county-level codes, e.g. "天津市河西区". */
export function regionFullName(code: string): string | undefined {
  load()
  return fullNames?.get(code)
}

/** All regions (current and historic), in code order. */
export function allRegions(): RegionInfo[] {
  return [...load().values()]
}

/** Description of where the region data comes from (the "source" field of data/regions.json). */
export function regionDataSource(): string {
  load()
  return regionsSource
}

/** The 16 current districts of 天津市 (1201xx), in code order. */
export function tianjinDistricts(): RegionInfo[] {
  const out: RegionInfo[] = []
  for (const info of load().values()) {
    if (info.current && info.level === 'county' && info.code.startsWith('1201')) out.push(info)
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : 1))
}

let currentCounties: readonly string[] | undefined

/** Current county-level codes, sorted (used by the generators). */
export function currentCountyCodes(): readonly string[] {
  if (currentCounties) return currentCounties
  const out: string[] = []
  for (const info of load().values()) if (info.current && info.level === 'county') out.push(info.code)
  currentCounties = Object.freeze(out.sort())
  return currentCounties
}
