// 访问密钥: API keys for the systems that connect to the platform. Issued with a role, a department, optional scopes
// (a subset of the role's permissions) and an expiry; the key is shown once; the list shows the last use; revoking
// ends it at once.
import { useMemo, useState } from 'react'
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { api, errorMessage } from '../../../shared/api.js'
import { roleLabel } from '../../../shared/labels.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import '../../dayjs-zh.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { beijing, deptText, SecretOnce, useDepartments, useRoles } from './parts.js'
import type { ApiKeyView, CreatedApiKey } from './types.js'

interface KeyForm {
  name?: string
  role: string
  dept?: string | null
  scopes?: string[]
  expiresOn?: Dayjs | null
}

const statusTags: Record<ApiKeyView['status'], { label: string; color: string }> = {
  active: { label: '有效', color: 'green' },
  expired: { label: '已过期', color: 'default' },
  revoked: { label: '已吊销', color: 'red' },
}

export function ApiKeysPage() {
  const keys = useRequest((signal) => api<{ items: ApiKeyView[] }>('/api/v1/keys', { signal }), [])
  const users = useRequest(
    (signal) => api<{ items: { id: string; username: string }[] }>('/api/v1/users', { signal }),
    [],
  )
  const depts = useDepartments()
  const roles = useRoles()
  const [form] = Form.useForm<KeyForm>()
  const role = Form.useWatch('role', form)
  const [creating, setCreating] = useState(false)
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null)
  const [created, setCreated] = useState<(CreatedApiKey & { name: string }) | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const userNames = useMemo(() => new Map((users.data?.items ?? []).map((u) => [u.id, u.username])), [users.data])
  const keyRoles = useMemo(
    () =>
      roles.roles
        .filter((r) => r.principals?.includes('api_key'))
        .map((r) => ({ value: r.code ?? '', label: r.label ?? roleLabel(r.code) })),
    [roles.roles],
  )
  const chosen = roles.roles.find((r) => r.code === role)
  const scopeOptions = (chosen?.permissions ?? []).map((p) => ({
    value: p,
    label: `${roles.permissionLabels.get(p) ?? p}（${p}）`,
  }))

  const close = () => {
    setCreating(false)
    setRevoking(null)
    setError(null)
  }

  const create = async () => {
    const values = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      const answer = await api<CreatedApiKey>('/api/v1/keys', {
        method: 'POST',
        body: {
          name: values.name?.trim() ?? '',
          role: values.role,
          dept: values.dept ?? null,
          scopes: values.scopes ?? [],
          expiresAt: values.expiresOn ? values.expiresOn.format('YYYY-MM-DD') : null,
        },
      })
      setCreated({ ...answer, name: values.name?.trim() || '' })
      close()
      form.resetFields()
      keys.reload()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (key: ApiKeyView) => {
    setBusy(true)
    setError(null)
    try {
      await api(`/api/v1/keys/${key.id}`, { method: 'DELETE' })
      setNotice(`已吊销密钥「${key.name}」（${key.prefix}…），使用它的请求随即被拒绝。`)
      close()
      keys.reload()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<ApiKeyView> = [
    { title: '名称', dataIndex: 'name', key: 'name', width: 180 },
    { title: '角色', dataIndex: 'role', key: 'role', width: 110, render: (v: string) => <Tag>{roleLabel(v)}</Tag> },
    {
      title: '部门',
      dataIndex: 'dept',
      key: 'dept',
      width: 220,
      render: (v: string | null) => deptText(depts.names, v),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (v: ApiKeyView['status']) => <Tag color={statusTags[v].color}>{statusTags[v].label}</Tag>,
    },
    {
      title: '最近使用',
      dataIndex: 'lastUsedAt',
      key: 'lastUsedAt',
      width: 150,
      render: (v: string | null) => (v ? beijing(v) : <Typography.Text type="secondary">从未使用</Typography.Text>),
    },
    {
      title: '有效期至',
      dataIndex: 'expiresAt',
      key: 'expiresAt',
      width: 150,
      render: (v) => (v ? beijing(v) : '长期'),
    },
    {
      title: '权限范围',
      dataIndex: 'scopes',
      key: 'scopes',
      width: 200,
      render: (v: string[]) =>
        v.length === 0 ? (
          <Typography.Text type="secondary">角色的全部权限</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {v.map((s) => (
              <Tag key={s} title={s}>
                {roles.permissionLabels.get(s) ?? s}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: '密钥前缀',
      dataIndex: 'prefix',
      key: 'prefix',
      width: 140,
      render: (v: string) => <code className="gx-nowrap">{v}…</code>,
    },
    {
      title: '签发',
      key: 'created',
      width: 170,
      render: (_, k) => (
        <span>
          {beijing(k.createdAt)}
          <br />
          <Typography.Text type="secondary">
            {k.createdBy ? (userNames.get(k.createdBy) ?? '系统') : '系统'}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, k) =>
        k.status === 'active' ? (
          <Button type="link" size="small" danger onClick={() => setRevoking(k)}>
            吊销
          </Button>
        ) : null,
    },
  ]

  return (
    <Page
      title="访问密钥"
      description="对接系统（部门业务系统、其他信用平台）调用开放接口使用的 API 密钥。密钥只在签发时显示一次；吊销立即生效。"
      extra={
        <Space>
          <ReloadButton loading={keys.loading} onClick={keys.reload} />
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              setCreated(null)
              setNotice(null)
              form.resetFields()
              form.setFieldsValue({ role: 'provider' })
              setCreating(true)
            }}
          >
            签发密钥
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={keys.error ?? depts.error ?? roles.error} />
      {created ? (
        <SecretOnce
          title={`密钥「${created.name || created.role}」已签发（只显示这一次）`}
          secret={created.key}
          note={`请复制后配置到对接系统（请求头 Authorization: Bearer <密钥>）。角色：${roleLabel(created.role)}${
            created.dept ? `，部门：${deptText(depts.names, created.dept)}` : ''
          }；有效期至：${created.expiresAt ? beijing(created.expiresAt) : '长期'}。关闭或刷新本页后无法再次查看，遗失只能吊销后重新签发。`}
          testId="api-key"
        />
      ) : null}
      {notice ? (
        <Alert type="success" showIcon closable className="gx-block" title={notice} onClose={() => setNotice(null)} />
      ) : null}
      <Table<ApiKeyView>
        rowKey="id"
        columns={columns}
        dataSource={keys.data?.items ?? []}
        loading={keys.loading}
        size="middle"
        scroll={{ x: 1450 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 个密钥` }}
      />

      <Modal
        title="签发访问密钥"
        open={creating}
        okText="签发"
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={() => void create().catch(() => undefined)}
        onCancel={close}
        forceRender
      >
        <Form<KeyForm> form={form} layout="vertical" name="key-form" requiredMark={false}>
          <Form.Item label="名称" name="name" extra="说明用途，如「市场监管局业务系统」。">
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色。' }]}>
            <Select options={keyRoles} aria-label="角色" onChange={() => form.setFieldsValue({ scopes: [] })} />
          </Form.Item>
          <Form.Item
            label="所属部门"
            name="dept"
            rules={chosen?.requires?.includes('dept') ? [{ required: true, message: '该角色须指定所属部门。' }] : []}
          >
            <Select
              options={depts.options}
              aria-label="所属部门"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              placeholder={chosen?.requires?.includes('dept') ? '请选择部门' : '可不选'}
            />
          </Form.Item>
          <Form.Item label="权限范围" name="scopes" extra="不选则为该角色的全部权限；选择后密钥只能使用所选权限。">
            <Select
              mode="multiple"
              options={scopeOptions}
              aria-label="权限范围"
              allowClear
              placeholder="角色的全部权限"
            />
          </Form.Item>
          <Form.Item label="有效期至" name="expiresOn" extra="当日北京时间 24 时失效；不填为长期有效。">
            <DatePicker style={{ width: '100%' }} aria-label="有效期至" />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Modal>

      <Modal
        title={revoking ? `吊销密钥：${revoking.name}` : ''}
        open={revoking !== null}
        okText="吊销"
        cancelText="取消"
        okButtonProps={{ danger: true, loading: busy }}
        onOk={() => revoking && void revoke(revoking)}
        onCancel={close}
      >
        <p>
          吊销后，使用密钥 <code>{revoking?.prefix}…</code> 的请求立即被拒绝，且不能恢复；对接系统须改用新签发的密钥。
        </p>
        {error ? <Alert type="error" showIcon title={error} /> : null}
      </Modal>
    </Page>
  )
}
