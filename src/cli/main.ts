import { Command, CommanderError } from 'commander'
import '../flows/provisional-deadlines/index.js'
import { registerAuditCommands } from './commands/audit.js'
import { registerCalendarCommands } from './commands/calendar.js'
import { registerCatalogCommands } from './commands/catalog.js'
import { registerCodesCommand } from './commands/codes.js'
import { registerDemoCommand } from './commands/demo.js'
import { registerDeptCommands } from './commands/dept.js'
import { registerAgencyCommands } from './commands/agency.js'
import { registerFileCommands } from './commands/files.js'
import { registerGradeCommands } from './commands/grade.js'
import { registerImportCommands } from './commands/import.js'
import { registerInspectionCommands } from './commands/inspections.js'
import { registerKeyCommands } from './commands/key.js'
import { registerKeysCommands } from './commands/keys.js'
import { registerListCommands } from './commands/lists.js'
import { registerMarkCommands } from './commands/mark.js'
import { registerMeasureCommands } from './commands/measures.js'
import { registerMigrateCommand } from './commands/migrate.js'
import { registerNoticeCommands } from './commands/notices.js'
import { registerOutboxCommands } from './commands/outbox.js'
import { registerWatchCommands } from './commands/watches.js'
import { registerExportCommands } from './commands/export.js'
import { registerPeerCommands } from './commands/peer.js'
import { registerQualityCommand } from './commands/quality.js'
import { registerReportCommands } from './commands/report.js'
import { registerReportVerifyCommand } from './commands/report-verify.js'
import { registerSearchCommands } from './commands/search.js'
import { registerServeCommand } from './commands/serve.js'
import { registerStartCommand } from './commands/start.js'
import { registerSubjectCommands } from './commands/subject.js'
import { registerUnmatchedCommands } from './commands/unmatched.js'
import { registerUserCommands } from './commands/user.js'
import { type CliIo, printError, processIo } from './runtime.js'

export function buildProgram(io: CliIo): Command {
  const program = new Command('gongxin')
    .description('公信：公共信用信息平台')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址（覆盖 GONGXIN_DB）')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
  registerServeCommand(program, io)
  registerStartCommand(program, io)
  registerMigrateCommand(program, io)
  registerDemoCommand(program, io)
  registerCodesCommand(program)
  registerDeptCommands(program, io)
  registerUserCommands(program, io)
  registerSubjectCommands(program, io)
  registerKeyCommands(program, io)
  registerKeysCommands(program, io)
  registerAuditCommands(program, io)
  registerCatalogCommands(program, io)
  registerCalendarCommands(program, io)
  registerImportCommands(program, io)
  registerQualityCommand(program, io)
  registerMeasureCommands(program, io)
  registerInspectionCommands(program, io)
  registerMarkCommands(program, io)
  registerListCommands(program, io)
  registerGradeCommands(program, io)
  registerSearchCommands(program, io)
  registerUnmatchedCommands(program, io)
  registerOutboxCommands(program, io)
  registerWatchCommands(program, io)
  registerNoticeCommands(program, io)
  registerFileCommands(program, io)
  registerReportCommands(program, io)
  registerReportVerifyCommand(program, io)
  registerPeerCommands(program, io)
  registerAgencyCommands(program, io)
  registerExportCommands(program, io)
  const inherit = (cmd: Command) => {
    cmd.exitOverride()
    cmd.configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    cmd.commands.forEach(inherit)
  }
  program.commands.forEach(inherit)
  return program
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 usage. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io)
  const json = argv.includes('--json')
  try {
    io.exitCode = undefined
    await program.parseAsync(argv, { from: 'user' })
    return io.exitCode ?? (typeof process.exitCode === 'number' ? process.exitCode : 0)
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version')
        return 0
      return 2
    }
    return printError(io, e, json)
  }
}
