import { existsSync, readFileSync } from 'node:fs'
import { create, type Font, type Glyph } from 'fontkit'
import { reportPdfError } from './pdf.errors.js'

// Debian's Noto CJK (package fonts-noto-cjk): the TrueType/OpenType collections hold every CJK face; the report uses
// the Simplified Chinese face (SC) picked by its PostScript name. pdfkit embeds only the glyphs used (a subset).

const DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk']

const FACES = {
  regular: { file: 'NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  bold: { file: 'NotoSansCJK-Bold.ttc', postscriptName: 'NotoSansCJKsc-Bold' },
} as const

export type FaceName = keyof typeof FACES

const loaded = new Map<FaceName, Font>()

/**
 * The parsed face, loaded once per process and shared by every document (fontkit parses glyphs lazily and caches
 * them; each document makes its own subset). Throws reports.pdf_fonts_missing when the collection is not installed.
 */
export function reportFont(face: FaceName): Font {
  const have = loaded.get(face)
  if (have) return have
  const { file, postscriptName } = FACES[face]
  const dir = DIRS.find((d) => existsSync(`${d}/${file}`))
  if (!dir) throw reportPdfError('reports.pdf_fonts_missing', { file, searched: DIRS.join('、') })
  const font = create(readFileSync(`${dir}/${file}`), postscriptName)
  if (!font || typeof font.layout !== 'function')
    throw reportPdfError('reports.pdf_fonts_missing', { file: `${file}（${postscriptName}）`, searched: dir })
  const simple = withSimpleLayout(font)
  loaded.set(face, simple)
  return simple
}

/**
 * The face with a plain layout: one glyph per code point from the cmap, advancing by its width - no OpenType shaping
 * (ligatures, contextual forms, kerning). Chinese text needs none of it, and shaping the CJK faces' large GSUB/GPOS
 * tables cost most of a report's rendering time. Everything else (metrics, subsetting) is the face's own.
 */
function withSimpleLayout(font: Font): Font {
  const layout = (text: string) => {
    const glyphs: Glyph[] = []
    const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] = []
    for (const ch of text) {
      const glyph = font.glyphForCodePoint(ch.codePointAt(0) as number)
      glyphs.push(glyph)
      positions.push({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })
    }
    return {
      glyphs,
      positions,
      // pdfkit scales the positions in place, then reads the run's width
      get advanceWidth() {
        let w = 0
        for (const p of positions) w += p.xAdvance
        return w
      },
    }
  }
  return new Proxy(font, { get: (target, prop) => (prop === 'layout' ? layout : Reflect.get(target, prop, target)) })
}
