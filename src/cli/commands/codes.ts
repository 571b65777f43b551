// `gongxin codes check [CODE...]`: validate codes, one JSON line per code.
// Without arguments it streams standard input (one code per line) and is built to handle millions of lines:
// manual line splitting, output batched into large string chunks, backpressure respected.
import { StringDecoder } from 'node:string_decoder'
import { type Command, InvalidArgumentError } from 'commander'
import { checkCode } from '../../identifiers/check-code.js'
import { isIsoDate, shanghaiToday } from '../../identifiers/dates.js'

/** A stream of text chunks (not lines), e.g. process.stdin or a Readable. */
export type ChunkSource = AsyncIterable<string | Uint8Array>

export interface CodesCheckOptions {
  /** Reference date YYYY-MM-DD for birth dates and ages; default: today in Asia/Shanghai. */
  today?: string
}

export interface CodesCheckSummary {
  codes: number
  valid: number
  invalid: number
  /** True when the output was closed early (e.g. piped into `head`); the rest of the input was not read. */
  stopped: boolean
}

export interface CodesCommandIo {
  stdin?: ChunkSource & { isTTY?: boolean }
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
}

/** Output is handed to the stream in chunks of about this many UTF-16 code units. */
const FLUSH_AT = 1 << 17

class OutputClosed extends Error {}

/** Collects output text and writes it in large chunks, waiting for 'drain' when the stream asks to. */
class ChunkedWriter {
  private buf = ''
  private failure: Error | undefined
  private readonly onError = (err: Error): void => {
    this.failure ??= err
  }

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', this.onError)
  }

  push(s: string): void {
    this.buf += s
  }

  get pending(): number {
    return this.buf.length
  }

  async flush(): Promise<void> {
    this.throwIfFailed()
    if (this.buf.length === 0) return
    const chunk = this.buf
    this.buf = ''
    if (!this.out.write(chunk)) await this.drain()
    this.throwIfFailed()
  }

  release(): void {
    this.out.removeListener('error', this.onError)
  }

  private throwIfFailed(): void {
    const err = this.failure as (Error & { code?: string }) | undefined
    if (!err) return
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') throw new OutputClosed(err.message)
    throw err
  }

  private drain(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.out.removeListener('drain', done)
        this.out.removeListener('error', done)
        this.out.removeListener('close', done)
        resolve()
      }
      this.out.once('drain', done)
      this.out.once('error', done)
      this.out.once('close', done)
    })
  }
}

/**
 * Split a chunk stream into lines (LF or CRLF; a leading BOM is dropped; the empty remainder after a final newline is
 * not a line) and write perLine(line) + '\n' for each, in large chunks. `stopped` is true when the output was closed
 * early (EPIPE), in which case the rest of the source is not read.
 */
export async function transformLines(
  source: ChunkSource,
  out: NodeJS.WritableStream,
  perLine: (line: string) => string,
): Promise<{ lines: number; stopped: boolean }> {
  const writer = new ChunkedWriter(out)
  const decoder = new StringDecoder('utf8')
  let carry = ''
  let lines = 0
  let first = true
  const emit = (line: string): void => {
    const end = line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length
    writer.push(`${perLine(end === line.length ? line : line.slice(0, end))}\n`)
    lines++
  }
  try {
    for await (const chunk of source) {
      let text = typeof chunk === 'string' ? chunk : decoder.write(chunk)
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
        first = false
      }
      if (carry.length > 0) {
        text = carry + text
        carry = ''
      }
      let start = 0
      for (;;) {
        const nl = text.indexOf('\n', start)
        if (nl < 0) break
        emit(text.slice(start, nl))
        start = nl + 1
        if (writer.pending >= FLUSH_AT) await writer.flush()
      }
      carry = start < text.length ? text.slice(start) : ''
      // Flush what each input chunk produced, so that interactive use answers line by line.
      await writer.flush()
    }
    carry += decoder.end()
    if (carry.length > 0) emit(carry)
    await writer.flush()
    return { lines, stopped: false }
  } catch (err) {
    if (err instanceof OutputClosed) return { lines, stopped: true }
    throw err
  } finally {
    writer.release()
  }
}

