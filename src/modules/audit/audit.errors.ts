import { defineErrors } from '../../core/errors.js'

export const auditError = defineErrors({
  'audit.bad_filter': { status: 400, message: (d) => `审计查询条件不正确：${String(d.reason ?? '')}` },
  'audit.event_unknown': {
    status: 404,
    message: (d) => `审计事件 ${String(d.event)} 不存在：请检查参数 event（事件编号，见审计日志查询）。`,
  },
  'audit.proof_range': {
    status: 422,
    message: (d) =>
      `证明的树大小不正确：${String(d.reason)}。当前树大小为 ${String(d.treeSize)}，请取 1 至该值之间的 size（或 from ≤ to）。`,
  },
  'audit.witness_failed': {
    status: 409,
    message: (d) => `见证失败（${String(d.problem)}）：${String(d.reason)}`,
  },
  'audit.tree_gap': {
    status: 500,
    message: (d) =>
      `审计日志缺少序号 ${String(d.seq)} 的事件，默克尔树无法延伸：请运行 gongxin audit verify 检查哈希链。`,
  },
  'audit.tree_missing': {
    status: 500,
    message: (d) =>
      `默克尔树缺少节点（层 ${String(d.level)}，位置 ${String(d.idx)}）：请运行 gongxin audit verify 检查。`,
  },
})
