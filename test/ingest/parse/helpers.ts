import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import type { RowSource, SourceRow } from '../../../src/modules/ingest/parse/index.js'

/** A temp directory removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gx-ingest-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

export async function collect(src: RowSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = []
  for await (const r of src.rows) rows.push(r)
  return rows
}
