// 监测预警 (信用监测预警, docs/watches.md): the department's watch lists - create one (entities, event types, an
// optional webhook whose signing secret is shown once), see its events with each one's delivery to the webhook
// (已推送 / 待推送 / 重试中 / 推送失败), the dead letters, and replay from a dead letter or from a chosen event.
import { useMemo, useState } from 'react'
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useClasses } from '../catalog/lookups.js'
import { beijing, SecretOnce } from '../system/parts.js'

/** The event types a watch subscribes to (WATCH_EVENT_TYPES of the watches module), with their labels. */
export const watchEventLabels: Readonly<Record<string, string>> = {
  'record.created': '新增信用记录',
  'record.corrected': '信用记录更正',
  'record.revoked': '信用记录撤销',
  'record.repaired': '信用修复',
  'list.entered': '列入名单',
  'list.exited': '移出名单',
  'mark.opened': '异议标注',
  'grade.changed': '信用等级变化',
  alert: '预警',
}

interface DeliveryStatus {
  cursor: string
  backlog: number
  delivered: number
  lastDeliveredAt: string | null
  attempts: number
  nextAttemptAt: string | null
  lastError: string | null
  deadLetters: number
}

interface Watch {
  id: string
  name: string
  events: string[]
  entityCount: number
  webhook: { url: string } | null
  createdAt: string
  startCursor: string
  delivery: DeliveryStatus | null
}

interface WatchEvent {
  id: string
  type: string
  occurredAt: string
  entityId: string
  data: Record<string, unknown>
  cursor: string
}

interface DeadLetter {
  id: string
  eventId: string
  cursor: string
  attempts: number
  lastError: string | null
  deadAt: string
  replayedAt: string | null
}

type Delivery = 'delivered' | 'pending' | 'retrying' | 'dead'

const deliveryTags: Record<Delivery, { label: string; color: string }> = {
  delivered: { label: '已推送', color: 'green' },
  pending: { label: '待推送', color: 'default' },
  retrying: { label: '重试中', color: 'orange' },
  dead: { label: '推送失败', color: 'red' },
}

/**
 * An event's delivery to the webhook, from the watch's cursor (everything up to it went out or was given up), its
 * dead letters (given up, not replayed) and the attempts on the event just after the cursor.
 */
export function deliveryOf(ev: WatchEvent, status: DeliveryStatus, dead: ReadonlyMap<string, DeadLetter>): Delivery {
  const c = Number(ev.cursor)
  const d = dead.get(ev.cursor)
  if (d && d.replayedAt === null && c <= Number(status.cursor)) return 'dead'
  if (c <= Number(status.cursor)) return 'delivered'
  return 'pending'
}

interface CreateForm {
  name: string
  entities: string
  events: string[]
  url?: string
}

const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

