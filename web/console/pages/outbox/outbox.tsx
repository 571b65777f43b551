// 对外投递: deliveries to departments and peers (signed webhook or their console inbox), with their due dates.
import { useState } from 'react'
import { App, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { SendOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useUser } from '../../auth.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'

interface Delivery {
  id: string
  target: string
  targetKind: string
  topic: string
  state: 'pending' | 'delivered' | 'failed'
  channel: string | null
  attempts: number
  nextAttemptAt: string | null
  lastError: string | null
  createdAt: string
  deliveredAt: string | null
  due: string | null
  dueProvisional: boolean
  remainingWorkingDays: number | null
  overdue: boolean
}

const stateTags = {
  pending: <Tag color="processing">待投递</Tag>,
  delivered: <Tag color="success">已投递</Tag>,
  failed: <Tag color="error">投递失败</Tag>,
} as const

/** 剩余 N 个工作日 / 今日到期 / 逾期 N 个工作日 (red) for a pending delivery; the date otherwise. */
export function DueClock({ d }: { d: Delivery }) {
  if (!d.due) return <span>—</span>
  const provisional = d.dueProvisional ? (
    <Tooltip title="截止日超出已发布的节假日安排，暂按周末计算；导入次年安排后自动重算。">
      <Tag>暂定</Tag>
    </Tooltip>
  ) : null
  if (d.remainingWorkingDays === null)
    return (
      <span className="gx-nowrap">
        {d.due} {provisional}
      </span>
    )
  const n = d.remainingWorkingDays
  const text = d.overdue ? `逾期 ${Math.abs(n)} 个工作日` : n === 0 ? '今日到期' : `剩余 ${n} 个工作日`
  return (
    <span className="gx-nowrap" data-overdue={d.overdue ? 'true' : undefined}>
      <Tooltip title={`${d.due} 前投递`}>
        <Tag color={d.overdue ? 'red' : n <= 1 ? 'orange' : 'blue'}>{text}</Tag>
      </Tooltip>
      {provisional}
    </span>
  )
}

export function OutboxPage() {
  const operator = useUser().role === 'operator'
  const { message } = App.useApp()
  const [state, setState] = useState<string | undefined>()
  const [page, setPage] = useState(1)
  const [busy, setBusy] = useState(false)
  const list = useRequest(
    (signal) =>
      api<{ items: Delivery[]; total: number }>('/api/v1/outbox/deliveries', {
        query: { state, page, pageSize: 50 },
        signal,
      }),
    [state, page],
  )
  const act = async (path: string, done: string) => {
    setBusy(true)
    try {
      await api(path, { method: 'POST' })
      void message.success(done)
      list.reload()
    } catch (e) {
      void message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const columns: TableColumnsType<Delivery> = [
    {
      title: '投递对象',
      dataIndex: 'target',
      key: 'target',
      width: 140,
      render: (v: string, row) =>
        `${v}${row.targetKind === 'peer' ? '（其他平台）' : row.targetKind === 'relay' ? '（主体通知转发）' : ''}`,
    },
    { title: '主题', dataIndex: 'topic', key: 'topic', width: 160, render: (v: string) => <code>{v}</code> },
    { title: '状态', dataIndex: 'state', key: 'state', width: 100, render: (v: Delivery['state']) => stateTags[v] },
    { title: '期限', key: 'due', width: 170, render: (_: unknown, row) => <DueClock d={row} /> },
    {
      title: '尝试',
      key: 'attempts',
      width: 200,
      render: (_: unknown, row) => (
        <span>
          {row.attempts} 次
          {row.state === 'pending' && row.nextAttemptAt ? (
            <Typography.Text type="secondary">（下次 {formatInstant(row.nextAttemptAt)}）</Typography.Text>
          ) : null}
          {row.lastError ? (
            <>
              <br />
              <Typography.Text type="danger">{row.lastError}</Typography.Text>
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: '投递方式',
      key: 'channel',
      width: 160,
      render: (_: unknown, row) =>
        row.channel
          ? `${row.channel === 'webhook' ? '签名接口' : '站内通知'} · ${formatInstant(row.deliveredAt)}`
          : '—',
    },
    {
      title: '创建时间',
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 160,
      render: (v: string) => formatInstant(v),
    },
    ...(operator
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 100,
            render: (_: unknown, row: Delivery) =>
              row.state === 'failed' ? (
                <Button
                  size="small"
                  disabled={busy}
                  onClick={() => void act(`/api/v1/outbox/deliveries/${row.id}/retry`, '已重新加入投递队列。')}
                >
                  重新投递
                </Button>
              ) : null,
          },
        ]
      : []),
  ]
  return (
    <Page
      title="对外投递"
      description="信用修复等结果推送给认定单位和已接收该信息的部门、平台：配置了签名接口的按接口投递（失败自动重试，间隔逐次加倍），未配置的投递到对方控制台的站内通知。期限按工作日计算。"
      extra={
        <Space>
          {operator ? (
            <Button
              icon={<SendOutlined aria-hidden />}
              loading={busy}
              onClick={() => void act('/api/v1/outbox/run', '已投递到期的记录。')}
            >
              立即投递
            </Button>
          ) : null}
          <ReloadButton loading={list.loading} onClick={list.reload} />
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 160 }}
          value={state}
          onChange={(v) => {
            setState(v)
            setPage(1)
          }}
          options={[
            { value: 'pending', label: '待投递' },
            { value: 'delivered', label: '已投递' },
            { value: 'failed', label: '投递失败' },
          ]}
          aria-label="按状态筛选"
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Delivery>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        rowClassName={(row) => (row.overdue ? 'gx-row-overdue' : '')}
        pagination={{
          current: page,
          pageSize: 50,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        scroll={{ x: 1100 }}
      />
    </Page>
  )
}
