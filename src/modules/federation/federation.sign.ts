// Signed feed entries: every entry is signed alone (Ed25519 over the canonical JSON of the entry without its
// signature), names the key that signed it and the platform it is for, so a verifier needs nothing but the entry and
// the signer's registered public keys.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { canonicalJson } from '../../core/diff.js'

/** One change of a record in the feed (docs/federation.md). */
export interface FeedEntry {
  /** The feed's cursor at this entry. */
  seq: string
  /** The platform that signed the entry (its platform id) and the one it was served to. */
  platform: string
  to: string
  /** add | modify | delete (revoked) | repair */
  op: 'add' | 'modify' | 'delete' | 'repair'
  /** record | list_entry */
  kind: 'record' | 'list_entry'
  class: string
  classVersion: number
  recordId: string
  version: number
  /** When the source stored this version (UTC). */
  at: string
  /** The list (red, black, focus) a list entry puts its subject on; its period follows from the data. */
  list: { kind: string } | null
  /** The record's field values as a provider would submit them (national field codes). */
  data: Record<string, string>
  /** Why the record was corrected, revoked or repaired (ID numbers masked). */
  reason: string | null
  keyId: string
  signature: string
}

export type UnsignedEntry = Omit<FeedEntry, 'signature'>

/** The bytes an entry's signature covers. */
export function entryText(entry: UnsignedEntry): Buffer {
  const { signature: _, ...rest } = entry as FeedEntry
  return Buffer.from(canonicalJson(rest), 'utf8')
}

export function signEntry(entry: UnsignedEntry, privateKeyPem: string): FeedEntry {
  const signature = sign(null, entryText(entry), createPrivateKey(privateKeyPem)).toString('base64')
  return { ...entry, signature }
}

/** True when `signature` is the key's Ed25519 signature of the entry (false for any malformed input). */
export function verifyEntry(entry: FeedEntry, publicKeyPem: string): boolean {
  try {
    return verify(null, entryText(entry), createPublicKey(publicKeyPem), Buffer.from(entry.signature, 'base64'))
  } catch {
    return false
  }
}

/** What a page's own signature covers: who signed it for whom, the cursor it answers and moves to, its entries. */
export interface PageHead {
  platform: string
  to: string
  after: string
  next: string
  more: boolean
  seqs: string[]
}

export function signPage(head: PageHead, privateKeyPem: string): string {
  return sign(null, Buffer.from(canonicalJson(head), 'utf8'), createPrivateKey(privateKeyPem)).toString('base64')
}

export function verifyPage(head: PageHead, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(head), 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    )
  } catch {
    return false
  }
}
