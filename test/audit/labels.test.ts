// Every audit action the server writes has a Chinese label (src/modules/audit/audit.labels.ts): the codes are
// collected from the source - literal codes on `action:` lines and in `*_ACTION` constants, the case machines'
// actions (`<kind>.submit`, `<kind>.<action>`) and the commitment operations (`commitment.<op>`).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CASE_KINDS } from '../../src/flows/cases/index.js'
import {
  AUDIT_ACTION_LABELS,
  AUDIT_TARGET_LABELS,
  auditActionLabel,
  detailItems,
  readableEvent,
} from '../../src/modules/audit/index.js'

const src = fileURLToPath(new URL('../../src/', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

/** The action codes the source writes. */
function writtenActions(): Set<string> {
  const codes = new Set<string>()
  for (const file of sourceFiles(src)) {
    if (file.includes(`${join('modules', 'audit')}`) && file.endsWith('audit.labels.ts')) continue
    const text = readFileSync(file, 'utf8')
    for (const line of text.split('\n')) {
      // (an error code on the same line, as in commitmentError('commitments.x', { action: ... }), is no action)
      if (!/\baction: |_ACTION = /.test(line) || /Error\(/.test(line)) continue
      for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) codes.add(m[1] as string)
    }
    // commitment.<op>: the operations of the commitments' transitions
    const ops = /export type TransitionOp = ([^\n]+)/.exec(text)
    if (ops) for (const m of (ops[1] as string).matchAll(/'([a-z_]+)'/g)) codes.add(`commitment.${m[1]}`)
    if (/commitment\.\$\{t\.op\}/.test(text) && /op: 'file'/.test(text)) codes.add('commitment.file')
  }
  for (const { machine } of CASE_KINDS) {
    codes.add(`${machine.kind}.submit`)
    for (const action of Object.keys(machine.actions)) codes.add(`${machine.kind}.${action}`)
  }
  return codes
}

describe('audit action labels', () => {
  it('every action code the server writes has a Chinese label', () => {
    const codes = writtenActions()
    // the collection itself works: codes of every source kind are found
    expect(codes).toContain('access.login')
    expect(codes).toContain('record.read') // a *_ACTION constant
    expect(codes).toContain('objection.forward') // a case machine
    expect(codes).toContain('commitment.link_breach') // a commitment operation
    expect(codes).toContain('access.user_disabled') // a ternary
    expect(codes.size).toBeGreaterThan(90)
    const missing = [...codes].filter((c) => !(c in AUDIT_ACTION_LABELS)).sort()
    expect(missing, `add these codes to src/modules/audit/audit.labels.ts: ${missing.join(', ')}`).toEqual([])
  })

  it('every literal target type has a Chinese label', () => {
    const types = new Set<string>()
    for (const file of sourceFiles(src))
      for (const m of readFileSync(file, 'utf8').matchAll(/targetType: '([a-z_]+)'/g)) types.add(m[1] as string)
    for (const { machine } of CASE_KINDS) types.add(machine.kind)
    expect(types).toContain('api_key')
    const missing = [...types].filter((t) => !(t in AUDIT_TARGET_LABELS)).sort()
    expect(missing, `add these target types to src/modules/audit/audit.labels.ts: ${missing.join(', ')}`).toEqual([])
  })

  it('labels are Chinese and unique, and an unknown code is shown as it is', () => {
    const labels = Object.values(AUDIT_ACTION_LABELS)
    for (const label of labels) expect(label).toMatch(/[\u4e00-\u9fff]/)
    expect(new Set(labels).size).toBe(labels.length)
    expect(auditActionLabel('batch.start')).toBe('提交批次')
    expect(auditActionLabel('commitment.fulfil')).toBe('登记履约')
    expect(auditActionLabel('x.unknown')).toBe('x.unknown')
  })

  it('details read as labelled fields: roles, departments, instants, changes, lists and flags', () => {
    const names = {
      actors: new Map([['0190a0a0-0000-7000-8000-000000000001', { name: 'op.li', deptName: null }]]),
      departments: new Map([['tj-scjg', '天津市市场监督管理委员会']]),
      roleLabel: (code: string) => ({ provider: '数据提供', operator: '运维管理' })[code] ?? code,
    }
    const items = detailItems(
      {
        username: 'prov.wang',
        role: 'provider',
        dept: 'tj-scjg',
        expiresAt: '2026-12-31T16:00:00.000Z',
        scopes: ['batch.submit', 'batch.read'],
        generated: true,
        changes: { role: { from: 'provider', to: 'operator' }, district: { from: null, to: '120101' } },
      },
      names,
    )
    expect(items.map((i) => [i.label, i.value])).toEqual([
      ['用户名', 'prov.wang'],
      ['角色', '数据提供'],
      ['部门', '天津市市场监督管理委员会（tj-scjg）'],
      ['有效期至', '2027-01-01 00:00:00'],
      ['权限范围', 'batch.submit、batch.read'],
      ['生成临时密码', '是'],
      ['修改内容', '角色：数据提供 → 运维管理；区县：— → 120101'],
    ])
    const event = readableEvent(
      {
        seq: 1,
        id: 'e',
        at: '2026-12-01T00:00:00.000Z',
        actorKind: 'user',
        actor: '0190a0a0-0000-7000-8000-000000000001',
        actorRole: 'operator',
        actorDept: null,
        action: 'access.user_created',
        targetType: 'user',
        targetId: 'u',
        requestId: null,
        purpose: null,
        details: {},
      },
      names,
    )
    expect([event.actionLabel, event.targetLabel, event.actorName, event.actorDeptName]).toEqual([
      '新增用户',
      '用户',
      'op.li',
      null,
    ])
    const cli = readableEvent({ ...event, actorKind: 'system', actor: 'cli:root', actorDept: 'tj-scjg' }, names)
    expect([cli.actorName, cli.actorDeptName]).toEqual(['命令行（root）', '天津市市场监督管理委员会'])
  })
})
