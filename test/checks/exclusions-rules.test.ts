// The pure rules of exclusions: which records take a reward away, which no longer do (expired, repaired, revoked),
// minors, objections, and what a check must read to know.
import { describe, expect, it } from 'vitest'
import { evaluate, exclusionReads, matchesExclusion, type TriggerRecord } from '../../src/modules/checks/index.js'
import type { Measure, MeasureExclusion } from '../../src/modules/measures/index.js'

const TODAY = '2026-06-01'

const EXCLUSIONS: MeasureExclusion[] = [
  { type: 'list', listKind: 'black', reason: '列入黑名单期间不享受激励' },
  { type: 'list', listKind: 'focus', reason: '列入重点关注名单期间不享受激励' },
  { type: 'record', minSeverity: 'serious', reason: '存在有效的严重失信记录不享受激励' },
]

const reward: Measure = {
  code: 'reward_test',
  version: 1,
  nameZh: '测试激励措施',
  kind: 'reward',
  content: '测试激励措施内容',
  basis: ['《测试依据》'],
  departments: ['tj-czj'],
  scenarios: ['government_procurement'],
  triggers: [{ type: 'list', class: 'tax_a_grade' }],
  exclusions: EXCLUSIONS,
  subjectKinds: ['legal_person', 'natural_person'],
  effectiveFrom: '2016-01-01',
  effectiveTo: null,
  scope: 'general',
  field: null,
  status: 'active',
}
const punish: Measure = {
  ...reward,
  code: 'punish_test',
  kind: 'punish',
  triggers: [{ type: 'record', class: 'admin_penalty', minSeverity: 'serious' }],
  exclusions: undefined,
}

function rec(over: Partial<TriggerRecord> & { id: string }): TriggerRecord {
  return {
    class_code: 'admin_penalty',
    state: 'active',
    severity: 'serious',
    decided_on: '2026-03-01',
    document_no: `津罚〔2026〕${over.id}号`,
    publish_from: '2026-03-01',
    publish_max_until: '2029-02-28',
    list_kind: null,
    list_until: null,
    ...over,
  }
}

const taxA = rec({
  id: 'a',
  class_code: 'tax_a_grade',
  severity: null,
  document_no: null,
  list_kind: 'red',
  publish_from: '2026-04-15',
  publish_max_until: '2026-12-31',
  list_until: '2027-04-14',
})
const penalty = rec({ id: 'p' })
const defaulter = rec({ id: 'd', class_code: 'court_defaulter', list_kind: 'black', list_until: '2028-02-28' })
const focus = rec({
  id: 'f',
  class_code: 'focus_list',
  severity: 'general',
  list_kind: 'focus',
  list_until: '2027-02-28',
})
const general = rec({ id: 'g', severity: 'general' })

const run = (records: TriggerRecord[], extra: Partial<Parameters<typeof evaluate>[0]> = {}) =>
  evaluate({
    measures: [reward, punish],
    records,
    today: TODAY,
    underObjection: new Set(),
    policy: 'mark',
    ...extra,
  })

describe('exclusions (pure)', () => {
  it('a serious record, a black-list and a focus-list entry each take the reward away, naming the record and the reason', () => {
    for (const [bad, reason] of [
      [penalty, '存在有效的严重失信记录不享受激励'],
      [defaulter, '列入黑名单期间不享受激励'],
      [focus, '列入重点关注名单期间不享受激励'],
    ] as const) {
      const r = run([taxA, bad])
      expect(r.hits.map((h) => h.measure)).not.toContain('reward_test')
      expect(r.exclusions).toEqual([
        {
          measure: 'reward_test',
          version: 1,
          nameZh: '测试激励措施',
          kind: 'reward',
          triggeredBy: [{ recordId: 'a', class: 'tax_a_grade', documentNo: null, period: expect.any(Object) }],
          excludedBy: [
            {
              recordId: bad.id,
              class: bad.class_code,
              documentNo: bad.document_no,
              period: expect.any(Object),
              severity: bad.severity,
              listKind: bad.list_kind,
              underObjection: false,
              reason,
            },
          ],
        },
      ])
    }
    // the serious penalty also triggers the punishment: the exclusion takes only the reward
    expect(run([taxA, penalty]).hits.map((h) => h.measure)).toEqual(['punish_test'])
  })

  it('the first exclusion that matches gives the reason (a black-list entry is serious too)', () => {
    expect(matchesExclusion(EXCLUSIONS[2] as MeasureExclusion, defaulter)).toBe(true)
    expect(run([taxA, defaulter]).exclusions[0]?.excludedBy[0]?.reason).toBe('列入黑名单期间不享受激励')
  })

  it('an expired, repaired or revoked serious record, or a general one, no longer excludes: the reward applies', () => {
    const expired = rec({
      id: 'e',
      decided_on: '2022-01-10',
      publish_from: '2022-01-10',
      publish_max_until: '2025-01-09',
    })
    for (const r of [
      expired,
      { ...penalty, state: 'repaired' },
      { ...penalty, state: 'revoked' },
      { ...defaulter, list_until: '2026-05-31' },
      general,
    ]) {
      const out = run([taxA, r])
      expect(out.exclusions, r.id).toEqual([])
      expect(out.hits.map((h) => h.measure)).toContain('reward_test')
    }
  })

  it('under objection: mark excludes and says so; suspend leaves the record out', () => {
    const marked = run([taxA, penalty], { underObjection: new Set(['p']) })
    expect(marked.exclusions[0]?.excludedBy[0]?.underObjection).toBe(true)
    const suspended = run([taxA, penalty], { underObjection: new Set(['p']), policy: 'suspend' })
    expect(suspended.exclusions).toEqual([])
    expect(suspended.hits.map((h) => h.measure)).toEqual(['reward_test'])
  })

  it('a record decided while the person was a minor excludes no reward and triggers no punishment', () => {
    const out = run([taxA, penalty], { adverse: [taxA] })
    expect(out.exclusions).toEqual([])
    expect(out.hits.map((h) => h.measure)).toEqual(['reward_test'])
  })

  it('a class-bound exclusion matches only its class; a measure without exclusions is never excluded', () => {
    const onlyTax: MeasureExclusion = {
      type: 'record',
      minSeverity: 'serious',
      class: 'tax_violation',
      reason: '测试理由',
    }
    expect(matchesExclusion(onlyTax, penalty)).toBe(false)
    expect(matchesExclusion({ ...onlyTax, class: 'admin_penalty' }, penalty)).toBe(true)
    expect(matchesExclusion({ type: 'list', class: 'court_defaulter', reason: '测试理由' }, defaulter)).toBe(true)
    expect(matchesExclusion({ type: 'list', listKind: 'focus', reason: '测试理由' }, defaulter)).toBe(false)
    expect(
      evaluate({
        measures: [{ ...reward, exclusions: undefined }],
        records: [taxA, defaulter],
        today: TODAY,
        underObjection: new Set(),
        policy: 'mark',
      }).hits.map((h) => h.measure),
    ).toEqual(['reward_test'])
  })

  it('exclusionReads: the list kinds, severities and classes the records query must include', () => {
    expect(exclusionReads([reward, punish])).toEqual({
      classes: [],
      listKinds: ['black', 'focus'],
      severities: ['serious'],
    })
    const general: Measure = {
      ...reward,
      exclusions: [
        { type: 'record', minSeverity: 'general', reason: '测试理由' },
        { type: 'list', class: 'focus_list', reason: '测试理由' },
      ],
    }
    expect(exclusionReads([general])).toEqual({
      classes: ['focus_list'],
      listKinds: [],
      severities: ['general', 'serious'],
    })
  })
})
