// 待匹配主体: rows whose subject the collection pipeline could not determine, one entry per subject across batches and
// departments. The operator opens an entry, checks the reason, the rows and the candidate entities, and matches it to
// an entity or registers a new one; the rows are then collected again on the providing department's behalf.
import { useState } from 'react'
import { Form, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { useSearchParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf, unmatchedStatusLabels, unresolvedCauseLabels } from '../../../shared/labels.js'
import { ErrorAlert, FilterCard, filterWidth, ReloadButton, useWide } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import type { EntryStatus, UnmatchedEntry, UnmatchedPage } from './types.js'
import { statusColors, UnmatchedDrawer } from './unmatched-drawer.js'

type StatusFilter = EntryStatus | 'all'

const statusOptions: { label: string; value: StatusFilter }[] = [
  { label: '待匹配', value: 'open' },
  { label: '已匹配', value: 'matched' },
  { label: '已登记新主体', value: 'registered' },
  { label: '报送单位已重新报送', value: 'resubmitted' },
  { label: '批次已撤销', value: 'withdrawn' },
  { label: '全部', value: 'all' },
]

export function UnmatchedQueuePage() {
  const wide = useWide()
  const depts = useDepartments()
  const [params, setParams] = useSearchParams()
  const [status, setStatus] = useState<StatusFilter>('open')
  const [dept, setDept] = useState<string | undefined>(undefined)
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const openId = params.get('entry')
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<UnmatchedPage>('/api/v1/unmatched', { query: { status, dept, q: q || undefined, page, pageSize }, signal }),
    [status, dept, q, page, pageSize],
  )

  const open = (id: string | null) => {
    const copy = new URLSearchParams(params)
    if (id) copy.set('entry', id)
    else copy.delete('entry')
    setParams(copy, { replace: !id })
  }

  const columns: TableColumnsType<UnmatchedEntry> = [
    {
      title: '行政相对人',
      key: 'subject',
      width: 260,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{row.subject.name ?? '（未填写名称）'}</Typography.Text>
          <Typography.Text type="secondary" className="gx-nowrap">
            {row.subject.uscc ?? (row.subject.codes.length ? row.subject.codes.join('、') : '未填写代码')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '原因',
      key: 'cause',
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={2}>
          <Tag color="orange">{labelOf(unresolvedCauseLabels, row.cause)}</Tag>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: row.message }} style={{ margin: 0 }}>
            {row.message}
          </Typography.Paragraph>
        </Space>
      ),
    },
    {
      title: '涉及的行',
      key: 'rows',
      width: 130,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.status === 'open' ? `待归集 ${row.rows.pending} 行` : `已归集 ${row.rows.released} 行`}</span>
          <Typography.Text type="secondary">来自 {row.rows.batches} 个批次</Typography.Text>
        </Space>
      ),
    },
    {
      title: '报送部门',
      key: 'depts',
      width: 200,
      render: (_: unknown, row) => row.rows.depts.map((d) => depts.nameOf(d)).join('、') || '—',
    },
    {
      title: '最近报送',
      dataIndex: 'lastSeenAt',
      key: 'lastSeenAt',
      width: 160,
      render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
    status === 'open'
      ? {
          title: '候选主体',
          key: 'candidates',
          width: 220,
          render: (_: unknown, row: UnmatchedEntry) =>
            row.candidates.length ? (
              <Space orientation="vertical" size={0}>
                {row.candidates.slice(0, 2).map((c) => (
                  <span key={c.entityId}>{c.name}</span>
                ))}
                {row.candidates.length > 2 ? (
                  <Typography.Text type="secondary">等 {row.candidates.length} 个</Typography.Text>
                ) : null}
              </Space>
            ) : (
              <Typography.Text type="secondary">按代码和名称未找到，详情中按名称片段查找</Typography.Text>
            ),
        }
      : {
          title: '处理结果',
          key: 'result',
          width: 220,
          render: (_: unknown, row: UnmatchedEntry) => (
            <Space orientation="vertical" size={0}>
              <Tag color={statusColors[row.status]}>{labelOf(unmatchedStatusLabels, row.status)}</Tag>
              {row.entity ? <span>{row.entity.name}</span> : null}
            </Space>
          ),
        },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      fixed: wide ? 'end' : undefined,
      render: (_: unknown, row) => (
        <Typography.Link onClick={() => open(row.id)}>{row.status === 'open' ? '处理' : '查看'}</Typography.Link>
      ),
    },
  ]

  return (
    <Page
      title="待匹配主体"
      description="归集时无法确定行政相对人的行，同一主体跨批次、跨部门合并为一项。核实后匹配到已登记的主体，或按报送的信息登记为新主体；各行随即以报送部门的名义重新归集，记录注明由您代为重新提交，全部记入审计日志。报送部门自行更正并重新报送的行会自动移出。"
      extra={<ReloadButton loading={loading} onClick={reload} />}
    >
      <FilterCard name="unmatched-filter">
        <Form.Item label="状态">
          <Segmented<StatusFilter>
            options={statusOptions}
            value={status}
            onChange={(v) => {
              setStatus(v)
              setPage(1)
            }}
          />
        </Form.Item>
        <Form.Item label="报送部门" htmlFor="unmatched-dept">
          <Select
            id="unmatched-dept"
            allowClear
            placeholder="全部部门"
            style={{ width: filterWidth(wide, 220) }}
            value={dept}
            options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
            onChange={(v: string | undefined) => {
              setDept(v)
              setPage(1)
            }}
          />
        </Form.Item>
        <Form.Item label="名称或代码" htmlFor="unmatched-q">
          <Input.Search
            id="unmatched-q"
            allowClear
            placeholder="名称或统一社会信用代码"
            style={{ width: filterWidth(wide, 260) }}
            onSearch={(v) => {
              setQ(v.trim())
              setPage(1)
            }}
          />
        </Form.Item>
      </FilterCard>
      <ErrorAlert error={error} />
      <Table<UnmatchedEntry>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 1260 }}
        locale={{
          emptyText:
            status === 'open' && !dept && !q
              ? '没有待匹配的主体：归集的各行都已确定行政相对人。'
              : '没有符合条件的项。',
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 项`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage)
            setPageSize(nextSize)
          },
        }}
      />
      <UnmatchedDrawer entryId={openId} deptName={depts.nameOf} onClose={() => open(null)} onDecided={reload} />
    </Page>
  )
}
