import { describe, expect, it } from 'vitest'
import { checkCode, nameKey, normalizeCode, normalizeName } from '../../src/identifiers/index.js'

describe('normalizeCode', () => {
  it.each([
    ['９１３５０２０００７２８３１９５４９', '913502000728319549'],
    ['91350200776049653a', '91350200776049653A'],
    ['  9135 0200 7760 4965 3A\t', '91350200776049653A'],
    ['9135\u30000200\u3000776049653A', '91350200776049653A'],
    ['D2143569-X', 'D2143569X'],
    ['D2143569－X', 'D2143569X'],
    ['D2143569\u2013X', 'D2143569X'],
    ['D2143569\u2014X', 'D2143569X'],
    ['D2143569\u2010X', 'D2143569X'],
    ['d2143569 - x', 'D2143569X'],
    ['\uFEFF11010519491231002x\r', '11010519491231002X'],
    ['ＭＡ１Ｂ３Ｎ１Ｎ－２', 'MA1B3N1N2'],
    ['', ''],
    ['   ', ''],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeCode(input)).toBe(expected)
  })

  it('keeps characters that are neither spaces nor hyphens (so they are reported)', () => {
    expect(normalizeCode('9135_0200.7760')).toBe('9135_0200.7760')
  })

  it('full-width input is checked on its normalised form and keeps the original as input', () => {
    const r = checkCode('９１３５０２０００７２８３１９５４９')
    expect(r.input).toBe('９１３５０２０００７２８３１９５４９')
    expect(r.normalized).toBe('913502000728319549')
    expect(r.scheme).toBe('uscc')
    expect(r.valid).toBe(true)
  })
})

describe('normalizeName / nameKey', () => {
  it.each([
    ['天津市（滨海）科技有限公司 ', '天津市(滨海)科技有限公司'],
    ['【测试】公司', '[测试]公司'],
    ['〔2024〕12号', '(2024)12号'],
    ['［甲］', '[甲]'],
    ['ＡＢＣ　Ｃｏ．，Ｌｔｄ．', 'ABC Co.,Ltd.'],
    ['  北京   某某  公司\t\n', '北京 某某 公司'],
  ])('normalizeName(%j) = %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected)
  })

  it.each([
    ['ABC  Co.（天津）有限公司', 'abcco.(天津)有限公司'],
    ['ａｂｃ Ｃｏ.(天津)有限公司', 'abcco.(天津)有限公司'],
    ['天津 某某 公司', '天津某某公司'],
  ])('nameKey(%j) = %j', (input, expected) => {
    expect(nameKey(input)).toBe(expected)
  })

  it('names differing only by brackets, width and spacing share a key', () => {
    expect(nameKey('天津市（滨海）科技有限公司')).toBe(nameKey('天津市 (滨海) 科技有限公司'))
    expect(nameKey('天津市滨海科技有限公司')).not.toBe(nameKey('天津市(滨海)科技有限公司'))
  })
})
