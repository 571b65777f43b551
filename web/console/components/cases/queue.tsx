// The console's queue of one kind of case (异议、信用修复、举报): tallies per state, filters, and the table with each
// case's running clock (剩余 N 个工作日, overdue in red). Data: GET /api/v1/cases; departments see what they handle.
import { useMemo, useState } from 'react'
import { Card, Checkbox, Form, Select, Space, Statistic, Table, Tag } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link, useSearchParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../../pages/catalog/lookups.js'
import { ErrorAlert, FilterCard, filterWidth, ReloadButton, useWide } from '../list-page.js'
import { CurrentClock } from './clock.js'
import type { QueueAnswer, QueueItem } from './types.js'

export interface CaseQueueProps {
  kind: string
  title: string
  description: string
  /** The console path of one case (below /console). */
  detailPath(id: string): string
}

const STATE_COLORS: Readonly<Record<string, string>> = {
  submitted: 'blue',
  accepted: 'geekblue',
  verifying: 'purple',
  routed: 'purple',
  decided: 'green',
  approved: 'green',
  verified: 'green',
  not_accepted: 'default',
  rejected: 'default',
  unfounded: 'default',
  withdrawn: 'default',
}

export function CaseStateTag({ state, label }: { state: string; label: string }) {
  return <Tag color={STATE_COLORS[state] ?? 'blue'}>{label}</Tag>
}

export function CaseQueuePage({ kind, title, description, detailPath }: CaseQueueProps) {
  const user = useUser()
  const wide = useWide()
  const depts = useDepartments()
  const isDept = user.role !== 'operator' && user.dept !== null
  // the 工作台 links here with ?state= (and ?overdue=1)
  const [search] = useSearchParams()
  const [state, setState] = useState<string | undefined>(search.get('state') ?? undefined)
  const [dept, setDept] = useState<string | undefined>(undefined)
  const [overdue, setOverdue] = useState(search.get('overdue') === '1')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)

  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<QueueAnswer>('/api/v1/cases', {
        query: { kind, state, dept: isDept ? undefined : dept, overdue: overdue || undefined, page, pageSize },
        signal,
      }),
    [kind, state, dept, overdue, page, pageSize],
  )

  const perState = useMemo(() => {
    const m = new Map<string, { label: string; count: number }>()
    for (const c of data?.counts ?? []) {
      if (c.kind !== kind) continue
      const prev = m.get(c.state)
      m.set(c.state, { label: c.stateLabel, count: (prev?.count ?? 0) + c.count })
    }
    return [...m.entries()]
  }, [data, kind])

  const columns: TableColumnsType<QueueItem> = [
    {
      title: '办件编号',
      dataIndex: 'number',
      key: 'number',
      width: 160,
      render: (v: string, r) => <Link to={detailPath(r.id)}>{v}</Link>,
    },
    { title: '信用主体', key: 'entity', ellipsis: true, render: (_: unknown, r) => r.entityName ?? '—' },
    {
      title: '状态',
      key: 'state',
      width: 120,
      render: (_: unknown, r) => <CaseStateTag state={r.state} label={r.stateLabel} />,
    },
    {
      title: '承办单位',
      key: 'dept',
      width: 160,
      render: (_: unknown, r) => (r.handlerDept ? depts.nameOf(r.handlerDept) : '信用办'),
    },
    { title: '提交日期', dataIndex: 'openedOn', key: 'openedOn', width: 110 },
    {
      title: '办理时限',
      key: 'clock',
      width: 260,
      render: (_: unknown, r) => <CurrentClock deadlines={r.deadlines} />,
    },
  ]

  return (
    <Page title={title} description={description} extra={<ReloadButton loading={loading} onClick={reload} />}>
      <Card className="gx-block" aria-label="按状态统计">
        <Space size="large" wrap>
          <Statistic title="合计" value={perState.reduce((a, [, v]) => a + v.count, 0)} />
          {perState.map(([code, v]) => (
            <Statistic key={code} title={v.label} value={v.count} />
          ))}
        </Space>
      </Card>
      <FilterCard name={`case-filters-${kind}`}>
        <Form.Item label="状态">
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: filterWidth(wide, 160) }}
            value={state}
            onChange={(v?: string) => {
              setState(v)
              setPage(1)
            }}
            options={perState.map(([code, v]) => ({ value: code, label: v.label }))}
          />
        </Form.Item>
        {isDept ? null : (
          <Form.Item label="承办单位">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="全部单位"
              style={{ width: filterWidth(wide, 220) }}
              value={dept}
              onChange={(v?: string) => {
                setDept(v)
                setPage(1)
              }}
              options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
            />
          </Form.Item>
        )}
        <Form.Item>
          <Checkbox
            checked={overdue}
            onChange={(e) => {
              setOverdue(e.target.checked)
              setPage(1)
            }}
          >
            只看逾期
          </Checkbox>
        </Form.Item>
      </FilterCard>
      <ErrorAlert error={error} />
      <Table<QueueItem>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        rowClassName={(r) => (r.overdue ? 'gx-row-overdue' : '')}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => `共 ${n} 件`,
          onChange: (p, s) => {
            setPage(p)
            setPageSize(s)
          },
        }}
      />
    </Page>
  )
}
