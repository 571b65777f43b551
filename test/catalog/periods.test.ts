import { describe, expect, it } from 'vitest'
import {
  addMonths,
  type CatalogClass,
  isWithinWindow,
  listUntil,
  OPEN_ENDED,
  publicationWindow,
  readDefaultClasses,
  readDefaultRuleSets,
  ruleSetOn,
  type Severity,
  severityOf,
  windowEndInstant,
} from '../../src/modules/catalog/index.js'

const rules = readDefaultRuleSets()
const classes = new Map(readDefaultClasses().map((d) => [d.code, { ...d, version: 1 } as CatalogClass]))
const cls = (code: string) => classes.get(code) as CatalogClass
const penalty = cls('admin_penalty')

describe('addMonths counts calendar months (民法典 第二百零二条)', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 3, '2026-06-30'],
    ['2026-04-01', 12, '2027-04-01'],
    ['2025-12-31', 2, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-05-15', 0, '2026-05-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-15', 36, '2029-12-15'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected)
  })

  it('rejects a date that does not exist', () => {
    expect(() => addMonths('2026-02-30', 1)).toThrow(/日期「2026-02-30」无效/)
  })
})

describe('publicationWindow: the rule set in force on the decision date', () => {
  type Row = [Severity, string, string, Severity, string, string, boolean]
  it.each<Row>([
    // severity, decided on, rule, effective severity, minUntil, maxUntil, published
    ['serious', '2026-03-31', '2019', 'serious', '2026-09-30', '2029-03-31', true],
    ['serious', '2026-04-01', '2026', 'serious', '2027-04-01', '2029-04-01', true],
    ['general', '2026-03-31', '2019', 'general', '2026-06-30', '2027-03-31', true],
    ['general', '2026-04-01', '2026', 'general', '2026-07-01', '2027-04-01', true],
    ['minor', '2026-03-31', '2019', 'general', '2026-06-30', '2027-03-31', true],
    ['minor', '2026-04-01', '2026', 'minor', '2026-04-01', '2026-07-01', false],
    ['general', '2025-11-30', '2019', 'general', '2026-02-28', '2026-11-30', true],
    ['serious', '2026-05-31', '2026', 'serious', '2027-05-31', '2029-05-31', true],
    ['serious', '2024-02-29', '2019', 'serious', '2024-08-29', '2027-02-28', true],
    ['minor', '2026-11-30', '2026', 'minor', '2026-11-30', '2027-02-28', false],
    ['general', '2018-05-10', '2019', 'general', '2018-08-10', '2019-05-10', true],
  ])(
    '%s decided %s -> rules %s, %s, %s .. %s',
    (severity, decisionDate, ruleVersion, effective, minUntil, maxUntil, published) => {
      const w = publicationWindow(rules, penalty, { severity, decisionDate })
      expect(w).toMatchObject({
        ruleVersion,
        severity: effective,
        from: decisionDate,
        minUntil,
        maxUntil,
        published,
        basis: 'rule_set',
      })
      expect(w.requestedSeverity).toBe(effective === severity ? undefined : severity)
    },
  )

  it('a class that publishes minor records marks them published', () => {
    const open = { ...penalty, publishMinor: true }
    expect(publicationWindow(rules, open, { severity: 'minor', decisionDate: '2026-04-01' }).published).toBe(true)
  })

  it('negative classes need a severity', () => {
    expect(() => publicationWindow(rules, penalty, { severity: null, decisionDate: '2026-04-01' })).toThrow(/失信程度/)
  })

  it('the window ends at 00:00 Shanghai after its last day', () => {
    expect(windowEndInstant('2027-03-31')).toBe('2027-03-31T16:00:00.000Z')
    expect(windowEndInstant('2026-12-31')).toBe('2026-12-31T16:00:00.000Z')
    const w = publicationWindow(rules, penalty, { severity: 'general', decisionDate: '2026-04-01' })
    expect(isWithinWindow(w, '2027-04-01')).toBe(true)
    expect(isWithinWindow(w, '2027-04-02')).toBe(false)
    expect(isWithinWindow(w, '2026-03-31')).toBe(false)
  })

  it('ruleSetOn picks by effective dates', () => {
    expect(ruleSetOn(rules, '2019-07-01').version).toBe('2019')
    expect(ruleSetOn(rules, '2026-03-31').version).toBe('2019')
    expect(ruleSetOn(rules, '2026-04-01').version).toBe('2026')
    expect(ruleSetOn(rules, '2030-01-01').version).toBe('2026')
    expect(() => ruleSetOn([], '2026-01-01')).toThrow(/公示期限规则/)
  })

  it('positive and neutral classes: valid_to, else publicationMonths, else open-ended', () => {
    const a = cls('tax_a_grade')
    expect(publicationWindow(rules, a, { decisionDate: '2026-04-15' })).toMatchObject({
      maxUntil: '2027-04-15',
      minUntil: '2026-04-15',
      basis: 'class_months',
      ruleVersion: '2026',
    })
    expect(publicationWindow(rules, a, { decisionDate: '2026-04-15', validTo: '2026-12-31' })).toMatchObject({
      maxUntil: '2026-12-31',
      basis: 'valid_to',
    })
    const lic = cls('admin_license')
    expect(publicationWindow(rules, lic, { decisionDate: '2026-01-31' })).toMatchObject({
      maxUntil: OPEN_ENDED,
      basis: 'open_ended',
      ruleVersion: '2019',
    })
    expect(publicationWindow(rules, lic, { decisionDate: '2026-01-31', validTo: '2031-01-30' })).toMatchObject({
      maxUntil: '2031-01-30',
      basis: 'valid_to',
    })
  })

  it('listUntil follows the list period', () => {
    expect(listUntil(cls('court_defaulter'), '2026-01-31')).toBe('2028-01-31')
    expect(listUntil(cls('focus_list'), '2026-01-31')).toBe('2027-01-31')
    expect(listUntil(cls('abnormal_operation'), '2026-01-31')).toBeNull()
    expect(listUntil(penalty, '2026-01-31')).toBeNull()
  })
})

