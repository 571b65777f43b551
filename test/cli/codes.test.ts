import { Readable, Writable } from 'node:stream'
import { Command, CommanderError } from 'commander'
import { describe, expect, it } from 'vitest'
import { registerCodesCommand, runCodesCheck, transformLines } from '../../src/cli/commands/codes.js'
import {
  type CheckResult,
  checkCode,
  createRng,
  generateOrgCode,
  generateResidentId,
  generateUscc,
} from '../../src/identifiers/index.js'

const TODAY = '2026-01-01'

/** A writable that collects text; optionally slow (small highWaterMark + async callbacks) to exercise backpressure. */
function sink(opts: { slow?: boolean } = {}): { stream: Writable; text: () => string; writes: () => number } {
  const chunks: string[] = []
  const stream = new Writable({
    highWaterMark: opts.slow ? 16 : 16 * 1024,
    decodeStrings: false,
    write(chunk: string | Buffer, _enc, cb) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
      if (opts.slow) setImmediate(cb)
      else cb()
    },
  })
  return { stream, text: () => chunks.join(''), writes: () => chunks.length }
}

function parseLines(text: string): CheckResult[] {
  expect(text.endsWith('\n') || text === '').toBe(true)
  return text === ''
    ? []
    : text
        .slice(0, -1)
        .split('\n')
        .map((l) => JSON.parse(l) as CheckResult)
}

function program(io: Parameters<typeof registerCodesCommand>[1]): Command {
  const p = new Command('gongxin').exitOverride()
  p.configureOutput({ writeOut: () => {}, writeErr: () => {} })
  registerCodesCommand(p, io)
  return p
}

describe('gongxin codes check (in-process)', () => {
  it('prints one JSON line per argument, equal to checkCode', async () => {
    const out = sink()
    const args = ['91350200776049653A', 'D2143569-X', '11010519491231002X', 'bad']
    await program({ stdout: out.stream }).parseAsync(['codes', 'check', '--today', TODAY, ...args], { from: 'user' })
    const results = parseLines(out.text())
    expect(results).toEqual(args.map((a) => checkCode(a, { today: TODAY })))
    expect(results.map((r) => [r.scheme, r.valid])).toEqual([
      ['uscc', true],
      ['org_code', true],
      ['resident_id', true],
      ['unknown', false],
    ])
    expect(out.text().split('\n')[0]).toBe(JSON.stringify(checkCode('91350200776049653A', { today: TODAY })))
  })

  it('--today changes the result of birth-date checks', async () => {
    const out = sink()
    const id = '11010519491231002X'
    await program({ stdout: out.stream }).parseAsync(['codes', 'check', '--today', '1949-12-30', id], {
      from: 'user',
    })
    const [r] = parseLines(out.text())
    expect(r?.valid).toBe(false)
    expect(r?.errors.map((e) => e.code)).toEqual(['date'])
  })

  it('reads standard input when no codes are given', async () => {
    const out = sink()
    const stdin = Readable.from([Buffer.from('91350200776049653A\r\nD2143569-X\n\n11010519491231002X\n')])
    await program({ stdout: out.stream, stdin }).parseAsync(['codes', 'check', '--today', TODAY], { from: 'user' })
    const results = parseLines(out.text())
    expect(results.map((r) => r.input)).toEqual(['91350200776049653A', 'D2143569-X', '', '11010519491231002X'])
    expect(results.map((r) => r.scheme)).toEqual(['uscc', 'org_code', 'unknown', 'resident_id'])
    expect(results[2]?.errors.map((e) => e.code)).toEqual(['length'])
  })

  it('rejects a malformed --today as a usage error (commander error, no output)', async () => {
    const out = sink()
    const run = program({ stdout: out.stream }).parseAsync(['codes', 'check', '--today', '2025-02-30', 'x'], {
      from: 'user',
    })
    await expect(run).rejects.toBeInstanceOf(CommanderError)
    await expect(run).rejects.toMatchObject({ code: 'commander.invalidArgument' })
    expect(out.text()).toBe('')
  })

  it('rejects an unknown option as a usage error', async () => {
    const run = program({ stdout: sink().stream }).parseAsync(['codes', 'check', '--nope'], { from: 'user' })
    await expect(run).rejects.toMatchObject({ code: 'commander.unknownOption' })
  })

  it('has help text in Chinese with examples', () => {
    const p = program({ stdout: sink().stream })
    const check = p.commands.find((c) => c.name() === 'codes')?.commands.find((c) => c.name() === 'check')
    expect(check).toBeDefined()
    let help = ''
    check?.configureOutput({ writeOut: (s) => (help += s) })
    check?.outputHelp()
    expect(help).toContain('--today <YYYY-MM-DD>')
    expect(help).toContain('gongxin codes check 91350200776049653A')
  })
})

