import { useCallback, useEffect, useState } from 'react'
import { Alert, Button, Form, Input, Tag } from 'antd'
import { Link, Navigate } from 'react-router-dom'
import { ApiError, api, errorMessage, setCsrfToken } from '../../shared/api.js'
import { entityKindLabels, entityStatusLabels, labelOf } from '../../shared/labels.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { Notice } from '../notice.js'
import { MyCreditTabs } from './me/shared.js'

// 我的信用: the landing page of a signed-in subject account. It shows the bound entity; the subject's own file,
// access log and cases are added here as they are built (docs/rights.md).

interface SubjectAccount {
  user: { id: string; username: string | null; displayName: string; isAgent: boolean }
  entity: {
    id: string
    kind: string
    name: string
    uscc: string | null
    idMasked: string | null
    district: string | null
    status: string
    legalRep: string | null
  }
}

interface Agent {
  id: string
  username: string | null
  displayName: string
  letterFileId: string
  state: 'pending' | 'approved' | 'rejected'
  reason: string | null
  createdAt: string
}

const agentStates: Record<Agent['state'], { label: string; color: string }> = {
  pending: { label: '待审核', color: 'gold' },
  approved: { label: '已通过', color: 'green' },
  rejected: { label: '已退回', color: 'red' },
}

type Loaded =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'other'; message: string }
  | { status: 'error'; message: string }
  | { status: 'ok'; account: SubjectAccount }

interface AgentForm {
  displayName: string
  username: string
  password: string
}

