import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { pullAllPeers, pullPeer, type PullResult } from '../../flows/federation/index.js'
import {
  addPeer,
  addPeerKey,
  editPeer,
  federationError,
  listPeerViews,
  platformId,
  setPeerStatus,
} from '../../modules/federation/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'
import { readFirstLine } from './user.js'

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

function readPem(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    throw new UsageError(`无法读取公钥文件 ${file}：${(e as Error).message}`)
  }
}

function pullLine(r: PullResult): string {
  const head = `对接平台「${r.peer}」：拉取 ${r.pages} 页，应用 ${r.applied} 条（其中未入库 ${r.rejected} 条），游标 ${r.cursor}`
  return r.status === 'ok' ? `${head}，已追平。\n` : `${head}。${r.error ?? ''}\n`
}

export function registerPeerCommands(program: Command, io: CliIo): void {
  const peer = program
    .command('peer')
    .description('对接平台（省市平台、全国平台）：登记、签名交换与拉取（docs/federation.md）')

  peer
    .command('id')
    .description('本平台的平台标识（对方登记本平台时使用；GONGXIN_PLATFORM_ID 或由密钥文件派生）')
    .option('--db <db>', DB_OPTION_HELP)
    .action(async (_opts: unknown, cmd: Command) => {
      io.out.write(`${await withContext(io, cmd, async (ctx) => platformId(ctx))}\n`)
    })

  peer
    .command('add')
    .description('登记对接平台：签发它读取本平台交换数据的密钥（只显示一次），登记其公钥和交换类别')
    .requiredOption('--name <name>', '简称（小写字母、数字、连字符），如 beijing')
    .requiredOption('--platform-id <id>', '对方的平台标识（其 GET /api/v1/federation/platform）')
    .requiredOption('--url <url>', '对方服务地址，如 https://credit.beijing.gov.cn')
    .requiredOption('--public-key <file>', '对方的 Ed25519 签名公钥（PEM 文件）')
    .requiredOption('--classes <codes>', '交换的信息类别代码，逗号分隔（授权查询类别不交换）')
    .requiredOption('--uscc <uscc>', '对方平台运营单位的统一社会信用代码（其记录在本平台以该单位名义保存）')
    .option('--dept-name <name>', '本平台为其设立的部门名称（默认「对接平台：简称」）')
    .option('--measures <codes>', '来自对方的名单条目触发本地奖惩措施的名单类别，逗号分隔（默认不触发）')
    .option('--pull-key-stdin', '从标准输入读取对方签发给本平台的读取密钥（不提供则不从对方拉取）')
    .option('--no-serve', '不签发读取密钥（对方不从本平台拉取）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出：{"peer","apiKey"}')
    .action(
      async (
        opts: {
          name: string
          platformId: string
          url: string
          publicKey: string
          classes: string
          uscc: string
          deptName?: string
          measures?: string
          pullKeyStdin?: boolean
          serve: boolean
          json?: boolean
        },
        cmd: Command,
      ) => {
        const pullKey = opts.pullKeyStdin ? (await readFirstLine(io.stdin)).trim() : null
        if (opts.pullKeyStdin && !pullKey) throw new UsageError('标准输入中没有读取密钥。')
        const r = await withContext(io, cmd, (ctx) =>
          addPeer(ctx, cliActor(), {
            name: opts.name,
            platformId: opts.platformId,
            url: opts.url,
            publicKeyPem: readPem(opts.publicKey),
            classes: list(opts.classes),
            measureClasses: list(opts.measures),
            uscc: opts.uscc,
            ...(opts.deptName ? { deptName: opts.deptName } : {}),
            pullKey,
            serve: opts.serve,
          }),
        )
        if (opts.json) return writeJson(io, r)
        io.err.write(`已登记对接平台「${r.peer.name}」（${r.peer.platformId}），部门 ${r.peer.dept}。\n`)
        if (r.apiKey) {
          io.err.write('下面是对方读取本平台交换数据的密钥，只显示这一次，请安全地交给对方：\n')
          io.out.write(`${r.apiKey}\n`)
        }
      },
    )

  peer
    .command('key')
    .description('登记对接平台更换后的签名公钥（原有公钥保留为已停用，其签名仍可核验）')
    .argument('<name>', '对接平台简称')
    .requiredOption('--public-key <file>', '新的 Ed25519 公钥（PEM 文件）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (name: string, opts: { publicKey: string; json?: boolean }, cmd: Command) => {
      const p = await withContext(io, cmd, (ctx) => addPeerKey(ctx, cliActor(), name, readPem(opts.publicKey)))
      if (opts.json) return writeJson(io, p)
      io.out.write(
        `已登记「${name}」的公钥：${p.keys.map((k) => `${k.id}（${k.status === 'current' ? '当前' : '已停用'}）`).join('、')}\n`,
      )
    })

  peer
    .command('edit')
    .description('修改对接平台：地址、交换类别、触发措施的类别、对方签发的读取密钥（记入审计）')
    .argument('<name>', '对接平台简称')
    .option('--url <url>', '对方服务地址')
    .option('--classes <codes>', '交换的信息类别代码，逗号分隔（替换原有类别）')
    .option('--measures <codes>', '触发本地奖惩措施的名单类别，逗号分隔（空字符串：不触发）')
    .option('--pull-key-stdin', '从标准输入读取对方新签发的读取密钥')
    .option('--no-pull', '删除保存的读取密钥（不再从对方拉取）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(
      async (
        name: string,
        opts: {
          url?: string
          classes?: string
          measures?: string
          pullKeyStdin?: boolean
          pull: boolean
          json?: boolean
        },
        cmd: Command,
      ) => {
        if (opts.pullKeyStdin && !opts.pull) throw new UsageError('--pull-key-stdin 与 --no-pull 不能同时使用。')
        const pullKey = opts.pullKeyStdin ? (await readFirstLine(io.stdin)).trim() : opts.pull ? undefined : null
        if (opts.pullKeyStdin && !pullKey) throw new UsageError('标准输入中没有读取密钥。')
        const p = await withContext(io, cmd, (ctx) =>
          editPeer(ctx, cliActor(), name, {
            ...(opts.url === undefined ? {} : { url: opts.url }),
            ...(opts.classes === undefined ? {} : { classes: list(opts.classes) }),
            ...(opts.measures === undefined ? {} : { measureClasses: list(opts.measures) }),
            ...(pullKey === undefined ? {} : { pullKey }),
          }),
        )
        if (opts.json) return writeJson(io, p)
        io.out.write(
          `已修改对接平台「${p.name}」：地址 ${p.url}，交换类别 ${p.classes.join(',')}，${p.pulls ? '从对方拉取' : '不从对方拉取'}。\n`,
        )
      },
    )

  for (const [verb, status, what] of [
    ['disable', 'disabled', '停用对接平台：不再向其提供交换数据，也不再拉取其数据（已收到的记录保留）'],
    ['enable', 'active', '启用对接平台：恢复交换'],
  ] as const)
    peer
      .command(verb)
      .description(what)
      .argument('<name>', '对接平台简称')
      .option('--reason <text>', '原因（记入审计）')
      .option('--db <db>', DB_OPTION_HELP)
      .option('--json', '以 JSON 输出')
      .action(async (name: string, opts: { reason?: string; json?: boolean }, cmd: Command) => {
        const p = await withContext(io, cmd, (ctx) => setPeerStatus(ctx, cliActor(), name, status, opts.reason))
        if (opts.json) return writeJson(io, p)
        io.out.write(`对接平台「${p.name}」${p.status === 'active' ? '已启用' : '已停用'}。\n`)
      })

  peer
    .command('list')
    .description('对接平台：交换类别、最近一次拉取、游标、错误')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const peers = await withContext(io, cmd, (ctx) => listPeerViews(ctx))
      if (opts.json) return writeJson(io, peers)
      io.out.write(
        formatTable(
          ['简称', '平台标识', '状态', '交换类别', '游标', '已接收', '待同步', '最近成功', '最近错误'],
          peers.map((p) => [
            p.name,
            p.platformId,
            p.status === 'active' ? '启用' : '停用',
            p.classes.join(','),
            p.cursor,
            String(p.received),
            p.behind === null ? '未知' : String(p.behind),
            p.lastSuccessAt ?? '',
            p.lastError ?? '',
          ]),
        ),
      )
    })

  peer
    .command('pull')
    .description('从对接平台拉取交换数据直到追平：逐条验签，入库经归集流水线；遇到验签失败的条目即停止（退出码 1）')
    .argument('[name]', '对接平台简称（--all：全部）')
    .option('--all', '依次拉取全部对接平台')
    .option('--limit <n>', '每页条数（默认 500，最多 1000）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (name: string | undefined, opts: { all?: boolean; limit?: string; json?: boolean }, cmd: Command) => {
      if (!name && !opts.all) throw new UsageError('请给出对接平台简称，或用 --all 拉取全部。')
      const limit = opts.limit === undefined ? undefined : Number(opts.limit)
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000))
        throw new UsageError('--limit 应为 1 到 1000 之间的整数')
      const actor = cliActor()
      const results = await withContext(io, cmd, async (ctx) =>
        name
          ? [await pullPeer(ctx, actor, name, limit ? { limit } : {})]
          : pullAllPeers(ctx, actor, limit ? { limit } : {}),
      )
      if (opts.json) writeJson(io, name ? results[0] : results)
      else for (const r of results) if (r.status === 'ok') io.out.write(pullLine(r))
      const failed = results.filter((r) => r.status !== 'ok')
      if (failed.length)
        throw federationError('federation.pull_incomplete', {
          errors: failed.map((r) => r.error ?? r.status).join('；'),
        })
    })
}
