// The entries of one list (红名单、黑名单、重点关注名单) for list management: who is on it, on what decision, for
// which period, whether the portal shows it, and why an entry left the list.
import { useState } from 'react'
import { Alert, Button, Form, Grid, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { labelOf, markLabels } from '../../../shared/labels.js'
import { useRequest } from '../../use-request.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import { type EntryPage, exitKindLabels, type ListEntry, type ListKind } from './types.js'

type StateFilter = 'listed' | 'ended' | 'all'

const stateOptions: { label: string; value: StateFilter }[] = [
  { label: '在列', value: 'listed' },
  { label: '已移出', value: 'ended' },
  { label: '全部', value: 'all' },
]

const exitColors: Readonly<Record<string, string>> = {
  expired: 'default',
  removed: 'blue',
  revoked: 'red',
  repaired: 'green',
}

function Period({ entry }: { entry: ListEntry }) {
  const until = entry.period.until === '9999-12-31' ? null : entry.period.until
  return (
    <span className="gx-nowrap">
      {entry.period.from ?? '—'} 至 {until ?? '移出时止'}
    </span>
  )
}

function Exit({ entry }: { entry: ListEntry }) {
  if (!entry.exit) return <Typography.Text type="secondary">—</Typography.Text>
  const { kind, on, reason } = entry.exit
  return (
    <Space orientation="vertical" size={0}>
      <span>
        <Tag color={exitColors[kind]}>{labelOf(exitKindLabels, kind)}</Tag>
        {on ? <span className="gx-nowrap">{on} 起</span> : null}
      </span>
      {reason ? <Typography.Text type="secondary">{reason}</Typography.Text> : null}
    </Space>
  )
}

/** Filters (class, providing department, state), a paged table, links to each record page. */
export function ListEntries({ kind }: { kind: ListKind }) {
  const wide = Grid.useBreakpoint().md !== false
  const classes = useClasses()
  const depts = useDepartments()
  const [cls, setCls] = useState<string | undefined>(undefined)
  const [dept, setDept] = useState<string | undefined>(undefined)
  const [state, setState] = useState<StateFilter>('listed')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<EntryPage>(`/api/v1/lists/${kind}/entries`, {
        query: { class: cls, dept, state, page, pageSize },
        signal,
      }),
    [kind, cls, dept, state, page, pageSize],
  )
  const listClasses = classes.classes.filter((c) => c.listKind === kind)

  const columns: TableColumnsType<ListEntry> = [
    {
      title: '主体',
      key: 'entity',
      width: 260,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.entity.name}</span>
          <Typography.Text type="secondary" className="gx-nowrap">
            {row.entity.uscc ?? row.entity.idMasked ?? '—'}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '名单类别', dataIndex: 'className', key: 'className', width: 150 },
    {
      title: '列入决定',
      key: 'decision',
      width: 230,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.documentNo ?? '—'}</span>
          <Typography.Text type="secondary">{row.authority ?? depts.nameOf(row.providerDept)}</Typography.Text>
        </Space>
      ),
    },
    { title: '期限', key: 'period', width: 210, render: (_: unknown, row) => <Period entry={row} /> },
    {
      title: '状态',
      key: 'state',
      width: 150,
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          {row.state === 'listed' ? <Tag color="green">在列</Tag> : <Tag>已移出</Tag>}
          {row.public ? (
            <Tooltip title="门户网站正在公示">
              <Tag color="blue">公示中</Tag>
            </Tooltip>
          ) : null}
          {row.marks.map((m) => (
            <Tag key={m} color="gold">
              {labelOf(markLabels, m)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: '移出原因', key: 'exit', render: (_: unknown, row) => <Exit entry={row} /> },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      fixed: wide ? 'end' : undefined,
      render: (_: unknown, row) => (
        <Link to={`/records/${encodeURIComponent(row.recordId)}`} aria-label={`查看记录：${row.entity.name}`}>
          查看记录
        </Link>
      ),
    },
  ]

  return (
    <>
      <Form layout="inline" className="gx-block" aria-label="筛选名单条目">
        <Form.Item label="状态">
          <Segmented<StateFilter>
            options={stateOptions}
            value={state}
            onChange={(v) => {
              setState(v)
              setPage(1)
            }}
          />
        </Form.Item>
        <Form.Item label="名单类别">
          <Select
            allowClear
            placeholder="全部类别"
            style={{ minWidth: 200 }}
            value={cls}
            options={listClasses.map((c) => ({ value: c.code, label: c.nameZh }))}
            onChange={(v?: string) => {
              setCls(v)
              setPage(1)
            }}
          />
        </Form.Item>
        <Form.Item label="认定部门">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部部门"
            style={{ minWidth: 220 }}
            value={dept}
            options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
            onChange={(v?: string) => {
              setDept(v)
              setPage(1)
            }}
          />
        </Form.Item>
        <Form.Item>
          <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
            刷新
          </Button>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<ListEntry>
        rowKey="recordId"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 1240 }}
        locale={{ emptyText: state === 'listed' ? '名单中暂无在列主体。' : '没有符合条件的名单条目。' }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 条`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage)
            setPageSize(nextSize)
          },
        }}
      />
    </>
  )
}
