// The routing table (举报分办表): each tip category and the department that usually handles it. Pure: the
// definition, how it is normalised and checked, and the defaults file.
import { readFileSync } from 'node:fs'
import { dataFilePath } from '../../identifiers/index.js'
import { tipError } from './tips.errors.js'

export interface TipCategory {
  /** `^[a-z][a-z0-9_]{1,39}$` */
  code: string
  nameZh: string
  /** The department suggested for the category; null: the credit office chooses each time. */
  dept: string | null
}

export interface RoutingTable {
  categories: TipCategory[]
  /** Where the table comes from (rules, local division of duties). */
  basis: string[]
}

const CODE_RE = /^[a-z][a-z0-9_]{1,39}$/
const DEPT_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/
const KEYS = ['categories', 'basis'] as const

/** Fills what a definition may leave out (the version dropped). */
export function normaliseRouting(input: Record<string, unknown>): RoutingTable {
  const { version: _v, ...rest } = input
  const categories = Array.isArray(rest.categories)
    ? rest.categories.map((c) =>
        c !== null && typeof c === 'object' && !Array.isArray(c)
          ? { dept: null, ...(c as Record<string, unknown>) }
          : c,
      )
    : rest.categories
  return { basis: [], ...rest, categories } as unknown as RoutingTable
}

/** The problems of a table in Chinese (empty when sound). */
export function checkRouting(table: unknown): string[] {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) return ['分办表应为 JSON 对象']
  const t = table as Record<string, unknown>
  const p: string[] = []
  for (const k of Object.keys(t)) if (!(KEYS as readonly string[]).includes(k)) p.push(`未知属性「${k}」`)
  if (!Array.isArray(t.categories) || t.categories.length === 0) p.push('categories（举报类别）应为非空数组')
  else {
    const seen = new Set<string>()
    t.categories.forEach((c, i) => {
      const where = `categories[${i}]`
      if (c === null || typeof c !== 'object' || Array.isArray(c)) {
        p.push(`${where} 应为对象 {code, nameZh, dept}`)
        return
      }
      const x = c as Record<string, unknown>
      for (const k of Object.keys(x)) if (!['code', 'nameZh', 'dept'].includes(k)) p.push(`${where} 有未知属性「${k}」`)
      if (typeof x.code !== 'string' || !CODE_RE.test(x.code))
        p.push(`${where}.code（类别代码）应为小写字母开头的 2 到 40 位字母、数字或下划线`)
      else if (seen.has(x.code)) p.push(`类别代码「${x.code}」重复`)
      else seen.add(x.code)
      if (typeof x.nameZh !== 'string' || x.nameZh.trim() === '' || x.nameZh.length > 100)
        p.push(`${where}.nameZh（类别名称）应为 1 到 100 个字`)
      if (x.dept !== null && (typeof x.dept !== 'string' || !DEPT_RE.test(x.dept)))
        p.push(`${where}.dept（建议承办部门）应为部门代码或 null`)
    })
  }
  if (!Array.isArray(t.basis) || !t.basis.every((b) => typeof b === 'string' && b.trim() !== ''))
    p.push('basis（依据）应为非空文字的数组')
  return p
}

/** The stored form: known properties only, texts trimmed. */
export function pickRouting(t: RoutingTable): RoutingTable {
  return {
    categories: t.categories.map((c) => ({ code: c.code, nameZh: c.nameZh.trim(), dept: c.dept })),
    basis: t.basis.map((b) => b.trim()),
  }
}

export function defaultRoutingFile(): string {
  return dataFilePath('tips/routing.json')
}

/** data/tips/routing.json (`{"routing": {...}}`), checked. */
export function readDefaultRouting(file = defaultRoutingFile()): RoutingTable {
  let raw: { routing?: unknown }
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as { routing?: unknown }
  } catch (e) {
    throw tipError('tips.routing_defaults_unreadable', { path: file, reason: (e as Error).message })
  }
  const given = raw?.routing
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw tipError('tips.routing_invalid', { source: file, problems: ['文件应为 {"routing": {...}}'] })
  const table = normaliseRouting(given as Record<string, unknown>)
  const problems = checkRouting(table)
  if (problems.length) throw tipError('tips.routing_invalid', { source: file, problems })
  return pickRouting(table)
}
