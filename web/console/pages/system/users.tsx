// 用户: the console's accounts. Operators create them, edit role and bindings, disable and enable them (with a
// reason), reset a password (a temporary one shown once) and lift a login wait.
import { useMemo, useState } from 'react'
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import { roleLabel } from '../../../shared/labels.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { beijing, deptText, SecretOnce, useDepartments, useRoles } from './parts.js'
import type { PasswordReset, UserSummary, UserView } from './types.js'

interface UserForm {
  username?: string
  displayName?: string
  role: string
  dept?: string | null
  district?: string | null
  entityId?: string | null
  password?: string
}

/** A temporary password typed by nobody: four groups of readable characters. */
function temporaryPassword(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz'
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length])
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-')
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserSummary }
  | { kind: 'disable'; user: UserSummary }
  | { kind: 'reset'; user: UserSummary }
  | null

function statusTags(u: UserSummary) {
  return (
    <Space size={4} wrap>
      {u.disabled ? <Tag>已停用</Tag> : <Tag color="green">启用</Tag>}
      {u.lockedUntil ? (
        <Tag color="orange" title={`登录须等待至 ${beijing(u.lockedUntil)}`}>
          登录受限
        </Tag>
      ) : null}
    </Space>
  )
}

export function UsersPage() {
  const me = useUser()
  const users = useRequest((signal) => api<{ items: UserSummary[] }>('/api/v1/users', { signal }), [])
  const depts = useDepartments()
  const roles = useRoles()
  const [dialog, setDialog] = useState<Dialog>(null)
  const [filter, setFilter] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [form] = Form.useForm<UserForm>()
  const role = Form.useWatch('role', form)

  const userRoles = useMemo(
    () =>
      roles.roles
        .filter((r) => r.principals?.includes('user'))
        .map((r) => ({ value: r.code ?? '', label: r.label ?? roleLabel(r.code) })),
    [roles.roles],
  )
  const requires = roles.roles.find((r) => r.code === role)?.requires ?? []

  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase()
    const items = users.data?.items ?? []
    if (!f) return items
    return items.filter(
      (u) =>
        u.username.includes(f) ||
        u.displayName.toLowerCase().includes(f) ||
        (u.dept ?? '').toLowerCase().includes(f) ||
        (depts.names.get(u.dept ?? '') ?? '').includes(f),
    )
  }, [users.data, filter, depts.names])

  const close = () => {
    setDialog(null)
    setError(null)
    setReason('')
    form.resetFields()
  }

  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
      close()
      users.reload()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const open = (next: Dialog) => {
    setSecret(null)
    setNotice(null)
    setError(null)
    form.resetFields()
    if (next?.kind === 'edit')
      form.setFieldsValue({
        displayName: next.user.displayName,
        role: next.user.role,
        dept: next.user.dept,
        district: next.user.district,
        entityId: next.user.entityId,
      })
    if (next?.kind === 'create') form.setFieldsValue({ role: 'provider', password: temporaryPassword() })
    setDialog(next)
  }

  const submitForm = async () => {
    const values = await form.validateFields()
    const bindings = {
      dept: requires.includes('dept') || values.dept ? (values.dept ?? null) : null,
      district: values.district?.trim() || null,
      entityId: requires.includes('entity') ? values.entityId?.trim() || null : null,
    }
    if (dialog?.kind === 'create') {
      await run(async () => {
        const created = await api<UserView>('/api/v1/users', {
          method: 'POST',
          body: {
            username: values.username?.trim() ?? '',
            displayName: values.displayName?.trim() ?? '',
            role: values.role,
            password: values.password ?? '',
            ...bindings,
          },
        })
        setSecret({ username: created.username, password: values.password ?? '' })
      })
    } else if (dialog?.kind === 'edit') {
      const user = dialog.user
      await run(async () => {
        await api(`/api/v1/users/${user.id}`, {
          method: 'PATCH',
          body: { displayName: values.displayName ?? '', role: values.role, ...bindings },
        })
        setNotice(`已保存用户 ${user.username} 的修改，新的角色和部门从其下一次操作起生效。`)
      })
    }
  }

  const setEnabled = (user: UserSummary, enabled: boolean) =>
    run(async () => {
      await api(`/api/v1/users/${user.id}/${enabled ? 'enable' : 'disable'}`, {
        method: 'POST',
        body: reason.trim() ? { reason: reason.trim() } : {},
      })
      setNotice(enabled ? `已启用用户 ${user.username}。` : `已停用用户 ${user.username}，其已登录的会话随即失效。`)
    })

  const unlock = (user: UserSummary) =>
    run(async () => {
      await api(`/api/v1/users/${user.id}/unlock`, { method: 'POST', body: {} })
      setNotice(`已解除用户 ${user.username} 的登录限制。`)
    })

  const reset = (user: UserSummary) =>
    run(async () => {
      const r = await api<PasswordReset>(`/api/v1/users/${user.id}/password`, { method: 'POST', body: {} })
      if (r.password) setSecret({ username: r.username, password: r.password })
    })

  const columns: TableColumnsType<UserSummary> = [
    {
      title: '用户名',
      dataIndex: 'username',
      key: 'username',
      width: 160,
      render: (v: string) => <span className="gx-nowrap">{v}</span>,
    },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName', width: 140 },
    {
      title: '角色',
      dataIndex: 'role',
      key: 'role',
      width: 120,
      render: (v: string) => <Tag>{roleLabel(v)}</Tag>,
    },
    {
      title: '所属部门',
      dataIndex: 'dept',
      key: 'dept',
      render: (v: string | null) => deptText(depts.names, v),
    },
    { title: '区县', dataIndex: 'district', key: 'district', width: 90, render: (v: string | null) => v || '—' },
    {
      title: '绑定主体',
      dataIndex: 'entityId',
      key: 'entityId',
      width: 120,
      render: (v: string | null) =>
        v ? (
          <Typography.Text copyable={{ text: v }} title={v} className="gx-nowrap">
            <code>{v.slice(0, 8)}</code>
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: '状态', key: 'status', width: 150, render: (_, u) => statusTags(u) },
    { title: '最近登录', dataIndex: 'lastLoginAt', key: 'lastLoginAt', width: 150, render: beijing },
    {
      title: '操作',
      key: 'actions',
      width: 280,
      fixed: 'right',
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => open({ kind: 'edit', user: u })}>
            编辑
          </Button>
          <Button type="link" size="small" onClick={() => open({ kind: 'reset', user: u })}>
            重置密码
          </Button>
          {u.lockedUntil ? (
            <Button type="link" size="small" onClick={() => void unlock(u)} disabled={busy}>
              解除限制
            </Button>
          ) : null}
          {u.disabled ? (
            <Button type="link" size="small" onClick={() => void setEnabled(u, true)} disabled={busy}>
              启用
            </Button>
          ) : u.id !== me.id ? (
            <Button type="link" size="small" danger onClick={() => open({ kind: 'disable', user: u })}>
              停用
            </Button>
          ) : null}
        </Space>
      ),
    },
  ]

  const formOpen = dialog?.kind === 'create' || dialog?.kind === 'edit'
  const editing = dialog?.kind === 'edit' ? dialog.user : null

  return (
    <Page
      title="用户"
      description="控制台和门户的登录账户。角色决定能做什么；数据提供、数据使用角色须指定所属部门，信用主体账户须绑定主体。"
      extra={
        <Space>
          <ReloadButton loading={users.loading} onClick={users.reload} />
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open({ kind: 'create' })}>
            新增用户
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={users.error ?? depts.error ?? roles.error} />
      {secret ? (
        <SecretOnce
          title={`用户 ${secret.username} 的密码（只显示这一次）`}
          secret={secret.password}
          note="请复制后当面或通过安全渠道交给本人，并提醒其登录后妥善保管；关闭或刷新本页后无法再次查看。"
          testId="user-password"
        />
      ) : null}
      {notice ? (
        <Alert type="success" showIcon closable className="gx-block" title={notice} onClose={() => setNotice(null)} />
      ) : null}
      <div className="gx-toolbar">
        <Input.Search
          aria-label="筛选用户"
          placeholder="按用户名、姓名或部门筛选"
          allowClear
          onSearch={setFilter}
          onChange={(event) => {
            if (!event.target.value) setFilter('')
          }}
          style={{ maxWidth: 360 }}
        />
      </div>
      <Table<UserSummary>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={users.loading}
        size="middle"
        scroll={{ x: 1400 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 个用户` }}
      />

      <Modal
        title={editing ? `编辑用户：${editing.username}` : '新增用户'}
        open={formOpen}
        okText={editing ? '保存' : '创建用户'}
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={() => void submitForm().catch(() => undefined)}
        onCancel={close}
        destroyOnHidden
        forceRender
      >
        <Form<UserForm> form={form} layout="vertical" name="user-form" requiredMark={false}>
          {editing ? null : (
            <Form.Item
              label="用户名"
              name="username"
              extra="用于登录和审计日志，创建后不能修改；2-64 位字母、数字或 . _ @ -。"
              rules={[{ required: true, whitespace: true, message: '请填写用户名。' }]}
            >
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item label="姓名（显示名称）" name="displayName">
            <Input maxLength={64} autoComplete="off" placeholder="不填则显示用户名" />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色。' }]}>
            <Select options={userRoles} aria-label="角色" disabled={editing?.id === me.id} />
          </Form.Item>
          <Form.Item
            label="所属部门"
            name="dept"
            rules={requires.includes('dept') ? [{ required: true, message: '该角色须指定所属部门。' }] : []}
          >
            <Select
              options={depts.options}
              aria-label="所属部门"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              placeholder={requires.includes('dept') ? '请选择部门' : '可不选'}
            />
          </Form.Item>
          <Form.Item
            label="区县（6 位行政区划代码）"
            name="district"
            extra="不填则按所属部门的区县。"
            rules={[{ pattern: /^\d{6}$/, message: '应为 6 位数字，例如 120101。' }]}
          >
            <Input maxLength={6} autoComplete="off" />
          </Form.Item>
          {requires.includes('entity') ? (
            <Form.Item
              label="绑定主体（主体编号）"
              name="entityId"
              rules={[{ required: true, whitespace: true, message: '信用主体账户须绑定主体。' }]}
            >
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
          ) : null}
          {editing ? null : (
            <Form.Item label="初始密码" extra="已生成临时密码，创建后只显示一次；也可自行填写（至少 10 个字符）。">
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="password"
                  noStyle
                  rules={[{ required: true, min: 10, message: '密码至少 10 个字符。' }]}
                >
                  <Input maxLength={128} autoComplete="new-password" aria-label="初始密码" />
                </Form.Item>
                <Button onClick={() => form.setFieldsValue({ password: temporaryPassword() })}>重新生成</Button>
              </Space.Compact>
            </Form.Item>
          )}
        </Form>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Modal>

      <Modal
        title={dialog?.kind === 'disable' ? `停用用户：${dialog.user.username}` : ''}
        open={dialog?.kind === 'disable'}
        okText="停用"
        cancelText="取消"
        okButtonProps={{ danger: true, loading: busy, disabled: reason.trim().length < 2 }}
        onOk={() => dialog?.kind === 'disable' && void setEnabled(dialog.user, false)}
        onCancel={close}
      >
        <p>停用后该用户不能登录，已登录的会话立即失效；其历史操作记录保留。可随时重新启用。</p>
        <Input.TextArea
          aria-label="停用原因"
          placeholder="请填写停用原因（如：调离岗位），记入审计日志"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          rows={3}
        />
        {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      </Modal>

      <Modal
        title={dialog?.kind === 'reset' ? `重置密码：${dialog.user.username}` : ''}
        open={dialog?.kind === 'reset'}
        okText="重置密码"
        cancelText="取消"
        okButtonProps={{ danger: true, loading: busy }}
        onOk={() => dialog?.kind === 'reset' && void reset(dialog.user)}
        onCancel={close}
      >
        <p>将生成一个临时密码（只显示一次），原密码随即失效，该用户已登录的会话全部退出。</p>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Modal>
    </Page>
  )
}
