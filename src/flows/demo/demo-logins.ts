// Demo console logins: random strong passwords (never derived from the seed), kept in
// <dataDir>/demo-logins.json (mode 0600) so `npm start` can show them again.
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface DemoLogin {
  username: string
  /** The password; for a role that only API keys may hold (e.g. peer), the API key (Bearer gx_...). */
  password: string
  role: string
  dept: string | null
  /** `api_key` for a role that only API keys may hold: use the password as `Authorization: Bearer ...`. */
  kind?: 'user' | 'api_key'
}

export interface DemoLoginsFile {
  version: 1
  createdAt: string
  /** Where the demo city lives (SQLite path or host:port/db, without credentials). */
  target: string
  seed: number
  entities: number
  logins: DemoLogin[]
}

export const DEMO_LOGINS_FILE = 'demo-logins.json'

// No 0/O, 1/l/I: easy to read off a terminal and type.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'

/** 20 characters in groups of five (about 116 bits), e.g. `Kq7mZ-4tRwd-9PxhN-b3VcE`. */
export function randomPassword(): string {
  const out: string[] = []
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % ALPHABET.length)
  while (out.length < 20) {
    for (const b of randomBytes(32)) {
      if (b < limit && out.length < 20) out.push(ALPHABET[b % ALPHABET.length] as string)
    }
  }
  return [0, 5, 10, 15].map((i) => out.slice(i, i + 5).join('')).join('-')
}

export function demoLoginsPath(dataDir: string): string {
  return join(dataDir, DEMO_LOGINS_FILE)
}

/** Writes the file atomically with mode 0600 (it holds passwords). */
export function writeDemoLogins(dataDir: string, file: DemoLoginsFile): string {
  const path = demoLoginsPath(dataDir)
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, path)
  return path
}

/** The stored demo logins, or undefined when there is no (readable) file. */
export function readDemoLogins(dataDir: string): DemoLoginsFile | undefined {
  const path = demoLoginsPath(dataDir)
  if (!existsSync(path)) return undefined
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as DemoLoginsFile
    if (!Array.isArray(parsed.logins)) return undefined
    return parsed
  } catch {
    return undefined
  }
}
