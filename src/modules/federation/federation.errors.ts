import { defineErrors } from '../../core/errors.js'

export const federationError = defineErrors({
  'federation.not_a_peer': {
    status: 403,
    message: () =>
      '此 API 密钥没有登记为任何对接平台的读取密钥：对接平台只能用「gongxin peer add」签发给它的密钥读取交换数据。',
  },
  'federation.peer_disabled': {
    status: 403,
    message: (d) => `对接平台「${String(d.name ?? '')}」已停用，不交换数据。`,
  },
  'federation.peer_not_found': {
    status: 404,
    message: (d) => `没有名为「${String(d.name ?? '')}」的对接平台。请用「gongxin peer list」查看已登记的平台。`,
  },
  'federation.peer_exists': {
    status: 409,
    message: (d) => `对接平台「${String(d.name ?? '')}」或平台标识「${String(d.platformId ?? '')}」已登记。`,
  },
  'federation.bad_name': {
    status: 400,
    message: (d) =>
      `对接平台名称「${String(d.name ?? '')}」不正确：应为 2 到 24 位小写字母、数字或连字符（例如 beijing、hebei-xa）。`,
  },
  'federation.bad_platform_id': {
    status: 400,
    message: (d) =>
      `平台标识「${String(d.platformId ?? '')}」不正确：应为 3 到 64 位字母、数字、点、下划线或连字符，由对方平台提供（其 GET /api/v1/federation/platform）。`,
  },
  'federation.bad_url': {
    status: 400,
    message: (d) =>
      `对接平台地址「${String(d.url ?? '')}」不正确：应为 https:// 地址（本机测试可用 http://127.0.0.1），不含路径以外的查询参数。`,
  },
  'federation.bad_key': {
    status: 400,
    message: (d) =>
      `对接平台公钥不正确：${String(d.reason ?? '')}。应为对方平台的 Ed25519 公钥（PEM，见其 /.well-known/gongxin-keys.json）。`,
  },
  'federation.bad_classes': {
    status: 400,
    message: (d) =>
      `交换的信息类别不正确：${String(d.reason ?? '')}。请列出目录中的类别代码（gongxin catalog list），授权查询类别不交换。`,
  },
  'federation.bad_cursor': {
    status: 400,
    message: (d) => `游标「${String(d.after ?? '')}」不正确：应为上一页返回的 next（非负整数），首次读取填 0。`,
  },
  'federation.no_pull_key': {
    status: 409,
    message: (d) =>
      `尚未保存对接平台「${String(d.name ?? '')}」签发给本平台的读取密钥，无法拉取。请用「gongxin peer add ... --pull-key-stdin」登记时提供。`,
  },
  'federation.pull_incomplete': {
    status: 502,
    message: (d) =>
      `拉取未完成：${String(d.errors ?? '')}。已应用的条目不会重复；排除原因（对方不可达、签名密钥未登记等）后再次拉取即可续传。`,
  },
  'federation.pull_disabled': {
    status: 409,
    message: (d) => `对接平台「${String(d.name ?? '')}」已停用，不拉取其数据；启用后再拉取。`,
  },
  'federation.pull_busy': {
    status: 409,
    message: (d) => `对接平台「${String(d.name ?? '')}」的另一次拉取刚刚推进了游标，本次未写入；请稍后再拉取。`,
  },
})
