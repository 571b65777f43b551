// The offline verifier of a report PDF (docs/report-format.md), on bytes alone: no Node imports, so the portal runs
// the same code in the browser. Each check fails with its own code and a Chinese reason, in this order:
// the file signature, the attachments, the canonical JSON and its hash, the document signature, the number shown on
// the pages, then the log proof (event chain hash, event details, inclusion path, checkpoint signature).
import { sha256 } from '@noble/hashes/sha2'
import canonicalize from 'canonicalize'
import {
  type PublishedKeys,
  REPORT_ATTACHMENTS,
  type ReportDocument,
  type ReportProof,
  type ReportSignature,
  type ReportVerdict,
} from '../report.document.js'
import { checkpointSignedText, eventHashMaterial, NUMBER_LABEL, pdfSignedText } from './verify.format.js'
import { hexToBytes, readFileSignature } from './verify.bytes.js'

/** Every way verification fails, with what the user is told. */
export const VERIFY_FAILURES = {
  keys_invalid: '公钥文件格式不正确：应为 /.well-known/gongxin-keys.json 的内容（{"keys":[…]}）',
  pdf_unreadable: '文件不是可读取的 PDF',
  pdf_signature_missing: 'PDF 中没有公信平台的文件签名：这不是平台出具的报告文件，或签名已被移除',
  pdf_signature_invalid: 'PDF 文件已被改动：文件签名不符',
  pdf_key_unknown: 'PDF 文件签名所用的密钥不在公布的密钥中',
  attachments_missing: 'PDF 缺少核验所需的附件',
  document_not_canonical: 'report.json 不是规范化（RFC 8785 JCS）JSON：报告内容已被改动',
  document_hash_mismatch: 'report.json 的 SHA-256 与签名文件记录的不符：报告内容已被改动',
  signature_malformed: 'report.sig.json 的格式不正确',
  document_key_unknown: '报告签名所用的密钥不在公布的密钥中',
  document_signature_invalid: '报告内容的签名无效',
  number_mismatch: 'PDF 页面上显示的报告编号与报告内容不一致',
  proof_malformed: 'report.proof.json 的格式不正确',
  proof_event_hash_mismatch: '审计事件的哈希与证明中记录的不符：出具事件被改动',
  proof_event_mismatch: '审计事件不是本报告的出具记录',
  proof_inclusion_invalid: '包含证明不成立：出具事件不在检查点所签的审计日志中',
  checkpoint_key_unknown: '检查点签名所用的密钥不在公布的密钥中',
  checkpoint_signature_invalid: '检查点签名无效：该检查点不是平台签发的',
} as const

export type VerifyFailureCode = keyof typeof VERIFY_FAILURES

const fail = (code: VerifyFailureCode, detail?: string): ReportVerdict => ({
  ok: false,
  code,
  reason: detail ? `${VERIFY_FAILURES[code]}（${detail}）` : VERIFY_FAILURES[code],
})

const enc = new TextEncoder()
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
const isHex = (s: unknown, bytes: number): s is string =>
  typeof s === 'string' && s.length === bytes * 2 && /^[0-9a-f]+$/.test(s)
const base64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))
const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

const bytesEqual = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i])

const ED25519_SPKI_PREFIX = hexToBytes('302a300506032b6570032100')

/** Published keys by key id, each id computed from its SPKI bytes (first 16 hex of SHA-256). */
export function keyMap(keys: PublishedKeys): Map<string, Uint8Array> | null {
  if (!keys || !Array.isArray(keys.keys)) return null
  const out = new Map<string, Uint8Array>()
  for (const k of keys.keys) {
    if (typeof k?.publicKey !== 'string') continue
    const body = k.publicKey.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '')
    let der: Uint8Array
    try {
      der = base64(body)
    } catch {
      continue
    }
    if (der.length !== 44 || !ED25519_SPKI_PREFIX.every((b, i) => der[i] === b)) continue
    out.set(hex(sha256(der)).slice(0, 16), der.slice(12))
  }
  return out
}

