import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project root: the nearest directory at or above `from` that holds a package.json.
 * Works both from sources (src/identifiers) and from the build (dist/src/identifiers).
 */
export function findProjectRoot(from: string | URL = import.meta.url): string {
  let dir = typeof from === 'string' && !from.startsWith('file:') ? from : dirname(fileURLToPath(from))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`package.json not found above ${String(from)}`)
    dir = parent
  }
}

/** Absolute path of a file in the project's data/ directory, e.g. dataFilePath('regions.json'). */
export function dataFilePath(name: string): string {
  return join(findProjectRoot(), 'data', name)
}
