import { describe, expect, it } from 'vitest'
import type { CatalogField } from '../../../src/modules/catalog/catalog.types.js'
import {
  compileRowNormalizer,
  mapHeaders,
  normalizeRow,
  normalizeValue,
} from '../../../src/modules/ingest/normalize/index.js'
import { PENALTY_FIELDS, PENALTY_TYPES } from '../../fixtures/ingest/penalty-fields.js'

const field = (code: string): CatalogField => {
  const f = PENALTY_FIELDS.find((x) => x.code === code)
  if (!f) throw new Error(code)
  return f
}
const valueFor = (code: string, raw: string) => {
  const r = normalizeValue(field(code), raw)
  if ('error' in r) throw new Error(`${code} ${raw}: ${r.error.message}`)
  return r.value
}
const errorOf = (code: string, raw: string) => {
  const r = normalizeValue(field(code), raw)
  if (!('error' in r)) throw new Error(`expected an error for ${code} ${JSON.stringify(raw)}`)
  return r.error
}

describe('normalizeValue by type', () => {
  it('string: NFKC, trimmed, whitespace collapsed', () => {
    expect(valueFor('CF_XDR_MC', '  天津（北方）物流  有限公司 ')).toBe('天津(北方)物流 有限公司')
    expect(valueFor('CF_XDR_MC', 'ＡＢＣ\u3000公司\n分部')).toBe('ABC 公司 分部')
    expect(valueFor('CF_WSH', '津市监罚〔2024〕12号')).toBe('津市监罚〔2024〕12号')
    expect(valueFor('CF_XDR_MC', '无')).toBe('无') // placeholders are kept in string fields
  })

  it('empty and blank cells are absent', () => {
    for (const code of ['CF_XDR_MC', 'CF_SY', 'CF_JDRQ', 'CF_NR_FK', 'CF_XDR_LB', 'CF_XDR_SHXYM', 'CF_CFLB']) {
      expect(normalizeValue(field(code), ''), code).toEqual({ value: undefined, warnings: [] })
      expect(normalizeValue(field(code), '  \t '), code).toEqual({ value: undefined, warnings: [] })
    }
  })

  it('placeholders (无, /, -) are absent in typed fields', () => {
    expect(valueFor('CF_XDR_SHXYM', '无')).toBeUndefined()
    expect(valueFor('CF_NR_FK', '/')).toBeUndefined()
    expect(valueFor('CF_YXQ', '-')).toBeUndefined()
    expect(valueFor('CF_XDR_ZJHM', 'N/A')).toBeUndefined()
  })

  it('text keeps line breaks and full-width punctuation, converts full-width letters and digits', () => {
    expect(valueFor('CF_SY', '经查，当事人：\r\n  销售不合格产品１２件。\r\n\r\n\r\n\r\n其他  情况')).toBe(
      '经查，当事人：\n销售不合格产品12件。\n\n其他 情况',
    )
    expect(valueFor('CF_SY', '经查，当事人（某公司）销售')).toBe('经查，当事人（某公司）销售')
  })

  it('string maxLength counts characters', () => {
    const f: CatalogField = { code: 'X', label: '名称', type: 'string', maxLength: 5, scope: 'public' }
    expect(normalizeValue(f, '一二三四五')).toEqual({ value: '一二三四五', warnings: [] })
    expect(normalizeValue(f, '𠀀𠀀𠀀𠀀𠀀')).toEqual({ value: '𠀀𠀀𠀀𠀀𠀀', warnings: [] }) // 5 characters, 10 UTF-16 units
    const r = normalizeValue(f, '一二三四五六')
    expect(r).toEqual({
      error: { code: 'max_length', message: '「名称」过长：最多 5 个字符，当前 6 个，请精简后重新提交。' },
    })
  })

  it('date: every accepted form, with the field named in errors', () => {
    expect(valueFor('CF_JDRQ', '2019年9月1日')).toBe('2019-09-01')
    expect(valueFor('CF_JDRQ', '43709')).toBe('2019-09-01')
    expect(errorOf('CF_JDRQ', '2019-02-30')).toEqual({
      code: 'date_format',
      message: '「处罚决定日期」不是有效日期：2019年2月没有30日（2019-02-30），应为 YYYY-MM-DD 或 YYYY年M月D日。',
    })
    const e = errorOf('CF_JDRQ', '九月一日')
    expect(e.code).toBe('date_format')
    expect(e.message).toMatch(/^「处罚决定日期」格式不正确，应为 YYYY-MM-DD 或 YYYY年M月D日/)
  })

  it('date: 长期 means no end only in end-date fields', () => {
    expect(valueFor('CF_YXQ', '长期')).toBe('9999-12-31')
    expect(valueFor('CF_YXQ', '长期有效')).toBe('9999-12-31')
    expect(errorOf('CF_JDRQ', '长期').code).toBe('date_format')
  })

  it('amount: decimal text in 元 from the field unit', () => {
    expect(normalizeValue(field('CF_NR_FK'), '0.2')).toEqual({ value: '2000', warnings: [] })
    expect(normalizeValue(field('CF_NR_FK'), '１，０００')).toEqual({ value: '10000000', warnings: [] })
    expect(errorOf('CF_NR_FK', '-0.2')).toEqual({
      code: 'amount_negative',
      message: '「罚款金额（万元）」不能为负数，请填写 0 或正数。',
    })
    expect(errorOf('CF_NR_FK', '五千').code).toBe('amount_format')
  })

  it('amount: a unit in the cell that differs from the column is applied with a warning', () => {
    const r = normalizeValue(field('CF_NR_FK'), '5000元')
    expect(r).toMatchObject({ value: '5000', warnings: [{ code: 'amount_unit' }] })
    expect((r as { warnings: { message: string }[] }).warnings[0]?.message).toContain('已按元换算为 5000 元')
    // the same unit as the column: no warning
    expect(normalizeValue(field('CF_NR_FK'), '0.5万元')).toEqual({ value: '5000', warnings: [] })
  })

  it('amount: below one fen is kept exactly, with a warning', () => {
    const r = normalizeValue(field('CF_NR_FK'), '0.0000001')
    expect(r).toMatchObject({ value: '0.001', warnings: [{ code: 'amount_precision' }] })
  })

  it('integer', () => {
    const f: CatalogField = { code: 'N', label: '次数', type: 'integer', scope: 'public' }
    expect(normalizeValue(f, ' 12 ')).toEqual({ value: 12, warnings: [] })
    expect(normalizeValue(f, '１２')).toEqual({ value: 12, warnings: [] })
    expect(normalizeValue(f, '1,200')).toEqual({ value: 1200, warnings: [] })
    expect(normalizeValue(f, '3.0')).toEqual({ value: 3, warnings: [] })
    expect(normalizeValue(f, '-0')).toEqual({ value: 0, warnings: [] })
    for (const bad of ['1.5', 'abc', '99999999999999999999']) {
      expect(normalizeValue(f, bad)).toEqual({
        error: { code: 'integer', message: expect.stringContaining('「次数」应为整数') },
      })
    }
  })

  it('enum: matches labels after normalisation and lists the allowed values otherwise', () => {
    expect(valueFor('CF_XDR_LB', '法人及非法人组织')).toBe('法人及非法人组织')
    expect(valueFor('CF_XDR_LB', ' 法人及 非法人组织 ')).toBe('法人及非法人组织')
    expect(valueFor('CF_XDR_LB', '自然人\u3000')).toBe('自然人')
    const f: CatalogField = { code: 'S', label: '状态', type: 'enum', enum: ['有效(正常)', 'Revoked'], scope: 'public' }
    expect(normalizeValue(f, '有效（正常）')).toEqual({ value: '有效(正常)', warnings: [] })
    expect(normalizeValue(f, 'REVOKED')).toEqual({ value: 'Revoked', warnings: [] })
    expect(errorOf('CF_XDR_LB', '法人')).toEqual({
      code: 'enum',
      message: '「行政相对人类别」的值「法人」不在允许范围内，应为：法人及非法人组织、自然人、个体工商户。',
    })
  })

  it('code: normalizeCode', () => {
    expect(valueFor('CF_XDR_SHXYM', ' ９１３５０２００７７６０４９６５３ａ ')).toBe('91350200776049653A')
    expect(valueFor('CF_XDR_ZZJG', 'D2143569-X')).toBe('D2143569X')
  })

  it('multi: split on ; ； , ， 、 and line breaks, each normalised, duplicates dropped', () => {
    expect(valueFor('CF_CFLB', '警告;罚款')).toEqual(['警告', '罚款'])
    expect(valueFor('CF_CFLB', '警告；罚款；罚款')).toEqual(['警告', '罚款'])
    expect(valueFor('CF_CFLB', '警告、罚款，没收违法所得')).toEqual(['警告', '罚款', '没收违法所得'])
    expect(valueFor('CF_CFLB', '警告,\n罚款 ; ')).toEqual(['警告', '罚款'])
    const e = errorOf('CF_CFLB', '警告;罚金')
    expect(e.code).toBe('enum')
    expect(e.message).toContain('「罚金」')
    expect(e.message).toContain(PENALTY_TYPES.join('、'))
  })

  it('multi enum: a label containing 、 survives when it is a label as a whole', () => {
    const f: CatalogField = {
      code: 'T',
      label: '处罚种类',
      type: 'enum',
      multi: true,
      enum: ['警告', '没收违法所得、没收非法财物', '罚款'],
      scope: 'public',
    }
    expect(normalizeValue(f, '警告;没收违法所得、没收非法财物')).toEqual({
      value: ['警告', '没收违法所得、没收非法财物'],
      warnings: [],
    })
    expect(normalizeValue(f, '警告、罚款')).toEqual({ value: ['警告', '罚款'], warnings: [] })
  })
})