describe('severityOf: the most severe matching rule wins', () => {
  const ORG = '法人及非法人组织'
  const PERSON = '自然人'
  type Row = [string, string[] | string | undefined, string | undefined, string | undefined, string, Severity]
  it.each<Row>([
    ['警告 alone', ['警告'], undefined, undefined, ORG, 'minor'],
    ['警告 and 通报批评', ['警告', '通报批评'], undefined, undefined, PERSON, 'minor'],
    ['警告 with a fine of 5000 元', ['警告', '罚款'], '5000', undefined, ORG, 'general'],
    ['organisation fined 3000 元 (简易程序 limit)', ['罚款'], '3000', undefined, ORG, 'minor'],
    ['organisation fined 3000.01 元', ['罚款'], '3000.01', undefined, ORG, 'general'],
    ['person fined 200 元 (简易程序 limit)', ['警告', '罚款'], '200', undefined, PERSON, 'minor'],
    ['person fined 200.01 元', ['罚款'], '200.01', undefined, PERSON, 'general'],
    ['个体工商户 fined 2000 元', ['罚款'], '2000', undefined, '个体工商户', 'minor'],
    ['a fine without an amount', ['罚款'], undefined, undefined, ORG, 'general'],
    ['fine just below 100万', ['罚款'], '999999.99', undefined, ORG, 'general'],
    ['fine of 100万', ['罚款'], '1000000', undefined, ORG, 'serious'],
    ['fine of 100万 with decimals', ['罚款'], '1000000.00', undefined, PERSON, 'serious'],
    ['revoked licence', ['吊销许可证件'], undefined, undefined, ORG, 'serious'],
    ['warning and detention', ['警告', '行政拘留'], undefined, undefined, PERSON, 'serious'],
    ['confiscation of 200万', ['没收违法所得'], undefined, '2000000', ORG, 'serious'],
    ['confiscation of 2000 元', ['警告', '没收违法所得'], undefined, '2000', PERSON, 'general'],
    ['other with a note', ['其他-责令改正'], undefined, undefined, ORG, 'general'],
    ['suspension of business', ['责令停产停业'], undefined, undefined, ORG, 'general'],
    ['barred from the trade', ['限制从业'], undefined, undefined, PERSON, 'serious'],
    ['types as one string', '警告;罚款', '100', undefined, ORG, 'minor'],
    ['no types: the default', undefined, undefined, undefined, ORG, 'general'],
  ])('%s -> %s', (_name, types, fine, confiscated, category, expected) => {
    const payload: Record<string, unknown> = { CF_XDR_LB: category }
    if (types !== undefined) payload.CF_CFLB = types
    if (fine !== undefined) payload.CF_NR_FK = fine
    if (confiscated !== undefined) payload.CF_NR_WFFF = confiscated
    expect(severityOf(penalty, payload).severity).toBe(expected)
  })

  it('explains the decision', () => {
    expect(severityOf(penalty, { CF_CFLB: ['警告'] })).toEqual({
      severity: 'minor',
      matched: [
        '仅警告、通报批评或不超过简易程序限额的罚款（自然人 200 元、组织 3000 元）：轻微（本平台假设，可配置）',
      ],
      defaulted: false,
    })
    const r = severityOf(penalty, { CF_CFLB: ['吊销许可证件', '罚款'], CF_NR_FK: '1500000' })
    expect(r.severity).toBe('serious')
    expect(r.matched).toHaveLength(2)
    expect(severityOf(penalty, {})).toEqual({ severity: 'general', matched: [], defaulted: true })
  })

  it('other classes: present, allIn with several conditions, integer thresholds; positive classes have none', () => {
    expect(severityOf(cls('procurement_bad_conduct'), { penalty_types: ['罚款'], ban_to: '2027-06-30' }).severity).toBe(
      'serious',
    )
    expect(severityOf(cls('procurement_bad_conduct'), { penalty_types: ['罚款'], fine_amount: '50000' }).severity).toBe(
      'general',
    )
    const c = cls('construction_bad_conduct')
    expect(severityOf(c, { level: '一般不良行为', penalty_types: ['警告'] }).severity).toBe('minor')
    expect(severityOf(c, { level: '一般不良行为' }).severity).toBe('general')
    expect(severityOf(c, { level: '严重不良行为', penalty_types: ['警告'] }).severity).toBe('serious')
    expect(severityOf(cls('medical_violation'), { penalty_types: ['警告'], score: 12 }).severity).toBe('serious')
    expect(severityOf(cls('medical_violation'), { penalty_types: ['警告'], score: 6 }).severity).toBe('minor')
    expect(severityOf(cls('court_defaulter'), {}).severity).toBe('serious')
    expect(severityOf(cls('honor'), {})).toEqual({ severity: null, matched: [], defaulted: false })
  })
})
