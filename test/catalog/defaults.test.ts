import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  type CatalogClass,
  checkClassDefinition,
  compileClass,
  headerKey,
  readDefaultClasses,
  readDefaultRuleSets,
  SCOPE_RANK,
} from '../../src/modules/catalog/index.js'

const classes = readDefaultClasses().map((d) => ({ ...d, version: 1 }) as CatalogClass)
const byCode = new Map(classes.map((c) => [c.code, c]))
const get = (code: string) => byCode.get(code) as CatalogClass
const departments = JSON.parse(readFileSync(new URL('../../data/demo/departments.json', import.meta.url), 'utf8')) as {
  code: string
}[]

// domain.md §2, field by field
const CF_FIELDS: Record<string, string> = {
  CF_XDR_MC: '行政相对人名称',
  CF_XDR_LB: '行政相对人类别',
  CF_XDR_SHXYM: '统一社会信用代码',
  CF_XDR_GSZC: '工商注册号',
  CF_XDR_ZZJG: '组织机构代码',
  CF_XDR_SWDJ: '税务登记号',
  CF_XDR_SYDW: '事业单位证书号',
  CF_XDR_SHZZ: '社会组织登记证号',
  CF_FRDB: '法定代表人',
  CF_FR_ZJLX: '法定代表人证件类型',
  CF_FR_ZJHM: '法定代表人证件号码',
  CF_XDR_ZJLX: '证件类型',
  CF_XDR_ZJHM: '证件号码',
  CF_WSH: '行政处罚决定书文号',
  CF_WFXW: '违法行为类型',
  CF_SY: '违法事实',
  CF_YJ: '处罚依据',
  CF_CFLB: '处罚类别',
  CF_NR: '处罚内容',
  CF_NR_FK: '罚款金额',
  CF_NR_WFFF: '没收违法所得、没收非法财物的金额',
  CF_NR_ZKDX: '暂扣或吊销证照名称及编号',
  CF_JDRQ: '处罚决定日期',
  CF_YXQ: '处罚有效期',
  CF_GSJZQ: '公示截止期',
  CF_CFJG: '处罚机关',
  CF_CFJGDM: '处罚机关统一社会信用代码',
  CF_SJLY: '数据来源单位',
  CF_SJLYDM: '数据来源单位统一社会信用代码',
  BZ: '备注',
}
const CF_REQUIRED = [
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_WSH',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_JDRQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
]

const XK_FIELDS: Record<string, string> = {
  XK_XDR_MC: '行政相对人名称',
  XK_XDR_LB: '行政相对人类别',
  XK_XDR_SHXYM: '统一社会信用代码',
  XK_XDR_GSZC: '工商注册号',
  XK_XDR_ZZJG: '组织机构代码',
  XK_XDR_SWDJ: '税务登记号',
  XK_XDR_SYDW: '事业单位证书号',
  XK_XDR_SHZZ: '社会组织登记证号',
  XK_FRDB: '法定代表人',
  XK_FR_ZJLX: '法定代表人证件类型',
  XK_FR_ZJHM: '法定代表人证件号码',
  XK_XDR_ZJLX: '证件类型',
  XK_XDR_ZJHM: '证件号码',
  XK_XKWS: '行政许可决定文书名称',
  XK_WSH: '行政许可决定文书号',
  XK_XKLB: '许可类别',
  XK_XKZS: '许可证书名称',
  XK_XKBH: '许可编号',
  XK_NR: '许可内容',
  XK_JDRQ: '许可决定日期',
  XK_YXQZ: '有效期自',
  XK_YXQZI: '有效期至',
  XK_XKJG: '许可机关',
  XK_XKJGDM: '许可机关统一社会信用代码',
  XK_ZT: '当前状态',
  XK_LYDW: '数据来源单位',
  XK_LYDWDM: '数据来源单位统一社会信用代码',
  BZ: '备注',
}

