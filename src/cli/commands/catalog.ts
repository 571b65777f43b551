import type { Command } from 'commander'
import { CATEGORIES, type CatalogClass, getClass, listClasses, SEVERITY_LABELS } from '../../modules/catalog/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP, formatTable } from './dept.js'

const POLARITY = { positive: '正面', negative: '负面', neutral: '中性' } as const
const SCOPE = { public: '社会公开', government: '政务共享', authorized: '授权查询' } as const
const LIST = { red: '红名单', black: '黑名单', focus: '重点关注' } as const
const SOURCE = { default: '默认', operator: '运维修改' } as const
const MASK = { none: '', id_number: '证件号脱敏', person_name: '姓名脱敏', phone: '电话脱敏', hidden: '隐藏' } as const

function describeClass(cls: CatalogClass): string {
  const lines = [
    `${cls.nameZh}（${cls.code}，第 ${cls.version} 版${cls.status === 'retired' ? '，已停用' : ''}）`,
    `英文名称：${cls.nameEn}`,
    `目录分类：${CATEGORIES[cls.category]}    性质：${POLARITY[cls.polarity]}    公开范围：${SCOPE[cls.scope]}`,
    `名单：${cls.list ? `${LIST[cls.list.kind]}，期限 ${cls.list.periodMonths === null ? '至移出' : `${cls.list.periodMonths} 个月`}` : '否'}`,
    `报送时限：${cls.deadlineWorkingDays === null ? '无' : `决定之日起 ${cls.deadlineWorkingDays} 个工作日内`}    可修复：${cls.repairable ? '是' : '否'}    轻微信息公示：${cls.publishMinor ? '是' : '否'}`,
    `公示期限：${cls.polarity === 'negative' ? '按公示期限规则与失信程度' : cls.publicationMonths === null ? '有效期内' : `${cls.publicationMonths} 个月（或至有效期满）`}`,
    `提供部门：${cls.providers.length ? cls.providers.join('、') : '任一已登记部门'}`,
    `法律依据：${cls.legalBasis.join('；')}`,
  ]
  if (cls.severity) {
    lines.push(`失信程度：默认「${SEVERITY_LABELS[cls.severity.default]}」`)
    for (const r of cls.severity.rules)
      lines.push(`  - ${SEVERITY_LABELS[r.severity]}：${r.note ?? JSON.stringify(r.when)}`)
  }
  lines.push('')
  const table = formatTable(
    ['代码', '名称', '类型', '必填', '公开范围', '角色', '别名'],
    cls.fields.map((f) => [
      f.code,
      f.label,
      `${f.type}${f.multi ? '（多值）' : ''}${f.unit ? `（${f.unit}）` : ''}`,
      f.required ? '是' : f.requiredWhen ? `当${f.requiredWhen.field}为${f.requiredWhen.in.join('/')}` : '',
      `${SCOPE[f.scope]}${f.mask && f.mask !== 'none' ? `，${MASK[f.mask]}` : ''}`,
      f.role ?? '',
      (f.aliases ?? []).join('、'),
    ]),
  )
  return `${lines.join('\n')}\n${table}`
}

export function registerCatalogCommands(program: Command, io: CliIo): void {
  const catalog = program.command('catalog').description('信用信息目录')

  catalog
    .command('list')
    .description('列出目录中的类别（当前版本）')
    .option('--all', '包括已停用的类别')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean; all?: boolean }, cmd: Command) => {
      const items = await withContext(io, cmd, (ctx) => listClasses(ctx, { includeRetired: opts.all === true }))
      if (opts.json) return writeJson(io, items)
      io.out.write(
        formatTable(
          ['代码', '名称', '目录分类', '性质', '公开范围', '名单', '版本', '来源'],
          items.map((c) => [
            c.code,
            c.nameZh,
            c.categoryLabel,
            POLARITY[c.polarity],
            SCOPE[c.scope],
            c.listKind ? LIST[c.listKind] : '',
            String(c.version),
            SOURCE[c.source],
          ]),
        ),
      )
      io.out.write(`共 ${items.length} 个类别。\n`)
    })

  catalog
    .command('show <code>')
    .description('查看类别定义（字段、公开范围、失信程度规则、法律依据）')
    .option('--version <n>', '历史版本号（默认当前版本）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出完整定义')
    .action(async (code: string, opts: { json?: boolean; version?: string }, cmd: Command) => {
      let version: number | undefined
      if (opts.version !== undefined) {
        version = Number(opts.version)
        if (!Number.isInteger(version) || version < 1)
          throw new UsageError(`--version 应为正整数（当前为 ${opts.version}）`)
      }
      const cls = await withContext(io, cmd, (ctx) => getClass(ctx.db, code, version))
      if (opts.json) writeJson(io, cls)
      else io.out.write(describeClass(cls))
    })
}
