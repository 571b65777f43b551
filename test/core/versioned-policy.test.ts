import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  contentHash,
  diffRange,
  type NewVersion,
  nextVersion,
  planDefault,
  policyVersionInfo,
  readOperatorEdit,
  retryOnce,
  type StoredVersion,
  storeDefaultVersion,
  storeOperatorVersion,
} from '../../src/core/versioned-policy.js'

const sha = (text: string) => createHash('sha256').update(text).digest('hex')

interface Row extends StoredVersion {
  created_at: string
  created_by: string | null
  reason: string | null
}

function row(version: number, source: 'default' | 'operator', hash: string, current = false): Row {
  return {
    version,
    source,
    hash,
    is_current: current ? 1 : 0,
    created_at: `2026-01-0${version}T00:00:00.000Z`,
    created_by: source === 'default' ? 'system:migrate' : 'user:1',
    reason: null,
  }
}

/** A writer that records the calls, in order. */
function recorder() {
  const calls: (string | NewVersion)[] = []
  return {
    calls,
    clearCurrent: async () => {
      calls.push('clear')
    },
    insert: async (r: NewVersion) => {
      calls.push(r)
    },
  }
}

describe('core/versioned-policy: the shared lifecycle of versioned policy data', () => {
  it('hashes the canonical JSON: key order does not matter, absent keys are dropped, lists keep their order', () => {
    const h = contentHash({ b: 1, a: [{ d: null, c: 'x' }], u: undefined })
    // the exact text stored hashes were made of: SHA-256 of JSON with sorted keys
    expect(h).toBe(sha('{"a":[{"c":"x","d":null}],"b":1}'))
    expect(contentHash({ a: [{ c: 'x', d: null }], b: 1 })).toBe(h)
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }))
  })

  it('numbers the next version after the highest stored one, whether current or not', () => {
    expect(nextVersion([])).toBe(1)
    expect(nextVersion([row(1, 'default', 'a'), row(3, 'operator', 'c', true), row(2, 'default', 'b')])).toBe(4)
  })

  it('plans a default: added, unchanged, updated over a default, kept under an operator version', () => {
    expect(planDefault([], 'h1')).toEqual({ outcome: 'added', version: 1, makeCurrent: true })
    const one = [row(1, 'default', 'h1', true)]
    expect(planDefault(one, 'h1')).toEqual({ outcome: 'unchanged', version: 1, makeCurrent: false })
    expect(planDefault(one, 'h2')).toEqual({ outcome: 'updated', version: 2, makeCurrent: true })
    const edited = [row(1, 'default', 'h1'), row(2, 'operator', 'op', true)]
    expect(planDefault(edited, 'h2')).toEqual({ outcome: 'kept', version: 3, makeCurrent: false })
    // the same default again is unchanged even though an operator's version is current
    expect(planDefault(edited, 'h1')).toEqual({ outcome: 'unchanged', version: 2, makeCurrent: false })
    // compared with the last default, not the first: going back to an older default is a change
    const twoDefaults = [row(1, 'default', 'h1'), row(2, 'default', 'h2', true)]
    expect(planDefault(twoDefaults, 'h1')).toEqual({ outcome: 'updated', version: 3, makeCurrent: true })
  })

  it('stores a default: clears the current flag only when replacing a current default; reasons by first or later', async () => {
    const input = {
      at: '2026-03-01T00:00:00.000Z',
      by: 'system:migrate',
      reasons: { first: '默认', update: '默认更新' },
    }
    const first = recorder()
    expect((await storeDefaultVersion([], { ...input, hash: 'h1' }, first)).outcome).toBe('added')
    expect(first.calls).toEqual([
      {
        version: 1,
        hash: 'h1',
        source: 'default',
        created_at: input.at,
        created_by: 'system:migrate',
        reason: '默认',
        is_current: 1,
      },
    ])

    const update = recorder()
    await storeDefaultVersion([row(1, 'default', 'h1', true)], { ...input, hash: 'h2' }, update)
    expect(update.calls).toEqual(['clear', expect.objectContaining({ version: 2, reason: '默认更新', is_current: 1 })])

    const kept = recorder()
    const edited = [row(1, 'default', 'h1'), row(2, 'operator', 'op', true)]
    expect((await storeDefaultVersion(edited, { ...input, hash: 'h2' }, kept)).outcome).toBe('kept')
    expect(kept.calls).toEqual([expect.objectContaining({ version: 3, source: 'default', is_current: 0 })])

    const same = recorder()
    expect((await storeDefaultVersion(edited, { ...input, hash: 'h1' }, same)).outcome).toBe('unchanged')
    expect(same.calls).toEqual([])
  })

  it('stores an operator version as current; conflicts and unchanged content are the module errors', async () => {
    const versions = [row(1, 'default', 'h1'), row(2, 'default', 'h2', true)]
    const base = { versions, at: '2026-03-02T00:00:00.000Z', by: 'user:7', reason: '调整' }
    const errors = {
      conflict: (c: Row | undefined) => new Error(`conflict with ${c?.version ?? 0}`),
      unchanged: (c: Row) => new Error(`unchanged ${c.version}`),
    }
    const w = { ...recorder(), ...errors }
    const stored = await storeOperatorVersion({ ...base, hash: 'op', baseVersion: 2 }, w)
    expect(stored.version).toBe(3)
    expect(stored.previous?.version).toBe(2)
    expect(w.calls).toEqual([
      'clear',
      {
        version: 3,
        hash: 'op',
        source: 'operator',
        created_at: base.at,
        created_by: 'user:7',
        reason: '调整',
        is_current: 1,
      },
    ])

    const stale = { ...recorder(), ...errors }
    await expect(storeOperatorVersion({ ...base, hash: 'op', baseVersion: 1 }, stale)).rejects.toThrow(
      'conflict with 2',
    )
    await expect(storeOperatorVersion({ ...base, hash: 'h2' }, stale)).rejects.toThrow('unchanged 2')
    expect(stale.calls).toEqual([])

    // a new policy: base version 0 means "none yet"
    const fresh = { ...recorder(), ...errors }
    expect(await storeOperatorVersion({ ...base, versions: [], hash: 'x', baseVersion: 0 }, fresh)).toEqual({
      version: 1,
      previous: undefined,
    })
    await expect(storeOperatorVersion({ ...base, hash: 'x', baseVersion: 0 }, fresh)).rejects.toThrow('conflict with 2')
  })

  it('retries once on the race the module names, and only on it', async () => {
    let runs = 0
    const race = new Error('race')
    const flaky = async () => {
      runs += 1
      if (runs === 1) throw race
      return runs
    }
    expect(await retryOnce(flaky, (e) => e === race)).toBe(2)
    runs = 0
    await expect(retryOnce(flaky, () => false)).rejects.toBe(race)
    expect(runs).toBe(1)
  })

  it('presents a version in the served order and picks the diff range', async () => {
    const info = policyVersionInfo({ ...row(2, 'operator', 'op', true), reason: '调整' })
    expect(Object.keys(info)).toEqual(['version', 'source', 'hash', 'isCurrent', 'createdAt', 'createdBy', 'reason'])
    expect(info).toMatchObject({ version: 2, source: 'operator', isCurrent: true, reason: '调整' })
    expect(await diffRange({}, async () => 5)).toEqual({ from: 4, to: 5 })
    expect(await diffRange({ to: 3 }, async () => 5)).toEqual({ from: 2, to: 3 })
    expect(await diffRange({ from: 1 }, async () => 5)).toEqual({ from: 1, to: 5 })
    expect(await diffRange({}, async () => 1)).toEqual({ from: 0, to: 1 })
  })
})

