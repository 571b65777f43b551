import { existsSync, readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { loadConfig } from '../../core/config.js'
import { loadKeys } from '../../core/keys.js'
import { publishedKeys } from '../../modules/audit/index.js'
import type { PublishedKeys } from '../../modules/reports/index.js'
import { type CliIo, configOverrides, UsageError, writeJson } from '../runtime.js'

/** The `report` command group, made by whichever report command registers first. */
function reportGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'report') ?? program.command('report').description('信用报告')
}

/**
 * The published keys to verify against: the file given with --keys (the content of /.well-known/gongxin-keys.json),
 * or else this installation's own key file (GONGXIN_KEYS_FILE or the data directory's keys.json), published as the
 * platform publishes them. No database is opened.
 */
function keysFor(io: CliIo, cmd: Command, file: string | undefined): PublishedKeys | null {
  if (file !== undefined) {
    if (!existsSync(file))
      throw new UsageError(`公钥文件 ${file} 不存在：--keys 应指向 /.well-known/gongxin-keys.json 的内容`)
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as PublishedKeys
    } catch {
      return null
    }
  }
  const config = loadConfig(io.env, configOverrides(cmd))
  if (!existsSync(config.keysFile))
    throw new UsageError(
      `未指定 --keys，本机也没有平台密钥文件 ${config.keysFile}：请下载平台公布的公钥（/.well-known/gongxin-keys.json）并用 --keys 指定`,
    )
  return publishedKeys({ keys: loadKeys(config.keysFile, { create: false }) })
}

export function registerReportVerifyCommand(program: Command, io: CliIo): void {
  reportGroup(program)
    .command('verify')
    .description(
      '离线核验信用报告 PDF：文件签名、内附的报告内容与签名、审计日志包含证明；通过时退出码 0 并输出 {"ok":true,…}，否则退出码 1 并输出 {"ok":false,"code","reason"}',
    )
    .argument('<file>', '报告 PDF 文件')
    .option('--keys <file>', '平台公布的公钥文件（/.well-known/gongxin-keys.json）；默认用本机平台的密钥文件')
    .option('--json', '以 JSON 输出（默认即如此）')
    .action(async (file: string, opts: { keys?: string }, cmd: Command) => {
      if (!existsSync(file)) throw new UsageError(`文件 ${file} 不存在`)
      const keys = keysFor(io, cmd, opts.keys)
      // loaded here, not at start: the PDF libraries would slow every other command's start by seconds
      const { VERIFY_FAILURES, verifyReportPdfFile } = await import('../../modules/reports/index.js')
      const verdict = keys
        ? await verifyReportPdfFile(file, keys)
        : { ok: false as const, code: 'keys_invalid', reason: VERIFY_FAILURES.keys_invalid }
      writeJson(io, verdict)
      if (!verdict.ok) io.exitCode = 1
    })
}