describe('default catalog: data files', () => {
  it('has at least 30 sound classes and the fixed codes', () => {
    expect(classes.length).toBeGreaterThanOrEqual(30)
    for (const c of classes) expect(checkClassDefinition(c), c.code).toEqual([])
    for (const code of [
      'admin_license',
      'admin_penalty',
      'court_defaulter',
      'tax_violation',
      'tax_a_grade',
      'abnormal_operation',
      'serious_dishonest',
      'wage_arrears',
      'commitment',
      'commitment_breach',
      'honor',
      'focus_list',
    ])
      expect(byCode.has(code), code).toBe(true)
  })

  it('admin_penalty carries exactly the CF_ fields of the national format, labels and required flags', () => {
    const cls = get('admin_penalty')
    expect(Object.fromEntries(cls.fields.map((f) => [f.code, f.label]))).toEqual(CF_FIELDS)
    expect(
      cls.fields
        .filter((f) => f.required)
        .map((f) => f.code)
        .sort(),
    ).toEqual([...CF_REQUIRED].sort())
    const f = new Map(cls.fields.map((x) => [x.code, x]))
    expect(f.get('CF_XDR_ZJHM')?.requiredWhen).toEqual({ field: 'CF_XDR_LB', in: ['自然人'] })
    expect(f.get('CF_XDR_ZJLX')?.requiredWhen).toEqual({ field: 'CF_XDR_LB', in: ['自然人'] })
    expect(f.get('CF_XDR_SHXYM')?.requiredWhen).toEqual({ field: 'CF_XDR_LB', in: ['法人及非法人组织', '个体工商户'] })
    expect(f.get('CF_FRDB')?.requiredWhen).toEqual({ field: 'CF_XDR_LB', in: ['法人及非法人组织', '个体工商户'] })
    expect(f.get('CF_XDR_LB')?.enum).toEqual(['法人及非法人组织', '自然人', '个体工商户'])
    expect(f.get('CF_CFLB')?.multi).toBe(true)
    expect(f.get('CF_CFLB')?.enum).toEqual([
      '警告',
      '通报批评',
      '罚款',
      '没收违法所得',
      '没收非法财物',
      '暂扣许可证件',
      '降低资质等级',
      '吊销许可证件',
      '限制开展生产经营活动',
      '责令停产停业',
      '责令关闭',
      '限制从业',
      '行政拘留',
      '其他',
    ])
    expect(f.get('CF_XDR_ZJLX')?.enum).toEqual([
      '身份证',
      '护照',
      '港澳居民来往内地通行证',
      '台湾居民来往大陆通行证',
      '外国人永久居留身份证',
    ])
    expect(f.get('CF_XDR_ZJLX')?.otherPrefix).toBe('其他-')
    expect(f.get('CF_NR_FK')?.unit).toBe('万元')
    expect(f.get('CF_NR_WFFF')?.unit).toBe('万元')
    // legacy 2015-2017 names
    for (const [legacy, code] of [
      ['CF_CFMC', 'CF_WFXW'],
      ['CF_CFLB1', 'CF_CFLB'],
      ['CF_CFLB2', 'CF_CFLB'],
      ['CF_JG', 'CF_NR'],
      ['CF_XZJG', 'CF_CFJG'],
    ])
      expect(f.get(code as string)?.aliases, legacy).toContain(legacy)
    // roles the pipeline relies on
    const roles = Object.fromEntries(cls.fields.filter((x) => x.role).map((x) => [x.role, x.code]))
    expect(roles).toMatchObject({
      subject_name: 'CF_XDR_MC',
      subject_category: 'CF_XDR_LB',
      uscc: 'CF_XDR_SHXYM',
      id_number: 'CF_XDR_ZJHM',
      document_no: 'CF_WSH',
      decision_date: 'CF_JDRQ',
      penalty_types: 'CF_CFLB',
      fine_amount: 'CF_NR_FK',
      provider_uscc: 'CF_SJLYDM',
      publish_until: 'CF_GSJZQ',
    })
    expect(cls.deadlineWorkingDays).toBe(7)
    expect(cls.polarity).toBe('negative')
  })

  it('admin_license carries the XK_ fields with legacy aliases', () => {
    const cls = get('admin_license')
    expect(Object.fromEntries(cls.fields.map((f) => [f.code, f.label]))).toEqual(XK_FIELDS)
    const f = new Map(cls.fields.map((x) => [x.code, x]))
    for (const code of ['XK_XDR_MC', 'XK_XDR_LB', 'XK_XKWS', 'XK_WSH', 'XK_XKLB'])
      expect(f.get(code)?.required, code).toBe(true)
    expect(f.get('XK_XKLB')?.enum).toEqual(['普通', '特许', '认可', '核准', '登记', '其他'])
    expect(f.get('XK_XKWS')?.aliases).toContain('XK_XMMC')
    expect(f.get('XK_XKLB')?.aliases).toContain('XK_SPLB')
    expect(f.get('XK_XDR_ZJHM')?.requiredWhen).toEqual({ field: 'XK_XDR_LB', in: ['自然人'] })
    expect(cls.deadlineWorkingDays).toBe(7)
  })

  it('every provider is a department of data/demo/departments.json', () => {
    const known = new Set(departments.map((d) => d.code))
    for (const c of classes) for (const p of c.providers) expect(known.has(p), `${c.code}: ${p}`).toBe(true)
    expect(get('court_defaulter').providers).toEqual(['tj-fy'])
    expect(get('tax_violation').providers).toEqual(['tj-sw'])
    expect(get('wage_arrears').providers).toEqual(['tj-rsj'])
  })

  it('no ID number is ever public unmasked, and 公务员诚信档案 is authorized only', () => {
    for (const c of classes)
      for (const f of c.fields) {
        if (f.role === 'id_number' || /证件号码|身份证/.test(f.label)) {
          expect(f.mask, `${c.code}.${f.code}`).toBe('id_number')
          expect(f.scope, `${c.code}.${f.code}`).not.toBe('public')
        }
        expect(SCOPE_RANK[f.scope]).toBeGreaterThanOrEqual(SCOPE_RANK[c.scope])
      }
    const cs = get('civil_servant_integrity')
    expect(cs.scope).toBe('authorized')
    expect(cs.fields.every((f) => f.scope === 'authorized')).toBe(true)
  })

  it('lists, polarity and severity rules follow the design', () => {
    expect(get('court_defaulter').list?.kind).toBe('black')
    expect(get('tax_a_grade').list?.kind).toBe('red')
    expect(get('tax_a_grade').polarity).toBe('positive')
    expect(get('honor').list?.kind).toBe('red')
    expect(get('abnormal_operation').list?.kind).toBe('focus')
    expect(get('focus_list').list?.kind).toBe('focus')
    expect(get('focus_list').list?.periodMonths).toBeLessThan(get('serious_dishonest').list?.periodMonths as number)
    expect(get('commitment').polarity).toBe('neutral')
    expect(get('commitment_breach').polarity).toBe('negative')
    expect(get('gov_dishonesty').subjectKinds).toEqual(['government_body', 'public_institution'])
    for (const c of classes) {
      expect(c.legalBasis.length, c.code).toBeGreaterThan(0)
      if (c.polarity === 'negative') expect(c.severity, c.code).not.toBeNull()
      else expect(c.severity, c.code).toBeNull()
    }
  })

  it('header names (code, label, aliases) are unique within each class', () => {
    for (const c of classes) {
      const seen = new Map<string, string>()
      for (const f of c.fields)
        for (const n of new Set([f.code, f.label, ...(f.aliases ?? [])].map(headerKey))) {
          expect(seen.get(n) ?? f.code, `${c.code}: ${n}`).toBe(f.code)
          seen.set(n, f.code)
        }
    }
  })

  it('every class compiles to a row validator', () => {
    for (const c of classes) expect(typeof compileClass(c).validate).toBe('function')
  })

  it('rule sets 2019 and 2026 meet at 2026-04-01', () => {
    const sets = readDefaultRuleSets()
    expect(sets.map((s) => s.version)).toEqual(['2019', '2026'])
    expect(sets[0]?.effectiveTo).toBe('2026-04-01')
    expect(sets[1]?.effectiveFrom).toBe('2026-04-01')
    expect(sets[0]?.periods).toEqual({
      minor: null,
      general: { minMonths: 3, maxMonths: 12 },
      serious: { minMonths: 6, maxMonths: 36 },
    })
    expect(sets[1]?.periods).toEqual({
      minor: { minMonths: 0, maxMonths: 3 },
      general: { minMonths: 3, maxMonths: 12 },
      serious: { minMonths: 12, maxMonths: 36 },
    })
  })
})
