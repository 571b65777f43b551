import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { expect, it } from 'vitest'
import { ROOT } from '../support/cli.js'

// The verifier's core runs in the portal's page: from its browser entry, no import may reach Node (node:*, a Node
// built-in, or a file that imports one); the packages it uses are the four that run in browsers.
const BROWSER_PACKAGES = ['@noble/curves/ed25519', '@noble/hashes/sha2', 'canonicalize', 'pdf-lib']

it('the verifier core (src/modules/reports/verify/index.ts) imports nothing of Node', () => {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const walk = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    const specs = [
      ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm),
      ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
    ]
    for (const m of specs) {
      const spec = m[1] as string
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
      else packages.add(spec)
    }
  }
  walk(join(ROOT, 'src/modules/reports/verify/index.ts'))
  expect([...seen].map((f) => f.slice(ROOT.length)).sort()).toEqual([
    'src/modules/reports/report.document.ts',
    'src/modules/reports/verify/index.ts',
    'src/modules/reports/verify/verify.bytes.ts',
    'src/modules/reports/verify/verify.core.ts',
    'src/modules/reports/verify/verify.format.ts',
    'src/modules/reports/verify/verify.pdf.ts',
  ])
  expect([...packages].sort()).toEqual(BROWSER_PACKAGES)
})
