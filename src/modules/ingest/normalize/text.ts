// Text helpers shared by the normalisers: a cheap NFKC (skipped when the string cannot change), whitespace handling
// and the comparison key used for headers and enum labels. All regular expressions are compiled once here.

/**
 * True when NFKC cannot change the string: every character is printable ASCII, a CJK unified ideograph, CJK
 * punctuation U+3001-U+3035 (、。《》「」...), curly quotes U+2018-U+2023 or the middle dot. All of these are
 * NFKC-stable starters that do not compose with a following character from the same set; anything else
 * (full-width forms, U+3000, combining marks, compatibility ideographs) goes through String#normalize.
 */
export function isNfkcStable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x7f) continue
    if (c >= 0x4e00 && c <= 0x9fff) continue
    if (c >= 0x3001 && c <= 0x3035) continue
    if (c >= 0x3400 && c <= 0x4dbf) continue
    if ((c >= 0x2018 && c <= 0x2023) || c === 0xb7) continue
    return false
  }
  return true
}

/** NFKC, skipped when it cannot change anything (the common case for ASCII and plain Chinese text). */
export function nfkc(s: string): string {
  return isNfkcStable(s) ? s : s.normalize('NFKC')
}

/** Full-width punctuation (，：；（）！？ ...) that prose keeps: U+FF01-FF0F, FF1A-FF20, FF3B-FF40, FF5B-FF65. */
function isWidePunct(c: number): boolean {
  return (
    (c >= 0xff01 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xff3b && c <= 0xff40) ||
    (c >= 0xff5b && c <= 0xff65)
  )
}

/**
 * True when the string is already clean: NFKC-stable (see isNfkcStable; in prose mode full-width punctuation is
 * fine too), no leading or trailing whitespace, no control characters other than single line feeds in prose, no run
 * of two spaces. One pass; the common case for well-formed cells.
 */
function isClean(s: string, prose: boolean): boolean {
  const n = s.length
  if (n === 0) return true
  if (s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32) return false
  let prev = 0
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x7f) {
      if (c < 32) {
        if (!(prose && c === 10 && prev !== 32)) return false
      } else if (c === 32 && (prev === 32 || prev === 10)) return false
      prev = c
      continue
    }
    prev = c
    if (c >= 0x4e00 && c <= 0x9fff) continue
    if (c >= 0x3001 && c <= 0x3035) continue
    if (c >= 0x3400 && c <= 0x4dbf) continue
    if ((c >= 0x2018 && c <= 0x2023) || c === 0xb7) continue
    if (prose && isWidePunct(c)) continue
    return false
  }
  return true
}

/** Runs of characters other than the full-width punctuation that prose keeps. */
const NOT_WIDE_PUNCT = /[^\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]+/g

function nfkcKeepWidePunct(s: string): string {
  return s.replace(NOT_WIDE_PUNCT, (m) => m.normalize('NFKC'))
}

const WS_RUN = /[\s\u200b]+/g
const HSPACE_RUN = /[^\S\n]+/g
const SPACES_AROUND_NL = / ?\n ?/g
const MANY_NL = /\n{3,}/g
const CRLF = /\r\n?/g

/** One-line text: NFKC, every whitespace run (line breaks included) becomes one space, trimmed. */
export function cleanString(raw: string): string {
  if (isClean(raw, false)) return raw
  return raw.normalize('NFKC').replace(WS_RUN, ' ').trim()
}

/**
 * Prose (违法事实, 处罚内容 ...): NFKC except that full-width punctuation (，。：；（）) is kept as written, since
 * the text is shown to readers as prose; CRLF -> LF; runs of other whitespace become one space; at most one empty
 * line in a row; trimmed.
 */
export function cleanText(raw: string): string {
  if (isClean(raw, true) && !raw.includes('\n\n\n')) return raw
  return nfkcKeepWidePunct(raw)
    .replace(CRLF, '\n')
    .replace(HSPACE_RUN, ' ')
    .replace(SPACES_AROUND_NL, '\n')
    .replace(MANY_NL, '\n\n')
    .trim()
}

const KEY_STRIP = /[\s\u200b]+/g
const KEY_TRAIL = /(?:\*|\((?:必填|必填项|选填|可选|非必填)\))+$/

/**
 * Comparison key for headers and enum labels: NFKC (full-width -> half-width, （） -> ()), lower case, no
 * whitespace, 〔〕【】 -> () [], leading and trailing * and a trailing (必填)/(选填) removed.
 */
export function matchKey(raw: string): string {
  let s = nfkc(raw).toLowerCase()
  s = s.replace(BRACKETS_RE, (b) => BRACKETS[b] ?? b)
  s = s.replace(KEY_STRIP, '')
  while (s.startsWith('*')) s = s.slice(1)
  s = s.replace(KEY_TRAIL, '')
  return s
}

const BRACKETS: Record<string, string> = { '〔': '(', '〕': ')', '【': '[', '】': ']', '〖': '[', '〗': ']' }
const BRACKETS_RE = /[〔〕【】〖〗]/g

const TRAILING_PAREN = /\([^()]*\)$/

/** matchKey without a trailing parenthesised note such as (万元) or (YYYY-MM-DD); '' when there is none. */
export function stripTrailingParen(key: string): string {
  const s = key.replace(TRAILING_PAREN, '')
  return s === key ? '' : s
}
