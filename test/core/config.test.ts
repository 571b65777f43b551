import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/core/config.js'
import { AppError } from '../../src/core/errors.js'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('config.invalid')
    return (e as AppError).details.problems as string[]
  }
  return []
}

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({})
    expect(c.db).toBe('var/gongxin.db')
    expect(c.dbKind).toBe('sqlite')
    expect(c.port).toBe(3000)
    expect(c.host).toBe('127.0.0.1')
    expect(c.keysFile.endsWith('var/keys.json')).toBe(true)
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('upload and XLSX limits: documented defaults, settable, validated', () => {
    expect(loadConfig({})).toMatchObject({
      xlsxMaxSheetMb: 256,
      xlsxMaxSharedStringsMb: 64,
      uploadMaxMb: 512,
      uploadSlots: 2,
    })
    expect(
      loadConfig({
        GONGXIN_XLSX_MAX_SHEET_MB: '1024',
        GONGXIN_XLSX_MAX_SHARED_STRINGS_MB: '16',
        GONGXIN_UPLOAD_MAX_MB: '100',
        GONGXIN_UPLOAD_SLOTS: '4',
      }),
    ).toMatchObject({ xlsxMaxSheetMb: 1024, xlsxMaxSharedStringsMb: 16, uploadMaxMb: 100, uploadSlots: 4 })
    expect(problemsOf({ GONGXIN_UPLOAD_SLOTS: '0', GONGXIN_XLSX_MAX_SHEET_MB: 'lots' })).toEqual([
      'GONGXIN_XLSX_MAX_SHEET_MB=lots 无效：应为 1 到 4096 之间的整数',
      'GONGXIN_UPLOAD_SLOTS=0 无效：应为 1 到 64 之间的整数',
    ])
  })

  it('reads postgres URLs and overrides', () => {
    const c = loadConfig({ GONGXIN_DB: 'postgres://u@db.example:5433/gx', GONGXIN_PORT: '8080' }, { port: '9090' })
    expect(c.dbKind).toBe('postgres')
    expect(c.port).toBe(9090)
  })

  it('lists every problem at once, naming each setting', () => {
    const problems = problemsOf({
      GONGXIN_PORT: '70000',
      GONGXIN_DB: 'mysql://x',
      GONGXIN_LOG_LEVEL: 'loud',
      GONGXIN_SECURE_COOKIES: 'maybe',
      GONGXIN_TRUSTED_CLIENTS: '10.0.0.1,not-an-ip',
    })
    expect(problems).toHaveLength(5)
    expect(problems.join('\n')).toMatch(/GONGXIN_PORT=70000/)
    expect(problems.join('\n')).toMatch(/GONGXIN_DB=mysql:\/\/x/)
    expect(problems.join('\n')).toMatch(/GONGXIN_LOG_LEVEL=loud/)
    expect(problems.join('\n')).toMatch(/not-an-ip/)
  })

  it('reports a missing or bad config file', () => {
    expect(problemsOf({ GONGXIN_CONFIG: '/nonexistent/gongxin.json' })[0]).toMatch(/无法读取配置文件/)
  })
})

it('public entity files: their budget and cache time are settings with defaults', () => {
  expect(loadConfig({})).toMatchObject({ publicEntityFileLimit: 30, publicFileCacheSeconds: 30 })
  expect(loadConfig({ GONGXIN_PUBLIC_RATE_LIMIT: '8' }).publicEntityFileLimit).toBe(2)
  expect(loadConfig({ GONGXIN_PUBLIC_RATE_LIMIT: '2' }).publicEntityFileLimit).toBe(1)
  expect(loadConfig({ GONGXIN_PUBLIC_ENTITY_FILE_LIMIT: '5', GONGXIN_PUBLIC_FILE_CACHE_SECONDS: '0' })).toMatchObject({
    publicEntityFileLimit: 5,
    publicFileCacheSeconds: 0,
  })
})
