import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import {
  auditCheckpoint,
  auditError,
  type Checkpoint,
  inclusionProof,
  verifyAuditChain,
  verifyCheckpointSignature,
  verifyConsistency,
} from '../../modules/audit/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'

interface WitnessState {
  url: string
  checkpoint: Checkpoint
}

type Problem = 'unreachable' | 'unknown_key' | 'bad_signature' | 'truncated' | 'inconsistent'

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' } })
    return { status: res.status, body: await res.json().catch(() => null) }
  } catch (e) {
    throw auditError('audit.witness_failed', {
      problem: 'unreachable',
      reason: `无法访问 ${url}：${(e as Error).message}`,
    })
  }
}

/**
 * The witness (docs/audit-log.md): fetches the published keys and the latest checkpoint, checks its signature and,
 * against the checkpoint kept in the state file, that the log only grew (consistency proof). Updates the state only
 * when every check passes.
 */
async function witness(
  base: string,
  stateFile: string,
): Promise<{ checkpoint: Checkpoint | null; previous: number | null }> {
  const fail = (problem: Problem, reason: string) => auditError('audit.witness_failed', { problem, reason })
  const root = base.replace(/\/+$/, '')
  const state: WitnessState | null = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as WitnessState)
    : null
  const keys = await getJson(`${root}/.well-known/gongxin-keys.json`)
  const cpRes = await getJson(`${root}/api/v1/audit/checkpoint`)
  if (keys.status !== 200 || cpRes.status !== 200)
    throw fail('unreachable', `密钥或检查点请求失败（HTTP ${keys.status}/${cpRes.status}）`)
  const published = (keys.body as { keys?: { id: string; publicKey: string }[] }).keys ?? []
  const cp = (cpRes.body as { checkpoint: Checkpoint | null }).checkpoint
  const old = state?.checkpoint ?? null
  if (!cp) {
    if (old) throw fail('truncated', `日志已被截断：曾见到 ${old.size} 条事件的检查点，现在日志为空`)
    return { checkpoint: null, previous: null }
  }
  const key = published.find((k) => k.id === cp.keyId)
  if (!key) throw fail('unknown_key', `检查点由未公布的密钥 ${cp.keyId} 签名`)
  if (!verifyCheckpointSignature(cp, key.publicKey)) throw fail('bad_signature', `检查点（大小 ${cp.size}）签名无效`)
  if (old) {
    if (cp.size < old.size)
      throw fail('truncated', `日志已被截断：曾见到 ${old.size} 条事件的检查点，新检查点只有 ${cp.size} 条`)
    if (cp.size === old.size) {
      if (cp.root !== old.root) throw fail('inconsistent', `日志已被改写：大小 ${cp.size} 的根哈希与曾见到的不同`)
    } else {
      const p = await getJson(`${root}/api/v1/audit/proofs/consistency?from=${old.size}&to=${cp.size}`)
      const proof = (p.body as { proof?: string[] } | null)?.proof
      const ok =
        p.status === 200 &&
        Array.isArray(proof) &&
        verifyConsistency(
          old.size,
          cp.size,
          Buffer.from(old.root, 'hex'),
          Buffer.from(cp.root, 'hex'),
          proof.map((h) => Buffer.from(h, 'hex')),
        )
      if (!ok)
        throw fail(
          'inconsistent',
          `日志已被改写：大小 ${cp.size} 的新检查点与曾见到的大小 ${old.size} 的检查点不一致（一致性证明不成立）`,
        )
    }
  }
  const next: WitnessState = { url: root, checkpoint: cp }
  writeFileSync(`${stateFile}.tmp`, `${JSON.stringify(next, null, 2)}\n`)
  renameSync(`${stateFile}.tmp`, stateFile)
  return { checkpoint: cp, previous: old?.size ?? null }
}

export function registerAuditCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('审计日志')
  audit
    .command('verify')
    .description('校验审计日志哈希链：完整时退出码 0，否则 1 并指出第一个异常事件')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const result = await withContext(io, cmd, (ctx) => verifyAuditChain(ctx.db, ctx.keys))
      if (opts.json) writeJson(io, result)
      else if (result.ok) io.out.write(`审计日志完整：已校验 ${result.checked} 条事件。\n`)
      else
        io.out.write(
          `审计日志异常：前 ${result.checked} 条完好；第一个异常事件 ${result.firstBad?.id ?? '(缺失)'}（序号 ${result.firstBad?.seq ?? '?'}）：${result.firstBad?.reason}\n`,
        )
      if (!result.ok) io.exitCode = 1
    })

  audit
    .command('checkpoint')
    .description('延伸默克尔树并立即签发检查点（日志有新事件时），输出最新检查点')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const cp = await withContext(io, cmd, (ctx) => auditCheckpoint(ctx, { force: true }))
      if (opts.json) writeJson(io, { checkpoint: cp })
      else if (!cp) io.out.write('审计日志为空，尚无检查点。\n')
      else io.out.write(`检查点：${cp.size} 条事件，根哈希 ${cp.root}，${cp.time}，密钥 ${cp.keyId}\n`)
    })

  audit
    .command('prove')
    .description('输出审计事件的包含证明（RFC 6962），默认对最新检查点')
    .argument('<event>', '事件编号')
    .option('--size <n>', '树大小（默认最新检查点的大小）')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出结果')
    .action(async (event: string, opts: { json?: boolean; size?: string }, cmd: Command) => {
      if (opts.size !== undefined && !/^[1-9]\d*$/.test(opts.size))
        throw new UsageError(`--size 应为正整数（当前为 ${opts.size}）`)
      const size = opts.size === undefined ? undefined : Number(opts.size)
      const proof = await withContext(io, cmd, (ctx) => inclusionProof(ctx, event, size))
      if (opts.json) writeJson(io, proof)
      else
        io.out.write(
          `事件 ${proof.event}（叶 ${proof.index}）包含于大小 ${proof.size} 的树，根哈希 ${proof.root}\n路径（${proof.path.length} 个哈希，自叶向根）：\n${proof.path.map((h) => `  ${h}\n`).join('')}`,
        )
    })

  audit
    .command('witness')
    .description('见证：核对平台最新检查点的签名，并与上次见到的检查点核对一致性；日志被截断或改写时退出码 1')
    .requiredOption('--url <base>', '平台地址，如 https://credit.example.gov.cn')
    .requiredOption('--state <file>', '保存上次见到的检查点的文件')
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean; url: string; state: string }) => {
      const { checkpoint, previous } = await witness(opts.url, opts.state)
      if (opts.json) writeJson(io, { ok: true, checkpoint, previousSize: previous })
      else if (!checkpoint) io.out.write('平台尚无检查点。\n')
      else
        io.out.write(
          previous === null
            ? `已记录检查点：${checkpoint.size} 条事件，签名有效。\n`
            : `检查点一致：${previous} → ${checkpoint.size} 条事件，签名有效。\n`,
        )
    })
}
