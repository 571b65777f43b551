// A deadline policy's definition: filled in and checked (problems in Chinese, naming the field).
import type { DeadlineDefinition } from './deadlines.types.js'

export const DEADLINE_CODE = /^[a-z][a-z0-9_]{1,31}\.[a-z][a-z0-9_]{1,31}$/
const KNOWN = ['code', 'nameZh', 'workingDays', 'from', 'basis']

export function normaliseDeadline(input: Record<string, unknown>): DeadlineDefinition {
  const { version: _v, ...rest } = input
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
  return {
    ...rest,
    code: text(rest.code),
    nameZh: text(rest.nameZh),
    workingDays: rest.workingDays,
    from: text(rest.from ?? ''),
    basis: Array.isArray(rest.basis) ? rest.basis.map(text) : rest.basis,
  } as DeadlineDefinition
}

export function checkDeadline(def: DeadlineDefinition): string[] {
  const problems: string[] = []
  for (const k of Object.keys(def)) if (!KNOWN.includes(k)) problems.push(`不支持的属性「${k}」`)
  if (typeof def.code !== 'string' || !DEADLINE_CODE.test(def.code))
    problems.push('code（期限代码）应为“案件.环节”形式的小写英文，如 objection.accept')
  if (typeof def.nameZh !== 'string' || def.nameZh.length < 2 || def.nameZh.length > 50)
    problems.push('nameZh（中文名称）应为 2 到 50 个字')
  if (!Number.isInteger(def.workingDays) || def.workingDays < 1 || def.workingDays > 365)
    problems.push('workingDays（工作日数）应为 1 到 365 之间的整数')
  if (typeof def.from !== 'string' || def.from.length > 100) problems.push('from（起算点）应为不超过 100 个字的文字')
  if (
    !Array.isArray(def.basis) ||
    def.basis.length === 0 ||
    def.basis.some((b) => typeof b !== 'string' || b.length < 4 || b.length > 300)
  )
    problems.push('basis（依据）应列出至少一条依据，每条 4 到 300 个字（无统一规定时写明“本平台自定”及理由）')
  return problems
}
