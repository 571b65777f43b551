import { BlockList, isIP } from 'node:net'

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) -> `10.1.2.3`; other addresses unchanged. */
export function plainAddress(ip: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)
  return m ? (m[1] as string) : ip
}

/** A test for "is this client address in the list" over addresses and CIDR ranges (IPv4 and IPv6). */
export function addressMatcher(list: readonly string[]): (ip: string | undefined) => boolean {
  if (list.length === 0) return () => false
  const block = new BlockList()
  for (const entry of list) {
    const [ip = '', bits] = entry.split('/')
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) block.addAddress(plainAddress(ip), type)
    else block.addSubnet(ip, Number(bits), type)
  }
  return (ip) => {
    if (!ip) return false
    const plain = plainAddress(ip)
    const family = isIP(plain)
    return family !== 0 && block.check(plain, family === 6 ? 'ipv6' : 'ipv4')
  }
}
