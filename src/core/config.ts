import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { dirname, resolve } from 'node:path'
import { coreError } from './errors.js'

/**
 * Configuration: defaults < optional JSON file (GONGXIN_CONFIG) < environment < command-line overrides.
 * Parsed and validated once; every problem is reported together; the result is frozen.
 */
export interface Config {
  /** SQLite file path or postgres:// URL. */
  db: string
  dbKind: 'sqlite' | 'postgres'
  port: number
  host: string
  /** Folder for key material and other local state. */
  dataDir: string
  keysFile: string
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  siteName: string
  city: string
  /** Who to ask, as the portal says it (关于我们, pages with no online service): free text; null when not set. */
  siteContact: string | null
  /** Public API: requests per minute per client address. */
  publicRateLimit: number
  /** Client addresses exempt from public rate limits (internal systems, benchmarks). */
  trustedClients: string[]
  /** Public entity files per minute per client address (default: a quarter of publicRateLimit, at least 1). */
  publicEntityFileLimit: number
  /** Seconds each server process keeps a serialised public entity file (default 30; 0: no cache). */
  publicFileCacheSeconds: number
  sessionTtlMinutes: number
  /** Failed logins per (account, client address) before each further attempt must wait (docs/access.md). */
  loginMaxFailures: number
  /** The longest wait between login attempts, in minutes; one failure is also forgiven per this many minutes. */
  loginLockMinutes: number
  /** Failed logins per account from addresses it has not logged in from, before attempts must wait. */
  loginAccountFailures: number
  /** Failed logins per client address across all accounts, before attempts must wait. */
  loginAddressFailures: number
  /** Cookies with `Secure`; default: true when the site is served over HTTPS. */
  secureCookies: boolean
  /** The address users reach the site at (`https://credit.example.gov.cn`); null when not set. */
  publicUrl: string | null
  /** The site is served over HTTPS: HSTS and upgrade-insecure-requests are sent. Default: publicUrl is https. */
  https: boolean
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; none by default. */
  trustProxy: string[]
  /** Bearer token that opens /metrics from any address; null: none. */
  metricsToken: string | null
  /** Addresses or CIDR ranges that may read /metrics without the token (default loopback only). */
  metricsClients: string[]
  bodyLimitBytes: number
  webDir: string
  /** XLSX: largest worksheet read, in MB of XML after inflating (a zip bomb is refused with 413). */
  xlsxMaxSheetMb: number
  /** XLSX: largest shared-strings table (the text cells, held in memory while reading), in MB after inflating. */
  xlsxMaxSharedStringsMb: number
  /** Largest file a multipart upload may carry, in MB. */
  uploadMaxMb: number
  /** Uploads received and read at once (console/API upload, batch check upload); one more is refused with 503. */
  uploadSlots: number
  /** Largest evidence file (PDF, JPEG, PNG; POST /api/v1/files), in bytes. */
  fileMaxBytes: number
  /** Evidence files received at once (their own slots, apart from data uploads); one more is refused with 503. */
  fileUploadSlots: number
  /**
   * A collection batch that stores at least this many records refreshes the planner statistics of the tables the
   * pipeline writes (PostgreSQL ANALYZE); 0 = never.
   */
  analyzeAfterRows: number
  /** Seconds between runs of the outbox worker in a serving process (default 60; 0: the server runs none). */
  outboxIntervalSeconds: number
  /** Delivery attempts before a delivery is marked failed (default 8; backoff 1 min, 2, 4... at most 6 h). */
  outboxMaxAttempts: number
  /** Seconds a webhook has to answer (default 10). */
  outboxTimeoutSeconds: number
  /**
   * Where watch webhooks may post (docs/watches.md): `*` (anywhere, the default), host names (`hook.example.gov.cn`,
   * `*.example.gov.cn`), addresses and CIDR networks (`10.0.0.0/8`).
   */
  webhookAllow: string[]
  /** Seconds between runs of the watch worker (sequencing and webhooks) in a serving process (default 5; 0: none). */
  watchIntervalSeconds: number
  /**
   * Hours between runs of the proactive notices (publication ending, repair possible, cases overdue) in a serving
   * process, which also runs them once at start (default 24; 0: the server runs none, `gongxin notices run` instead).
   */
  noticesIntervalHours: number
  /** Audit log: a new signed checkpoint is due once this many events were appended since the last (default 1000). */
  auditCheckpointEvents: number
  /** Audit log: or once this many seconds passed since the last, if any event was appended (default 300). */
  auditCheckpointSeconds: number
  /** How many days ahead the proactive notices look (a publication ending, a repair becoming possible; default 30). */
  noticeLeadDays: number
  /** This platform's id among peer platforms (docs/federation.md); null: derived from the key file, stable with it. */
  platformId: string | null
  /** Seconds between scheduled pulls from every peer in a serving process (default 300; 0: none, `gongxin peer pull`). */
  federationPullSeconds: number
}

