import { defineErrors } from '../../core/errors.js'

export const notificationError = defineErrors({
  'notification.not_found': {
    status: 404,
    message: (d) => `收件箱中没有通知「${String(d.id ?? '')}」（或不是发给您的）。`,
  },
  'notification.bad_addressee': {
    status: 422,
    message: (d) =>
      `通知收件人「${String(d.kind ?? '')}:${String(d.id ?? '')}」无效：kind 应为 user、entity、dept 或 role，id 不能为空。`,
  },
  'notification.bad_text': {
    status: 422,
    message: (d) => `通知的${String(d.field ?? '')}不能为空，且不超过 ${String(d.max ?? '')} 个字。`,
  },
  'notification.bad_key': {
    status: 422,
    message: (d) => `提示的去重键（key）「${String(d.key ?? '')}」无效：不能为空，且不超过 300 个字符。`,
  },
  'outbox.bad_target': {
    status: 422,
    message: (d) =>
      `投递对象「${String(d.kind ?? '')}:${String(d.code ?? '')}」无效：kind 应为 dept（部门）或 peer（其他平台），code 不能为空。`,
  },
  'outbox.dept_unknown': {
    status: 422,
    message: (d) =>
      `部门「${String(d.code ?? '')}」不存在，请先在部门管理中添加，或用 GET /api/v1/depts 查看部门代码。`,
  },
  'outbox.bad_webhook': {
    status: 422,
    message: (d) =>
      `接收地址「${String(d.url ?? '')}」无效：应为 http:// 或 https:// 开头的完整地址；配置接收地址时须同时设置至少 16 个字符的签名密钥（secret）。`,
  },
  'outbox.target_not_found': {
    status: 404,
    message: (d) => `没有投递对象「${String(d.code ?? '')}」的配置。`,
  },
  'outbox.not_found': {
    status: 404,
    message: (d) => `没有投递记录「${String(d.id ?? '')}」。`,
  },
  'outbox.not_failed': {
    status: 409,
    message: (d) =>
      `投递记录「${String(d.id ?? '')}」当前状态为 ${String(d.state ?? '')}，只有投递失败（failed）的记录可以重新投递。`,
  },
})
