import { defineErrors } from '../../core/errors.js'

export const watchError = defineErrors({
  'watch.not_found': {
    status: 404,
    message: (d) =>
      `监测名单「${String(d.id ?? '')}」不存在或不属于本部门：请用 GET /api/v1/watches 查看本部门的监测名单。`,
  },
  'watch.bad_name': { status: 400, message: '名称（name）应为 1 到 100 个字的文字。' },
  'watch.no_entities': {
    status: 400,
    message: '请在 entities 中至少列出一个主体（{"uscc"} 或 {"entityId"}）。',
  },
  'watch.too_many_entities': {
    status: 413,
    message: (d) =>
      `一个监测名单最多 ${String(d.max)} 个主体，本次提交了 ${String(d.count)} 个（entities）：请拆分为多个监测名单。`,
  },
  'watch.entities_unresolved': {
    status: 400,
    message: (d) =>
      `entities 中有 ${String(d.count)} 个主体无法确定（第 ${((d.indexes as number[]) ?? []).slice(0, 20).join('、')} 个${Number(d.count) > 20 ? '等' : ''}）：请核对统一社会信用代码或主体编号后重新提交。`,
  },
  'watch.file_not_supported': {
    status: 400,
    message:
      '暂不支持按上传文件（fileId）建立监测名单：请在 entities 中逐个列出主体（{"uscc"} 或 {"entityId"}，最多 10000 个）。',
  },
  'watch.bad_events': {
    status: 400,
    message: (d) =>
      `events 中的事件类型「${String(d.type ?? '')}」不受支持：可订阅 ${((d.allowed as string[]) ?? []).join('、')}。`,
  },
  'watch.bad_webhook': {
    status: 400,
    message: (d) =>
      `webhook.url「${String(d.url ?? '')}」不是有效的 http:// 或 https:// 地址（最长 500 个字符，不含用户名和密码）：请填写接收推送的地址。`,
  },
  'watch.webhook_not_allowed': {
    status: 400,
    message: (d) =>
      `webhook.url 的主机「${String(d.host ?? '')}」不在本平台允许推送的地址范围内（GONGXIN_WEBHOOK_ALLOW）：请改用允许的地址，或请运维人员把该主机或网段加入允许列表。`,
  },
  'watch.bad_cursor': {
    status: 400,
    message: (d) =>
      `游标（after）「${String(d.after ?? '')}」无效：应为上一页返回的 next 值（非负整数），首次读取可不填。`,
  },
  'watch.no_webhook': {
    status: 409,
    message: (d) =>
      `监测名单「${String(d.id ?? '')}」没有设置推送地址（webhook），无需重新推送：请用 GET .../events 拉取事件。`,
  },
  'watch.dead_letter_not_found': {
    status: 404,
    message: (d) => `该监测名单没有编号为「${String(d.id ?? '')}」的推送失败记录：请用 GET .../deliveries 查看。`,
  },
  'watch_rule.not_found': {
    status: 404,
    message: (d) => `预警规则「${String(d.code ?? '')}」不存在：请用 GET /api/v1/watch-rules 查看可用的规则代码。`,
  },
  'watch_rule.invalid_definition': {
    status: 422,
    message: (d) =>
      `预警规则定义有误${d.source ? `（${String(d.source)}）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'watch_rule.reason_required': { status: 422, message: '修改预警规则须填写修改原因（2 到 500 个字）。' },
  'watch_rule.unchanged': {
    status: 422,
    message: (d) => `提交的定义与预警规则「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'watch_rule.version_conflict': {
    status: 409,
    message: (d) =>
      `预警规则「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'watch_rule.defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认预警规则文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
})
