// A pull-based byte source over a file or stream, with a look-ahead buffer for format and encoding sniffing.
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { parseError } from './parse.errors.js'

const CHUNK = 256 * 1024

export class ByteSource {
  private readonly it: AsyncIterator<Buffer | string>
  private readonly pending: Buffer[] = []
  private pendingBytes = 0
  private done = false

  constructor(readonly stream: Readable) {
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>
  }

  static fromPath(path: string): ByteSource {
    return new ByteSource(createReadStream(path, { highWaterMark: CHUNK }))
  }

  private async pull(): Promise<Buffer | null> {
    if (this.done) return null
    let r: IteratorResult<Buffer | string>
    try {
      r = await this.it.next()
    } catch (e) {
      this.done = true
      const code = (e as NodeJS.ErrnoException).code
      const reason =
        code === 'ENOENT'
          ? '文件不存在'
          : code === 'EACCES'
            ? '没有读取权限'
            : code === 'EISDIR'
              ? '这是一个目录'
              : '读取出错'
      throw parseError('ingest.unreadable', { reason, cause: code ?? String(e) }, { cause: e })
    }
    if (r.done) {
      this.done = true
      return null
    }
    return typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value
  }

  /** Reads ahead until at least n bytes are buffered or the input ends; returns the buffered prefix. */
  async peek(n: number): Promise<Buffer> {
    while (this.pendingBytes < n) {
      const b = await this.pull()
      if (b === null) break
      if (b.length === 0) continue
      this.pending.push(b)
      this.pendingBytes += b.length
    }
    if (this.pending.length > 1) {
      const all = Buffer.concat(this.pending)
      this.pending.length = 0
      this.pending.push(all)
    }
    return this.pending[0] ?? Buffer.alloc(0)
  }

  /** The next chunk (buffered look-ahead first), or null at the end. */
  async next(): Promise<Buffer | null> {
    const b = this.pending.shift()
    if (b !== undefined) {
      this.pendingBytes -= b.length
      return b
    }
    return this.pull()
  }

  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const b = await this.next()
      if (b === null) return
      yield b
    }
  }

  close(): void {
    this.done = true
    if (!this.stream.destroyed) this.stream.destroy()
  }
}
