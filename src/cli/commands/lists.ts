import type { Command } from 'commander'
import { getRule, scanProposals } from '../../modules/lists/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

/** `gongxin lists scan|rule`: the focus-list escalation rule and the proposals it makes (never a listing). */
export function registerListCommands(program: Command, io: CliIo): void {
  const lists = program.command('lists').description('红名单、黑名单、重点关注名单')

  lists
    .command('scan')
    .description('按重点关注名单升级规则扫描，生成列入建议（须由运维人员在控制台凭决定文书确认，不直接列入）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出扫描结果')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const r = await withContext(io, cmd, (ctx) => scanProposals(ctx, cliActor()))
      if (opts.json) return writeJson(io, r)
      if (!r.enabled) {
        io.out.write(
          `升级规则（第 ${r.ruleVersion} 版）未启用，未生成列入建议。当前待确认的建议 ${r.open} 条。\n` +
            '启用方法：控制台「名单管理 - 重点关注」修改升级规则，或 PUT /api/v1/lists/escalation-rule。\n',
        )
        return
      }
      if (r.proposed.length)
        io.out.write(
          formatTable(
            ['建议编号', '主体', '统一社会信用代码', '记录数', '据以提出的记录（文号）'],
            r.proposed.map((p) => [
              p.id,
              p.entity.name,
              p.entity.uscc,
              String(p.recordCount),
              p.records.map((x) => x.documentNo ?? x.recordId).join('、'),
            ]),
          ),
        )
      io.out.write(
        `按升级规则第 ${r.ruleVersion} 版扫描：新增列入建议 ${r.proposed.length} 条，失效 ${r.superseded.length} 条，` +
          `待确认共 ${r.open} 条。建议须经确认才列入名单。\n`,
      )
    })

  lists
    .command('rule')
    .description('查看当前的重点关注名单升级规则')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const r = await withContext(io, cmd, (ctx) => getRule(ctx.db))
      if (opts.json) return writeJson(io, r)
      const rule = r.rule
      io.out.write(
        `升级规则第 ${r.version} 版（${r.source === 'default' ? '默认' : '运维修改'}）：${rule.enabled ? '已启用' : '未启用'}；` +
          `${rule.withinMonths} 个月内一般失信记录达到 ${rule.generalRecords} 条时提出列入建议；` +
          `计入类别：${rule.classes.length ? rule.classes.join('、') : '全部负面类别'}；列入期限 ${rule.focusMonths} 个月；` +
          `认定单位：${rule.department ?? '确认人所在部门'}。\n`,
      )
    })
}
