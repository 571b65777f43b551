// Generated names with many overlapping fragments, and the specification of the result order as plain code.
import { createRng } from '../../src/identifiers/index.js'
import { type SearchFilters, searchEntities, searchKey } from '../../src/modules/search/index.js'
import type { TestContext } from '../support/context.js'

export const PARTS = [
  '天津',
  '海河',
  '河北',
  '北辰',
  '辰光',
  '光明',
  '明珠',
  '珠江',
  '科技',
  '技术',
  '有限',
  '公司',
  '(天津)',
  '（滨海）',
  'ＡＢ',
  'ab',
  '贸易',
  '易达',
  '达通',
  '发展',
  '集团',
  '中心',
  '商行',
  '河',
  '津',
]

export function generatedNames(
  seed: number,
  n: number,
  parts: readonly string[] = PARTS,
): { name: string; former: string[] }[] {
  const rng = createRng(seed)
  const pick = () => parts[Math.floor(rng.next() * parts.length)] as string
  const out: { name: string; former: string[] }[] = []
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(rng.next() * 5)
    const name = Array.from({ length: len }, pick).join('')
    const former = rng.next() < 0.2 ? [Array.from({ length: 1 + Math.floor(rng.next() * 4) }, pick).join('')] : []
    out.push({ name, former })
  }
  return out
}

/** All entities matching a fragment in the specified order, computed from the names alone. */
export function oracle(entities: { id: string; name: string; former: string[] }[], q: string): string[] {
  const key = searchKey(q)
  const ranked: { id: string; cat: number; len: number }[] = []
  for (const e of entities) {
    let best: { cat: number; len: number } | null = null
    for (const name of [e.name, ...e.former]) {
      const k = searchKey(name)
      if (!k.includes(key)) continue
      const c = { cat: k === key ? 0 : k.startsWith(key) ? 1 : 2, len: [...k].length }
      if (!best || c.cat < best.cat || (c.cat === best.cat && c.len < best.len)) best = c
    }
    if (best) ranked.push({ id: e.id, ...best })
  }
  return ranked.sort((a, b) => a.cat - b.cat || a.len - b.len || (a.id < b.id ? -1 : 1)).map((r) => r.id)
}

/** The entities whose best match is of each category, in rank order. */
export function oracleByCategory(
  entities: { id: string; name: string; former: string[] }[],
  q: string,
): Record<'exact' | 'prefix' | 'substring', string[]> {
  const key = searchKey(q)
  const out: Record<'exact' | 'prefix' | 'substring', { id: string; len: number }[]> = {
    exact: [],
    prefix: [],
    substring: [],
  }
  for (const e of entities) {
    let best: { cat: number; len: number } | null = null
    for (const name of [e.name, ...e.former]) {
      const k = searchKey(name)
      if (!k.includes(key)) continue
      const c = { cat: k === key ? 0 : k.startsWith(key) ? 1 : 2, len: [...k].length }
      if (!best || c.cat < best.cat || (c.cat === best.cat && c.len < best.len)) best = c
    }
    if (best) out[(['exact', 'prefix', 'substring'] as const)[best.cat] as 'exact'].push({ id: e.id, len: best.len })
  }
  const sort = (l: { id: string; len: number }[]) =>
    l.sort((a, b) => a.len - b.len || (a.id < b.id ? -1 : 1)).map((x) => x.id)
  return { exact: sort(out.exact), prefix: sort(out.prefix), substring: sort(out.substring) }
}

export async function allPages(ctx: TestContext, q: string, filters: SearchFilters = {}): Promise<string[]> {
  const out: string[] = []
  for (let page = 1; ; page++) {
    const r = await searchEntities(ctx.db, q, filters, { page, pageSize: 50 })
    out.push(...r.items.map((i) => i.id))
    if (r.items.length < 50) return out
  }
}

export function fragments(entities: { name: string }[], seed: number, count: number): string[] {
  const rng = createRng(seed)
  const set = new Set<string>([
    '天津',
    '河',
    '津',
    '有限公司',
    '(天津)',
    '（天津）',
    'ab',
    'ＡＢ',
    '河北辰',
    '海河海河',
  ])
  while (set.size < count) {
    const cps = [...(entities[Math.floor(rng.next() * entities.length)] as { name: string }).name]
    const n = 2 + Math.floor(rng.next() * Math.min(7, cps.length))
    if (cps.length < n) continue
    const i = Math.floor(rng.next() * (cps.length - n + 1))
    set.add(cps.slice(i, i + n).join(''))
  }
  return [...set].filter((q) => [...searchKey(q)].length >= 2)
}
