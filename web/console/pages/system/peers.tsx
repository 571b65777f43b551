// 对接平台 (peer platforms, docs/federation.md): the operator's registry of the platforms this one exchanges with -
// platform id, address, classes exchanged, the last successful sync, the lag (entries still to come and time since
// the last success), the last error; register a peer (its read key shown once), edit it, disable or enable it, and
// pull it now.
import { useMemo, useState } from 'react'
import { Alert, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useClasses } from '../catalog/lookups.js'
import { beijing, SecretOnce } from './parts.js'

interface Peer {
  id: string
  name: string
  platformId: string
  url: string
  dept: string
  classes: string[]
  measureClasses: string[]
  pulls: boolean
  serves: boolean
  status: string
  cursor: string
  received: number
  behind: number | null
  lastPullAt: string | null
  lastSuccessAt: string | null
  lastError: string | null
}

interface PullResult {
  peer: string
  status: 'ok' | 'unreachable' | 'refused'
  applied: number
  rejected: number
  error: string | null
}

interface AddForm {
  name: string
  platformId: string
  url: string
  publicKeyPem: string
  classes: string[]
  measureClasses?: string[]
  uscc: string
  deptName?: string
  pullKey?: string
  serve: boolean
}

interface EditForm {
  url: string
  classes: string[]
  measureClasses?: string[]
  pullKey?: string
  dropPullKey?: boolean
}

