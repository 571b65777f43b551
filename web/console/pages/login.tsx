import { useState } from 'react'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Navigate, useLocation, useNavigate } from 'react-router-dom'
import { errorMessage } from '../../shared/api.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { useAuth } from '../auth.js'

interface LoginForm {
  username: string
  password: string
}

function safeFrom(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from
  // Only paths inside the console, never an absolute URL or the login page itself.
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')
    ? from
    : '/'
}

export function LoginPage() {
  const { state, login } = useAuth()
  const site = useSite()
  const location = useLocation()
  const navigate = useNavigate()
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  useDocumentTitle('登录', `${site.name} 管理控制台`)

  if (state.status === 'authenticated') return <Navigate to={safeFrom(location.state)} replace />

  const onFinish = async (values: LoginForm) => {
    setError(null)
    setSubmitting(true)
    try {
      await login(values.username.trim(), values.password)
      navigate(safeFrom(location.state), { replace: true })
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <main className="gx-login" id="main">
      <div className="gx-login-box">
        <div className="gx-login-brand">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <div>
            <div className="gx-login-site">{site.name}</div>
            <div className="gx-login-sub">公共信用信息共享平台 · 管理控制台</div>
          </div>
        </div>
        <Card>
          <Typography.Title level={1} className="gx-login-title">
            用户登录
          </Typography.Title>
          {error ? <Alert type="error" showIcon title={error} className="gx-login-error" role="alert" /> : null}
          <Form<LoginForm>
            name="login"
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            disabled={submitting}
          >
            <Form.Item
              label="用户名"
              name="username"
              rules={[{ required: true, whitespace: true, message: '请输入用户名。' }]}
            >
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" size="large" autoFocus />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码。' }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
              登录
            </Button>
          </Form>
        </Card>
        <p className="gx-login-note">仅限授权的政府工作人员使用。登录及所有操作均记入审计日志。</p>
      </div>
    </main>
  )
}