type Ed25519 = typeof import('@noble/curves/ed25519')['ed25519']
let ed25519: Ed25519 | null = null

function edVerify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return (ed25519 as Ed25519).verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return undefined
  }
}

const LEAF = new Uint8Array([0])
const NODE = new Uint8Array([1])
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(concat(concat(NODE, l), r))

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to, or null when the path has the wrong length. */
export function rootFromInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  path: Uint8Array[],
): Uint8Array | null {
  if (index >= size) return null
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of path) {
    if (sn === 0) return null
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)]
    } else r = nodeHash(r, p)
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 ? r : null
}

const EVENT_STRINGS = ['id', 'at', 'actor_kind', 'action', 'details', 'prev_hash'] as const
const EVENT_NULLABLE = [
  'actor_id',
  'actor_role',
  'actor_dept',
  'target_type',
  'target_id',
  'request_id',
  'purpose',
] as const

function proofShapeOk(p: ReportProof): boolean {
  const e = p?.event
  const cp = p?.checkpoint
  const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0
  return (
    !!e &&
    !!cp &&
    count(e.seq) &&
    EVENT_STRINGS.every((k) => typeof e[k] === 'string') &&
    EVENT_NULLABLE.every((k) => e[k] === null || typeof e[k] === 'string') &&
    isHex(p.eventHash, 32) &&
    count(p.index) &&
    count(p.size) &&
    Array.isArray(p.path) &&
    p.path.every((h) => isHex(h, 32)) &&
    count(cp.size) &&
    isHex(cp.root, 32) &&
    typeof cp.time === 'string' &&
    typeof cp.keyId === 'string' &&
    typeof cp.signature === 'string'
  )
}

