// The subject's session on the portal (an enterprise's or a person's account): who is signed in, and a small sign-in
// form for the pages that act for the subject (异议、「我的办件」). The session is the same cookie the console uses;
// the CSRF token is kept in memory by the shared api client.
import { useCallback, useEffect, useState } from 'react'
import { Alert, Button, Form, Input } from 'antd'
import { api, errorMessage, setCsrfToken } from '../shared/api.js'

export interface SubjectUser {
  id: string
  username: string
  displayName?: string
  role: string
  entityId?: string | null
}

interface SessionAnswer {
  user: SubjectUser
  csrfToken: string
}

export type SubjectSession =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'signed_in'; user: SubjectUser }

export function useSubjectSession(): { session: SubjectSession; signedIn(user: SubjectUser): void } {
  const [session, setSession] = useState<SubjectSession>({ status: 'loading' })
  useEffect(() => {
    let live = true
    api<SessionAnswer>('/api/v1/auth/me', { notifyUnauthorized: false })
      .then((s) => {
        setCsrfToken(s.csrfToken)
        if (live) setSession({ status: 'signed_in', user: s.user })
      })
      .catch(() => {
        if (live) setSession({ status: 'anonymous' })
      })
    return () => {
      live = false
    }
  }, [])
  const signedIn = useCallback((user: SubjectUser) => setSession({ status: 'signed_in', user }), [])
  return { session, signedIn }
}

/** Sign-in with the subject account's username and password. */
export function SubjectSignIn({ onSignedIn }: { onSignedIn(user: SubjectUser): void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true)
    setError(null)
    try {
      const s = await api<SessionAnswer>('/api/v1/auth/login', {
        method: 'POST',
        body: values,
        notifyUnauthorized: false,
      })
      setCsrfToken(s.csrfToken)
      onSignedIn(s.user)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="gx-panel" aria-labelledby="gx-subject-signin">
      <h2 id="gx-subject-signin" className="gx-panel-title">
        信用主体登录
      </h2>
      <p className="gx-muted">提出异议、查看办件进度需要使用信用主体账号登录（账号由信用服务窗口开通）。</p>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Form layout="vertical" name="subject-signin" onFinish={(v) => void submit(v)} style={{ maxWidth: 360 }}>
        <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          登录
        </Button>
      </Form>
    </section>
  )
}
