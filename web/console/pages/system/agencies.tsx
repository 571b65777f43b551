// 信用服务机构: the agency registry (备案). Operators register agencies (USCC, filing number, business scope), change
// their status (备案 / 暂停 / 注销, with a reason), see their accounts and keys, add an agency account, and issue a
// key for an agency (shown once). docs/agencies.md.
import { useMemo, useState } from 'react'
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { api, errorMessage } from '../../../shared/api.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import '../../dayjs-zh.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { beijing, SecretOnce } from './parts.js'

type AgencyStatus = 'filed' | 'suspended' | 'cancelled'

interface Agency {
  id: string
  entityId: string
  uscc: string
  name: string
  filingNo: string
  businessScope: string
  filedOn: string | null
  status: AgencyStatus
  statusLabel: string
  statusReason: string | null
  statusChangedAt: string
  createdAt: string
}

interface AgencyPrincipal {
  kind: 'user' | 'api_key'
  id: string
  name: string
  displayName: string | null
  prefix: string | null
  status: string
}

interface AgencyDetail extends Agency {
  principals: AgencyPrincipal[]
  subjectsRead: number
}

interface RegisterForm {
  uscc: string
  name?: string
  filingNo: string
  businessScope: string
  filedOn?: Dayjs | null
}

interface StatusForm {
  status: AgencyStatus
  reason?: string
}

const statusTags: Record<AgencyStatus, { label: string; color: string }> = {
  filed: { label: '备案', color: 'green' },
  suspended: { label: '暂停', color: 'orange' },
  cancelled: { label: '注销', color: 'default' },
}

/** Which status may follow which (cancelled is final). */
const nextStatuses: Record<AgencyStatus, AgencyStatus[]> = {
  filed: ['suspended', 'cancelled'],
  suspended: ['filed', 'cancelled'],
  cancelled: [],
}

const principalStatus: Record<string, string> = {
  active: '有效',
  disabled: '已停用',
  expired: '已过期',
  revoked: '已吊销',
}

function StatusTag({ status }: { status: AgencyStatus }) {
  const t = statusTags[status]
  return <Tag color={t.color}>{t.label}</Tag>
}

