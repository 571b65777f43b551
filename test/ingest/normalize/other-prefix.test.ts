import { describe, expect, it } from 'vitest'
import type { CatalogField } from '../../../src/modules/catalog/catalog.types.js'
import { normalizeValue } from '../../../src/modules/ingest/normalize/index.js'

const idType: CatalogField = {
  code: 'CF_XDR_ZJLX',
  label: '证件类型',
  type: 'enum',
  enum: ['身份证', '护照'],
  otherPrefix: '其他-',
  scope: 'government',
}

describe("enum values with the catalog's 其他- prefix", () => {
  it('accepts listed values and described others, refuses the rest', () => {
    expect(normalizeValue(idType, '身份证')).toEqual({ value: '身份证', warnings: [] })
    expect(normalizeValue(idType, '其他-军官证')).toEqual({ value: '其他-军官证', warnings: [] })
    expect(normalizeValue(idType, '其他－军官证')).toEqual({ value: '其他-军官证', warnings: [] })
    const bad = normalizeValue(idType, '驾驶证')
    expect('error' in bad && bad.error.code).toBe('enum')
    expect('error' in bad && bad.error.message).toMatch(/其他-具体说明/)
    expect('error' in normalizeValue(idType, '其他-')).toBe(true)
  })
})
