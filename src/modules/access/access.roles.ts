import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from '../../core/config.js'

/**
 * Roles and permissions are data (data/access/roles.json), read once and checked when first used.
 * Deny by default: a permission that a role does not list is refused.
 */
export type PrincipalKind = 'user' | 'api_key'
export type RoleRequirement = 'dept' | 'entity'

export interface RoleDefinition {
  code: string
  label: string
  /** Which kinds of principal may hold the role ([] for the anonymous `public` role). */
  principals: readonly PrincipalKind[]
  /** What a holder must be bound to: a department, an entity. */
  requires: readonly RoleRequirement[]
  permissions: ReadonlySet<string>
}

export interface RoleCatalog {
  version: number
  /** Every known permission with its Chinese label. */
  permissions: ReadonlyMap<string, string>
  roles: ReadonlyMap<string, RoleDefinition>
}

export const PUBLIC_ROLE = 'public'

export function rolesFilePath(): string {
  return join(projectRoot(), 'data', 'access', 'roles.json')
}

/** Parses and checks a roles document; throws an Error listing every problem. */
export function parseRoleCatalog(doc: unknown, source = 'roles.json'): RoleCatalog {
  const problems: string[] = []
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (!obj(doc)) throw new Error(`${source}: 应为 JSON 对象`)
  const permissions = new Map<string, string>()
  if (!obj(doc.permissions)) problems.push('缺少 permissions 对象（权限代码 -> 中文说明）')
  else {
    for (const [code, label] of Object.entries(doc.permissions)) {
      if (!/^[a-z_]+\.[a-z_]+$/.test(code)) problems.push(`权限代码「${code}」格式不正确（示例 dept.read）`)
      if (typeof label !== 'string' || label.trim() === '') problems.push(`权限 ${code} 缺少中文说明`)
      permissions.set(code, String(label))
    }
  }
  const roles = new Map<string, RoleDefinition>()
  if (!obj(doc.roles)) problems.push('缺少 roles 对象')
  else {
    for (const [code, raw] of Object.entries(doc.roles)) {
      if (!/^[a-z_]{2,32}$/.test(code)) problems.push(`角色代码「${code}」格式不正确`)
      if (!obj(raw)) {
        problems.push(`角色 ${code} 应为对象`)
        continue
      }
      const label = typeof raw.label === 'string' ? raw.label : ''
      if (!label) problems.push(`角色 ${code} 缺少 label`)
      const arr = (key: string): string[] => {
        const v = raw[key]
        if (v === undefined) return []
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
          problems.push(`角色 ${code} 的 ${key} 应为字符串数组`)
          return []
        }
        return v as string[]
      }
      const principals = arr('principals')
      for (const p of principals)
        if (p !== 'user' && p !== 'api_key')
          problems.push(`角色 ${code} 的 principals 含未知类型「${p}」（可选 user、api_key）`)
      const requires = arr('requires')
      for (const r of requires)
        if (r !== 'dept' && r !== 'entity')
          problems.push(`角色 ${code} 的 requires 含未知项「${r}」（可选 dept、entity）`)
      const perms = arr('permissions')
      for (const p of perms) if (!permissions.has(p)) problems.push(`角色 ${code} 引用了未声明的权限「${p}」`)
      roles.set(code, {
        code,
        label,
        principals: Object.freeze(principals as PrincipalKind[]),
        requires: Object.freeze(requires as RoleRequirement[]),
        permissions: Object.freeze(new Set(perms)) as ReadonlySet<string>,
      })
    }
    if (!roles.has(PUBLIC_ROLE)) problems.push(`缺少匿名访问使用的 ${PUBLIC_ROLE} 角色`)
    else if ((roles.get(PUBLIC_ROLE)?.principals.length ?? 0) > 0)
      problems.push(`${PUBLIC_ROLE} 角色不能分配给用户或密钥（principals 应为 []）`)
  }
  if (problems.length > 0) throw new Error(`${source} 有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  return { version: typeof doc.version === 'number' ? doc.version : 1, permissions, roles }
}

let cached: RoleCatalog | undefined

/** The role catalog from data/access/roles.json (read once). */
export function roleCatalog(): RoleCatalog {
  if (!cached) {
    const path = rolesFilePath()
    cached = parseRoleCatalog(JSON.parse(readFileSync(path, 'utf8')) as unknown, path)
  }
  return cached
}

export function findRole(code: string): RoleDefinition | undefined {
  return roleCatalog().roles.get(code)
}

const NONE: ReadonlySet<string> = Object.freeze(new Set<string>())

/** Permissions of a role; an unknown role has none. */
export function permissionsOf(role: string): ReadonlySet<string> {
  return findRole(role)?.permissions ?? NONE
}

/** Roles that a kind of principal may hold, in file order. */
export function rolesFor(kind: PrincipalKind): string[] {
  return [...roleCatalog().roles.values()].filter((r) => r.principals.includes(kind)).map((r) => r.code)
}
