// The coverage rule over the default catalog and measure list: every negative class (list classes, classes whose
// serious records exist - any negative class, since a provider may rate a record serious) triggers at least one
// punishment measure with its basis for each subject kind it covers, unless the class declares why not; every reward
// measure has exclusions. And the definition checks that keep the data honest.
import { describe, expect, it } from 'vitest'
import { type CatalogClass, checkClassDefinition, readDefaultClasses } from '../../src/modules/catalog/index.js'
import {
  checkMeasureDefinition,
  type Measure,
  measureCoverage,
  readDefaultMeasures,
} from '../../src/modules/measures/index.js'

const TODAY = '2026-06-01'
const classes = readDefaultClasses().map((c) => ({ ...c, version: 1 }) as CatalogClass)
const measures = readDefaultMeasures(undefined, new Map(classes.map((c) => [c.code, { list: c.list !== null }]))).map(
  (m) => ({ ...m, version: 1 }) as Measure,
)

describe('measure coverage of the default catalog', () => {
  it('every negative class of the default catalog triggers a punishment measure for each of its subject kinds', () => {
    const report = measureCoverage(classes, measures, TODAY)
    expect(report.gaps).toEqual([])
    expect(report.rewardsWithoutExclusions).toEqual([])
  })

  it('the classes the review named are covered, each by a measure with its basis', () => {
    for (const code of ['statistics_dishonest', 'abnormal_operation', 'commitment_breach']) {
      const by = measures.filter((m) => m.kind === 'punish' && m.triggers.some((t) => 'class' in t && t.class === code))
      expect(by.length, code).toBeGreaterThan(0)
      for (const m of by) expect(m.basis.length, m.code).toBeGreaterThan(0)
    }
    // the commitment-breach measures are reached by serious records (提供虚假材料 is serious)
    expect(
      measures
        .filter((m) => m.triggers.some((t) => 'class' in t && t.class === 'commitment_breach'))
        .every((m) =>
          m.triggers.every((t) => t.type === 'record' && 'minSeverity' in t && t.minSeverity === 'serious'),
        ),
    ).toBe(true)
    expect(measures.find((m) => m.code === 'punish_stat_honors')?.basis.join()).toContain('《中华人民共和国统计法》')
    expect(measures.find((m) => m.code === 'punish_abn_procurement')?.basis.join()).toContain(
      '《企业信息公示暂行条例》',
    )
  })

  it('a class that triggers nothing on purpose says why, in Chinese (admin_coercion)', () => {
    const report = measureCoverage(classes, measures, TODAY)
    expect(report.exempt.map((x) => x.class)).toEqual(['admin_coercion', 'criminal_judgment'])
    expect(report.exempt[0]?.reason).toMatch(/行政强制.*重复惩戒/)
    expect(report.exempt[1]?.reason).toMatch(/刑事裁判.*重复惩戒/)
  })

  it('a negative class without a measure is a gap (per subject kind) unless it declares an exemption', () => {
    const cls = classes.find((c) => c.code === 'statistics_dishonest') as CatalogClass
    const without = measures.filter((m) => !m.triggers.some((t) => 'class' in t && t.class === cls.code))
    expect(measureCoverage([cls], without, TODAY).gaps).toEqual([
      { class: 'statistics_dishonest', nameZh: '统计严重失信企业', need: 'list', subjectKinds: cls.subjectKinds },
    ])
    expect(measureCoverage([{ ...cls, measureExemption: { reason: '测试理由' } }], without, TODAY)).toMatchObject({
      gaps: [],
      exempt: [{ class: 'statistics_dishonest', reason: '测试理由' }],
    })
    // a measure for only some kinds leaves the others open; a retired or expired one covers nothing
    const one = measures.find((m) => m.code === 'punish_stat_honors') as Measure
    expect(
      measureCoverage([cls], [...without, { ...one, subjectKinds: ['legal_person'] }], TODAY).gaps[0]?.subjectKinds,
    ).toEqual(cls.subjectKinds.filter((k) => k !== 'legal_person'))
    expect(measureCoverage([cls], [...without, { ...one, status: 'retired' }], TODAY).gaps).toHaveLength(1)
    expect(measureCoverage([cls], [...without, { ...one, effectiveTo: '2026-05-31' }], TODAY).gaps).toHaveLength(1)
    // a reward measure never covers a negative class
    expect(measureCoverage([cls], [...without, { ...one, kind: 'reward' }], TODAY).gaps).toHaveLength(1)
    // a class whose rules never reach serious still needs one: a provider may rate a record serious
    const coercion = classes.find((c) => c.code === 'admin_coercion') as CatalogClass
    const { measureExemption: _x, ...bare } = coercion
    expect(measureCoverage([bare], measures, TODAY).gaps[0]).toMatchObject({
      class: 'admin_coercion',
      need: 'negative',
    })
  })

  it('a reward measure in the data without exclusions is reported', () => {
    const reward = measures.find((m) => m.code === 'reward_taxa_procurement') as Measure
    expect(
      measureCoverage([], [{ ...reward, exclusions: undefined }], TODAY).rewardsWithoutExclusions.map((r) => r.code),
    ).toEqual(['reward_taxa_procurement'])
  })
})

