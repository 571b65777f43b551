import { createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { defineErrors } from './errors.js'

export const keyError = defineErrors({
  'keys.unreadable': {
    status: 500,
    message: (d) =>
      `无法读取密钥文件 ${String(d.path)}：${String(d.reason)}。请从备份恢复密钥文件，或设置 GONGXIN_KEYS_FILE 指向它。`,
  },
  'keys.unwritable': {
    status: 500,
    message: (d) =>
      `无法创建密钥文件 ${String(d.path)}：${String(d.reason)}。请检查数据目录的写权限（GONGXIN_DATA_DIR）。`,
  },
  'keys.missing': {
    status: 500,
    message: (d) =>
      `数据库已初始化，但密钥文件 ${String(d.path)} 不存在。加密的身份证号无法读取：请从备份恢复密钥文件（见 docs/operations.md），不要生成新密钥。`,
  },
})

interface KeyFile {
  version: 1
  createdAt: string
  idEncKey: string
  idHmacKey: string
  auditKey: string
  signingPrivateKey: string
  signingPublicKey: string
  /** Public keys of signing key pairs replaced by `gongxin keys rotate --signing` (their private keys are dropped). */
  retiredSigningKeys?: { publicKey: string; retiredAt: string }[]
}

/**
 * Secret key material: AES-256-GCM key for personal ID numbers, HMAC key for their lookup,
 * and an Ed25519 key pair for signatures (reports, feeds). Never logged or serialised.
 */
export class KeyRing {
  readonly #file: KeyFile
  constructor(file: KeyFile) {
    this.#file = file
  }

  get signingPublicKeyPem(): string {
    return this.#file.signingPublicKey
  }

  /** Public keys (PEM) of earlier signing key pairs, oldest first: what they signed keeps verifying. */
  get retiredSigningKeys(): readonly { publicKey: string; retiredAt: string }[] {
    return this.#file.retiredSigningKeys ?? []
  }

  get signingPrivateKeyPem(): string {
    return this.#file.signingPrivateKey
  }

  /** Deterministic lookup token for an identifier (e.g. a normalised resident ID). */
  hmac(value: string, purpose = 'id'): string {
    return createHmac('sha256', Buffer.from(this.#file.idHmacKey, 'base64')).update(`${purpose}:${value}`).digest('hex')
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.#file.idEncKey, 'base64'), iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return `v1.${iv.toString('base64')}.${body.toString('base64')}.${cipher.getAuthTag().toString('base64')}`
  }

  decrypt(token: string): string {
    const [v, iv, body, tag] = token.split('.')
    if (v !== 'v1' || !iv || !body || !tag) throw new Error('bad cipher text')
    const d = createDecipheriv('aes-256-gcm', Buffer.from(this.#file.idEncKey, 'base64'), Buffer.from(iv, 'base64'))
    d.setAuthTag(Buffer.from(tag, 'base64'))
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8')
  }

  toJSON(): string {
    return '[KeyRing]'
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[KeyRing]'
  }
}

export function generateKeyFile(now = new Date()): KeyFile {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    version: 1,
    createdAt: now.toISOString(),
    idEncKey: randomBytes(32).toString('base64'),
    idHmacKey: randomBytes(32).toString('base64'),
    auditKey: randomBytes(32).toString('base64'),
    signingPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    signingPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

/** Loads the key file; creates it (mode 0600) when missing and `create` is allowed. */
export function loadKeys(path: string, options: { create: boolean }): KeyRing {
  if (!existsSync(path)) {
    if (!options.create) throw keyError('keys.missing', { path })
    try {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, `${JSON.stringify(generateKeyFile(), null, 2)}\n`, { mode: 0o600, flag: 'wx' })
      chmodSync(path, 0o600)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw keyError('keys.unwritable', { path, reason: (e as Error).message })
    }
  }
  try {
    const mode = statSync(path).mode & 0o777
    if (mode & 0o077) chmodSync(path, 0o600)
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as KeyFile
    if (parsed.version !== 1 || !parsed.idEncKey || !parsed.idHmacKey) throw new Error('格式不正确')
    return new KeyRing(parsed)
  } catch (e) {
    throw keyError('keys.unreadable', { path, reason: (e as Error).message })
  }
}

/**
 * Replaces the Ed25519 signing key pair in the key file: a new pair becomes current, the old public key is kept under
 * `retiredSigningKeys` (published as retired), the old private key is dropped. Written to a temporary file (mode 0600)
 * and renamed over the key file. Running servers keep the key they loaded until they restart.
 */
export function rotateSigningKey(path: string, now: Date): { previousPublicKey: string; publicKey: string } {
  let file: KeyFile
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile
  } catch (e) {
    throw keyError('keys.unreadable', { path, reason: (e as Error).message })
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const next: KeyFile = {
    ...file,
    signingPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    signingPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    retiredSigningKeys: [
      ...(file.retiredSigningKeys ?? []),
      { publicKey: file.signingPublicKey, retiredAt: now.toISOString() },
    ],
  }
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
    chmodSync(`${path}.tmp`, 0o600)
    renameSync(`${path}.tmp`, path)
  } catch (e) {
    throw keyError('keys.unwritable', { path, reason: (e as Error).message })
  }
  return { previousPublicKey: file.signingPublicKey, publicKey: next.signingPublicKey }
}
