// The scoring rule, table-driven (pure): in force on the day, decay boundaries, severities, amounts, item and
// dimension caps, a record repaired the day before; and model validation listing every problem.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkModel,
  fullMonths,
  type GradingModel,
  itemIndex,
  monthsLater,
  normaliseModel,
  readDefaultModels,
  type ScoredRecord,
  scoreEntity,
} from '../../src/modules/grading/index.js'

const classes = new Map(
  readdirSync('data/catalog/classes').map((f) => {
    const c = JSON.parse(readFileSync(join('data/catalog/classes', f), 'utf8'))
    return [c.code as string, { fields: c.fields as { code: string; role?: string; type: string }[] }] as const
  }),
)

const model: GradingModel = {
  ...normaliseModel({
    code: 'test',
    name: '测试模型',
    subjectKinds: ['legal_person'],
    dimensions: [
      { code: 'law', label: '遵纪守法', base: 300, max: 300 },
      { code: 'honor', label: '资质荣誉', base: 0, max: 100 },
    ],
    items: [
      {
        code: 'serious',
        label: '严重行政处罚',
        dimension: 'law',
        classes: ['admin_penalty'],
        severities: ['serious'],
        points: -100,
        amount: { field: 'fine_amount', step: 100000, points: -5, maxPoints: 50 },
        decay: [
          { fromMonths: 0, percent: 100 },
          { fromMonths: 12, percent: 50 },
          { fromMonths: 24, percent: 25 },
        ],
        cap: 250,
      },
      {
        code: 'general',
        label: '一般行政处罚',
        dimension: 'law',
        classes: ['admin_penalty'],
        severities: ['general'],
        points: -30,
        decay: [
          { fromMonths: 0, percent: 100 },
          { fromMonths: 6, percent: 50 },
        ],
        cap: 300,
      },
      { code: 'honor', label: '荣誉', dimension: 'honor', classes: ['honor'], points: 60 },
    ],
    bands: [
      { grade: 'A', label: '好', min: 350, max: 400 },
      { grade: 'B', label: '中', min: 200, max: 349 },
      { grade: 'C', label: '差', min: 0, max: 199 },
    ],
    basis: ['测试依据文件'],
  }),
  version: 1,
}
const amountFields = new Map([['admin_penalty\u0000fine_amount', 'CF_NR_FK']])
const index = itemIndex(model, amountFields)

let n = 0
function rec(over: Partial<ScoredRecord> = {}): ScoredRecord {
  n++
  return {
    id: `r${String(n).padStart(3, '0')}`,
    classCode: 'admin_penalty',
    severity: 'serious',
    state: 'active',
    decidedOn: '2025-01-15',
    publishFrom: '2025-01-15',
    publishMaxUntil: '2027-01-15',
    listKind: null,
    listUntil: null,
    repairedOn: null,
    amounts: {},
    underObjection: false,
    ...over,
  }
}

const score = (records: ScoredRecord[], asOf: string) => scoreEntity(model, index, records, asOf)
const sum = (r: ReturnType<typeof score>) => r.base + r.reasons.reduce((s, x) => s + x.points, 0)

