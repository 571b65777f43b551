import type { Command } from 'commander'
import { presentQuality, type QualityFigures, qualityReport } from '../../modules/quality/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP, formatTable } from './dept.js'

interface QualityCommandOptions {
  dept?: string
  class?: string
  from?: string
  to?: string
  json?: boolean
}

const percent = (r: number | null): string => (r === null ? '-' : `${(r * 100).toFixed(1)}%`)
const count = (n: number): string => n.toLocaleString('zh-CN')

/** An instant as Shanghai wall-clock time, minutes precision (2026-05-29 10:03). */
function shanghaiTime(iso: string | null): string {
  if (iso === null) return '-'
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

function figureCells(f: QualityFigures): string[] {
  return [
    count(f.batches),
    count(f.rows),
    count(f.accepted),
    count(f.rejected),
    count(f.duplicates),
    count(f.late),
    count(f.unresolved),
    percent(f.rejectionRate),
    percent(f.lateRate),
    shanghaiTime(f.lastSubmittedAt),
  ]
}

/** `gongxin quality`: the providers' feedback (报送质量反馈) as a table, or the API's JSON. */
export function registerQualityCommand(program: Command, io: CliIo): void {
  program
    .command('quality')
    .description('报送质量反馈：按部门和类别统计报送量、拒收率、主要错误代码、超期率、未匹配主体和最近报送时间')
    .option('--dept <code>', '只看一个部门（部门代码）')
    .option('--class <code>', '只看一个信用信息类别（类别代码）')
    .option('--from <date>', '报送日期自（YYYY-MM-DD，北京时间，含当日）')
    .option('--to <date>', '报送日期至（YYYY-MM-DD，北京时间，含当日）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出（与 GET /api/v1/quality 相同）：{"items":[...],"totals":{...}}')
    .action(async (opts: QualityCommandOptions, cmd: Command) => {
      const report = presentQuality(
        await withContext(io, cmd, (ctx) =>
          qualityReport(ctx, null, { dept: opts.dept, class: opts.class, from: opts.from, to: opts.to }),
        ),
      )
      if (opts.json) {
        writeJson(io, { items: report.items, totals: report.totals })
        return
      }
      if (report.items.length === 0) {
        io.out.write('所选范围内没有报送批次。\n')
        return
      }
      const headers = [
        '部门',
        '类别',
        '批次',
        '报送行数',
        '接收',
        '拒收',
        '重复',
        '超期',
        '未匹配主体',
        '拒收率',
        '超期率',
        '最近报送',
      ]
      const rows = report.items.map((i) => [i.deptName ?? '（按行确定部门）', i.className, ...figureCells(i)])
      rows.push(['合计', '', ...figureCells(report.totals)])
      io.out.write(formatTable(headers, rows))
      const withErrors = report.items.filter((i) => i.topErrors.length > 0)
      if (withErrors.length) {
        io.out.write('\n主要错误（次数；示例为首次报告的提示）：\n')
        for (const i of withErrors) {
          io.out.write(`${i.deptName ?? '（按行确定部门）'} · ${i.className}\n`)
          for (const e of i.topErrors) io.out.write(`  ${e.code} ×${count(e.count)}：${e.example}\n`)
        }
      }
      io.out.write(
        '\n说明：拒收率 = 拒收行数 / 报送行数；超期率 = 超期报送的新记录 / 新记录（更正、撤销不计；无报送时限的类别不计算）；未匹配主体 = 因无法确定行政相对人而拒收的行。\n',
      )
    })
}
