// Normalisation of codes and names. Codes: NFKC, upper case, no whitespace, no hyphens or dashes.
// Names: NFKC, unified brackets, collapsed whitespace (the original is kept elsewhere for display).

// Whitespace (\s covers U+3000 ideographic space and U+FEFF) and hyphen/dash characters:
// U+002D hyphen-minus, U+00AD soft hyphen, U+2010-U+2015 hyphens and dashes (en, em, horizontal bar),
// U+2212 minus, U+FE58 small em dash, U+FE63 small hyphen-minus, U+FF0D full-width hyphen-minus, U+30FC.
const CODE_STRIP = /[\s\u00AD\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u30FC-]+/g

/** True when every character is 0-9 or A-Z: the normalised form of a well-typed code (fast path). */
function isPlainCode(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false
  }
  return true
}

/** Normalise a code as typed or pasted: NFKC, upper case, whitespace and hyphens removed. */
export function normalizeCode(s: string): string {
  if (isPlainCode(s)) return s
  return s.normalize('NFKC').toUpperCase().replace(CODE_STRIP, '')
}

const BRACKETS: Record<string, string> = {
  '（': '(',
  '）': ')',
  '〔': '(',
  '〕': ')',
  '﹙': '(',
  '﹚': ')',
  '【': '[',
  '】': ']',
  '［': '[',
  '］': ']',
  '〖': '[',
  '〗': ']',
}
const BRACKET_RE = /[（）〔〕﹙﹚【】［］〖〗]/g

/** Normalise an organisation or person name for comparison: NFKC, () and [] brackets, single spaces, trimmed. */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(BRACKET_RE, (b) => BRACKETS[b] ?? b)
    .replace(/\s+/g, ' ')
    .trim()
}

/** Matching key for names: normalizeName, then no spaces at all and latin letters lower-cased. */
export function nameKey(s: string): string {
  return normalizeName(s)
    .replace(/ /g, '')
    .replace(/[A-Z]+/g, (m) => m.toLowerCase())
}
