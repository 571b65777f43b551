import { createWriteStream } from 'node:fs'
import { extname } from 'node:path'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { systemActor } from '../../core/actor.js'
import {
  batchFor,
  batchJson,
  batchIssues,
  importFile,
  parseDeclaredEncoding,
  type ReportFormat,
  revokeSubmittedBatch,
  writeErrorReport,
} from '../../flows/ingest/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'

function reportFormat(path: string): ReportFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.xlsx') return 'xlsx'
  if (ext === '.csv' || ext === '') return 'csv'
  throw new UsageError(`错误报告文件应为 .csv 或 .xlsx：${path}`)
}

async function writeReportFile(path: string, issues: Parameters<typeof writeErrorReport>[0]): Promise<void> {
  const out = createWriteStream(path)
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve)
    out.on('error', reject)
  })
  await writeErrorReport(issues, reportFormat(path), out)
  if (!out.writableEnded) out.end()
  await closed
}

function declaredEncoding(v: string | undefined): 'utf-8' | 'gb18030' | undefined {
  if (v === undefined) return undefined
  const e = parseDeclaredEncoding(v)
  if (!e) throw new UsageError(`--encoding 应为 utf-8 或 gbk（收到「${v}」）`)
  return e
}

export function registerImportCommands(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('导入信用信息文件（CSV：UTF-8 或 GBK；XLSX；JSON lines）')
    .argument('<file>', '数据文件')
    .requiredOption('--class <code>', '信用信息类别代码（gongxin catalog list）')
    .option('--dept <code>', '报送部门代码；省略时按每行的数据来源单位统一社会信用代码确定')
    .option('--dry-run', '只校验并报告，不保存')
    .option('--encoding <enc>', '文本文件的编码：utf-8 或 gbk（省略时自动识别；与内容不符时按内容读取并给出警告）')
    .option('--errors-out <file>', '把错误报告写入文件（.csv 或 .xlsx）')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '最后输出一行 JSON 汇总')
    .action(
      async (
        file: string,
        opts: { class: string; dept?: string; dryRun?: boolean; encoding?: string; errorsOut?: string; json?: boolean },
        cmd: Command,
      ) => {
        if (opts.errorsOut) reportFormat(opts.errorsOut)
        const encoding = declaredEncoding(opts.encoding)
        const result = await withContext(io, cmd, async (ctx) => {
          const tty = Boolean((io.err as NodeJS.WriteStream).isTTY)
          const bar = tty
            ? new cliProgress.SingleBar(
                { format: '导入 {value} 行 | {duration_formatted}', stream: io.err as NodeJS.WriteStream },
                cliProgress.Presets.shades_classic,
              )
            : null
          bar?.start(0, 0)
          try {
            const r = await importFile(ctx, systemActor(`cli:${process.env.USER ?? 'operator'}`), {
              path: file,
              classCode: opts.class,
              dept: opts.dept ?? null,
              dryRun: opts.dryRun,
              ...(encoding ? { encoding } : {}),
              onProgress: (n) => bar?.update(n),
            })
            if (opts.errorsOut)
              await writeReportFile(opts.errorsOut, r.issues ?? (r.batchId ? await batchIssues(ctx.db, r.batchId) : []))
            return r
          } finally {
            bar?.stop()
          }
        })
        const summary = {
          batchId: result.batchId,
          total: result.total,
          accepted: result.accepted,
          rejected: result.rejected,
          duplicates: result.duplicates,
          corrected: result.corrected,
          revoked: result.revoked,
          warnings: result.warnings,
          late: result.late,
        }
        if (!opts.json)
          io.out.write(
            `${opts.dryRun ? '试运行（未保存）' : `批次 ${result.batchId}`}：共 ${summary.total} 行，接收 ${summary.accepted}，拒收 ${summary.rejected}，重复 ${summary.duplicates}；其中更正 ${summary.corrected}、撤销 ${summary.revoked}、超期 ${summary.late}；有警告的行 ${summary.warnings}。\n`,
          )
        else writeJson(io, summary)
      },
    )

  const batch = program.command('batch').description('报送批次')
  batch
    .command('errors')
    .description('导出批次的错误报告')
    .argument('<id>', '批次编号')
    .requiredOption('--out <file>', '输出文件（.csv 或 .xlsx）')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .action(async (id: string, opts: { out: string }, cmd: Command) => {
      reportFormat(opts.out)
      const n = await withContext(io, cmd, async (ctx) => {
        await batchFor(ctx.db, null, id)
        const issues = await batchIssues(ctx.db, id)
        await writeReportFile(opts.out, issues)
        return issues.length
      })
      io.out.write(`已写出 ${n} 条问题到 ${opts.out}\n`)
    })
  batch
    .command('show')
    .description('查看批次状态与计数')
    .argument('<id>', '批次编号')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const b = await withContext(io, cmd, async (ctx) => batchJson(await batchFor(ctx.db, null, id), ctx.clock.now()))
      if (opts.json) writeJson(io, b)
      else
        io.out.write(
          `${b.batchId} ${b.class} ${b.status}：共 ${b.total}，接收 ${b.accepted}，拒收 ${b.rejected}，重复 ${b.duplicates}\n${
            b.interrupted
              ? `处理已中断（处理它的进程已结束）：重新导入同一文件即可从第 ${b.rowsDone} 行之后继续。\n`
              : ''
          }`,
        )
    })
  batch
    .command('revoke')
    .description('撤销整个批次报送的记录')
    .argument('<id>', '批次编号')
    .requiredOption('--reason <text>', '撤销原因')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出')
    .action(async (id: string, opts: { reason: string; json?: boolean }, cmd: Command) => {
      const r = await withContext(io, cmd, (ctx) =>
        revokeSubmittedBatch(ctx, systemActor(`cli:${process.env.USER ?? 'operator'}`), id, opts.reason),
      )
      if (opts.json) writeJson(io, { batchId: id, ...r })
      else io.out.write(`已撤销批次 ${id} 的 ${r.revoked} 条记录。\n`)
    })
}