describe('definition checks', () => {
  const index = new Map(classes.map((c) => [c.code, { list: c.list !== null }]))
  const reward = measures.find((m) => m.code === 'reward_taxa_green_channel') as Measure
  const { version: _v, ...def } = reward

  it('an active reward measure must declare exclusions; a retired one or a punishment need not', () => {
    expect(checkMeasureDefinition({ ...def, exclusions: undefined }, index).join()).toContain('exclusions（排除条件）')
    expect(checkMeasureDefinition({ ...def, exclusions: [] }, index).join()).toContain('至少一项排除条件')
    expect(checkMeasureDefinition({ ...def, exclusions: undefined, status: 'retired' }, index)).toEqual([])
    expect(checkMeasureDefinition({ ...def, kind: 'punish', exclusions: undefined }, index)).toEqual([])
    expect(checkMeasureDefinition(def, index)).toEqual([])
  })

  it('each exclusion is checked: type, list kind or class, severity, a Chinese reason, no unknown keys', () => {
    const problems = checkMeasureDefinition(
      {
        ...def,
        exclusions: [
          { type: 'grade', reason: '测试理由' },
          { type: 'list', reason: '测试理由' },
          { type: 'list', listKind: 'grey', reason: '测试理由' },
          { type: 'list', class: 'admin_penalty', reason: '测试理由' },
          { type: 'record', reason: '测试理由' },
          { type: 'record', minSeverity: 'serious', class: 'no_such_class', reason: '测试理由' },
          { type: 'record', minSeverity: 'serious', reason: 'no reason' },
          { type: 'record', minSeverity: 'serious', reason: '测试理由', extra: 1 },
        ],
      },
      index,
    )
    expect(problems).toEqual([
      'exclusions[0].type 应为 list（名单）或 record（记录）',
      'exclusions[1]：名单排除条件须填写 listKind（名单类型）或 class（名单类别）',
      'exclusions[2].listKind 应为 black（黑名单）、focus（重点关注名单）或 red（红名单）',
      'exclusions[3]：类别「admin_penalty」不是名单类别',
      'exclusions[4].minSeverity（最低失信程度）应为 minor、general 或 serious',
      'exclusions[5].class「no_such_class」不在信用信息目录中',
      'exclusions[6].reason（排除理由）为必填项：用中文写明不适用的理由，4 到 500 个字',
      'exclusions[7]：未知属性「extra」',
    ])
  })

  it('the catalog accepts a declared exemption only on a negative class, with a Chinese reason', () => {
    const coercion = classes.find((c) => c.code === 'admin_coercion') as CatalogClass
    const { version: _cv, ...cdef } = coercion
    expect(checkClassDefinition(cdef)).toEqual([])
    expect(checkClassDefinition({ ...cdef, measureExemption: { reason: 'not in Chinese' } })).toContain(
      'measureExemption.reason（不触发惩戒措施的理由）应以中文写明',
    )
    const license = classes.find((c) => c.code === 'admin_license') as CatalogClass
    const { version: _lv, ...ldef } = license
    expect(checkClassDefinition({ ...ldef, measureExemption: { reason: '测试理由说明' } })).toContain(
      '只有负面信息类别可以声明不触发惩戒措施的理由（measureExemption）',
    )
  })
})
