// What global-setup.ts hands to the tests through vitest's provide/inject.

export interface DemoLogin {
  username: string
  password: string
  role: string
  dept: string | null
}

/** The JSON line printed by `gongxin demo --json`. */
export interface DemoInfo {
  entities: number | null
  departments: number | null
  logins: DemoLogin[]
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the server under test, without a trailing slash, e.g. http://127.0.0.1:41234 */
    baseUrl: string
    demo: DemoInfo
    /** The SQLite file the server uses ('' when testing a server given by GONGXIN_E2E_BASE_URL). */
    dbPath: string
  }
}

/** Validates the demo JSON (from the CLI or GONGXIN_E2E_DEMO) so tests fail with a clear message. */
export function parseDemoInfo(value: unknown): DemoInfo {
  if (typeof value !== 'object' || value === null) throw new Error('demo info is not a JSON object')
  const v = value as Record<string, unknown>
  if (!Array.isArray(v.logins)) throw new Error('demo info has no "logins" array')
  const logins = v.logins.map((l, i): DemoLogin => {
    const login = l as Record<string, unknown>
    if (typeof login.username !== 'string' || typeof login.password !== 'string' || typeof login.role !== 'string') {
      throw new Error(`demo info logins[${i}] needs string username, password and role`)
    }
    return {
      username: login.username,
      password: login.password,
      role: login.role,
      dept: typeof login.dept === 'string' ? login.dept : null,
    }
  })
  return {
    entities: typeof v.entities === 'number' ? v.entities : null,
    departments: typeof v.departments === 'number' ? v.departments : null,
    logins,
  }
}

/** The last line of `text` that parses as a JSON object (the CLI may print progress before it). */
export function lastJsonLine(text: string): unknown {
  const lines = text.split(/\r?\n/).reverse()
  for (const line of lines) {
    const trimmed = line.trim()
    if (!trimmed.startsWith('{')) continue
    try {
      return JSON.parse(trimmed)
    } catch {
      // not JSON; keep looking
    }
  }
  throw new Error('no JSON line in the output')
}

export function loginFor(demo: DemoInfo, role: string): DemoLogin {
  const login = demo.logins.find((l) => l.role === role)
  if (!login)
    throw new Error(
      `the demo data has no login with role "${role}" (roles: ${demo.logins.map((l) => l.role).join(', ')})`,
    )
  return login
}
