// `gongxin inspections verify-draw PLAN [--json]`: recomputes a 双随机 draw from its revealed seed and frozen candidate
// document and compares it with the stored targets and inspectors (docs/grading.md, 抽取协议). Exit 0 when it
// matches, 1 when anything differs.
import type { Command } from 'commander'
import { verifyDraw } from '../../modules/inspections/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP } from './dept.js'

const CHECK_LABELS = {
  seedCommitment: '种子与冻结时公布的承诺（SHA-256）一致',
  frozenHash: '冻结的候选名单与公布的哈希一致',
  auditEvent: '冻结的审计事件记载了同样的承诺和哈希',
  targets: '由种子重算的检查对象和执法人员与记录一致',
} as const

export function registerInspectionCommands(program: Command, io: CliIo): void {
  const inspections = program.command('inspections').description('双随机、一公开：抽查计划与抽取')

  inspections
    .command('verify-draw')
    .description('由揭示的随机种子和冻结的候选名单重算抽取，与记录的检查对象和执法人员比较；不一致时退出码 1')
    .argument('<plan>', '抽查计划编号（id）或计划号（如 tj-scjg-2026-001）')
    .option('--db <db>', DB_OPTION_HELP)
    .option(
      '--json',
      '输出一行 JSON：{"plan","number","status","matches","checks":{...},"targets","differences":[...]}',
    )
    .action(async (plan: string, opts: { json?: boolean }, cmd: Command) => {
      const report = await withContext(io, cmd, (ctx) => verifyDraw(ctx, plan))
      if (opts.json) writeJson(io, report)
      else {
        io.out.write(`抽查计划 ${report.number}（${report.plan}），检查对象 ${report.targets} 个：\n`)
        for (const [k, label] of Object.entries(CHECK_LABELS))
          io.out.write(`  ${report.checks[k as keyof typeof CHECK_LABELS] ? '✓' : '✗'} ${label}\n`)
        for (const d of report.differences.slice(0, 50)) io.out.write(`  - ${d}\n`)
        if (report.differences.length > 50) io.out.write(`  ……另有 ${report.differences.length - 50} 处不一致\n`)
        io.out.write(
          report.matches
            ? '核验通过：抽取可由公布的种子和候选名单重现。\n'
            : '核验未通过：抽取与公布的种子和候选名单不符。\n',
        )
      }
      if (!report.matches) io.exitCode = 1
    })
}
