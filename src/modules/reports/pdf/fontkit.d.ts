// The part of fontkit (a dependency of pdfkit, same version) the report renderer uses: open one face of a collection.
declare module 'fontkit' {
  export interface Glyph {
    id: number
    advanceWidth: number
    codePoints: number[]
  }
  export interface Font {
    postscriptName: string
    layout(text: string): unknown
    glyphForCodePoint(codePoint: number): Glyph
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font
}
