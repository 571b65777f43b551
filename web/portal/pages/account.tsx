import { useState } from 'react'
import { Alert, Button, Form, Input, Radio } from 'antd'
import { Link, useNavigate } from 'react-router-dom'
import { api, errorMessage, setCsrfToken } from '../../shared/api.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'

// 账户激活 and 主体登录: the ways in for enterprises and persons (docs/rights.md, "主体账户").

interface ActivateForm {
  kind: 'uscc' | 'idNumber'
  identifier: string
  name: string
  code: string
  username: string
  password: string
  confirm: string
}

interface Activated {
  username: string
  entity: { name: string }
}

export function ActivatePage() {
  const site = useSite()
  useDocumentTitle('账户激活', site.name)
  const [form] = Form.useForm<ActivateForm>()
  const kind = Form.useWatch('kind', form) ?? 'uscc'
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<Activated | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const onFinish = async (v: ActivateForm) => {
    setError(null)
    setSubmitting(true)
    try {
      const body = {
        [v.kind]: v.identifier.trim(),
        name: v.name.trim(),
        code: v.code.trim(),
        username: v.username.trim(),
        password: v.password,
      }
      setDone(await api<Activated>('/api/v1/subject/activate', { method: 'POST', body }))
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSubmitting(false)
    }
  }

  if (done)
    return (
      <div className="gx-container gx-page gx-account">
        <h1 className="gx-page-title">账户激活</h1>
        <Alert
          type="success"
          showIcon
          role="status"
          title="账户已激活"
          description={
            <>
              <p>
                {done.entity.name} 的信用主体账户 {done.username} 已激活。请使用刚才设置的用户名和密码登录。
              </p>
              <Link to="/account/login">前往登录</Link>
            </>
          }
        />
      </div>
    )

  return (
    <div className="gx-container gx-page gx-account">
      <h1 className="gx-page-title">账户激活</h1>
      <p className="gx-account-lead">
        企业等组织凭统一社会信用代码和法定代表人（负责人）姓名，个人凭身份证号码和本人姓名，加上信用办发放的激活码，自设用户名和密码开通信用主体账户。开通后可查看本单位（本人）的信用信息。
      </p>
      {error ? <Alert type="error" showIcon title={error} role="alert" className="gx-account-error" /> : null}
      <Form<ActivateForm>
        form={form}
        name="activate"
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'uscc' }}
        onFinish={onFinish}
        disabled={submitting}
      >
        <Form.Item label="主体类型" name="kind">
          <Radio.Group
            options={[
              { label: '企业等组织', value: 'uscc' },
              { label: '个人', value: 'idNumber' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={kind === 'uscc' ? '统一社会信用代码' : '身份证号码'}
          name="identifier"
          rules={[
            {
              required: true,
              whitespace: true,
              message: kind === 'uscc' ? '请输入 18 位统一社会信用代码。' : '请输入 18 位身份证号码。',
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={kind === 'uscc' ? '法定代表人（负责人）姓名' : '本人姓名'}
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入姓名。' }]}
        >
          <Input maxLength={64} autoComplete="name" />
        </Form.Item>
        <Form.Item
          label="激活码"
          name="code"
          extra="信用办发放的 16 位激活码，不区分大小写。"
          rules={[{ required: true, whitespace: true, message: '请输入激活码。' }]}
        >
          <Input maxLength={32} autoComplete="one-time-code" placeholder="XXXX-XXXX-XXXX-XXXX" />
        </Form.Item>
        <Form.Item
          label="用户名"
          name="username"
          extra="2-64 位小写字母、数字或 . _ @ -，以字母或数字开头。"
          rules={[{ required: true, whitespace: true, message: '请设置用户名。' }]}
        >
          <Input maxLength={64} autoComplete="username" />
        </Form.Item>
        <Form.Item
          label="密码"
          name="password"
          extra="至少 10 个字符。"
          rules={[
            { required: true, message: '请设置密码。' },
            { min: 10, message: '密码至少 10 个字符。' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认密码"
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码。' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致。')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={submitting}>
          激活账户
        </Button>
      </Form>
      <p className="gx-account-note">
        已有账户？<Link to="/account/login">主体登录</Link>。激活码遗失或过期的，请联系信用办重新发放。
      </p>
    </div>
  )
}

interface LoginForm {
  username: string
  password: string
}

export function SubjectLoginPage() {
  const site = useSite()
  useDocumentTitle('主体登录', site.name)
  const navigate = useNavigate()
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const onFinish = async (v: LoginForm) => {
    setError(null)
    setSubmitting(true)
    try {
      const session = await api<{ csrfToken: string | null }>('/api/v1/auth/login', {
        method: 'POST',
        body: { username: v.username.trim(), password: v.password },
        notifyUnauthorized: false,
      })
      setCsrfToken(session.csrfToken)
      navigate('/my', { replace: true })
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <div className="gx-container gx-page gx-account">
      <h1 className="gx-page-title">主体登录</h1>
      <p className="gx-account-lead">信用主体（企业、个人）及其经办人登录后可查看「我的信用」。</p>
      {error ? <Alert type="error" showIcon title={error} role="alert" className="gx-account-error" /> : null}
      <Form<LoginForm>
        name="subject-login"
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
          <Input maxLength={64} autoComplete="username" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码。' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={submitting}>
          登录
        </Button>
      </Form>
      <p className="gx-account-note">
        还没有账户？凭信用办发放的激活码<Link to="/account/activate">激活账户</Link>。
      </p>
    </div>
  )
}