/** A duration as the person reads it: 刚刚, N 分钟, N 小时, N 天. */
export function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return '不到 1 分钟'
  if (minutes < 60) return `${minutes} 分钟`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} 小时`
  return `${Math.floor(hours / 24)} 天`
}

/** The lag: entries the peer still had for us and how long since the last successful sync. */
function LagCell({ peer, now }: { peer: Peer; now: number }) {
  if (!peer.pulls) return <Typography.Text type="secondary">不从对方拉取</Typography.Text>
  if (!peer.lastSuccessAt) return <Typography.Text type="secondary">尚未同步</Typography.Text>
  const since = durationText(now - Date.parse(peer.lastSuccessAt))
  if (peer.behind === 0 && !peer.lastError) return <Tag color="green">{`已追平（${since}前）`}</Tag>
  const entries = peer.behind === null ? '条数未知' : `待同步 ${peer.behind >= 100_000 ? '100000+' : peer.behind} 条`
  return <Tag color="orange">{`${entries}，滞后 ${since}`}</Tag>
}

export function PeersPage() {
  const peers = useRequest((signal) => api<{ items: Peer[] }>('/api/v1/federation/peers', { signal }), [])
  const classes = useClasses()
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<Peer | null>(null)
  const [toggling, setToggling] = useState<Peer | null>(null)
  const [reason, setReason] = useState('')
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null)
  const [notice, setNotice] = useState<{ type: 'success' | 'warning'; text: string } | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [addForm] = Form.useForm<AddForm>()
  const [editForm] = Form.useForm<EditForm>()
  // biome-ignore lint/correctness/useExhaustiveDependencies: the lag's time is read again with each answer
  const now = useMemo(() => Date.now(), [peers.data])
  const classOptions = useMemo(
    () =>
      classes.classes
        .filter((c) => c.scope !== 'authorized')
        .map((c) => ({ value: c.code, label: c.nameZh, title: c.code })),
    [classes.classes],
  )

  const add = async () => {
    const v = await addForm.validateFields().catch(() => null)
    if (!v) return
    setBusy('add')
    setFormError(null)
    try {
      const r = await api<{ peer: Peer; apiKey: string | null }>('/api/v1/federation/peers', {
        method: 'POST',
        body: {
          name: v.name.trim(),
          platformId: v.platformId.trim(),
          url: v.url.trim(),
          publicKeyPem: v.publicKeyPem.trim(),
          classes: v.classes,
          ...(v.measureClasses?.length ? { measureClasses: v.measureClasses } : {}),
          uscc: v.uscc.trim().toUpperCase(),
          ...(v.deptName?.trim() ? { deptName: v.deptName.trim() } : {}),
          ...(v.pullKey?.trim() ? { pullKey: v.pullKey.trim() } : {}),
          serve: v.serve,
        },
      })
      setAdding(false)
      setIssued(r.apiKey ? { name: r.peer.name, key: r.apiKey } : null)
      setNotice({ type: 'success', text: `已登记对接平台「${r.peer.name}」（${r.peer.platformId}）。` })
      peers.reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    } finally {
      setBusy(null)
    }
  }

  const edit = async () => {
    if (!editing) return
    const v = await editForm.validateFields().catch(() => null)
    if (!v) return
    setBusy('edit')
    setFormError(null)
    try {
      const p = await api<Peer>(`/api/v1/federation/peers/${editing.name}`, {
        method: 'PATCH',
        body: {
          url: v.url.trim(),
          classes: v.classes,
          measureClasses: v.measureClasses ?? [],
          ...(v.dropPullKey ? { pullKey: null } : v.pullKey?.trim() ? { pullKey: v.pullKey.trim() } : {}),
        },
      })
      setEditing(null)
      setNotice({ type: 'success', text: `已修改对接平台「${p.name}」。` })
      peers.reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    } finally {
      setBusy(null)
    }
  }

  const toggle = async () => {
    if (!toggling) return
    const verb = toggling.status === 'active' ? 'disable' : 'enable'
    setBusy('toggle')
    setFormError(null)
    try {
      const p = await api<Peer>(`/api/v1/federation/peers/${toggling.name}/${verb}`, {
        method: 'POST',
        body: reason.trim() ? { reason: reason.trim() } : {},
      })
      setToggling(null)
      setNotice({ type: 'success', text: `对接平台「${p.name}」${p.status === 'active' ? '已启用' : '已停用'}。` })
      peers.reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    } finally {
      setBusy(null)
    }
  }

  const pull = async (p: Peer) => {
    setBusy(`pull:${p.name}`)
    setNotice(null)
    try {
      const r = await api<PullResult>(`/api/v1/federation/peers/${p.name}/pull`, { method: 'POST', body: {} })
      setNotice(
        r.status === 'ok'
          ? {
              type: 'success',
              text: `已从「${p.name}」拉取 ${r.applied} 条${r.rejected ? `（其中 ${r.rejected} 条未入库）` : ''}，已追平。`,
            }
          : { type: 'warning', text: r.error ?? `从「${p.name}」拉取未完成。` },
      )
    } catch (cause) {
      setNotice({ type: 'warning', text: errorMessage(cause) })
    } finally {
      setBusy(null)
      peers.reload()
    }
  }

  const columns: TableColumnsType<Peer> = [
    {
      title: '对接平台',
      key: 'name',
      width: 200,
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{p.name}</Typography.Text>
          <Typography.Text type="secondary">{p.platformId}</Typography.Text>
        </Space>
      ),
    },
    { title: '地址', dataIndex: 'url', key: 'url', width: 200, ellipsis: { showTitle: true } },
    {
      title: '交换类别',
      dataIndex: 'classes',
      key: 'classes',
      render: (v: string[], p) => (
        <Space size={[0, 4]} wrap>
          {v.map((c) => (
            <Tooltip key={c} title={p.measureClasses.includes(c) ? '来自对方的名单条目触发本地奖惩措施' : undefined}>
              <Tag color={p.measureClasses.includes(c) ? 'blue' : undefined}>{classes.nameOf(c)}</Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (v: string) => (v === 'active' ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    {
      title: '最近成功同步',
      dataIndex: 'lastSuccessAt',
      key: 'lastSuccessAt',
      width: 150,
      render: (v: string | null, p) => (
        <Tooltip title={`最近一次拉取：${beijing(p.lastPullAt)}；累计接收 ${p.received} 条`}>
          <span>{beijing(v)}</span>
        </Tooltip>
      ),
    },
    { title: '同步滞后', key: 'lag', width: 200, render: (_, p) => <LagCell peer={p} now={now} /> },
    {
      title: '最近错误',
      dataIndex: 'lastError',
      key: 'lastError',
      ellipsis: true,
      render: (v: string | null) =>
        v ? (
          <Tooltip title={v}>
            <Typography.Text type="danger">{v}</Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, p) => (
        <Space size={0} wrap>
          {p.pulls && p.status === 'active' ? (
            <Button type="link" size="small" loading={busy === `pull:${p.name}`} onClick={() => void pull(p)}>
              立即拉取
            </Button>
          ) : null}
          <Button
            type="link"
            size="small"
            onClick={() => {
              setFormError(null)
              editForm.setFieldsValue({
                url: p.url,
                classes: p.classes,
                measureClasses: p.measureClasses,
                pullKey: '',
                dropPullKey: false,
              })
              setEditing(p)
            }}
          >
            修改
          </Button>
          <Button
            type="link"
            size="small"
            danger={p.status === 'active'}
            onClick={() => {
              setFormError(null)
              setReason('')
              setToggling(p)
            }}
          >
            {p.status === 'active' ? '停用' : '启用'}
          </Button>
        </Space>
      ),
    },
  ]

  const chosen = Form.useWatch('classes', addForm) ?? []
  const chosenEdit = Form.useWatch('classes', editForm) ?? []

  return (
    <Page
      title="对接平台"
      description="与本平台交换信用信息的其他平台（全国平台、省市平台）：交换的信息类别、最近一次成功同步、同步滞后和最近的错误。每条交换数据都经签名核验；停用后既不向对方提供数据，也不拉取对方数据。"
      extra={
        <Space>
          <ReloadButton loading={peers.loading} onClick={peers.reload} />
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              setFormError(null)
              addForm.resetFields()
              setAdding(true)
            }}
          >
            登记对接平台
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={peers.error} />
      {notice ? (
        <Alert
          type={notice.type}
          showIcon
          closable
          className="gx-block"
          title={notice.text}
          onClose={() => setNotice(null)}
        />
      ) : null}
      {issued ? (
        <SecretOnce
          title={`对接平台「${issued.name}」读取本平台交换数据的密钥，只显示这一次：`}
          secret={issued.key}
          note="请通过安全渠道交给对方平台的运维人员，由对方登记为拉取本平台的密钥。"
          testId="peer-key"
        />
      ) : null}
      <Table<Peer>
        rowKey="id"
        columns={columns}
        dataSource={peers.data?.items ?? []}
        loading={peers.loading}
        pagination={false}
        scroll={{ x: 1400 }}
        locale={{ emptyText: '还没有登记对接平台' }}
      />
      <Modal
        title="登记对接平台"
        open={adding}
        onCancel={() => setAdding(false)}
        onOk={() => void add()}
        okText="登记"
        cancelText="取消"
        confirmLoading={busy === 'add'}
        destroyOnHidden
        width={640}
      >
        <ErrorAlert error={formError} />
        <Form form={addForm} layout="vertical" name="peer-add" initialValues={{ serve: true }}>
          <Form.Item
            name="name"
            label="简称"
            extra="小写字母、数字或连字符，如 beijing、hebei-xa。"
            rules={[
              { required: true, pattern: /^[a-z0-9][a-z0-9-]{1,23}$/, message: '2 到 24 位小写字母、数字或连字符' },
            ]}
          >
            <Input maxLength={24} />
          </Form.Item>
          <Form.Item
            name="platformId"
            label="平台标识"
            extra="由对方提供（其 /api/v1/federation/platform）。"
            rules={[{ required: true, whitespace: true, message: '请填写对方的平台标识' }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="url"
            label="服务地址"
            rules={[{ required: true, type: 'url', message: '请填写 https:// 开头的地址' }]}
          >
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item
            name="publicKeyPem"
            label="签名公钥"
            extra="对方的 Ed25519 公钥（PEM，以 -----BEGIN PUBLIC KEY----- 开头）。"
            rules={[{ required: true, whitespace: true, message: '请粘贴对方的签名公钥' }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item
            name="classes"
            label="交换类别"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个类别' }]}
          >
            <Select mode="multiple" options={classOptions} optionFilterProp="label" loading={classes.loading} />
          </Form.Item>
          <Form.Item
            name="measureClasses"
            label="触发本地措施的名单类别"
            extra="来自对方的名单条目是否计入本地联合奖惩。"
          >
            <Select
              mode="multiple"
              allowClear
              options={classOptions.filter((o) => chosen.includes(o.value))}
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item
            name="uscc"
            label="运营单位统一社会信用代码"
            extra="对方的记录在本平台以该单位名义保存。"
            rules={[{ required: true, whitespace: true, message: '请填写统一社会信用代码' }]}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="deptName" label="部门名称（可选）" extra="默认「对接平台：简称」。">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="pullKey" label="对方签发的读取密钥（可选）" extra="不填：不从对方拉取。">
            <Input.Password autoComplete="off" />
          </Form.Item>
          <Form.Item name="serve" label="签发读取密钥，允许对方拉取本平台数据" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={editing ? `修改对接平台「${editing.name}」` : ''}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void edit()}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy === 'edit'}
        width={640}
      >
        <ErrorAlert error={formError} />
        <Form form={editForm} layout="vertical" name="peer-edit">
          <Form.Item
            name="url"
            label="服务地址"
            rules={[{ required: true, type: 'url', message: '请填写 https:// 开头的地址' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="classes"
            label="交换类别"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个类别' }]}
          >
            <Select mode="multiple" options={classOptions} optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="measureClasses" label="触发本地措施的名单类别">
            <Select
              mode="multiple"
              allowClear
              options={classOptions.filter((o) => chosenEdit.includes(o.value))}
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item
            name="pullKey"
            label="对方新签发的读取密钥"
            extra={editing?.pulls ? '不填：保留现有密钥。' : '目前不从对方拉取；填写后开始拉取。'}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
          {editing?.pulls ? (
            <Form.Item name="dropPullKey" label="删除读取密钥（不再从对方拉取）" valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal
        title={toggling ? `${toggling.status === 'active' ? '停用' : '启用'}对接平台「${toggling.name}」` : ''}
        open={toggling !== null}
        onCancel={() => setToggling(null)}
        onOk={() => void toggle()}
        okText={toggling?.status === 'active' ? '停用' : '启用'}
        okButtonProps={{ danger: toggling?.status === 'active' }}
        cancelText="取消"
        confirmLoading={busy === 'toggle'}
      >
        <ErrorAlert error={formError} />
        <Typography.Paragraph>
          {toggling?.status === 'active'
            ? '停用后不再向对方提供交换数据，也不再拉取对方数据；已收到的记录保留。'
            : '启用后恢复交换，下一次拉取从上次的游标继续。'}
        </Typography.Paragraph>
        <Input.TextArea
          aria-label="原因"
          placeholder="原因（记入审计日志）"
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Page>
  )
}