describe('grading: the scoring rule', () => {
  it.each([
    // [case, asOf, law score]
    ['day of the decision: 100 %', '2025-01-15', 200],
    ['the day before the 12-month boundary: still 100 %', '2026-01-14', 200],
    ['on the 12-month boundary: 50 %', '2026-01-15', 250],
    ['the day before 24 months: 50 %', '2027-01-14', 250],
    ['the last day of the window, 24 months: 25 %', '2027-01-15', 275],
    ['the day after the window: no longer in force', '2027-01-16', 300],
    ['before the window opens', '2025-01-14', 300],
  ])('decay: %s', (_c, asOf, law) => {
    const r = score([rec()], asOf)
    expect(r.dimensions[0]?.score).toBe(law)
    expect(sum(r)).toBe(r.score)
  })

  it('counts full calendar months (a day missing in the month rolls to the 1st)', () => {
    expect(fullMonths('2025-01-31', '2025-02-28')).toBe(0)
    expect(fullMonths('2025-01-31', '2025-03-01')).toBe(1)
    expect(monthsLater('2025-01-31', 1)).toBe('2025-03-01')
    expect(monthsLater('2024-12-15', 12)).toBe('2025-12-15')
    expect(score([rec({ decidedOn: '2025-01-31' })], '2025-03-05').validUntil).toBe('2026-01-31')
  })

  it.each([
    ['serious', -100],
    ['general', -30],
    ['minor', 0],
    [null, 0],
  ])('severity %s scores %i', (severity, pts) => {
    const r = score([rec({ severity })], '2025-02-01')
    expect(r.score).toBe(300 + pts)
    expect(r.reasons.map((x) => x.points)).toEqual(pts ? [pts] : [])
  })

  it.each([
    // amount in yuan -> extra points (steps of 100,000 yuan, -5 each, at most 50)
    [null, -100],
    [99_999, -100],
    [100_000, -105],
    [250_000, -110],
    [5_000_000, -150],
  ])('amount %s yuan gives %i', (amount, pts) => {
    const r = score([rec({ amounts: { CF_NR_FK: amount } })], '2025-02-01')
    expect(r.reasons[0]?.points).toBe(pts)
  })

  it('decays the amount with the points, rounding half away from zero', () => {
    // (-100 - 5) * 50 % = -52.5 -> -53
    const r = score([rec({ amounts: { CF_NR_FK: 100_000 } })], '2026-01-15')
    expect(r.reasons[0]?.points).toBe(-53)
  })

  it('caps an item (250) and then holds the dimension to [0, max] with a reason', () => {
    const r = score([rec(), rec(), rec()], '2025-02-01')
    expect(r.reasons.find((x) => x.code === 'serious')?.points).toBe(-250)
    expect(r.dimensions[0]?.score).toBe(50)
    const more = score(
      [rec(), rec(), rec(), ...Array.from({ length: 5 }, () => rec({ severity: 'general' }))],
      '2025-02-01',
    )
    // law: 300 - 250 - 150 = -100, held to 0: a cap.law reason of +100 tracing the same records
    expect(more.dimensions[0]?.score).toBe(0)
    const cap = more.reasons.find((x) => x.code === 'cap.law')
    expect(cap?.points).toBe(100)
    expect(cap?.records).toHaveLength(8)
    expect(sum(more)).toBe(more.score)
    expect(more.grade).toBe('C')
    const honors = score(
      [rec({ classCode: 'honor', severity: null }), rec({ classCode: 'honor', severity: null })],
      '2025-02-01',
    )
    expect(honors.dimensions[1]?.score).toBe(100)
    expect(honors.reasons.map((x) => [x.code, x.points])).toEqual([
      ['honor', 120],
      ['cap.honor', -20],
    ])
    expect(honors.grade).toBe('A')
  })

  it('a record repaired the day before the as-of date no longer counts; repaired on it or later, it did', () => {
    const repaired = (on: string) => rec({ state: 'repaired', repairedOn: on })
    expect(score([repaired('2025-05-31')], '2025-06-01').score).toBe(300)
    expect(score([repaired('2025-06-01')], '2025-06-01').score).toBe(300)
    expect(score([repaired('2025-06-02')], '2025-06-01').score).toBe(200)
    expect(score([repaired('2025-06-02')], '2025-06-01').validUntil).toBe('2025-06-02')
    expect(score([rec({ state: 'revoked' })], '2025-06-01').score).toBe(300)
  })

  it('list entries end with their list period; objections count and mark the grade', () => {
    const listed = rec({ listKind: 'black', listUntil: '2025-06-30' })
    expect(score([listed], '2025-06-30').score).toBe(200)
    expect(score([listed], '2025-07-01').score).toBe(300)
    const objected = score([rec({ underObjection: true })], '2025-02-01')
    expect([objected.score, objected.underObjection]).toEqual([200, true])
    const excluding = scoreEntity(
      { ...model, objections: 'exclude' },
      index,
      [rec({ underObjection: true })],
      '2025-02-01',
    )
    expect([excluding.score, excluding.underObjection]).toEqual([300, true])
  })

  it('orders reasons by contribution and knows when time alone changes the grade', () => {
    const r = score([rec({ severity: 'general' }), rec(), rec({ classCode: 'honor', severity: null })], '2025-02-01')
    expect(r.reasons.map((x) => x.code)).toEqual(['serious', 'honor', 'general'])
    // the general penalty's 6-month step comes first
    expect(r.validUntil).toBe('2025-07-15')
  })
})

describe('grading: model validation', () => {
  it('accepts the default models', () => {
    expect(readDefaultModels(undefined, classes).map((m) => m.code)).toEqual([
      'construction',
      'food',
      'general',
      'rural',
    ])
  })

  it('lists every problem: unknown class, band gap and overlap, a dimension without items, persons', () => {
    const bad = normaliseModel({
      code: 'bad',
      name: '有问题的模型',
      subjectKinds: ['legal_person', 'natural_person'],
      industries: ['E', 'Z'],
      dimensions: [
        { code: 'law', label: '遵纪守法', base: 300, max: 300 },
        { code: 'social', label: '社会责任', base: 100, max: 100 },
      ],
      items: [
        { code: 'xx', label: '未知类别', dimension: 'law', classes: ['no_such_class'], points: -10 },
        {
          code: 'yy',
          label: '金额',
          dimension: 'law',
          classes: ['honor'],
          points: -10,
          amount: { field: 'fine_amount', step: 1000, points: -1, maxPoints: 10 },
        },
      ],
      bands: [
        { grade: 'A', label: '好', min: 300, max: 400 },
        { grade: 'B', label: '中', min: 250, max: 310 },
        { grade: 'C', label: '差', min: 0, max: 199 },
      ],
      basis: ['测试依据文件'],
    })
    expect(checkModel(bad, classes)).toEqual([
      '公共信用综合评价只评价组织：subjectKinds 不能包含 natural_person（自然人）',
      'industries 中的「Z」不是 GB/T 4754 行业门类（A 到 T 的一个字母）',
      '第 1 个评分项「xx」：引用了信用信息目录中不存在的类别「no_such_class」',
      '第 2 个评分项「yy」：类别「honor」没有金额字段「fine_amount」',
      '维度「社会责任」没有评分项：每个维度至少一个评分项',
      '分数 200 到 249 分没有对应的等级（等级区间有缺口）',
      '等级「B」与「A」的分数区间重叠（300 到 310 分）',
    ])
  })
})

describe('grading: calendar arithmetic', () => {
  it('the day after, across months, years and leap days', async () => {
    const { nextDay } = await import('../../src/modules/grading/grading.score.js')
    expect(['2026-01-31', '2026-02-28', '2024-02-28', '2024-02-29', '2026-12-31', '2026-06-09'].map(nextDay)).toEqual([
      '2026-02-01',
      '2026-03-01',
      '2024-02-29',
      '2024-03-01',
      '2027-01-01',
      '2026-06-10',
    ])
  })
})