export function AgenciesPage() {
  const [status, setStatus] = useState<AgencyStatus | ''>('')
  const agencies = useRequest(
    (signal) => api<{ items: Agency[] }>('/api/v1/agencies', { signal, query: { status: status || undefined } }),
    [status],
  )
  const users = useRequest(
    (signal) => api<{ items: { id: string; username: string; role: string }[] }>('/api/v1/users', { signal }),
    [],
  )
  const [filter, setFilter] = useState('')
  const [registering, setRegistering] = useState(false)
  const [changing, setChanging] = useState<Agency | null>(null)
  const [shown, setShown] = useState<AgencyDetail | null>(null)
  const [adding, setAdding] = useState<string | undefined>(undefined)
  const [issued, setIssued] = useState<{ key: string; agency: string } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [drawerError, setDrawerError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<RegisterForm>()
  const [statusForm] = Form.useForm<StatusForm>()
  const chosenStatus = Form.useWatch('status', statusForm)

  const rows = useMemo(() => {
    const items = agencies.data?.items ?? []
    const f = filter.trim()
    if (!f) return items
    return items.filter((a) => a.name.includes(f) || a.filingNo.includes(f) || a.uscc.includes(f.toUpperCase()))
  }, [agencies.data, filter])
  const agencyUsers = useMemo(
    () => (users.data?.items ?? []).filter((u) => u.role === 'agency').map((u) => ({ value: u.id, label: u.username })),
    [users.data],
  )

  const openDetail = async (a: Agency) => {
    setDrawerError(null)
    setIssued(null)
    setAdding(undefined)
    try {
      setShown(await api<AgencyDetail>(`/api/v1/agencies/${a.id}`))
    } catch (cause) {
      setNotice(null)
      setDrawerError(errorMessage(cause))
    }
  }

  const register = async () => {
    // a field left empty: the form shows why (nothing to send)
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    setBusy(true)
    setFormError(null)
    try {
      const created = await api<Agency>('/api/v1/agencies', {
        method: 'POST',
        body: {
          uscc: v.uscc.trim(),
          ...(v.name?.trim() ? { name: v.name.trim() } : {}),
          filingNo: v.filingNo.trim(),
          businessScope: v.businessScope.trim(),
          ...(v.filedOn ? { filedOn: v.filedOn.format('YYYY-MM-DD') } : {}),
        },
      })
      setRegistering(false)
      setNotice(`已备案信用服务机构「${created.name}」（备案编号 ${created.filingNo}）。`)
      agencies.reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const changeStatus = async () => {
    if (!changing) return
    const v = await statusForm.validateFields().catch(() => null)
    if (!v) return
    setBusy(true)
    setFormError(null)
    try {
      const after = await api<Agency>(`/api/v1/agencies/${changing.id}/status`, {
        method: 'PUT',
        body: { status: v.status, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) },
      })
      setChanging(null)
      setNotice(`「${after.name}」的备案状态已改为「${after.statusLabel}」。`)
      agencies.reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const addUser = async () => {
    if (!shown || !adding) return
    setBusy(true)
    setDrawerError(null)
    try {
      setShown(
        await api<AgencyDetail>(`/api/v1/agencies/${shown.id}/principals`, {
          method: 'POST',
          body: { userId: adding },
        }),
      )
      setAdding(undefined)
    } catch (cause) {
      setDrawerError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const issueKey = async () => {
    if (!shown) return
    setBusy(true)
    setDrawerError(null)
    try {
      const k = await api<{ key: string }>(`/api/v1/agencies/${shown.id}/keys`, { method: 'POST', body: {} })
      setIssued({ key: k.key, agency: shown.name })
      setShown(await api<AgencyDetail>(`/api/v1/agencies/${shown.id}`))
    } catch (cause) {
      setDrawerError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<Agency> = [
    { title: '备案编号', dataIndex: 'filingNo', key: 'filingNo', width: 200 },
    { title: '机构名称', dataIndex: 'name', key: 'name' },
    {
      title: '统一社会信用代码',
      dataIndex: 'uscc',
      key: 'uscc',
      width: 200,
      render: (v: string) => <span className="gx-nowrap">{v}</span>,
    },
    { title: '业务范围', dataIndex: 'businessScope', key: 'businessScope', ellipsis: true },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (v: AgencyStatus, a) => (
        <span title={a.statusReason ?? undefined}>
          <StatusTag status={v} />
        </span>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, a) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => void openDetail(a)}>
            详情
          </Button>
          {nextStatuses[a.status].length > 0 ? (
            <Button
              type="link"
              size="small"
              onClick={() => {
                setFormError(null)
                statusForm.resetFields()
                setChanging(a)
              }}
            >
              变更状态
            </Button>
          ) : null}
        </Space>
      ),
    },
  ]

  return (
    <Page
      title="信用服务机构"
      description="在本平台备案的信用服务机构。机构的账户和密钥只有在备案状态为「备案」时，才能经主体授权查询其信用记录；暂停、注销后不能查询任何信息。"
      extra={
        <Space>
          <ReloadButton loading={agencies.loading} onClick={agencies.reload} />
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              setFormError(null)
              form.resetFields()
              setRegistering(true)
            }}
          >
            机构备案
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={agencies.error ?? drawerError} />
      {notice ? (
        <Alert type="success" showIcon closable className="gx-block" title={notice} onClose={() => setNotice(null)} />
      ) : null}
      <div className="gx-toolbar">
        <Space wrap>
          <Input.Search
            aria-label="筛选机构"
            placeholder="按名称、备案编号或统一社会信用代码筛选"
            allowClear
            onSearch={setFilter}
            onChange={(event) => {
              if (!event.target.value) setFilter('')
            }}
            style={{ width: 320 }}
          />
          <Select<AgencyStatus | ''>
            aria-label="备案状态"
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            options={[
              { value: '', label: '全部状态' },
              { value: 'filed', label: '备案' },
              { value: 'suspended', label: '暂停' },
              { value: 'cancelled', label: '注销' },
            ]}
          />
        </Space>
      </div>
      <Table<Agency>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={agencies.loading}
        size="middle"
        scroll={{ x: 900 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 条` }}
      />

      <Modal
        title="机构备案"
        open={registering}
        okText="备案"
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={() => void register()}
        onCancel={() => setRegistering(false)}
        destroyOnHidden
      >
        {formError ? <Alert type="error" showIcon className="gx-block" title={formError} /> : null}
        <Form form={form} layout="vertical" name="agency-register">
          <Form.Item
            name="uscc"
            label="统一社会信用代码"
            rules={[{ required: true, message: '请填写统一社会信用代码' }]}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="name"
            label="机构名称"
            extra="该代码尚未登记为主体时必填（随备案登记主体）；已登记的主体沿用其名称。"
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="filingNo" label="备案编号" rules={[{ required: true, message: '请填写备案编号' }]}>
            <Input maxLength={64} placeholder="如 津信服备〔2026〕001号" />
          </Form.Item>
          <Form.Item name="businessScope" label="业务范围" rules={[{ required: true, message: '请填写业务范围' }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
          <Form.Item name="filedOn" label="备案日期">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        title={changing ? `变更备案状态：${changing.name}` : ''}
        open={changing !== null}
        okText="确定"
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={() => void changeStatus()}
        onCancel={() => setChanging(null)}
        destroyOnHidden
      >
        {formError ? <Alert type="error" showIcon className="gx-block" title={formError} /> : null}
        <Form form={statusForm} layout="vertical" name="agency-status">
          <Form.Item name="status" label="新的状态" rules={[{ required: true, message: '请选择状态' }]}>
            <Select
              options={(changing ? nextStatuses[changing.status] : []).map((s) => ({
                value: s,
                label: statusTags[s].label,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label="原因"
            rules={
              chosenStatus && chosenStatus !== 'filed' ? [{ required: true, message: '暂停、注销须说明原因' }] : []
            }
            extra={chosenStatus === 'cancelled' ? '注销后不能恢复；机构重新开展业务须重新备案。' : undefined}
          >
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </Form>
      </Modal>

      <Drawer
        title={shown ? shown.name : ''}
        open={shown !== null}
        onClose={() => setShown(null)}
        size="large"
        destroyOnHidden
      >
        {shown ? (
          <>
            {drawerError ? <Alert type="error" showIcon className="gx-block" title={drawerError} /> : null}
            {issued ? (
              <SecretOnce
                title={`已为「${issued.agency}」签发接口密钥`}
                secret={issued.key}
                note="密钥只显示这一次，请立即交给该机构妥善保存；用法：Authorization: Bearer gx_…"
                testId="agency-key"
              />
            ) : null}
            <Descriptions column={1} size="small" bordered className="gx-block">
              <Descriptions.Item label="备案编号">{shown.filingNo}</Descriptions.Item>
              <Descriptions.Item label="统一社会信用代码">{shown.uscc}</Descriptions.Item>
              <Descriptions.Item label="业务范围">{shown.businessScope}</Descriptions.Item>
              <Descriptions.Item label="备案日期">{shown.filedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="状态">
                <StatusTag status={shown.status} />
                {shown.statusReason ? `原因：${shown.statusReason}` : null}（{beijing(shown.statusChangedAt)}）
              </Descriptions.Item>
              <Descriptions.Item label="近 12 个月查询的主体">{shown.subjectsRead} 个</Descriptions.Item>
            </Descriptions>
            <Table<AgencyPrincipal>
              rowKey="id"
              size="small"
              pagination={false}
              className="gx-block"
              aria-label="机构账户和密钥"
              dataSource={shown.principals}
              locale={{ emptyText: '还没有账户或密钥归属本机构' }}
              columns={[
                {
                  title: '类型',
                  dataIndex: 'kind',
                  key: 'kind',
                  width: 80,
                  render: (v: string) => (v === 'user' ? '账户' : '密钥'),
                },
                {
                  title: '名称',
                  key: 'name',
                  render: (_, p) => (p.kind === 'api_key' ? `${p.name}（${p.prefix ?? ''}…）` : p.name),
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  key: 'status',
                  width: 90,
                  render: (v: string) => principalStatus[v] ?? v,
                },
              ]}
            />
            <Space wrap>
              <Select
                aria-label="机构账户"
                placeholder="选择角色为信用服务机构的账户"
                style={{ width: 260 }}
                value={adding}
                onChange={setAdding}
                options={agencyUsers}
                showSearch
              />
              <Button onClick={() => void addUser()} disabled={!adding} loading={busy}>
                归属本机构
              </Button>
              <Button onClick={() => void issueKey()} loading={busy} disabled={shown.status === 'cancelled'}>
                签发接口密钥
              </Button>
            </Space>
          </>
        ) : null}
      </Drawer>
    </Page>
  )
}
