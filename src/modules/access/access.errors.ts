import { defineErrors } from '../../core/errors.js'

const list = (v: unknown): string =>
  Array.isArray(v) ? v.map((x) => String(x).replace(/[。；\s]+$/, '')).join('；') : String(v ?? '')

/** The access module's closed set of error codes. */
export const accessError = defineErrors({
  // departments
  'access.bad_dept_code': {
    status: 400,
    message: (d) =>
      `部门代码「${String(d.code ?? '')}」不正确：应为 2 到 32 位字母、数字、下划线或连字符（例如 SCJG、tax-01）。`,
  },
  'access.bad_name': {
    status: 400,
    message: (d) => `${String(d.field ?? '名称')}不能为空，且不超过 ${String(d.max ?? 100)} 个字符。`,
  },
  'access.bad_uscc': {
    status: 400,
    message: (d) =>
      `部门的统一社会信用代码「${String(d.uscc ?? '')}」不正确：${list(d.problems) || '请填写 18 位统一社会信用代码'}。`,
  },
  'access.bad_district': {
    status: 400,
    message: (d) => `行政区划代码「${String(d.district ?? '')}」不正确：应为 6 位数字（例如 120101），不需要时请留空。`,
  },
  'access.dept_exists': {
    status: 409,
    message: (d) =>
      d.field === 'uscc'
        ? `统一社会信用代码 ${String(d.uscc)} 已登记为部门「${String(d.existing ?? '')}」，一个单位只能登记一次。`
        : `部门代码 ${String(d.code)} 已存在，请换一个代码，或直接使用已有部门。`,
  },
  'access.dept_not_found': {
    status: 404,
    message: (d) =>
      `部门 ${String(d.code ?? '')} 不存在：请先用 gongxin dept add（或「部门管理」页面）登记该部门，或检查代码拼写。`,
  },
  // users
  'access.bad_username': {
    status: 400,
    message: (d) =>
      d.reason === 'id_number'
        ? '用户名不能含居民身份证号码：用户名会显示在操作记录中，且无法脱敏。请换一个用户名（例如姓名拼音加数字）。'
        : '用户名不正确：应为 2 到 64 位，以字母或数字开头，只含字母、数字和 . _ @ -（不区分大小写）。',
  },
  'access.user_exists': { status: 409, message: (d) => `用户名 ${String(d.username)} 已被使用，请换一个用户名。` },
  'access.bad_role': {
    status: 400,
    message: (d) =>
      `角色「${String(d.role ?? '')}」不可用于${d.principal === 'api_key' ? ' API 密钥' : '用户'}：可选角色为 ${list(d.allowed)}。`,
  },
  'access.dept_required': {
    status: 400,
    message: (d) => `角色 ${String(d.role)}（${String(d.label ?? '')}）必须指定所属部门：请填写部门代码（--dept）。`,
  },
  'access.entity_required': {
    status: 400,
    message: '信用主体账户必须绑定一个主体：请填写主体编号（--entity）。',
  },
  'access.user_not_found': {
    status: 404,
    message: (d) => `用户 ${String(d.username ?? '')} 不存在，请用 gongxin user list 查看用户名。`,
  },
  'access.entity_not_found': {
    status: 404,
    message: (d) => `主体 ${String(d.entityId ?? '')} 不存在：请先查询主体档案，填写其主体编号。`,
  },
  'access.weak_password': {
    status: 400,
    message: (d) =>
      `密码太短：至少需要 ${String(d.min ?? 10)} 个字符（建议使用多个单词组成的口令），最多 1024 个字符。`,
  },
  'access.self_disable': {
    status: 409,
    message: '不能停用自己正在使用的账户：请由另一位运维管理员操作。',
  },
  'access.self_role': {
    status: 409,
    message: '不能修改自己账户的角色：请由另一位运维管理员操作，以免失去管理权限。',
  },
  // login and sessions
  'access.bad_credentials': {
    status: 401,
    message: '用户名或密码不正确。多次输错后，再次尝试须等待一段时间。',
  },
  'access.throttled': {
    status: 429,
    message: (d) =>
      d.form === 'activate'
        ? `激活失败次数过多，请 ${String(d.retryAfter ?? '稍后')} 秒后再试（${String(d.retryAt ?? '')} UTC 之后）。请核对激活码、代码和姓名后再试。`
        : `登录失败次数过多，请 ${String(d.retryAfter ?? '稍后')} 秒后再试（${String(d.retryAt ?? '')} UTC 之后）。如需立即登录，请联系运维管理员解除限制（gongxin user unlock）。`,
  },
  'access.disabled': {
    status: 403,
    message: '该账户未启用或已停用（经办人账户须经运维管理员审核通过后才能登录），请联系运维管理员。',
  },
  'access.unauthenticated': {
    status: 401,
    message: '请先登录（或在 Authorization 请求头中提供 API 密钥：Bearer gx_...）。',
  },
  'access.forbidden': {
    status: 403,
    message: (d) =>
      `当前账户无权执行此操作（需要权限 ${String(d.permission ?? '')}）。如确有需要，请联系运维管理员调整角色。`,
  },
  'access.csrf': {
    status: 403,
    message: '缺少或错误的 CSRF 令牌：使用登录会话修改数据时，须在请求头 X-CSRF-Token 中带上登录时返回的 csrfToken。',
  },
  // API keys
  'access.key_invalid': {
    status: 401,
    message: 'API 密钥无效、已过期或已吊销：请在请求头中使用 Authorization: Bearer gx_...，或请运维管理员签发新密钥。',
  },
  'access.key_not_found': {
    status: 404,
    message: (d) => `API 密钥 ${String(d.id ?? '')} 不存在，请用 gongxin key list 查看密钥编号。`,
  },
  'access.bad_expiry': {
    status: 400,
    message: (d) =>
      `有效期「${String(d.expiresAt ?? '')}」不正确：应为将来的日期（YYYY-MM-DD，当日北京时间 24 时失效）或 UTC 时间（ISO-8601）。`,
  },
  'access.bad_scope': {
    status: 400,
    message: (d) =>
      `权限范围不正确：${list(d.scopes)} 不属于角色 ${String(d.role ?? '')} 的权限。可选：${list(d.allowed)}。`,
  },
  // purpose
  'access.purpose_required': {
    status: 400,
    message: '读取个人信息或授权查询信息须说明用途：请在请求头 X-Purpose 或请求体 purpose 字段中填写查询目的。',
  },
  'access.purpose_invalid': {
    status: 400,
    message: '查询用途说明应为 2 到 200 个字符：请简要写明事由（例如「政府采购供应商资格审查」）。',
  },
  'access.purpose_undecodable': {
    status: 400,
    message: (d) =>
      `${
        d.reason === 'control_char'
          ? '查询用途不能含换行、制表符等控制字符：请写成一行文字。'
          : d.reason === 'percent_escape'
            ? '请求头 X-Purpose 中的百分号编码有误（「%」后应为两位十六进制数字，「%」本身写作 %25）。'
            : '请求头 X-Purpose 不是有效的 UTF-8 文本。'
      }请在请求体 purpose 字段中直接填写用途，或在请求头 X-Purpose 中发送 URL 编码的 UTF-8 文本（例如 encodeURIComponent('政府采购资格审查') 得到的 %E6%94%BF%E5%BA%9C…）。`,
  },
})

export type AccessErrorCode = Parameters<typeof accessError>[0]
