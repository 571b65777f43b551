// Benchmark: `gongxin codes check` streaming path over 1,000,000 mixed codes, against a baseline measured in the
// same process (the same lines split by the same splitter, each written as JSON.stringify({ input })).
// Run: node dist/bench/codes-check.js [--codes N]
// Prints one JSON line: {"bench":"codes-check","codes":N,"seconds":S,"codesPerSecond":R,"baseline":"...",
//                        "baselineCodesPerSecond":B,"ratio":R/B}
import { performance } from 'node:perf_hooks'
import { Writable } from 'node:stream'
import { runCodesCheck, transformLines } from '../src/cli/commands/codes.js'
import {
  createRng,
  generateOrgCode,
  generateRegNo,
  generateResidentId,
  generateUscc,
  type Rng,
} from '../src/identifiers/index.js'

const TODAY = '2026-01-01'
const CHUNK_BYTES = 64 * 1024

function argCount(): number {
  const i = process.argv.indexOf('--codes')
  const n = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000
  if (!Number.isInteger(n) || n <= 0) throw new RangeError('--codes must be a positive integer')
  return n
}

/** Replace one character so the check fails (keeps length and character class). */
function corrupt(rng: Rng, code: string): string {
  const i = rng.int(0, code.length - 2)
  const c = code[i] ?? '0'
  const replacement = c >= '0' && c <= '9' ? String((Number(c) + rng.int(1, 9)) % 10) : c === 'A' ? 'B' : 'A'
  return code.slice(0, i) + replacement + code.slice(i + 1)
}

/** A realistic mix: valid and invalid USCCs and resident IDs, organisation codes, registration numbers, noise. */
function makeCodes(n: number): string[] {
  const rng = createRng(20260101)
  const codes: string[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const k = rng.int(0, 99)
    let code: string
    if (k < 30) code = generateUscc(rng)
    else if (k < 40) code = corrupt(rng, generateUscc(rng))
    else if (k < 65) code = generateResidentId(rng)
    else if (k < 75) code = corrupt(rng, generateResidentId(rng))
    else if (k < 85) {
      const org = generateOrgCode(rng)
      code = rng.next() < 0.5 ? `${org.slice(0, 8)}-${org.slice(8)}` : org
    } else if (k < 95) code = generateRegNo(rng)
    else if (k < 98) code = ` ${generateUscc(rng).toLowerCase()} `
    else code = rng.pick(['', '12345', '天津市某某有限公司', '９１３５０２０００７２８３１９５４９'])
    codes[i] = code
  }
  return codes
}

function chunksOf(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8')
  const out: Buffer[] = []
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) out.push(bytes.subarray(i, i + CHUNK_BYTES))
  return out
}

async function* replay(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  for (const c of chunks) yield c
}

function nullSink(): Writable {
  return new Writable({
    highWaterMark: 1 << 20,
    decodeStrings: false,
    write(_chunk, _enc, cb) {
      cb()
    },
  })
}

async function timeBaseline(chunks: readonly Buffer[]): Promise<{ seconds: number; lines: number }> {
  const t0 = performance.now()
  const { lines } = await transformLines(replay(chunks), nullSink(), (line) => JSON.stringify({ input: line }))
  return { seconds: (performance.now() - t0) / 1000, lines }
}

async function timeCheck(chunks: readonly Buffer[]): Promise<{ seconds: number; lines: number }> {
  const t0 = performance.now()
  const summary = await runCodesCheck(replay(chunks), nullSink(), { today: TODAY })
  return { seconds: (performance.now() - t0) / 1000, lines: summary.codes }
}

async function main(): Promise<void> {
  const n = argCount()
  const chunks = chunksOf(`${makeCodes(n).join('\n')}\n`)

  // Warm up both paths (JIT, region table load) on a slice, then take the better of two runs each.
  const warm = chunks.slice(0, Math.min(chunks.length, 8))
  await timeBaseline(warm)
  await timeCheck(warm)
  let baseline = await timeBaseline(chunks)
  let check = await timeCheck(chunks)
  const baseline2 = await timeBaseline(chunks)
  const check2 = await timeCheck(chunks)
  if (baseline2.seconds < baseline.seconds) baseline = baseline2
  if (check2.seconds < check.seconds) check = check2
  if (check.lines !== n || baseline.lines !== n) {
    throw new Error(`expected ${n} lines, got ${check.lines} (check) and ${baseline.lines} (baseline)`)
  }

  const codesPerSecond = Math.round(n / check.seconds)
  const baselineCodesPerSecond = Math.round(n / baseline.seconds)
  console.log(
    JSON.stringify({
      bench: 'codes-check',
      codes: n,
      seconds: Number(check.seconds.toFixed(3)),
      codesPerSecond,
      baseline: 'split+JSON.stringify of the same lines',
      baselineCodesPerSecond,
      ratio: Number((codesPerSecond / baselineCodesPerSecond).toFixed(4)),
    }),
  )
}

await main()