const HEADERS = [
  '*行政相对人名称',
  '行政相对人类别',
  '统一社会信用代码',
  '行政处罚决定书文号',
  '处罚类别',
  '罚款金额（万元）',
  '处罚决定日期',
  '_op',
  '_reason',
  '_severity',
  '其他',
]

describe('normalizeRow / compileRowNormalizer', () => {
  const { mapping } = mapHeaders(HEADERS, PENALTY_FIELDS)
  const row = (over: Partial<Record<string, string>>): Record<string, string> =>
    ({
      '*行政相对人名称': '天津华信商贸有限公司',
      行政相对人类别: '法人及非法人组织',
      统一社会信用代码: '91350200776049653A',
      行政处罚决定书文号: '津市监罚〔2024〕12号',
      处罚类别: '警告;罚款',
      '罚款金额（万元）': '0.2',
      处罚决定日期: '2024/3/5',
      _op: '',
      _reason: '',
      _severity: '',
      其他: 'x',
      ...over,
    }) as Record<string, string>

  it('normalises a good row into typed data by field code', () => {
    const r = normalizeRow(PENALTY_FIELDS, mapping, row({}))
    expect(r).toEqual({
      data: {
        CF_XDR_MC: '天津华信商贸有限公司',
        CF_XDR_LB: '法人及非法人组织',
        CF_XDR_SHXYM: '91350200776049653A',
        CF_WSH: '津市监罚〔2024〕12号',
        CF_CFLB: ['警告', '罚款'],
        CF_NR_FK: '2000',
        CF_JDRQ: '2024-03-05',
      },
      errors: [],
      warnings: [],
      op: undefined,
      reason: undefined,
      severity: undefined,
    })
  })

  it('collects every field error with field, label, code, Chinese message and original value', () => {
    const r = normalizeRow(
      PENALTY_FIELDS,
      mapping,
      row({ 处罚决定日期: '2019-02-30', '罚款金额（万元）': '-1', 行政相对人类别: '公司' }),
    )
    expect(r.errors).toEqual([
      {
        field: 'CF_XDR_LB',
        label: '行政相对人类别',
        code: 'enum',
        message: '「行政相对人类别」的值「公司」不在允许范围内，应为：法人及非法人组织、自然人、个体工商户。',
        value: '公司',
      },
      {
        field: 'CF_NR_FK',
        label: '罚款金额（万元）',
        code: 'amount_negative',
        message: '「罚款金额（万元）」不能为负数，请填写 0 或正数。',
        value: '-1',
      },
      {
        field: 'CF_JDRQ',
        label: '处罚决定日期',
        code: 'date_format',
        message: '「处罚决定日期」不是有效日期：2019年2月没有30日（2019-02-30），应为 YYYY-MM-DD 或 YYYY年M月D日。',
        value: '2019-02-30',
      },
    ])
    expect(r.data).not.toHaveProperty('CF_JDRQ')
    expect(r.data.CF_XDR_MC).toBe('天津华信商贸有限公司')
  })

  it('reports warnings separately', () => {
    const r = normalizeRow(PENALTY_FIELDS, mapping, row({ '罚款金额（万元）': '2000元' }))
    expect(r.errors).toEqual([])
    expect(r.warnings).toMatchObject([{ field: 'CF_NR_FK', code: 'amount_unit', value: '2000元' }])
    expect(r.data.CF_NR_FK).toBe('2000')
  })

  it.each([
    ['add', 'add'],
    ['ADD', 'add'],
    ['correct', 'correct'],
    ['revoke', 'revoke'],
    ['新增', 'add'],
    ['更正', 'correct'],
    [' 撤销 ', 'revoke'],
    ['', undefined],
  ])('_op %j -> %s', (raw, op) => {
    const r = normalizeRow(PENALTY_FIELDS, mapping, row({ _op: raw }))
    expect(r.op).toBe(op)
    expect(r.errors).toEqual([])
  })

  it('an unknown _op is a row error', () => {
    const r = normalizeRow(PENALTY_FIELDS, mapping, row({ _op: 'delete' }))
    expect(r.op).toBeUndefined()
    expect(r.errors).toEqual([
      {
        field: '_op',
        label: '操作类型',
        code: 'op_invalid',
        message: '「操作类型」（_op）的值「delete」无效，应为 add、correct、revoke 或 新增、更正、撤销；留空表示新增。',
        value: 'delete',
      },
    ])
  })

  it('_reason is kept as text, _severity is passed on (Chinese labels become codes)', () => {
    const r = normalizeRow(
      PENALTY_FIELDS,
      mapping,
      row({ _op: '更正', _reason: ' 金额录入错误，\r\n已核实 ', _severity: '严重' }),
    )
    expect(r.op).toBe('correct')
    expect(r.reason).toBe('金额录入错误，\n已核实')
    expect(r.severity).toBe('serious')
    expect(normalizeRow(PENALTY_FIELDS, mapping, row({ _severity: ' General ' })).severity).toBe('general')
  })

  it('ignores unmapped columns and tolerates missing keys', () => {
    const r = normalizeRow(PENALTY_FIELDS, mapping, { '*行政相对人名称': '某公司' })
    expect(r.data).toEqual({ CF_XDR_MC: '某公司' })
    expect(r.errors).toEqual([])
  })

  it('a hand-made mapping with two headers for one field takes the first non-empty cell', () => {
    const fn = compileRowNormalizer(PENALTY_FIELDS, { a: 'CF_XDR_MC', b: 'CF_XDR_MC', c: 'NOT_A_FIELD' })
    expect(fn({ a: '', b: '乙公司', c: 'x' }).data).toEqual({ CF_XDR_MC: '乙公司' })
    expect(fn({ a: '甲公司', b: '乙公司' }).data).toEqual({ CF_XDR_MC: '甲公司' })
  })

  it('headers with quotes and backslashes are safe in the compiled normaliser', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a header that looks like a template on purpose
    const weird = 'a"b\\c\'d`${x}'
    const fn = compileRowNormalizer(PENALTY_FIELDS, { [weird]: 'CF_XDR_MC' })
    expect(fn({ [weird]: '某公司' }).data).toEqual({ CF_XDR_MC: '某公司' })
  })

  it('returns fresh arrays and objects per row', () => {
    const fn = compileRowNormalizer(PENALTY_FIELDS, mapping)
    const a = fn(row({ 处罚决定日期: 'x' }))
    const b = fn(row({}))
    expect(a.errors).toHaveLength(1)
    expect(b.errors).toHaveLength(0)
    expect(a.data).not.toBe(b.data)
  })
})