describe('runCodesCheck / transformLines (streaming)', () => {
  function mixedCodes(n: number): string[] {
    const rng = createRng(2024)
    const codes: string[] = []
    for (let i = 0; i < n; i++) {
      const k = i % 5
      if (k === 0) codes.push(generateUscc(rng))
      else if (k === 1) codes.push(generateResidentId(rng))
      else if (k === 2) codes.push(generateOrgCode(rng))
      else if (k === 3) codes.push(`${generateUscc(rng).slice(0, 17)}0`)
      else codes.push(`  ${generateUscc(rng).toLowerCase()} `)
    }
    return codes
  }

  it('a few thousand lines from a Readable in odd-sized chunks, with backpressure', async () => {
    const codes = mixedCodes(3000)
    codes[10] = '天津市（测试）'
    codes[11] = '９１３５０２０００７２８３１９５４９'
    const bytes = Buffer.from(`${codes.join('\r\n')}\r\n`, 'utf8')
    // chunks of 7 bytes split CRLF pairs and multi-byte characters
    const chunks: Buffer[] = []
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7))
    const out = sink({ slow: true })
    const summary = await runCodesCheck(Readable.from(chunks), out.stream, { today: TODAY })
    const results = parseLines(out.text())
    expect(results).toHaveLength(3000)
    expect(results.map((r) => r.input)).toEqual(codes)
    expect(results).toEqual(codes.map((c) => checkCode(c, { today: TODAY })))
    const valid = results.filter((r) => r.valid).length
    expect(summary).toEqual({ codes: 3000, valid, invalid: 3000 - valid, stopped: false })
    expect(results[11]?.normalized).toBe('913502000728319549')
  })

  it('large input is written in large chunks, not one write per line', async () => {
    const codes = mixedCodes(20_000)
    const out = sink()
    await runCodesCheck(Readable.from([Buffer.from(codes.join('\n'))]), out.stream, { today: TODAY })
    expect(parseLines(out.text())).toHaveLength(20_000)
    expect(out.writes()).toBeLessThan(100)
  })

  it.each([
    ['', []],
    ['\n', ['']],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\r\n', ['a']],
    ['a\n\nb', ['a', '', 'b']],
    ['\uFEFFa\nb\n', ['a', 'b']],
    ['a\r\nb\r', ['a', 'b']],
  ])('line splitting of %j', async (input, lines) => {
    const out = sink()
    const n = await transformLines(Readable.from([Buffer.from(input)]), out.stream, (l) => JSON.stringify(l))
    expect(n).toEqual({ lines: lines.length, stopped: false })
    expect(parseLines(out.text()) as unknown).toEqual(lines)
  })

  it('accepts string chunks and a list of codes', async () => {
    const a = sink()
    await runCodesCheck(['D2143569-X', ''], a.stream, { today: TODAY })
    expect(parseLines(a.text()).map((r) => r.valid)).toEqual([true, false])
    const b = sink()
    await runCodesCheck(
      (async function* () {
        yield 'D2143569'
        yield '-X\nD21435'
        yield '69X'
      })(),
      b.stream,
      { today: TODAY },
    )
    expect(parseLines(b.text()).map((r) => r.normalized)).toEqual(['D2143569X', 'D2143569X'])
  })

  it('stops quietly when the output is closed (EPIPE)', async () => {
    let written = 0
    const out = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, cb) {
        written++
        const err = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })
        setImmediate(() => cb(err))
      },
    })
    out.on('error', () => {})
    let pulled = 0
    const source = (async function* () {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++
        yield `${'D2143569-X\n'.repeat(10_000)}`
      }
    })()
    const summary = await runCodesCheck(source, out, { today: TODAY })
    expect(summary.stopped).toBe(true)
    expect(written).toBeGreaterThan(0)
    expect(pulled).toBeLessThan(10)
  })

  it('rejects a malformed today', async () => {
    await expect(runCodesCheck(['x'], sink().stream, { today: '2025-13-01' })).rejects.toThrow(RangeError)
  })
})
