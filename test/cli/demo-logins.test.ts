// The demo logins as `gongxin demo` and `npm start` print them: roles labelled, a peer platform's API key listed as
// a key (with how to send it), never as a login.
import { describe, expect, it } from 'vitest'
import { formatDemoLogins } from '../../src/cli/commands/demo-logins-text.js'

describe('demo logins text', () => {
  it('labels roles and prints API keys apart from the logins', () => {
    const text = formatDemoLogins([
      { username: 'operator', password: 'Kq7mZ-4tRwd-9PxhN-b3VcE', role: 'operator', dept: 'tj-fgw', kind: 'user' },
      { username: 'provider', password: 'Abcde-Fghjk-Mnpqr-Stuvw', role: 'provider', dept: 'tj-scjg', kind: 'user' },
      { username: 'peer', password: `gx_${'A'.repeat(44)}`, role: 'peer', dept: null, kind: 'api_key' },
    ])
    const [logins, keys] = text.split('演示 API 密钥')
    expect(logins).toContain('演示账号（控制台 /console 和门户登录）')
    expect(logins).toMatch(/operator\s+Kq7mZ-4tRwd-9PxhN-b3VcE\s+运维管理（operator）\s+tj-fgw/)
    expect(logins).toMatch(/provider\s+\S+\s+数据提供（provider）\s+tj-scjg/)
    expect(logins).not.toContain('gx_')
    expect(keys).toContain('不能登录')
    expect(keys).toContain('Authorization: Bearer <密钥>')
    expect(keys).toMatch(/peer\s+gx_A{44}\s+对接平台（peer）/)
  })
})
