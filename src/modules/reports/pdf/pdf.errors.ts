import { defineErrors } from '../../../core/errors.js'

export const reportPdfError = defineErrors({
  'reports.pdf_fonts_missing': {
    status: 500,
    message: (d) =>
      `生成报告 PDF 需要 Noto CJK 字体，但找不到 ${String(d.file)}（已查找：${String(d.searched)}）。请安装字体包 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk）后重试。`,
  },
  'reports.pdf_bad_input': {
    status: 500,
    message: (d) => `无法生成报告 PDF：${String(d.reason)}。请检查报告内容（issuedAt 应为 ISO 8601 UTC 时间）。`,
  },
})
