import { describe, expect, it } from 'vitest'
import { type CatalogClass, compileClass, readDefaultClasses } from '../../src/modules/catalog/index.js'

const classes = new Map(readDefaultClasses().map((d) => [d.code, { ...d, version: 1 } as CatalogClass]))
const penalty = classes.get('admin_penalty') as CatalogClass
const { validate } = compileClass(penalty)

const org = {
  CF_XDR_MC: '天津某某科技有限公司',
  CF_XDR_LB: '法人及非法人组织',
  CF_XDR_SHXYM: '91120000MA05JXXX0X',
  CF_FRDB: '张三',
  CF_WSH: '津市监罚〔2026〕12号',
  CF_WFXW: '虚假宣传',
  CF_SY: '当事人在其网店页面发布虚假宣传信息。',
  CF_YJ: '《中华人民共和国反不正当竞争法》第二十条',
  CF_CFLB: ['警告', '罚款'],
  CF_NR: '警告，罚款二千元。',
  CF_NR_FK: '2000',
  CF_JDRQ: '2026-05-10',
  CF_CFJG: '天津市市场监督管理委员会',
  CF_CFJGDM: '1112000000015929XK',
  CF_SJLY: '天津市市场监督管理委员会',
  CF_SJLYDM: '1112000000015929XK',
}
const person = {
  ...org,
  CF_XDR_MC: '李四',
  CF_XDR_LB: '自然人',
  CF_XDR_SHXYM: undefined,
  CF_FRDB: undefined,
  CF_XDR_ZJLX: '身份证',
  CF_XDR_ZJHM: '11010519491231002X',
}

describe('compileClass: row validation with Chinese messages', () => {
  it('accepts complete rows', () => {
    expect(validate(org).errors).toEqual([])
    expect(validate(person).errors).toEqual([])
    expect(validate({ ...person, CF_XDR_ZJLX: '其他-军官证' }).errors).toEqual([])
    expect(validate({ ...org, CF_CFLB: ['其他-责令改正'] }).errors).toEqual([])
  })

  it('reports a missing required field by its label', () => {
    const { CF_JDRQ: _, ...row } = org
    expect(validate(row).errors).toEqual([
      { field: 'CF_JDRQ', code: 'required', message: '「处罚决定日期」为必填项。' },
    ])
    expect(validate({ ...org, CF_JDRQ: '' }).errors).toEqual([
      { field: 'CF_JDRQ', code: 'required', message: '「处罚决定日期」为必填项。' },
    ])
    expect(validate({ ...org, CF_CFLB: [] }).errors.map((e) => [e.field, e.code])).toEqual([['CF_CFLB', 'required']])
  })

  it('证件号码 is required for natural persons, 统一社会信用代码 and 法定代表人 for organisations', () => {
    const { CF_XDR_ZJHM: _a, CF_XDR_ZJLX: _b, ...noId } = person
    expect(validate(noId).errors).toEqual([
      { field: 'CF_XDR_ZJLX', code: 'required', message: '「证件类型」为必填项（行政相对人类别为「自然人」时）。' },
      { field: 'CF_XDR_ZJHM', code: 'required', message: '「证件号码」为必填项（行政相对人类别为「自然人」时）。' },
    ])
    const business = { ...org, CF_XDR_LB: '个体工商户', CF_XDR_SHXYM: null, CF_FRDB: '  ' }
    expect(validate(business).errors).toEqual([
      {
        field: 'CF_XDR_SHXYM',
        code: 'required',
        message: '「统一社会信用代码」为必填项（行政相对人类别为「个体工商户」时）。',
      },
      { field: 'CF_FRDB', code: 'required', message: '「法定代表人」为必填项（行政相对人类别为「个体工商户」时）。' },
    ])
    // a natural person needs neither
    expect(validate({ ...person, CF_FRDB: undefined }).errors).toEqual([])
  })

  it('enums, multi-valued enums and the 其他- prefix', () => {
    expect(validate({ ...org, CF_XDR_LB: '企业' }).errors).toEqual([
      {
        field: 'CF_XDR_LB',
        code: 'enum',
        message: '「行政相对人类别」的值「企业」不在允许范围内，应为：法人及非法人组织、自然人、个体工商户。',
      },
    ])
    const e = validate({ ...org, CF_CFLB: ['警告', '拘役'] }).errors
    expect(e).toHaveLength(1)
    expect(e[0]).toMatchObject({ field: 'CF_CFLB', code: 'enum' })
    expect(e[0]?.message).toMatch(/^「处罚类别」的值「拘役」不在允许范围内，应为：警告、通报批评、罚款/)
    expect(e[0]?.message).toMatch(/或「其他-具体说明」。$/)
    expect(validate({ ...person, CF_XDR_ZJLX: '其他-' }).errors.map((x) => x.code)).toEqual(['enum'])
    expect(validate({ ...org, CF_CFLB: '警告' }).errors).toEqual([
      { field: 'CF_CFLB', code: 'type', message: '「处罚类别」应为多个取值的列表。' },
    ])
  })

  it('dates, amounts and lengths', () => {
    expect(validate({ ...org, CF_JDRQ: '2026-02-30' }).errors).toEqual([
      {
        field: 'CF_JDRQ',
        code: 'format',
        message: '「处罚决定日期」应为有效日期，格式 YYYY-MM-DD（当前为「2026-02-30」）。',
      },
    ])
    expect(validate({ ...org, CF_NR_FK: '-5' }).errors).toEqual([
      { field: 'CF_NR_FK', code: 'format', message: '「罚款金额」应为不小于 0 的金额（当前为「-5」）。' },
    ])
    expect(validate({ ...org, CF_NR_FK: '0.2' }).errors).toEqual([])
    expect(validate({ ...org, CF_WSH: 'x'.repeat(101) }).errors).toEqual([
      { field: 'CF_WSH', code: 'max_length', message: '「行政处罚决定书文号」过长：最多 100 个字符。' },
    ])
  })

  it('several problems at once, one per field and code', () => {
    const errors = validate({ CF_XDR_LB: '自然人', CF_JDRQ: '2026/05/10' }).errors
    const fields = errors.map((x) => `${x.field}:${x.code}`)
    expect(fields).toContain('CF_XDR_MC:required')
    expect(fields).toContain('CF_XDR_ZJHM:required')
    expect(fields).toContain('CF_JDRQ:format')
    expect(new Set(fields).size).toBe(fields.length)
  })

  it('integer fields and the compiled schema', () => {
    const wage = compileClass(classes.get('wage_arrears') as CatalogClass)
    const base = {
      subject_name: '天津某建筑劳务有限公司',
      uscc: '91120000MA05JXXX0X',
      reason: '克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准',
      facts: '拖欠 36 名农民工工资。',
      document_no: '津人社失〔2026〕3号',
      decision_date: '2026-06-01',
      authority_name: '天津市人力资源和社会保障局',
    }
    expect(wage.validate({ ...base, workers: 36 }).errors).toEqual([])
    expect(wage.validate({ ...base, workers: '36' }).errors).toEqual([])
    expect(wage.validate({ ...base, workers: 'thirty' }).errors.map((x) => x.code)).toEqual(['format'])
    expect(wage.validate({ ...base, workers: 3.5 }).errors.map((x) => x.code)).toEqual(['type'])
    expect(compileClass(penalty)).toBe(compileClass(penalty))
    expect((compileClass(penalty).schema as { required: string[] }).required).toContain('CF_WSH')
  })
})
