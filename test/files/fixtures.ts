// Small real files of each kind, and files that only pretend to be one.
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e5273ee60000000049454e44ae426082',
  'hex',
)
export const JPEG = Buffer.from(`ffd8ffe000104a46494600010100000100010000ffdb004300${'08'.repeat(64)}ffd9`, 'hex')
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
/** The start of a Windows program (MZ header). */
export const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(200, 0)])
export const TEXT = Buffer.from('这是一个文本文件，不是 PDF。\n')

/** A PNG of exactly `size` bytes (its tail is padding after IEND, which readers ignore). */
export function pngOfSize(size: number): Buffer {
  return Buffer.concat([PNG, Buffer.alloc(size - PNG.length, 0x20)])
}
