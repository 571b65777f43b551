// The written forms of a resident ID number the privacy crawls type into free text, and how they look for one.
export const masked = (id: string): string => `${id.slice(0, 4)}**********${id.slice(-4)}`
export const fullWidth = (s: string): string =>
  s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
export const spaced = (s: string): string => `${s.slice(0, 6)} ${s.slice(6, 14)} ${s.slice(14)}`
export const hyphens = (s: string): string => `${s.slice(0, 6)}-${s.slice(6, 14)}-${s.slice(14)}`
/** Text as the crawl compares it: NFKC, no spaces, hyphens or dashes (so every written form becomes the plain one). */
export const flat = (s: string): string => s.normalize('NFKC').replace(/[\s\-‐-―−－]/g, '')
