import { useState } from 'react'
import { Alert, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { useSearchParams } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'

/** POST /api/v1/subject/invitations: the code is in this answer only. */
interface IssuedInvitation {
  id: string
  entityId: string
  code: string
  expiresAt: string
}

interface Invitation {
  id: string
  entityId: string
  state: 'open' | 'expired' | 'used' | 'revoked' | 'superseded'
  expiresAt: string
  createdAt: string
  usedAt: string | null
}

interface Agent {
  id: string
  username: string | null
  displayName: string
  entityId: string
  entityName: string | null
  letterFileId: string
  state: 'pending' | 'approved' | 'rejected'
  reason: string | null
  createdAt: string
}

const invitationStates: Record<Invitation['state'], { label: string; color: string }> = {
  open: { label: '有效', color: 'green' },
  expired: { label: '已过期', color: 'default' },
  used: { label: '已使用', color: 'blue' },
  revoked: { label: '已吊销', color: 'default' },
  superseded: { label: '已被新激活码取代', color: 'default' },
}

/** An instant as Beijing time, minutes precision. */
function beijing(iso: string | null): string {
  if (!iso) return '—'
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

interface InviteForm {
  by: 'uscc' | 'entityId'
  value: string
  expiresAt?: string
}

function IssueCard({ onIssued }: { onIssued: () => void }) {
  const [params] = useSearchParams()
  const presetEntity = params.get('entityId') ?? ''
  const [issued, setIssued] = useState<IssuedInvitation | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const onFinish = async (values: InviteForm) => {
    setError(null)
    setIssued(null)
    setSubmitting(true)
    try {
      const body = {
        [values.by]: values.value.trim(),
        ...(values.expiresAt?.trim() ? { expiresAt: values.expiresAt.trim() } : {}),
      }
      setIssued(await api<IssuedInvitation>('/api/v1/subject/invitations', { method: 'POST', body }))
      onIssued()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <Card title="发放激活码" className="gx-block">
      <Typography.Paragraph type="secondary">
        为企业（或个人）发放一次性激活码，主体凭激活码在门户「账户激活」页面自设用户名和密码。默认 30
        天有效；再次发放时，此前未使用的激活码随之作废。
      </Typography.Paragraph>
      <Form<InviteForm>
        name="subject-invite"
        layout="vertical"
        requiredMark={false}
        initialValues={{ by: presetEntity ? 'entityId' : 'uscc', value: presetEntity }}
        onFinish={onFinish}
        disabled={submitting}
        style={{ maxWidth: 480 }}
      >
        <Form.Item label="按" name="by">
          <Radio.Group
            options={[
              { label: '统一社会信用代码', value: 'uscc' },
              { label: '主体编号（自然人用主体编号）', value: 'entityId' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="代码或编号"
          name="value"
          rules={[{ required: true, whitespace: true, message: '请输入统一社会信用代码或主体编号。' }]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item label="有效期至（可选，YYYY-MM-DD）" name="expiresAt">
          <Input maxLength={40} placeholder="不填为 30 天" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting}>
          发放激活码
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" style={{ marginTop: 16 }} /> : null}
      {issued ? (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 16 }}
          title="激活码已发放（只显示这一次，请复制后交给主体的法定代表人或本人）"
          description={
            <Space direction="vertical">
              <Typography.Text copyable={{ text: issued.code, tooltips: ['复制', '已复制'] }} strong code>
                <span data-testid="activation-code">{issued.code}</span>
              </Typography.Text>
              <span>
                主体编号 {issued.entityId}，有效期至 {beijing(issued.expiresAt)}（北京时间）
              </span>
            </Space>
          }
        />
      ) : null}
    </Card>
  )
}

function AgentQueue() {
  const { data, error, loading, reload } = useRequest(
    (signal) => api<{ items: Agent[] }>('/api/v1/subject/agents', { query: { state: 'pending' }, signal }),
    [],
  )
  const [rejecting, setRejecting] = useState<Agent | null>(null)
  const [reason, setReason] = useState('')
  const [actionError, setActionError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const act = async (agent: Agent, action: 'approve' | 'reject', body?: unknown) => {
    setActionError(null)
    setBusy(true)
    try {
      await api(`/api/v1/subject/agents/${agent.id}/${action}`, { method: 'POST', body })
      setRejecting(null)
      setReason('')
      reload()
    } catch (cause) {
      setActionError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<Agent> = [
    { title: '主体', key: 'entity', render: (_, a) => a.entityName ?? a.entityId },
    { title: '经办人', dataIndex: 'displayName', key: 'displayName', width: 140 },
    { title: '用户名', dataIndex: 'username', key: 'username', width: 160 },
    {
      title: '授权委托书',
      dataIndex: 'letterFileId',
      key: 'letterFileId',
      width: 120,
      render: (id: string) => (
        <a href={`/api/v1/files/${encodeURIComponent(id)}`} target="_blank" rel="noreferrer">
          查看
        </a>
      ),
    },
    { title: '申请时间', dataIndex: 'createdAt', key: 'createdAt', width: 160, render: beijing },
    {
      title: '操作',
      key: 'actions',
      width: 160,
      render: (_, a) => (
        <Space>
          <Button type="link" onClick={() => void act(a, 'approve')} disabled={busy}>
            通过
          </Button>
          <Button type="link" danger onClick={() => setRejecting(a)} disabled={busy}>
            退回
          </Button>
        </Space>
      ),
    },
  ]

  return (
    <Card
      title="经办人待审核"
      className="gx-block"
      extra={
        <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        主体账户添加的经办人须核对授权委托书后审核；审核通过前经办人不能登录，通过后以本单位名义办理。
      </Typography.Paragraph>
      {error || actionError ? <Alert type="error" showIcon title={error ?? actionError} className="gx-block" /> : null}
      <Table<Agent>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 900 }}
        locale={{ emptyText: '暂无待审核的经办人' }}
        pagination={{ defaultPageSize: 20, showTotal: (total) => `共 ${total} 条` }}
      />
      <Modal
        title={`退回经办人申请${rejecting ? `：${rejecting.displayName}` : ''}`}
        open={rejecting !== null}
        okText="退回"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: busy }}
        cancelText="取消"
        onOk={() => rejecting && void act(rejecting, 'reject', { reason: reason.trim() })}
        onCancel={() => setRejecting(null)}
      >
        <p>退回后该经办人账户不能登录，申请人将看到退回理由。</p>
        <Input.TextArea
          aria-label="退回理由"
          placeholder="请填写退回理由（如：授权委托书未加盖公章）"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          rows={3}
        />
      </Modal>
    </Card>
  )
}

function InvitationList({ tick }: { tick: number }) {
  const { data, error, loading } = useRequest(
    (signal) => api<{ items: Invitation[] }>('/api/v1/subject/invitations', { signal }),
    [tick],
  )
  const columns: TableColumnsType<Invitation> = [
    { title: '主体编号', dataIndex: 'entityId', key: 'entityId' },
    {
      title: '状态',
      dataIndex: 'state',
      key: 'state',
      width: 160,
      render: (s: Invitation['state']) => <Tag color={invitationStates[s].color}>{invitationStates[s].label}</Tag>,
    },
    { title: '有效期至', dataIndex: 'expiresAt', key: 'expiresAt', width: 160, render: beijing },
    { title: '发放时间', dataIndex: 'createdAt', key: 'createdAt', width: 160, render: beijing },
    { title: '使用时间', dataIndex: 'usedAt', key: 'usedAt', width: 160, render: beijing },
  ]
  return (
    <Card title="已发放的激活码" className="gx-block">
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<Invitation>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 800 }}
        pagination={{ defaultPageSize: 10, showTotal: (total) => `共 ${total} 条` }}
      />
    </Card>
  )
}

export function SubjectAccountsPage() {
  const [tick, setTick] = useState(0)
  return (
    <Page
      title="主体账户"
      description="为企业和个人发放账户激活码，审核主体添加的经办人。激活码只显示一次，平台只保存其摘要。"
    >
      <IssueCard onIssued={() => setTick((t) => t + 1)} />
      <AgentQueue />
      <InvitationList tick={tick} />
    </Page>
  )
}
