import { defineErrors } from '../../core/errors.js'

/** The size limit in words: "10 MB", "512 KB", "300 字节". */
export function sizeLabel(bytes: number): string {
  const MB = 1024 * 1024
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`
  return `${bytes} 字节`
}

const ALLOWED = 'PDF 文件或 JPEG、PNG 图片'

export const filesError = defineErrors({
  'files.missing': {
    status: 400,
    message: `请在表单字段 file 中选择要上传的证据文件（${ALLOWED}）。`,
  },
  'files.too_large': {
    status: 413,
    message: (d) =>
      `证据文件超过 ${sizeLabel(Number(d.limitBytes))} 的上限：请压缩图片、降低扫描分辨率或把材料拆分为多个文件后重新上传（每个文件不超过 ${sizeLabel(Number(d.limitBytes))}，只接受 ${ALLOWED}）。`,
  },
  'files.bad_type': {
    status: 415,
    message: (d) =>
      `文件「${String(d.name ?? '')}」的内容不是 PDF、JPEG 或 PNG${d.detected ? `（实际为 ${String(d.detected)}）` : ''}：文件类型按内容判断，与扩展名无关。请上传${ALLOWED}（可将其他材料打印为 PDF 或拍照后上传）。`,
  },
  'files.bad_upload_token': {
    status: 400,
    message:
      '上传凭证 uploadToken 无效或已过期（匿名上传的凭证在最近一次用它上传后 24 小时内有效）：请不带 uploadToken 重新上传文件，提交时使用新返回的凭证。',
  },
  'files.not_found': {
    status: 404,
    message: (d) => `文件「${String(d.id ?? '')}」不存在。`,
  },
  'files.not_attachable': {
    status: 422,
    message: (d) =>
      `证据文件「${String(d.id ?? '')}」不存在、不是由您上传的，或已超过提交期限：请重新上传该文件，并在 evidence 中填写新返回的文件编号。`,
  },
  'files.too_many': {
    status: 422,
    message: (d) => `一次最多附上 ${String(d.max)} 个证据文件（本次 ${String(d.count)} 个）：请合并为 PDF 后重新上传。`,
  },
})