describe('readOperatorEdit', () => {
  const errors = {
    reason: () => new Error('reason'),
    invalid: (problems: string[]) => new Error(`invalid: ${problems.join('; ')}`),
  }

  it('trims the reason and passes the definition through', () => {
    const def = { code: 'x_class', nameZh: '某类' }
    expect(readOperatorEdit('x_class', def, '  依据新文件调整  ', errors)).toEqual({
      reason: '依据新文件调整',
      given: def,
    })
    expect(readOperatorEdit('x_class', { nameZh: '无代码' }, '调整', errors).given).toEqual({ nameZh: '无代码' })
  })

  it('refuses a missing, short or long reason', () => {
    for (const reason of [undefined, '', ' 改 ', 'x'.repeat(501)])
      expect(() => readOperatorEdit('x_class', {}, reason, errors)).toThrow('reason')
    expect(readOperatorEdit('x_class', {}, 'x'.repeat(500), errors).reason).toHaveLength(500)
  })

  it('refuses a definition that is not an object, or names another code', () => {
    for (const def of [null, [], 'x', 3])
      expect(() => readOperatorEdit('x_class', def, '调整', errors)).toThrow('invalid: 定义应为 JSON 对象')
    expect(() => readOperatorEdit('x_class', { code: 'y_class' }, '调整', errors)).toThrow(
      'invalid: 定义中的代码「y_class」与地址中的「x_class」不一致',
    )
  })
})