function resolveToday(today: string | undefined): string {
  if (today === undefined) return shanghaiToday()
  if (!isIsoDate(today)) throw new RangeError(`today must be a real date YYYY-MM-DD, got ${JSON.stringify(today)}`)
  return today
}

/**
 * Check codes and write one JSON line per code: JSON.stringify(checkCode(code, { today })).
 * `source` is either a list of codes (one result each) or a chunk stream of lines (see transformLines).
 * Resolves when everything is handed to `out` (it does not end `out`).
 */
export async function runCodesCheck(
  source: readonly string[] | ChunkSource,
  out: NodeJS.WritableStream,
  opts: CodesCheckOptions = {},
): Promise<CodesCheckSummary> {
  const checkOpts = { today: resolveToday(opts.today) }
  let valid = 0
  const perCode = (code: string): string => {
    const result = checkCode(code, checkOpts)
    if (result.valid) valid++
    return JSON.stringify(result)
  }
  if (Array.isArray(source)) {
    const writer = new ChunkedWriter(out)
    let codes = 0
    try {
      for (const code of source as readonly string[]) {
        writer.push(`${perCode(code)}\n`)
        codes++
        if (writer.pending >= FLUSH_AT) await writer.flush()
      }
      await writer.flush()
      return { codes, valid, invalid: codes - valid, stopped: false }
    } catch (err) {
      if (err instanceof OutputClosed) return { codes, valid, invalid: codes - valid, stopped: true }
      throw err
    } finally {
      writer.release()
    }
  }
  const { lines, stopped } = await transformLines(source as ChunkSource, out, perCode)
  return { codes: lines, valid, invalid: lines - valid, stopped }
}

function parseTodayOption(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('应为真实日期，格式 YYYY-MM-DD，例如 2025-06-30。')
  return value
}

const HELP_AFTER = `
每个代码输出一行 JSON：{ input, scheme, valid, normalized, errors, warnings, details }。
scheme: uscc 统一社会信用代码 | org_code 组织机构代码 | resident_id 居民身份证号码 | reg_no 工商注册号 | unknown。
代码无效时退出码仍为 0；用法错误时为 2。

示例：
  gongxin codes check 91350200776049653A D2143569-X
  gongxin codes check --today 2025-01-01 11010519491231002X
  cut -d, -f3 subjects.csv | gongxin codes check > results.jsonl`

/**
 * Add `codes check [CODE...]` to the program. The action is async: run the program with parseAsync.
 * `io` replaces process.stdin/stdout/stderr (for tests).
 */
export function registerCodesCommand(program: Command, io: CodesCommandIo = {}): void {
  const codes = program
    .command('codes')
    .description('代码工具（统一社会信用代码、组织机构代码、居民身份证号码、工商注册号）')
  codes
    .command('check')
    .description('校验代码，每个代码输出一行 JSON；不带参数时从标准输入逐行读取')
    .argument('[code...]', '要校验的代码，可多个')
    .option(
      '--today <YYYY-MM-DD>',
      '判断出生日期和计算年龄所用的日期（默认：北京时间今天），用于可重复的结果',
      parseTodayOption,
    )
    .addHelpText('after', HELP_AFTER)
    .action(async (codeArgs: string[], options: { today?: string }) => {
      const stdout = io.stdout ?? process.stdout
      if (!io.stdout) {
        // Keep a listener for the whole process life: a reader that goes away (`| head`) must not crash us.
        stdout.on('error', (err: Error & { code?: string }) => {
          if (err.code !== 'EPIPE') {
            ;(io.stderr ?? process.stderr).write(`写入标准输出失败：${err.message}\n`)
            process.exitCode = 1
          }
        })
      }
      const opts: CodesCheckOptions = options.today === undefined ? {} : { today: options.today }
      if (codeArgs.length > 0) {
        await runCodesCheck(codeArgs, stdout, opts)
        return
      }
      const stdin = io.stdin ?? process.stdin
      if (stdin.isTTY) {
        ;(io.stderr ?? process.stderr).write('从标准输入读取代码，每行一个；按 Ctrl-D 结束。\n')
      }
      await runCodesCheck(stdin, stdout, opts)
    })
}
