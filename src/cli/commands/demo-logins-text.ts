// The demo logins as a person reads them (gongxin demo, npm start): console accounts as user name / password / role
// (labelled) / department, and the API keys of roles only keys may hold (对接平台) as keys with how to send them - a key
// is no password and is never offered as a login.
import type { DemoLogin } from '../../flows/demo/index.js'
import { findRole } from '../../modules/access/index.js'
import { formatTable } from './dept.js'

function roleText(role: string): string {
  return `${findRole(role)?.label ?? role}（${role}）`
}

export function formatDemoLogins(logins: readonly DemoLogin[]): string {
  const accounts = logins.filter((l) => l.kind !== 'api_key')
  const keys = logins.filter((l) => l.kind === 'api_key')
  let out = ''
  if (accounts.length) {
    out += '演示账号（控制台 /console 和门户登录）：\n'
    out += formatTable(
      ['用户名', '密码', '角色', '部门'],
      accounts.map((l) => [l.username, l.password, roleText(l.role), l.dept]),
    )
  }
  if (keys.length) {
    out += `${accounts.length ? '\n' : ''}演示 API 密钥（不能登录；调用接口时放在请求头 Authorization: Bearer <密钥>）：\n`
    out += formatTable(
      ['名称', '密钥', '角色', '部门'],
      keys.map((l) => [l.username, l.password, roleText(l.role), l.dept]),
    )
  }
  return out
}
