import { describe, expect, it } from 'vitest'
import {
  allRegions,
  findProjectRoot,
  isKnownRegion,
  lookupRegion,
  regionDataSource,
  regionFullName,
  tianjinDistricts,
} from '../../src/identifiers/index.js'

describe('region codes (GB/T 2260)', () => {
  it('120107 塘沽区 is known, historic, abolished 2009', () => {
    expect(lookupRegion('120107')).toEqual({
      code: '120107',
      name: '塘沽区',
      level: 'county',
      current: false,
      abolished: '2009',
      parent: '120100',
    })
    expect(isKnownRegion('120107')).toBe(true)
  })

  it.each([
    ['120108', '汉沽区', '2009'],
    ['120109', '大港区', '2009'],
    ['120221', '宁河县', '2015'],
    ['120223', '静海县', '2015'],
    ['120225', '蓟县', '2016'],
    ['110103', '崇文区', '2010'],
    ['110104', '宣武区', '2010'],
    ['310108', '闸北区', '2015'],
    ['330103', '下城区', '2021'],
  ])('historic %s %s (abolished %s)', (code, name, year) => {
    expect(lookupRegion(code)).toMatchObject({ code, name, current: false, abolished: year })
  })

  it('120116 滨海新区 is current', () => {
    expect(lookupRegion('120116')).toEqual({
      code: '120116',
      name: '滨海新区',
      level: 'county',
      current: true,
      parent: '120100',
    })
  })

  it('levels and parents', () => {
    expect(lookupRegion('120000')).toEqual({ code: '120000', name: '天津市', level: 'province', current: true })
    expect(lookupRegion('130100')).toMatchObject({ name: '石家庄市', level: 'prefecture', parent: '130000' })
    expect(lookupRegion('130102')).toMatchObject({ name: '长安区', level: 'county', parent: '130100' })
    expect(lookupRegion('429004')).toMatchObject({ name: '仙桃市', level: 'county', parent: '429000' })
    expect(lookupRegion('100000')).toEqual({ code: '100000', name: '国家级', level: 'national', current: true })
  })

  it('full names include the province and prefecture', () => {
    expect(regionFullName('120116')).toBe('天津市滨海新区')
    expect(regionFullName('130102')).toBe('河北省石家庄市长安区')
    expect(regionFullName('429004')).toBe('湖北省仙桃市')
    expect(regionFullName('999999')).toBeUndefined()
  })

  it('unknown codes', () => {
    expect(lookupRegion('999999')).toBeUndefined()
    expect(isKnownRegion('999999')).toBe(false)
    expect(isKnownRegion('')).toBe(false)
    expect(isKnownRegion('12010')).toBe(false)
  })

  it('tianjinDistricts() lists the 16 current districts', () => {
    expect(tianjinDistricts().map((r) => [r.code, r.name])).toEqual([
      ['120101', '和平区'],
      ['120102', '河东区'],
      ['120103', '河西区'],
      ['120104', '南开区'],
      ['120105', '河北区'],
      ['120106', '红桥区'],
      ['120110', '东丽区'],
      ['120111', '西青区'],
      ['120112', '津南区'],
      ['120113', '北辰区'],
      ['120114', '武清区'],
      ['120115', '宝坻区'],
      ['120116', '滨海新区'],
      ['120117', '宁河区'],
      ['120118', '静海区'],
      ['120119', '蓟州区'],
    ])
  })

  it('the data file is consistent', () => {
    const all = allRegions()
    expect(new Set(all.map((r) => r.code)).size).toBe(all.length)
    const current = all.filter((r) => r.current)
    const provinces = current.filter((r) => r.level === 'province')
    expect(provinces).toHaveLength(34)
    expect(current.filter((r) => r.level === 'county').length).toBeGreaterThan(2800)
    expect(all.filter((r) => !r.current).length).toBeGreaterThan(300)
    for (const r of all) {
      expect(r.code).toMatch(/^\d{6}$/)
      if (r.level === 'county' || r.level === 'prefecture') expect(r.parent, r.code).toBeDefined()
      if (r.abolished !== undefined) expect(r.abolished).toMatch(/^(19|20)\d\d$/)
    }
    // statistical-only zones (开发区, county digits 71-79) are not GB/T 2260 codes
    expect(isKnownRegion('130171')).toBe(false)
    expect(regionDataSource()).toContain('GB/T 2260')
  })

  it('finds the project root from a nested path', () => {
    const root = findProjectRoot()
    expect(findProjectRoot(`${root}/src/identifiers`)).toBe(root)
    expect(findProjectRoot(new URL(`file://${root}/src/identifiers/regions.ts`))).toBe(root)
  })
})
