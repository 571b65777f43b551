import type { Command } from 'commander'
import { ensureDemo } from '../../flows/demo/index.js'
import { type CliIo, withContext } from '../runtime.js'
import { type ServeOptions, serve, serveOverrides } from './serve.js'

/** `npm start`: create the database with the demo city when needed, show the demo logins, serve. */
export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('一键体验：首次运行时创建演示城市数据库，然后启动服务并显示演示账号')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址（默认 var/gongxin.db）')
    .option('--port <port>', '端口（默认 3000）')
    .option('--host <host>', '监听地址（默认 127.0.0.1）')
    .action(async (opts: ServeOptions, cmd: Command) => {
      await withContext(
        io,
        cmd,
        async (ctx) => {
          const demo = await ensureDemo(ctx, {})
          await serve(ctx, io, () => {
            io.out.write(demo.created ? '已创建演示城市（天津市）。\n' : '使用已有数据库。\n')
            if (demo.logins.length) {
              io.out.write('演示控制台账号（用户名 / 密码 / 角色）：\n')
              for (const l of demo.logins) io.out.write(`  ${l.username.padEnd(10)} ${l.password}  ${l.role}${l.dept ? ` (${l.dept})` : ''}\n`)
            }
          })
        },
        { migrate: true, overrides: serveOverrides(opts) },
      )
    })
}
