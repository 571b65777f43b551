import { defineErrors } from '../../core/errors.js'

export const compareError = defineErrors({
  'compare.file_missing': {
    status: 400,
    message:
      '请上传主体名单文件（multipart 字段 file：CSV 或 XLSX，一列代码，可另有一列主体名称），并填写查询用途（字段 purpose）。',
  },
  'compare.purpose_required': {
    status: 400,
    message: '批量比对须说明查询用途（字段 purpose，2 到 200 个字），用途将记入审计日志并列入被比对主体的查询记录。',
  },
  'compare.scenario_invalid': {
    status: 422,
    message: (d) =>
      `应用场景代码「${String(d.scenario ?? '')}」格式有误：应为小写字母、数字和下划线（如 government_procurement），不比对措施时请留空。`,
  },
  'compare.not_found': {
    status: 404,
    message: (d) => `比对任务「${String(d.id ?? '')}」不存在，或不属于本部门。`,
  },
  'compare.not_done': {
    status: 409,
    message: (d) =>
      `比对任务「${String(d.id ?? '')}」尚未完成（状态：${String(d.status ?? '')}，已处理 ${String(d.processed ?? 0)}/${String(d.total ?? 0)} 行）：完成后再下载结果。`,
  },
  'compare.in_progress': {
    status: 409,
    message: (d) => `比对任务「${String(d.id ?? '')}」正由另一个进程处理，不能同时处理两次。`,
  },
})