export function WatchesPage() {
  const watches = useRequest((signal) => api<{ items: Watch[] }>('/api/v1/watches', { signal }), [])
  const classes = useClasses()
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<{ name: string; secret: string; webhook: boolean } | null>(null)
  const [shown, setShown] = useState<Watch | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<CreateForm>()

  const create = async () => {
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    const entities = v.entities
      .split(/[\s,，]+/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (USCC_RE.test(s.toUpperCase()) ? { uscc: s.toUpperCase() } : { entityId: s }))
    setBusy(true)
    setFormError(null)
    try {
      const w = await api<Watch & { secret: string }>('/api/v1/watches', {
        method: 'POST',
        body: {
          name: v.name.trim(),
          entities,
          events: v.events,
          ...(v.url?.trim() ? { webhook: { url: v.url.trim() } } : {}),
        },
      })
      setCreating(false)
      setCreated({ name: w.name, secret: w.secret, webhook: w.webhook !== null })
      watches.reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const remove = async (w: Watch) => {
    try {
      await api(`/api/v1/watches/${w.id}`, { method: 'DELETE' })
      setNotice(`已删除监测名单「${w.name}」。`)
      watches.reload()
    } catch (cause) {
      setNotice(errorMessage(cause))
    }
  }

  const columns: TableColumnsType<Watch> = [
    { title: '名称', dataIndex: 'name', key: 'name' },
    { title: '主体数', dataIndex: 'entityCount', key: 'entityCount', width: 80 },
    {
      title: '监测事件',
      dataIndex: 'events',
      key: 'events',
      render: (v: string[]) => (
        <Space size={[0, 4]} wrap>
          {v.map((e) => (
            <Tag key={e}>{watchEventLabels[e] ?? e}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '推送',
      key: 'delivery',
      render: (_, w) =>
        w.webhook && w.delivery ? (
          <Space size={[4, 4]} wrap>
            <Tag color="green">{`已推送 ${w.delivery.delivered}`}</Tag>
            {w.delivery.backlog > 0 ? <Tag>{`待推送 ${w.delivery.backlog}`}</Tag> : null}
            {w.delivery.attempts > 0 ? (
              <Tooltip title={w.delivery.lastError ?? undefined}>
                <Tag color="orange">{`重试中（第 ${w.delivery.attempts} 次失败）`}</Tag>
              </Tooltip>
            ) : null}
            {w.delivery.deadLetters > 0 ? <Tag color="red">{`推送失败 ${w.delivery.deadLetters}`}</Tag> : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">仅拉取</Typography.Text>
        ),
    },
    { title: '创建时间', dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (v: string) => beijing(v) },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_, w) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setShown(w)}>
            详情
          </Button>
          <Popconfirm
            title={`删除监测名单「${w.name}」？`}
            description="删除后不再记录和推送事件。"
            okText="删除"
            cancelText="取消"
            onConfirm={() => void remove(w)}
          >
            <Button type="link" size="small" danger>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ]

  return (
    <Page
      title="监测预警"
      description="本部门的监测名单：名单内主体发生新增记录、更正、撤销、修复、列入或移出名单、异议标注和预警时记录事件，可按游标拉取，也可推送到本部门的接收地址（签名推送，失败自动重试，多次失败后转入推送失败，可重新推送）。"
      extra={
        <Space>
          <ReloadButton loading={watches.loading} onClick={watches.reload} />
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => {
              setFormError(null)
              form.resetFields()
              setCreating(true)
            }}
          >
            新建监测名单
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={watches.error} />
      {notice ? (
        <Alert type="info" showIcon closable className="gx-block" title={notice} onClose={() => setNotice(null)} />
      ) : null}
      {created ? (
        <SecretOnce
          title={`已新建监测名单「${created.name}」。下面是推送签名密钥，只显示这一次：`}
          secret={created.secret}
          note={
            created.webhook
              ? '接收方用它核验请求头 X-Gongxin-Signature 中的 HMAC-SHA256 签名。请立即复制并妥善保存。'
              : '本名单没有推送地址，事件请按游标拉取；以后如需推送，请新建带推送地址的名单。'
          }
          testId="watch-secret"
        />
      ) : null}
      <Table<Watch>
        rowKey="id"
        columns={columns}
        dataSource={watches.data?.items ?? []}
        loading={watches.loading}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '还没有监测名单' }}
      />
      <Modal
        title="新建监测名单"
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        okText="新建"
        cancelText="取消"
        confirmLoading={busy}
        destroyOnHidden
      >
        <ErrorAlert error={formError} />
        <Form
          form={form}
          layout="vertical"
          name="watch-create"
          initialValues={{ events: ['record.created', 'list.entered', 'alert'] }}
        >
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="entities"
            label="监测主体"
            extra="统一社会信用代码（或主体编号），每行一个，最多 10000 个。"
            rules={[{ required: true, whitespace: true, message: '请填写要监测的主体' }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item
            name="events"
            label="监测事件"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一种事件' }]}
          >
            <Checkbox.Group options={Object.entries(watchEventLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item
            name="url"
            label="推送地址（可选）"
            extra="本部门接收事件的地址（须在平台允许的主机范围内）。不填：只能按游标拉取。"
            rules={[{ type: 'url', message: '请填写 http:// 或 https:// 开头的地址' }]}
          >
            <Input placeholder="https://" />
          </Form.Item>
        </Form>
      </Modal>
      {shown ? (
        <WatchDrawer
          watch={shown}
          classNameOf={classes.nameOf}
          onClose={() => setShown(null)}
          onChanged={() => watches.reload()}
        />
      ) : null}
    </Page>
  )
}

function WatchDrawer({
  watch,
  classNameOf,
  onClose,
  onChanged,
}: {
  watch: Watch
  classNameOf(code: string): string
  onClose(): void
  onChanged(): void
}) {
  const [tick, setTick] = useState(0)
  const deliveries = useRequest(
    (signal) =>
      api<{ status: DeliveryStatus | null; deadLetters: DeadLetter[] }>(`/api/v1/watches/${watch.id}/deliveries`, {
        signal,
      }),
    [watch.id, tick],
  )
  const [events, setEvents] = useState<WatchEvent[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [more, setMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const loadEvents = async (after: string | null) => {
    setBusy(true)
    try {
      const page = await api<{ items: WatchEvent[]; next: string; more: boolean }>(
        `/api/v1/watches/${watch.id}/events`,
        {
          query: { after: after ?? undefined, limit: 100 },
        },
      )
      setEvents((prev) => (after === null ? page.items : [...prev, ...page.items]))
      setNext(page.next)
      setMore(page.more)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }
  // the first page once per opened watch
  const [loadedFor, setLoadedFor] = useState<string | null>(null)
  if (loadedFor !== watch.id) {
    setLoadedFor(watch.id)
    void loadEvents(null)
  }

  const status = deliveries.data?.status ?? null
  const dead = useMemo(() => new Map((deliveries.data?.deadLetters ?? []).map((d) => [d.cursor, d])), [deliveries.data])
  // the event just after the cursor is the one being tried
  const headCursor = useMemo(() => {
    if (!status) return null
    return events.find((e) => Number(e.cursor) > Number(status.cursor))?.cursor ?? null
  }, [events, status])

  const replay = async (body: { deadLetter?: string; after?: string }, what: string) => {
    setBusy(true)
    setError(null)
    try {
      await api(`/api/v1/watches/${watch.id}/replay`, { method: 'POST', body })
      setNotice(`已安排重新推送：${what}及其后的事件将按顺序重新推送（接收方按事件编号去重）。`)
      setTick((n) => n + 1)
      onChanged()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const stateOf = (e: WatchEvent): Delivery | null => {
    if (!status) return null
    const s = deliveryOf(e, status, dead)
    return s === 'pending' && e.cursor === headCursor && status.attempts > 0 ? 'retrying' : s
  }

  const columns: TableColumnsType<WatchEvent> = [
    { title: '时间', dataIndex: 'occurredAt', key: 'occurredAt', width: 150, render: (v: string) => beijing(v) },
    {
      title: '事件',
      dataIndex: 'type',
      key: 'type',
      width: 130,
      render: (v: string) => <span title={v}>{watchEventLabels[v] ?? v}</span>,
    },
    {
      title: '内容',
      key: 'data',
      render: (_, e) => {
        const d = e.data as { class?: string; documentNo?: string | null; name?: string }
        const parts = [
          e.type === 'alert' && typeof d.name === 'string' ? d.name : null,
          typeof d.class === 'string' ? classNameOf(d.class) : null,
          d.documentNo ?? null,
        ].filter(Boolean)
        return (
          <Space size={4} wrap>
            <span>{parts.join(' · ') || '—'}</span>
            <Link to={`/entities/${e.entityId}`}>查看主体</Link>
          </Space>
        )
      },
    },
    ...(status
      ? [
          {
            title: '推送状态',
            key: 'delivery',
            width: 110,
            render: (_: unknown, e: WatchEvent) => {
              const s = stateOf(e)
              if (!s) return '—'
              const t = deliveryTags[s]
              const d = dead.get(e.cursor)
              const tip =
                s === 'dead' && d
                  ? `尝试 ${d.attempts} 次：${d.lastError ?? ''}`
                  : s === 'retrying'
                    ? `已失败 ${status.attempts} 次：${status.lastError ?? ''}`
                    : undefined
              return (
                <Tooltip title={tip}>
                  <Tag color={t.color}>{t.label}</Tag>
                </Tooltip>
              )
            },
          },
          {
            title: '操作',
            key: 'actions',
            width: 100,
            render: (_: unknown, e: WatchEvent) => {
              const s = stateOf(e)
              return s === 'delivered' || s === 'dead' ? (
                <Button
                  type="link"
                  size="small"
                  disabled={busy}
                  onClick={() =>
                    void replay(
                      { after: String(Number(e.cursor) - 1) },
                      `「${watchEventLabels[e.type] ?? e.type}」事件`,
                    )
                  }
                >
                  重新推送
                </Button>
              ) : null
            },
          },
        ]
      : []),
  ]

  const deadColumns: TableColumnsType<DeadLetter> = [
    { title: '转入时间', dataIndex: 'deadAt', key: 'deadAt', width: 150, render: (v: string) => beijing(v) },
    { title: '尝试次数', dataIndex: 'attempts', key: 'attempts', width: 90 },
    {
      title: '最后错误',
      dataIndex: 'lastError',
      key: 'lastError',
      ellipsis: true,
      render: (v: string | null) => <span title={v ?? undefined}>{v ?? '—'}</span>,
    },
    {
      title: '状态',
      key: 'state',
      width: 150,
      render: (_, d) =>
        d.replayedAt ? <Tag>{`已重新推送 ${beijing(d.replayedAt)}`}</Tag> : <Tag color="red">推送失败</Tag>,
    },
    {
      title: '操作',
      key: 'actions',
      width: 100,
      render: (_, d) =>
        d.replayedAt ? null : (
          <Button
            type="link"
            size="small"
            disabled={busy}
            onClick={() => void replay({ deadLetter: d.id }, '这条推送失败的事件')}
          >
            重新推送
          </Button>
        ),
    },
  ]

  return (
    <Drawer open title={watch.name} size="large" onClose={onClose} destroyOnHidden>
      <ErrorAlert error={error ?? deliveries.error} />
      {notice ? <Alert type="success" showIcon className="gx-block" title={notice} /> : null}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} className="gx-block" bordered>
        <Descriptions.Item label="监测主体">{`${watch.entityCount} 个`}</Descriptions.Item>
        <Descriptions.Item label="推送地址">{watch.webhook?.url ?? '无（仅拉取）'}</Descriptions.Item>
        {status ? (
          <>
            <Descriptions.Item label="已推送">{`${status.delivered} 个事件`}</Descriptions.Item>
            <Descriptions.Item label="最近推送">{beijing(status.lastDeliveredAt)}</Descriptions.Item>
            <Descriptions.Item label="待推送">{`${status.backlog} 个事件`}</Descriptions.Item>
            <Descriptions.Item label="推送失败">{`${status.deadLetters} 个事件`}</Descriptions.Item>
            <Descriptions.Item label="当前事件失败次数">{status.attempts}</Descriptions.Item>
            <Descriptions.Item label="下次尝试">{beijing(status.nextAttemptAt)}</Descriptions.Item>
            <Descriptions.Item label="最近错误" span={2}>
              {status.lastError ?? '—'}
            </Descriptions.Item>
          </>
        ) : null}
      </Descriptions>
      <Typography.Title level={2} className="gx-section-title">
        事件
      </Typography.Title>
      <Table<WatchEvent>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={events}
        loading={busy && events.length === 0}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: '还没有事件' }}
      />
      {more && next ? (
        <Button className="gx-block-top" loading={busy} onClick={() => void loadEvents(next)}>
          加载更多
        </Button>
      ) : null}
      {status ? (
        <>
          <Typography.Title level={2} className="gx-section-title">
            推送失败的事件
          </Typography.Title>
          <Table<DeadLetter>
            rowKey="id"
            size="small"
            columns={deadColumns}
            dataSource={deliveries.data?.deadLetters ?? []}
            loading={deliveries.loading}
            pagination={false}
            scroll={{ x: 600 }}
            locale={{ emptyText: '没有推送失败的事件' }}
          />
        </>
      ) : null}
    </Drawer>
  )
}
