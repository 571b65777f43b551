import { describe, expect, it } from 'vitest'
import type { CatalogField } from '../../../src/modules/catalog/catalog.types.js'
import { mapHeaders, matchHeader } from '../../../src/modules/ingest/normalize/index.js'
import { PENALTY_FIELDS, PENALTY_HEADERS } from '../../fixtures/ingest/penalty-fields.js'

const codeOf = (h: string) => {
  const m = matchHeader(h, PENALTY_FIELDS)
  return m === null ? null : typeof m === 'string' ? m : m.code
}

describe('mapHeaders', () => {
  it('maps the national code headers one to one', () => {
    const r = mapHeaders(PENALTY_HEADERS, PENALTY_FIELDS)
    expect(r.unknown).toEqual([])
    expect(r.duplicates).toEqual([])
    expect(r.missingRequired).toEqual([])
    for (const h of PENALTY_HEADERS) expect(r.mapping[h]).toBe(h)
  })

  it.each([
    // code, any case, spaces
    ['cf_xdr_mc', 'CF_XDR_MC'],
    [' CF_WSH ', 'CF_WSH'],
    ['ＣＦ＿ＪＤＲＱ', 'CF_JDRQ'],
    // Chinese label
    ['行政相对人名称', 'CF_XDR_MC'],
    ['处罚决定日期', 'CF_JDRQ'],
    ['行政相对人 名称', 'CF_XDR_MC'],
    // required markers
    ['*行政相对人名称', 'CF_XDR_MC'],
    ['行政相对人名称*', 'CF_XDR_MC'],
    ['行政相对人名称（必填）', 'CF_XDR_MC'],
    ['行政相对人名称(必填)', 'CF_XDR_MC'],
    ['* 处罚决定日期 （必填） ', 'CF_JDRQ'],
    ['备注（选填）', 'BZ'],
    // full-width and half-width brackets in labels
    ['罚款金额（万元）', 'CF_NR_FK'],
    ['罚款金额(万元)', 'CF_NR_FK'],
    ['罚款金额', 'CF_NR_FK'],
    ['没收违法所得、没收非法财物的金额(万元)', 'CF_NR_WFFF'],
    // a trailing note that no field carries
    ['处罚决定日期（YYYY-MM-DD）', 'CF_JDRQ'],
    // aliases and legacy (2015-2017) names
    ['CF_CFLB1', 'CF_CFLB'],
    ['处罚类别1', 'CF_CFLB'],
    ['CF_JG', 'CF_NR'],
    ['处罚结果', 'CF_NR'],
    ['主要违法事实', 'CF_SY'],
    ['决定书文号', 'CF_WSH'],
    ['行政相对人代码_1(统一社会信用代码)', 'CF_XDR_SHXYM'],
    ['行政相对人代码_1（统一社会信用代码）', 'CF_XDR_SHXYM'],
    // special columns
    ['_op', '_op'],
    ['_OP', '_op'],
    ['_reason', '_reason'],
    ['_severity', '_severity'],
    ['操作类型', '_op'],
    // unknown
    ['处罚决定日', null],
    ['XK_XDR_MC', null],
    ['', null],
  ])('%j -> %s', (header, code) => {
    expect(codeOf(header)).toBe(code)
  })

  it('maps Chinese template headers and lists the unknown ones', () => {
    const headers = [
      '*行政相对人名称',
      '行政相对人类别',
      '统一社会信用代码',
      '行政处罚决定书文号',
      '处罚决定日期',
      '操作人',
      '列7',
    ]
    const r = mapHeaders(headers, PENALTY_FIELDS)
    expect(r.mapping).toEqual({
      '*行政相对人名称': 'CF_XDR_MC',
      行政相对人类别: 'CF_XDR_LB',
      统一社会信用代码: 'CF_XDR_SHXYM',
      行政处罚决定书文号: 'CF_WSH',
      处罚决定日期: 'CF_JDRQ',
    })
    expect(r.unknown).toEqual(['操作人', '列7'])
  })

  it('lists missing required columns (not conditional ones), in catalog order', () => {
    const r = mapHeaders(['CF_XDR_MC', 'CF_XDR_LB', 'CF_WSH', 'CF_JDRQ'], PENALTY_FIELDS)
    expect(r.missingRequired.map((f) => f.code)).toEqual([
      'CF_WFXW',
      'CF_SY',
      'CF_YJ',
      'CF_CFLB',
      'CF_NR',
      'CF_CFJG',
      'CF_CFJGDM',
      'CF_SJLY',
      'CF_SJLYDM',
    ])
    // 统一社会信用代码 and 证件号码 are required only conditionally
    expect(r.missingRequired.map((f) => f.code)).not.toContain('CF_XDR_SHXYM')
    expect(r.missingRequired.map((f) => f.code)).not.toContain('CF_XDR_ZJHM')
    expect(r.missingRequired[0]?.label).toBe('违法行为类型')
  })

  it('keeps the first header of a field and reports later ones as duplicates', () => {
    const r = mapHeaders(['CF_XDR_MC', '行政相对人名称', 'CF_WSH', 'CF_WSH#2', '_op', '操作类型'], PENALTY_FIELDS)
    expect(r.mapping).toEqual({ CF_XDR_MC: 'CF_XDR_MC', CF_WSH: 'CF_WSH', _op: '_op' })
    expect(r.duplicates).toEqual(['行政相对人名称', 'CF_WSH#2', '操作类型'])
  })

  it('a trailing-note key shared by two fields is ambiguous and maps to neither', () => {
    const fields: CatalogField[] = [
      { code: 'A', label: '金额（万元）', type: 'amount', unit: '万元', scope: 'public' },
      { code: 'B', label: '金额（元）', type: 'amount', unit: '元', scope: 'public' },
    ]
    expect(mapHeaders(['金额'], fields).unknown).toEqual(['金额'])
    expect(mapHeaders(['金额(元)'], fields).mapping).toEqual({ '金额(元)': 'B' })
  })
})
