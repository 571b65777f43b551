import { useState } from 'react'
import { Alert, Button, Card, DatePicker, Form, Grid, Input, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { api, apiUrl } from '../../shared/api.js'
import { formatInstant, shanghaiDayEnd, shanghaiDayStart } from '../../shared/format.js'
import { roleLabel } from '../../shared/labels.js'
import '../dayjs-zh.js'
import { Page } from '../page.js'
import { useRequest } from '../use-request.js'

/** GET /api/v1/audit/events */
export interface AuditEvent {
  seq: number
  id: string
  at: string
  actor: string | null
  /** Present for user actors: the role and department at the time of the action. */
  actorRole?: string | null
  actorDept?: string | null
  action: string
  targetType: string | null
  targetId: string | null
  requestId: string | null
  purpose: string | null
  details: unknown
}

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

function detailsText(details: unknown): string {
  if (details === null || details === undefined) return ''
  if (typeof details === 'string') return details
  return JSON.stringify(details)
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
  { title: '序号', dataIndex: 'seq', key: 'seq', width: 80 },
  {
    title: '时间',
    dataIndex: 'at',
    key: 'at',
    width: 180,
    render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
  },
  {
    title: '操作人',
    key: 'actor',
    width: 190,
    render: (_: unknown, row) => (
      <span className="gx-nowrap">
        {row.actorRole ? <Tag>{roleLabel(row.actorRole)}</Tag> : null}
        {row.actor ? <ShortId id={row.actor} /> : '—'}
      </span>
    ),
  },
  { title: '操作', dataIndex: 'action', key: 'action', width: 200, render: (v: string) => <code>{v}</code> },
  {
    title: '对象',
    key: 'target',
    width: 200,
    render: (_: unknown, row) =>
      row.targetType ? (
        <span className="gx-nowrap">
          {row.targetType} {row.targetId ? <ShortId id={row.targetId} /> : null}
        </span>
      ) : (
        '—'
      ),
  },
  { title: '用途', dataIndex: 'purpose', key: 'purpose', width: 120, render: (v: string | null) => v || '—' },
  {
    title: '详情',
    dataIndex: 'details',
    key: 'details',
    width: 320,
    render: (v: unknown) => {
      const text = detailsText(v)
      return text ? (
        <Typography.Text code ellipsis={{ tooltip: text }} style={{ maxWidth: 300 }}>
          {text}
        </Typography.Text>
      ) : (
        '—'
      )
    },
  },
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
  const [filters, setFilters] = useState<AuditFilters>({})
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
          name="audit-filters"
          layout={wide ? 'inline' : 'vertical'}
          className="gx-filter-form"
          onFinish={(values) => {
            setPage(1)
            setFilters(toFilters(values))
          }}
        >
          <Form.Item label="操作" name="action">
            <Input placeholder="如 access.login" allowClear style={{ width: wide ? 180 : '100%' }} />
          </Form.Item>
          <Form.Item label="操作人" name="actor">
            <Input placeholder="用户名或编号" allowClear style={{ width: wide ? 160 : '100%' }} />
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
        scroll={{ x: 1420 }}
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
