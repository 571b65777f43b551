import { defineErrors } from '../../core/errors.js'

/** Errors of the sharing query (政务共享查询). Subjects that cannot be resolved are reported per row, not thrown. */
export const shareError = defineErrors({
  'share.too_many_subjects': {
    status: 413,
    message: (d) =>
      `政务共享查询每次最多 ${String(d.max ?? 1000)} 个主体，本次提交了 ${String(d.count)} 个（subjects）：请拆分为多次查询。`,
  },
  'share.no_subjects': {
    status: 400,
    message: '请在 subjects 中至少填写一个主体（uscc、entityId、name 加 code，或 idNumber）。',
  },
  'share.subject_invalid': {
    status: 400,
    message: (d) =>
      `第 ${String(d.index)} 个主体（subjects[${String(d.index)}]）没有可用于查找的标识：请填写 uscc、entityId、name 加 code，或 idNumber 之一。`,
  },
  'share.unknown_class': {
    status: 400,
    message: (d) =>
      `classes 中的类别「${String(d.class)}」不在信用信息目录中：请使用目录中的类别代码（GET /api/v1/catalog/classes）。`,
  },
  'share.class_not_shared': {
    status: 400,
    message: (d) =>
      `类别「${String(d.className ?? d.class)}」属于授权查询范围，不在政务共享查询中提供：请从 classes 中去掉它；授权查询须经主体授权并说明用途。`,
  },
  'share.entity_not_found': {
    status: 404,
    message: (d) =>
      `主体「${String(d.id)}」不存在：请核对主体编号（entityId），或用 POST /api/v1/share/query 按代码查询。`,
  },
})