export type ConfigInput = Partial<Record<keyof Config, unknown>>

const ENV: Record<string, keyof Config> = {
  GONGXIN_DB: 'db',
  GONGXIN_PORT: 'port',
  GONGXIN_HOST: 'host',
  GONGXIN_DATA_DIR: 'dataDir',
  GONGXIN_KEYS_FILE: 'keysFile',
  GONGXIN_LOG_LEVEL: 'logLevel',
  GONGXIN_SITE_NAME: 'siteName',
  GONGXIN_CITY: 'city',
  GONGXIN_SITE_CONTACT: 'siteContact',
  GONGXIN_PUBLIC_RATE_LIMIT: 'publicRateLimit',
  GONGXIN_TRUSTED_CLIENTS: 'trustedClients',
  GONGXIN_PUBLIC_ENTITY_FILE_LIMIT: 'publicEntityFileLimit',
  GONGXIN_PUBLIC_FILE_CACHE_SECONDS: 'publicFileCacheSeconds',
  GONGXIN_SESSION_TTL_MINUTES: 'sessionTtlMinutes',
  GONGXIN_LOGIN_MAX_FAILURES: 'loginMaxFailures',
  GONGXIN_LOGIN_LOCK_MINUTES: 'loginLockMinutes',
  GONGXIN_LOGIN_ACCOUNT_FAILURES: 'loginAccountFailures',
  GONGXIN_LOGIN_ADDRESS_FAILURES: 'loginAddressFailures',
  GONGXIN_SECURE_COOKIES: 'secureCookies',
  GONGXIN_PUBLIC_URL: 'publicUrl',
  GONGXIN_HTTPS: 'https',
  GONGXIN_TRUST_PROXY: 'trustProxy',
  GONGXIN_METRICS_TOKEN: 'metricsToken',
  GONGXIN_METRICS_CLIENTS: 'metricsClients',
  GONGXIN_BODY_LIMIT_BYTES: 'bodyLimitBytes',
  GONGXIN_WEB_DIR: 'webDir',
  GONGXIN_XLSX_MAX_SHEET_MB: 'xlsxMaxSheetMb',
  GONGXIN_XLSX_MAX_SHARED_STRINGS_MB: 'xlsxMaxSharedStringsMb',
  GONGXIN_UPLOAD_MAX_MB: 'uploadMaxMb',
  GONGXIN_UPLOAD_SLOTS: 'uploadSlots',
  GONGXIN_FILE_MAX_BYTES: 'fileMaxBytes',
  GONGXIN_FILE_UPLOAD_SLOTS: 'fileUploadSlots',
  GONGXIN_ANALYZE_AFTER_ROWS: 'analyzeAfterRows',
  GONGXIN_OUTBOX_INTERVAL_SECONDS: 'outboxIntervalSeconds',
  GONGXIN_OUTBOX_MAX_ATTEMPTS: 'outboxMaxAttempts',
  GONGXIN_OUTBOX_TIMEOUT_SECONDS: 'outboxTimeoutSeconds',
  GONGXIN_WEBHOOK_ALLOW: 'webhookAllow',
  GONGXIN_WATCH_INTERVAL_SECONDS: 'watchIntervalSeconds',
  GONGXIN_NOTICES_INTERVAL_HOURS: 'noticesIntervalHours',
  GONGXIN_AUDIT_CHECKPOINT_EVENTS: 'auditCheckpointEvents',
  GONGXIN_AUDIT_CHECKPOINT_SECONDS: 'auditCheckpointSeconds',
  GONGXIN_NOTICE_LEAD_DAYS: 'noticeLeadDays',
  GONGXIN_PLATFORM_ID: 'platformId',
  GONGXIN_FEDERATION_PULL_SECONDS: 'federationPullSeconds',
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const DEFAULT_DB = 'var/gongxin.db'

export function projectRoot(): string {
  // dist/src/core/config.js or src/core/config.ts -> project root
  const here = dirname(new URL(import.meta.url).pathname)
  return here.includes('/dist/') ? resolve(here, '../../..') : resolve(here, '../..')
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Readonly<Config> {
  const problems: string[] = []
  let fileValues: ConfigInput = {}
  const file = env.GONGXIN_CONFIG
  if (file) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`GONGXIN_CONFIG（${file}）应为 JSON 对象`)
      } else {
        const known = new Set(Object.values(ENV))
        for (const key of Object.keys(parsed)) {
          if (!known.has(key as keyof Config)) problems.push(`配置文件 ${file} 中的未知设置项「${key}」`)
        }
        fileValues = parsed as ConfigInput
      }
    } catch (e) {
      problems.push(`无法读取配置文件 GONGXIN_CONFIG=${file}：${(e as Error).message}`)
    }
  }
  const envValues: ConfigInput = {}
  for (const [name, key] of Object.entries(ENV)) {
    const v = env[name]
    if (v !== undefined && v !== '') envValues[key] = v
  }
  const raw: ConfigInput = { ...fileValues, ...envValues }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) raw[k as keyof Config] = v

  const source = (key: keyof Config): string => {
    const envName = Object.entries(ENV).find(([, k]) => k === key)?.[0] ?? key
    return key in overrides && overrides[key] !== undefined ? `--${key}` : envName
  }
  const int = (key: keyof Config, def: number, min: number, max: number): number => {
    const v = raw[key]
    if (v === undefined) return def
    const n = typeof v === 'number' ? v : /^-?\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : Number.NaN
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${source(key)}=${String(v)} 无效：应为 ${min} 到 ${max} 之间的整数`)
      return def
    }
    return n
  }
  const str = (key: keyof Config, def: string): string => {
    const v = raw[key]
    if (v === undefined) return def
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${source(key)} 无效：应为非空字符串`)
      return def
    }
    return v.trim()
  }
  const bool = (key: keyof Config, def: boolean): boolean => {
    const v = raw[key]
    if (v === undefined) return def
    if (typeof v === 'boolean') return v
    const s = String(v).toLowerCase()
    if (['1', 'true', 'yes', 'on'].includes(s)) return true
    if (['0', 'false', 'no', 'off'].includes(s)) return false
    problems.push(`${source(key)}=${String(v)} 无效：应为 true 或 false`)
    return def
  }

  const db = str('db', DEFAULT_DB)
  let dbKind: Config['dbKind'] = 'sqlite'
  if (/^postgres(ql)?:/i.test(db)) {
    dbKind = 'postgres'
    try {
      const u = new URL(db)
      if (!u.hostname && !u.searchParams.get('host'))
        problems.push(`${source('db')} 无效：PostgreSQL 地址缺少主机名（示例 postgres://user@127.0.0.1:5432/gongxin）`)
    } catch {
      problems.push(
        `${source('db')}=${db} 无效：不是合法的 PostgreSQL 连接地址（示例 postgres://user@127.0.0.1:5432/gongxin）`,
      )
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(db)) {
    problems.push(`${source('db')}=${db} 无效：只支持 SQLite 文件路径或 postgres:// 地址`)
  }

  const dataDirDefault = dbKind === 'sqlite' && db !== ':memory:' ? dirname(resolve(db)) : resolve('var')
  const dataDir = resolve(str('dataDir', dataDirDefault))
  const logLevel = str('logLevel', 'warn') as Config['logLevel']
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`${source('logLevel')}=${logLevel} 无效：应为 ${LOG_LEVELS.join('/')} 之一`)

  /** A comma-separated list (or a JSON array) of addresses, with CIDR ranges when `ranges`; `none` is the empty list. */
  const addresses = (key: keyof Config, def: string[], ranges: boolean): string[] => {
    const v = raw[key]
    let list: string[]
    if (v === undefined) return def
    if (Array.isArray(v)) list = v.map((x) => String(x).trim())
    else if (typeof v === 'string')
      list =
        v.trim().toLowerCase() === 'none'
          ? []
          : v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
    else {
      problems.push(`${source(key)} 无效：应为逗号分隔的地址列表`)
      return def
    }
    for (const a of list) {
      const [ip, bits, extra] = a.split('/')
      const family = isIP(ip ?? '')
      const okBits =
        bits === undefined ||
        (ranges && /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32) && extra === undefined)
      if (!family || !okBits)
        problems.push(`${source(key)} 中的「${a}」不是 IP 地址${ranges ? '或网段（例如 10.0.0.0/8）' : ''}`)
    }
    return list
  }
  const trustedClients = addresses('trustedClients', [], false)

  /** Watch webhook targets: `*`, host names (`*.suffix`), addresses and CIDR networks. */
  const webhookAllow = ((): string[] => {
    const v = raw.webhookAllow
    if (v === undefined) return ['*']
    const list = (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : [])
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean)
    if (list.length === 0) {
      problems.push(`${source('webhookAllow')} 无效：应为逗号分隔的主机名、地址或网段，或 *（不限）`)
      return ['*']
    }
    for (const a of list) {
      if (a === '*') continue
      const [ip, bits, extra] = a.split('/')
      const family = isIP(ip ?? '')
      if (family) {
        if (bits === undefined) continue
        if (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32) && extra === undefined) continue
      } else if (
        bits === undefined &&
        /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(a)
      )
        continue
      problems.push(
        `${source('webhookAllow')} 中的「${a}」不是主机名、IP 地址或网段（例如 hook.example.gov.cn、*.example.gov.cn、10.0.0.0/8）`,
      )
    }
    return list
  })()

  let publicUrl: string | null = null
  if (raw.publicUrl !== undefined) {
    const u = str('publicUrl', '')
    try {
      const parsed = new URL(u)
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol')
      publicUrl = u.replace(/\/+$/, '')
    } catch {
      problems.push(`${source('publicUrl')}=${u} 无效：应为网站的访问地址，例如 https://credit.example.gov.cn`)
    }
  }
  const https = bool('https', publicUrl?.startsWith('https://') ?? false)
  let metricsToken: string | null = null
  if (raw.metricsToken !== undefined) {
    metricsToken = str('metricsToken', '')
    if (metricsToken.length < 16 || /\s/.test(metricsToken)) {
      problems.push(`${source('metricsToken')} 无效：应为至少 16 个字符、不含空白的随机字符串`)
      metricsToken = null
    }
  }

  const publicRateLimit = int('publicRateLimit', 120, 1, 1_000_000)
  let platformId: string | null = null
  if (raw.platformId !== undefined) {
    platformId = str('platformId', '')
    if (!/^[A-Za-z0-9._-]{3,64}$/.test(platformId)) {
      problems.push(`${source('platformId')}=${platformId} 无效：应为 3 到 64 位字母、数字、点、下划线或连字符`)
      platformId = null
    }
  }
  const config: Config = {
    db,
    dbKind,
    port: int('port', 3000, 0, 65535),
    host: str('host', '127.0.0.1'),
    dataDir,
    keysFile: resolve(str('keysFile', resolve(dataDir, 'keys.json'))),
    logLevel,
    siteName: str('siteName', '信用天津'),
    city: str('city', '天津市'),
    siteContact: raw.siteContact === undefined ? null : str('siteContact', '').trim() || null,
    publicRateLimit,
    trustedClients,
    publicEntityFileLimit: int('publicEntityFileLimit', Math.max(1, Math.floor(publicRateLimit / 4)), 1, 1_000_000),
    publicFileCacheSeconds: int('publicFileCacheSeconds', 30, 0, 24 * 60 * 60),
    sessionTtlMinutes: int('sessionTtlMinutes', 480, 1, 7 * 24 * 60),
    loginMaxFailures: int('loginMaxFailures', 5, 1, 100),
    loginLockMinutes: int('loginLockMinutes', 15, 1, 24 * 60),
    loginAccountFailures: int('loginAccountFailures', 20, 1, 10_000),
    loginAddressFailures: int('loginAddressFailures', 50, 1, 10_000),
    secureCookies: bool('secureCookies', https),
    publicUrl,
    https,
    trustProxy: addresses('trustProxy', [], true),
    metricsToken,
    metricsClients: addresses('metricsClients', ['127.0.0.1', '::1'], true),
    bodyLimitBytes: int('bodyLimitBytes', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    webDir: resolve(str('webDir', resolve(projectRoot(), 'dist/web'))),
    xlsxMaxSheetMb: int('xlsxMaxSheetMb', 256, 1, 4096),
    xlsxMaxSharedStringsMb: int('xlsxMaxSharedStringsMb', 64, 1, 1024),
    uploadMaxMb: int('uploadMaxMb', 512, 1, 4096),
    uploadSlots: int('uploadSlots', 2, 1, 64),
    fileMaxBytes: int('fileMaxBytes', 10 * 1024 * 1024, 1, 100 * 1024 * 1024),
    fileUploadSlots: int('fileUploadSlots', 4, 1, 64),
    analyzeAfterRows: int('analyzeAfterRows', 50_000, 0, 1_000_000_000),
    outboxIntervalSeconds: int('outboxIntervalSeconds', 60, 0, 24 * 60 * 60),
    outboxMaxAttempts: int('outboxMaxAttempts', 8, 1, 100),
    outboxTimeoutSeconds: int('outboxTimeoutSeconds', 10, 1, 300),
    webhookAllow,
    watchIntervalSeconds: int('watchIntervalSeconds', 5, 0, 24 * 60 * 60),
    // at most 20 days: a timer's delay must stay below 2^31 ms
    noticesIntervalHours: int('noticesIntervalHours', 24, 0, 480),
    auditCheckpointEvents: int('auditCheckpointEvents', 1000, 1, 100_000_000),
    auditCheckpointSeconds: int('auditCheckpointSeconds', 300, 0, 30 * 24 * 60 * 60),
    noticeLeadDays: int('noticeLeadDays', 30, 1, 365),
    platformId,
    federationPullSeconds: int('federationPullSeconds', 300, 0, 24 * 60 * 60),
  }
  if (problems.length > 0) throw coreError('config.invalid', { problems })
  return Object.freeze(config)
}
