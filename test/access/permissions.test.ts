import { describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { parseRoleCatalog } from '../../src/modules/access/access.roles.js'
import {
  assertCan,
  assertEntityScope,
  can,
  type Principal,
  permissionsOf,
  principalActor,
  publicPrincipal,
  readPurpose,
  roleCatalog,
  rolesFor,
} from '../../src/modules/access/index.js'

function principal(role: string, extra: Partial<Principal> = {}): Principal {
  return {
    kind: 'user',
    id: 'u1',
    role,
    dept: null,
    district: null,
    entityId: null,
    permissions: permissionsOf(role),
    ...extra,
  }
}

describe('access: roles and permissions are data, deny by default', () => {
  it('loads every role of the glossary with its Chinese label', () => {
    const c = roleCatalog()
    const labels = Object.fromEntries([...c.roles.values()].map((r) => [r.code, r.label]))
    expect(labels).toEqual({
      operator: '运维管理',
      auditor: '审计',
      provider: '数据提供',
      consumer: '数据使用',
      agency: '信用服务机构',
      peer: '对接平台',
      subject: '信用主体',
      public: '公众',
    })
    for (const p of [
      'dept.read',
      'dept.write',
      'user.read',
      'user.write',
      'key.write',
      'entity.read',
      'entity.resolve',
      'entity.read_personal',
      'audit.read',
      'audit.verify',
      'batch.submit',
      'check.run',
      'public.read',
    ])
      expect(c.permissions.has(p), p).toBe(true)
  })

  it('grants what a role lists and refuses everything else', () => {
    expect(can(principal('operator'), 'dept.write')).toBe(true)
    expect(can(principal('operator'), 'entity.read_personal')).toBe(true)
    expect(can(principal('provider'), 'batch.submit')).toBe(true)
    expect(can(principal('provider'), 'dept.write')).toBe(false)
    expect(can(principal('provider'), 'check.run')).toBe(false)
    expect(can(principal('consumer'), 'check.run')).toBe(true)
    expect(can(principal('consumer'), 'entity.read_personal')).toBe(false)
    expect(can(principal('auditor'), 'audit.verify')).toBe(true)
    expect(can(principal('auditor'), 'user.write')).toBe(false)
    expect(can(principal('operator'), 'no.such_permission')).toBe(false)
    expect(can(principal('role-that-does-not-exist'), 'public.read')).toBe(false)
    expect(can(publicPrincipal, 'public.read')).toBe(true)
    expect(can(publicPrincipal, 'entity.read')).toBe(false)
    // only operators see unmasked ID numbers
    const withPersonal = [...roleCatalog().roles.values()]
      .filter((r) => r.permissions.has('entity.read_personal'))
      .map((r) => r.code)
    expect(withPersonal).toEqual(['operator'])
  })

  it('assertCan: 401 for the public principal, 403 for others', () => {
    expect(() => assertCan(publicPrincipal, 'dept.read')).toThrow(
      expect.objectContaining({ code: 'access.unauthenticated', status: 401 }),
    )
    expect(() => assertCan(principal('provider'), 'dept.write')).toThrow(
      expect.objectContaining({ code: 'access.forbidden', status: 403 }),
    )
    expect(() => assertCan(principal('operator'), 'dept.write')).not.toThrow()
  })

  it('subject accounts are limited to their own entity', () => {
    const s = principal('subject', { entityId: 'e1' })
    expect(() => assertEntityScope(s, 'e1')).not.toThrow()
    expect(() => assertEntityScope(s, 'e2')).toThrow(expect.objectContaining({ code: 'access.forbidden' }))
    expect(() => assertEntityScope(principal('operator'), 'e2')).not.toThrow()
  })

  it('which roles users and keys may hold', () => {
    expect(rolesFor('user')).toEqual(['operator', 'auditor', 'provider', 'consumer', 'agency', 'subject'])
    expect(rolesFor('api_key')).toEqual(['operator', 'provider', 'consumer', 'agency', 'peer'])
  })

  it('refuses a roles file that grants an undeclared permission', () => {
    expect(() =>
      parseRoleCatalog({
        permissions: { 'a.read': '读' },
        roles: { public: { label: '公众', principals: [], permissions: ['a.write'] } },
      }),
    ).toThrow(/未声明的权限「a.write」/)
    expect(() => parseRoleCatalog({ permissions: {}, roles: {} })).toThrow(/public/)
  })

  it('principalActor carries role, department, request id and purpose', () => {
    expect(principalActor(principal('consumer', { id: 'u9', dept: 'FGW' }), 'req-9', '政府采购资格审查')).toEqual({
      kind: 'user',
      id: 'u9',
      role: 'consumer',
      dept: 'FGW',
      requestId: 'req-9',
      purpose: '政府采购资格审查',
    })
    expect(principalActor(publicPrincipal)).toMatchObject({ kind: 'public', id: null, role: 'public' })
    expect(systemActor('cli:x').kind).toBe('system')
  })
})

describe('access: readPurpose', () => {
  it('reads the purpose from X-Purpose or the body, trimmed', () => {
    expect(readPurpose({ 'x-purpose': '  行政许可审查  ' }, undefined)).toBe('行政许可审查')
    expect(readPurpose({}, { purpose: '招标投标资格审查' })).toBe('招标投标资格审查')
    expect(readPurpose({ 'x-purpose': '' }, { purpose: '评优评先' })).toBe('评优评先')
    // percent-encoded and raw UTF-8 header bytes (Node gives headers as latin1)
    expect(readPurpose({ 'x-purpose': encodeURIComponent('政府采购') }, null)).toBe('政府采购')
    expect(readPurpose({ 'x-purpose': Buffer.from('财政资金', 'utf8').toString('latin1') }, null)).toBe('财政资金')
    expect(readPurpose({ 'x-purpose': ['fraud check', 'x'] }, null)).toBe('fraud check')
  })

  it('missing -> 400 access.purpose_required with the exact message; too short or long -> purpose_invalid', () => {
    const missing = (() => {
      try {
        readPurpose({}, {})
      } catch (e) {
        return e
      }
    })()
    expect(missing).toMatchObject({
      code: 'access.purpose_required',
      status: 400,
      message: '读取个人信息或授权查询信息须说明用途：请在请求头 X-Purpose 或请求体 purpose 字段中填写查询目的。',
    })
    expect(() => readPurpose({ 'x-purpose': '   ' }, { purpose: 3 })).toThrow(
      expect.objectContaining({ code: 'access.purpose_required' }),
    )
    expect(() => readPurpose({}, { purpose: '查' })).toThrow(
      expect.objectContaining({ code: 'access.purpose_invalid', status: 400 }),
    )
    expect(() => readPurpose({}, { purpose: '查'.repeat(201) })).toThrow(
      expect.objectContaining({ code: 'access.purpose_invalid' }),
    )
    expect(readPurpose({}, { purpose: '查'.repeat(200) })).toHaveLength(200)
  })
})
