import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { issueReport } from '../../flows/reports/index.js'
import { type Principal, permissionsOf } from '../../modules/access/index.js'
import { KIND_LABELS, REPORT_KINDS, type ReportKind, reportPdf } from '../../modules/reports/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP } from './dept.js'

/** What the command line issues with when no purpose is given (it acts for the credit office at its counter). */
export const CLI_DEFAULT_PURPOSE = '信用主体依申请出具（信用办窗口）'

/** The command line acts as the platform's operator: a principal with the operator role's permissions. */
function cliPrincipal(id: string): Principal {
  return {
    kind: 'user',
    id,
    username: id,
    displayName: '命令行',
    role: 'operator',
    dept: null,
    district: null,
    entityId: null,
    permissions: permissionsOf('operator'),
  }
}

export function registerReportCommands(program: Command, io: CliIo): void {
  const report = program.command('report').description('信用报告（docs/reports.md）')

  report
    .command('issue')
    .description(
      '出具信用报告并写出 PDF，例如 gongxin report issue --uscc 91120116MA05XXXXXX --kind special --from 2023-01-01 --fields market,tax --out 报告.pdf',
    )
    .option('--uscc <uscc>', '主体的统一社会信用代码（与 --entity 二选一）')
    .option('--entity <id>', '主体编号（与 --uscc 二选一；自然人用主体编号）')
    .requiredOption('--kind <kind>', `报告种类：${REPORT_KINDS.join('、')}`)
    .option('--from <date>', '专项信用报告：查询期间的开始日期 YYYY-MM-DD（最多追溯 5 年；默认 3 年）')
    .option(
      '--fields <codes>',
      '专项信用报告：领域代码，以逗号分隔（默认全部；GET /api/v1/report-templates/special 列出）',
    )
    .option('--purpose <text>', `用途（默认「${CLI_DEFAULT_PURPOSE}」）`)
    .option('--out <file>', 'PDF 写到该文件')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出与接口相同的 {"number","issuedAt","validUntil","verifyCode","links"}')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as {
        uscc?: string
        entity?: string
        kind: string
        from?: string
        fields?: string
        purpose?: string
        out?: string
        json?: boolean
      }
      if ((o.uscc === undefined) === (o.entity === undefined))
        throw new UsageError('请用 --uscc 或 --entity 指定主体（二选一）。')
      if (!(REPORT_KINDS as readonly string[]).includes(o.kind))
        throw new UsageError(`报告种类 --kind 应为 ${REPORT_KINDS.join('、')} 之一。`)
      const fields = o.fields
        ?.split(/[,，]/)
        .map((f) => f.trim())
        .filter(Boolean)
      const actor = cliActor()
      const principal = cliPrincipal(actor.id ?? 'cli')
      const { outcome, pdf } = await withContext(io, cmd, async (ctx) => {
        const outcome = await issueReport(
          ctx,
          principal,
          {
            subject: o.uscc ? { uscc: o.uscc } : { entityId: o.entity },
            kind: o.kind,
            purpose: o.purpose ?? CLI_DEFAULT_PURPOSE,
            ...(o.from ? { from: o.from } : {}),
            ...(fields ? { fields } : {}),
          },
          { actor },
        )
        if (!o.out) return { outcome, pdf: null }
        try {
          return { outcome, pdf: (await reportPdf(ctx, principal, outcome.issued.number)).pdf }
        } catch (e) {
          // the report stands (signed, logged); the PDF can be fetched later (GET /api/v1/reports/:number/pdf)
          if (o.json) writeJson(io, outcome.issued)
          throw e
        }
      })
      if (pdf && o.out) writeFileSync(o.out, pdf)
      const i = outcome.issued
      if (o.json) writeJson(io, i)
      else
        io.out.write(
          `已出具${KIND_LABELS[outcome.kind as ReportKind]}：编号 ${i.number}，有效期至 ${i.validUntil}，核验码 ${i.verifyCode}。${pdf && o.out ? `PDF 已写入 ${o.out}。` : ''}\n`,
        )
    })
}
