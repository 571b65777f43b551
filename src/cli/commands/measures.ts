import type { Command } from 'commander'
import { currentCoverage, listMeasures, MEASURE_KIND_LABELS, SCENARIO_LABELS } from '../../modules/measures/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP, formatTable } from './dept.js'

const SOURCE = { default: '默认', operator: '运维修改' } as const

export function registerMeasureCommands(program: Command, io: CliIo): void {
  const measures = program.command('measures').description('联合奖惩措施清单')

  measures
    .command('list')
    .description('列出奖惩措施清单（当前版本）')
    .option('--all', '包括已停用的措施')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean; all?: boolean }, cmd: Command) => {
      const items = await withContext(io, cmd, (ctx) => listMeasures(ctx.db, { includeRetired: opts.all === true }))
      if (opts.json) return writeJson(io, items)
      io.out.write(
        formatTable(
          ['代码', '措施', '类型', '适用场景', '实施部门', '依据', '版本', '来源'],
          items.map((m) => [
            m.code,
            m.nameZh,
            MEASURE_KIND_LABELS[m.kind],
            m.scenarios.map((s) => SCENARIO_LABELS[s] ?? s).join('、'),
            m.departments.join('、'),
            m.basis[0] ?? '',
            String(m.version),
            SOURCE[m.source],
          ]),
        ),
      )
      io.out.write(`共 ${items.length} 项措施。\n`)
    })

  measures
    .command('coverage')
    .description(
      '检查措施清单是否覆盖目录：每个负面信息类别（按主体类型）都有失信惩戒措施或声明了理由，每项守信激励措施都有排除条件；有缺口时退出码 1',
    )
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const report = await withContext(io, cmd, (ctx) => currentCoverage(ctx))
      const ok = report.gaps.length === 0 && report.rewardsWithoutExclusions.length === 0
      if (opts.json) writeJson(io, { ok, ...report })
      else {
        for (const g of report.gaps)
          io.out.write(
            `缺少惩戒措施：${g.nameZh}（${g.class}）的严重失信记录或名单对以下主体类型不触发任何失信惩戒措施：${g.subjectKinds.join('、')}\n`,
          )
        for (const r of report.rewardsWithoutExclusions)
          io.out.write(
            `缺少排除条件：守信激励措施「${r.nameZh}」（${r.code}）没有排除条件，列入黑名单的主体也会获得该激励\n`,
          )
        for (const x of report.exempt) io.out.write(`声明不触发惩戒措施：${x.nameZh}（${x.class}）：${x.reason}\n`)
        io.out.write(
          ok
            ? '措施清单覆盖全部负面信息类别，守信激励措施均有排除条件。\n'
            : `措施清单有 ${report.gaps.length + report.rewardsWithoutExclusions.length} 处缺口，请补充措施或排除条件（见 docs/measures.md）。\n`,
        )
      }
      if (!ok) io.exitCode = 1
    })
}
