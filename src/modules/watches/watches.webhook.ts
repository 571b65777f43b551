// The watch webhook: `X-Gongxin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the watch's
// secret, and the operator's allow-list of targets (GONGXIN_WEBHOOK_ALLOW: `*`, host names, addresses, networks).
import { createHmac, randomBytes } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

export const WATCH_SIGNATURE_HEADER = 'x-gongxin-signature'

/** A new watch secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newWatchSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
}

/** The signature header's value for a body sent at `t` (unix seconds). */
export function watchSignature(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
}

/** `[::1]` -> `::1`; `::ffff:10.1.2.3` -> `10.1.2.3`. */
function plainHost(host: string): string {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(h)
  return m ? (m[1] as string) : h
}

/** The allow-list as a test of a URL's host: true when allowed. Host names are resolved for network entries. */
export function webhookAllowList(entries: readonly string[]): (url: string) => Promise<boolean> {
  if (entries.includes('*')) return async () => true
  const names = entries.filter((e) => !isIP(e.split('/')[0] ?? ''))
  const block = new BlockList()
  let networks = 0
  for (const e of entries) {
    const [ip = '', bits] = e.split('/')
    const family = isIP(ip)
    if (!family) continue
    networks++
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) block.addAddress(plainHost(ip), type)
    else block.addSubnet(ip, Number(bits), type)
  }
  const inNetworks = (ip: string) => {
    const plain = plainHost(ip)
    const family = isIP(plain)
    return family !== 0 && block.check(plain, family === 6 ? 'ipv6' : 'ipv4')
  }
  return async (url) => {
    let host: string
    try {
      host = plainHost(new URL(url).hostname)
    } catch {
      return false
    }
    if (isIP(host)) return inNetworks(host)
    if (names.some((n) => (n.startsWith('*.') ? host.endsWith(n.slice(1)) : host === n))) return true
    if (networks === 0) return false
    // a host name is allowed when every address it resolves to is inside the allowed networks
    try {
      const addrs = await lookup(host, { all: true })
      return addrs.length > 0 && addrs.every((a) => inNetworks(a.address))
    } catch {
      return false
    }
  }
}

/** A URL a watch may post to: http(s), no credentials, at most 500 characters. */
export function validWebhookUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 500) return false
  try {
    const u = new URL(url)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === ''
  } catch {
    return false
  }
}