function Agents() {
  const [items, setItems] = useState<Agent[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [added, setAdded] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [letter, setLetter] = useState<File | null>(null)
  const [fileKey, setFileKey] = useState(0)
  const [form] = Form.useForm<AgentForm>()

  const load = useCallback(() => {
    api<{ items: Agent[] }>('/api/v1/subject/agents')
      .then((r) => setItems(r.items))
      .catch((cause: unknown) => setError(errorMessage(cause)))
  }, [])
  useEffect(load, [load])

  const onFinish = async (v: AgentForm) => {
    setError(null)
    setAdded(null)
    if (!letter) {
      setError('请选择授权委托书文件（PDF、JPEG 或 PNG）。')
      return
    }
    setSubmitting(true)
    try {
      // the letter first (an evidence file), then the agent with its file id
      const body = new FormData()
      body.append('file', letter)
      const uploaded = await api<{ id: string }>('/api/v1/files', { method: 'POST', body })
      const agent = await api<Agent>('/api/v1/subject/agents', {
        method: 'POST',
        body: { ...v, letterFileId: uploaded.id },
      })
      setAdded(`已提交经办人 ${agent.displayName}（${agent.username ?? ''}），待信用办审核通过后即可登录。`)
      form.resetFields()
      setLetter(null)
      setFileKey((k) => k + 1)
      load()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <section className="gx-section" aria-labelledby="gx-agents-title">
      <h2 className="gx-section-title" id="gx-agents-title">
        经办人
      </h2>
      <p>经办人凭本单位出具的授权委托书代为办理；信用办审核通过前，经办人账户不能登录。</p>
      {items && items.length > 0 ? (
        <ul className="gx-account-list">
          {items.map((a) => (
            <li key={a.id}>
              {a.displayName}（{a.username}） <Tag color={agentStates[a.state].color}>{agentStates[a.state].label}</Tag>
              {a.reason ? <span>退回理由：{a.reason}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="gx-account-note">尚未添加经办人。</p>
      )}
      {error ? <Alert type="error" showIcon title={error} role="alert" className="gx-account-error" /> : null}
      {added ? <Alert type="success" showIcon title={added} role="status" className="gx-account-error" /> : null}
      <Form<AgentForm>
        form={form}
        name="add-agent"
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        disabled={submitting}
        className="gx-account-form"
      >
        <Form.Item
          label="经办人姓名"
          name="displayName"
          rules={[{ required: true, whitespace: true, message: '请输入经办人姓名。' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          label="经办人用户名"
          name="username"
          rules={[{ required: true, whitespace: true, message: '请设置用户名。' }]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="经办人初始密码"
          name="password"
          extra="至少 10 个字符。"
          rules={[{ required: true, min: 10, message: '密码至少 10 个字符。' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="授权委托书" extra="加盖公章的授权委托书，PDF、JPEG 或 PNG。" required>
          <input
            key={fileKey}
            type="file"
            aria-label="授权委托书"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            onChange={(e) => setLetter(e.target.files?.[0] ?? null)}
          />
        </Form.Item>
        <Button htmlType="submit" loading={submitting}>
          添加经办人
        </Button>
      </Form>
    </section>
  )
}

export function MyCreditPage() {
  const site = useSite()
  useDocumentTitle('我的信用', site.name)
  const [state, setState] = useState<Loaded>({ status: 'loading' })
  const [loggedOut, setLoggedOut] = useState(false)

  useEffect(() => {
    const controller = new AbortController()
    ;(async () => {
      try {
        // the session's CSRF token (kept in memory only) for the changes made from this page
        const session = await api<{ csrfToken: string | null }>('/api/v1/auth/me', {
          signal: controller.signal,
          notifyUnauthorized: false,
        })
        setCsrfToken(session.csrfToken)
        const account = await api<SubjectAccount>('/api/v1/me', {
          signal: controller.signal,
          notifyUnauthorized: false,
        })
        setState({ status: 'ok', account })
      } catch (cause) {
        if (controller.signal.aborted) return
        if (cause instanceof ApiError && cause.status === 401) setState({ status: 'anonymous' })
        else if (cause instanceof ApiError && cause.status === 403)
          setState({ status: 'other', message: cause.message })
        else setState({ status: 'error', message: errorMessage(cause) })
      }
    })()
    return () => controller.abort()
  }, [])

  const logout = async () => {
    await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined)
    setCsrfToken(null)
    setLoggedOut(true)
  }

  if (loggedOut || state.status === 'anonymous') return <Navigate to="/account/login" replace />
  if (state.status === 'loading') return <div className="gx-container gx-page gx-loading" aria-busy="true" />
  if (state.status !== 'ok')
    return (
      <div className="gx-container gx-page">
        <h1 className="gx-page-title">我的信用</h1>
        <Notice
          title={state.status === 'other' ? '当前登录的不是信用主体账户' : '暂时无法加载'}
          action={<Link to="/account/login">主体登录</Link>}
        >
          <p>{state.message}</p>
        </Notice>
      </div>
    )

  const { user, entity } = state.account
  return (
    <div className="gx-container gx-page gx-account gx-account-wide">
      <div className="gx-account-heading">
        <h1 className="gx-page-title">我的信用</h1>
        <span>
          {user.displayName}（{user.username}
          {user.isAgent ? '，经办人' : ''}）{' '}
          <Button size="small" onClick={() => void logout()}>
            退出登录
          </Button>
        </span>
      </div>
      <MyCreditTabs />
      <section className="gx-panel" aria-labelledby="gx-my-entity">
        <h2 className="gx-panel-title" id="gx-my-entity" data-testid="my-entity-name">
          {entity.name}
        </h2>
        <dl className="gx-account-facts">
          {entity.uscc ? (
            <>
              <dt>统一社会信用代码</dt>
              <dd>{entity.uscc}</dd>
            </>
          ) : null}
          {entity.idMasked ? (
            <>
              <dt>身份证号码</dt>
              <dd>{entity.idMasked}</dd>
            </>
          ) : null}
          <dt>主体类型</dt>
          <dd>{labelOf(entityKindLabels, entity.kind)}</dd>
          {entity.legalRep ? (
            <>
              <dt>法定代表人（负责人）</dt>
              <dd>{entity.legalRep}</dd>
            </>
          ) : null}
          <dt>登记状态</dt>
          <dd>{labelOf(entityStatusLabels, entity.status)}</dd>
        </dl>
        {entity.kind !== 'natural_person' ? (
          <p>
            <Link to={`/entities/${entity.id}`}>查看公示的信用档案</Link>
          </p>
        ) : null}
      </section>
      <p className="gx-account-note">
        本单位（本人）的完整信用档案见「<Link to="/my/file">我的档案</Link>」，谁查询过本单位（本人）的信息见「
        <Link to="/my/access-log">查询记录</Link>」。
      </p>
      {user.isAgent ? null : <Agents />}
    </div>
  )
}