/** Verifies a report PDF against the published keys (current and retired). */
export async function verifyReportPdf(pdf: Uint8Array, keys: PublishedKeys): Promise<ReportVerdict> {
  // the larger libraries are loaded on first use, so that importing the module (the CLI, the server) stays cheap
  ed25519 ??= (await import('@noble/curves/ed25519')).ed25519
  const known = keyMap(keys)
  if (!known) return fail('keys_invalid')
  if (pdf.length < 8 || String.fromCharCode(...pdf.subarray(0, 5)) !== '%PDF-') return fail('pdf_unreadable')

  // 1. the file signature: every byte but the signature value
  const fileSig = readFileSignature(pdf)
  if ('missing' in fileSig)
    return fileSig.missing ? fail('pdf_signature_missing') : fail('pdf_signature_invalid', fileSig.reason)
  const pdfKey = known.get(fileSig.keyId)
  if (!pdfKey) return fail('pdf_key_unknown', `密钥编号 ${fileSig.keyId}`)
  const [, a, b] = fileSig.ranges
  const fileHash = hex(sha256.create().update(pdf.subarray(0, a)).update(pdf.subarray(b)).digest())
  if (!edVerify(fileSig.signature, enc.encode(pdfSignedText(fileHash, fileSig.keyId)), pdfKey))
    return fail('pdf_signature_invalid')

  // 2. the attachments
  const [{ PDFDocument }, { readAttachments, readPageTexts }] = await Promise.all([
    import('pdf-lib'),
    import('./verify.pdf.js'),
  ])
  let doc: import('pdf-lib').PDFDocument
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true })
  } catch (e) {
    return fail('pdf_unreadable', (e as Error).message)
  }
  let files: Map<string, Uint8Array>
  try {
    files = readAttachments(doc)
  } catch (e) {
    return fail('attachments_missing', (e as Error).message)
  }
  const missing = Object.values(REPORT_ATTACHMENTS).filter((n) => !files.has(n))
  if (missing.length > 0) return fail('attachments_missing', `缺少 ${missing.join('、')}`)
  const docBytes = files.get(REPORT_ATTACHMENTS.document) as Uint8Array

  // 3. the canonical document and its hash
  const document = parseJson(docBytes) as ReportDocument | undefined
  if (document === undefined || document === null || typeof document !== 'object')
    return fail('document_not_canonical', '不是有效的 UTF-8 JSON')
  const again = canonicalize(document)
  if (again === undefined || !bytesEqual(enc.encode(again), docBytes)) return fail('document_not_canonical')
  if (
    document.format !== 'gongxin-report/v1' ||
    typeof document.number !== 'string' ||
    typeof document.issuedAt !== 'string'
  )
    return fail('document_not_canonical', '缺少 format、number 或 issuedAt')
  const sig = parseJson(files.get(REPORT_ATTACHMENTS.signature) as Uint8Array) as ReportSignature | undefined
  if (
    sig?.alg !== 'Ed25519' ||
    typeof sig.keyId !== 'string' ||
    typeof sig.signature !== 'string' ||
    !isHex(sig.documentSha256, 32)
  )
    return fail('signature_malformed')
  const documentSha256 = hex(sha256(docBytes))
  if (documentSha256 !== sig.documentSha256) return fail('document_hash_mismatch')

  // 4. the document signature
  const docKey = known.get(sig.keyId)
  if (!docKey) return fail('document_key_unknown', `密钥编号 ${sig.keyId}`)
  let signature: Uint8Array
  try {
    signature = base64(sig.signature)
  } catch {
    return fail('signature_malformed', 'signature 不是 Base64')
  }
  if (!edVerify(signature, docBytes, docKey)) return fail('document_signature_invalid')
  if (document.keyId !== sig.keyId)
    return fail('document_signature_invalid', `报告内容记录的密钥编号 ${document.keyId} 与签名的 ${sig.keyId} 不同`)

  // 5. what the pages show
  let pages: string[]
  try {
    pages = readPageTexts(doc)
  } catch (e) {
    return fail('pdf_unreadable', (e as Error).message)
  }
  const label = `${NUMBER_LABEL}${document.number}`
  const wrong = pages.findIndex((t) => !t.includes(label))
  if (pages.length === 0 || wrong >= 0) return fail('number_mismatch', `第 ${wrong + 1} 页`)

  // 6. the log proof
  const proof = parseJson(files.get(REPORT_ATTACHMENTS.proof) as Uint8Array) as ReportProof | undefined
  if (!proof || !proofShapeOk(proof)) return fail('proof_malformed')
  const e = proof.event
  if (hex(sha256(enc.encode(eventHashMaterial(e)))) !== proof.eventHash) return fail('proof_event_hash_mismatch')
  const details = (() => {
    try {
      return JSON.parse(e.details) as Record<string, unknown>
    } catch {
      return null
    }
  })()
  if (e.action !== 'report.issue') return fail('proof_event_mismatch', `事件类型为 ${e.action}`)
  if (!details || details.documentSha256 !== documentSha256)
    return fail('proof_event_mismatch', '事件记录的报告内容哈希与 report.json 不同')
  if (details.number !== undefined && details.number !== document.number)
    return fail('proof_event_mismatch', `事件记录的报告编号为 ${String(details.number)}`)
  const cp = proof.checkpoint
  if (proof.index !== e.seq - 1 || proof.size !== cp.size)
    return fail('proof_inclusion_invalid', '叶序号或树大小与事件、检查点不符')
  const root = rootFromInclusion(
    proof.index,
    proof.size,
    sha256(concat(LEAF, hexToBytes(proof.eventHash))),
    proof.path.map(hexToBytes),
  )
  if (!root || hex(root) !== cp.root) return fail('proof_inclusion_invalid')
  const cpKey = known.get(cp.keyId)
  if (!cpKey) return fail('checkpoint_key_unknown', `密钥编号 ${cp.keyId}`)
  let cpSignature: Uint8Array
  try {
    cpSignature = base64(cp.signature)
  } catch {
    return fail('checkpoint_signature_invalid', 'signature 不是 Base64')
  }
  if (!edVerify(cpSignature, enc.encode(checkpointSignedText(cp)), cpKey)) return fail('checkpoint_signature_invalid')

  return {
    ok: true,
    number: document.number,
    issuedAt: document.issuedAt,
    keyId: sig.keyId,
    logIncluded: true,
    treeSize: cp.size,
  }
}
