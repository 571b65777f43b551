import { useState } from 'react'
import { Alert, Button, Card, DatePicker, Form, Grid, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { useSearchParams } from 'react-router-dom'
import { api, apiUrl } from '../../shared/api.js'
import { formatInstant, shanghaiDayEnd, shanghaiDayStart } from '../../shared/format.js'
import { roleLabel } from '../../shared/labels.js'
import '../dayjs-zh.js'
import { Page } from '../page.js'
import { useRequest } from '../use-request.js'

import type { ReadableAuditEvent } from '../../../src/modules/audit/index.js'

/** GET /api/v1/audit/events: each event with its labels (action, target, actor's name and department, details). */
export type AuditEvent = ReadableAuditEvent

export interface AuditFilters {
  action?: string
  actor?: string
  /** ISO instants: from inclusive, to exclusive (start of the day after the chosen end day, Beijing time). */
  from?: string
  to?: string
}

interface FilterForm {
  action?: string
  actor?: string
  range?: [Dayjs | null, Dayjs | null] | null
}

function toFilters(values: FilterForm): AuditFilters {
  const [start, end] = values.range ?? [null, null]
  return {
    action: values.action?.trim() || undefined,
    actor: values.actor?.trim() || undefined,
    from: start ? shanghaiDayStart(start.format('YYYY-MM-DD')) : undefined,
    to: end ? shanghaiDayEnd(end.format('YYYY-MM-DD')) : undefined,
  }
}

/** The details as labelled fields (the code of each field in its tooltip), never raw JSON. */
function DetailList({ items }: { items: AuditEvent['detailItems'] }) {
  if (items.length === 0) return <>—</>
  return (
    <ul className="gx-audit-details">
      {items.map((d) => (
        <li key={d.key}>
          <Typography.Text type="secondary" title={d.key}>
            {d.label}
          </Typography.Text>
          ：{d.value}
        </li>
      ))}
    </ul>
  )
}

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Long opaque ids shown as their first 8 characters; the full id is in the title and copy button. */
function ShortId({ id }: { id: string }) {
  if (!uuidLike.test(id)) return <span className="gx-nowrap">{id}</span>
  return (
    <Typography.Text copyable={{ text: id }} title={id} className="gx-nowrap">
      <code>{id.slice(0, 8)}</code>
    </Typography.Text>
  )
}

const columns: TableColumnsType<AuditEvent> = [
  { title: '序号', dataIndex: 'seq', key: 'seq', width: 64 },
  {
    title: '时间',
    dataIndex: 'at',
    key: 'at',
    width: 160,
    render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
  },
  {
    title: '操作人',
    key: 'actor',
    width: 190,
    render: (_: unknown, row) => (
      <div>
        <span className="gx-nowrap">
          {row.actorName ? <strong>{row.actorName}</strong> : row.actor ? <ShortId id={row.actor} /> : '—'}
          {row.actorRole ? <Tag style={{ marginInlineStart: 6 }}>{roleLabel(row.actorRole)}</Tag> : null}
        </span>
        {row.actorDeptName ? (
          <div>
            <Typography.Text type="secondary">{row.actorDeptName}</Typography.Text>
          </div>
        ) : null}
      </div>
    ),
  },
  {
    title: '操作',
    dataIndex: 'actionLabel',
    key: 'action',
    width: 140,
    render: (label: string, row) => (
      <Tooltip title={row.action}>
        <span className="gx-nowrap" data-action={row.action}>
          {label}
        </span>
      </Tooltip>
    ),
  },
  {
    title: '对象',
    key: 'target',
    width: 160,
    render: (_: unknown, row) =>
      row.targetType ? (
        <span className="gx-nowrap">
          <span title={row.targetType}>{row.targetLabel}</span> {row.targetId ? <ShortId id={row.targetId} /> : null}
        </span>
      ) : (
        '—'
      ),
  },
  {
    title: '详情',
    key: 'details',
    width: 340,
    render: (_: unknown, row) => <DetailList items={row.detailItems} />,
  },
  { title: '用途', dataIndex: 'purpose', key: 'purpose', width: 110, render: (v: string | null) => v || '—' },
  {
    title: '请求编号',
    dataIndex: 'requestId',
    key: 'requestId',
    width: 130,
    render: (v: string | null) => (v ? <ShortId id={v} /> : '—'),
  },
]

export function AuditEventsPage() {
  const [form] = Form.useForm<FilterForm>()
  // the 工作台 links here with ?action=
  const [search] = useSearchParams()
  const [filters, setFilters] = useState<AuditFilters>(() => ({ action: search.get('action') ?? undefined }))
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const wide = Grid.useBreakpoint().md !== false

  const { data, error, loading } = useRequest(
    (signal) =>
      api<{ total: number; items: AuditEvent[] }>('/api/v1/audit/events', {
        query: { ...filters, page, pageSize },
        signal,
      }),
    [filters, page, pageSize],
  )

  const actions = useRequest(
    (signal) => api<{ items: { code: string; label: string }[] }>('/api/v1/audit/actions', { signal }),
    [],
  )
  const actionOptions = (actions.data?.items ?? []).map((a) => ({
    value: a.code,
    label: a.label,
    search: `${a.label} ${a.code}`,
  }))

  const users = useRequest(
    (signal) => api<{ items: { id: string; username: string; displayName: string }[] }>('/api/v1/users', { signal }),
    [],
  )
  const userOptions = (users.data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.displayName && u.displayName !== u.username ? `${u.username}（${u.displayName}）` : u.username,
    search: `${u.username} ${u.displayName}`,
  }))

  const exportHref = apiUrl('/api/v1/audit/events.csv', { ...filters })

  return (
    <Page
      title="审计日志"
      description="平台上每一次登录、查询、修改和导出都会记入审计日志，日志以哈希链保存，只能追加。"
      extra={
        <Button icon={<DownloadOutlined aria-hidden />} href={exportHref} download>
          导出 CSV
        </Button>
      }
    >
      <Card className="gx-block">
        <Form<FilterForm>
          form={form}
          initialValues={{ action: search.get('action') ?? undefined }}
          name="audit-filters"
          layout={wide ? 'inline' : 'vertical'}
          className="gx-filter-form"
          onFinish={(values) => {
            setPage(1)
            setFilters(toFilters(values))
          }}
        >
          <Form.Item label="操作" name="action">
            <Select
              aria-label="操作"
              placeholder="全部操作"
              allowClear
              options={actionOptions}
              showSearch={{ optionFilterProp: 'search' }}
              style={{ width: wide ? 200 : '100%' }}
            />
          </Form.Item>
          <Form.Item label="操作人" name="actor">
            <Select
              aria-label="操作人"
              placeholder="全部用户"
              allowClear
              options={userOptions}
              showSearch={{ optionFilterProp: 'search' }}
              style={{ width: wide ? 180 : '100%' }}
            />
          </Form.Item>
          <Form.Item label="日期" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields()
                  setPage(1)
                  setFilters({})
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<AuditEvent>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 1300 }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage)
            setPageSize(nextSize)
          },
        }}
      />
    </Page>
  )
}
