import { useEffect, useState } from 'react'
import { Alert, App, Button, Grid, Space, Table, Tooltip } from 'antd'
import type { TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { Link, useSearchParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { batchChannelLabels, labelOf } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import { BatchDrawer, ErrorReportButton, RevokeBatchModal, canRevoke } from './batch-drawer.js'
import { BatchStatusTag } from './batch-parts.js'
import type { Batch } from './types.js'

const count = (v: number, color?: string) => (
  <span style={{ color: v && color ? color : undefined, fontVariantNumeric: 'tabular-nums' }}>{v}</span>
)

export function BatchesPage() {
  const user = useUser()
  // record.correct: the providing department revokes its own batches.
  const canRevokeBatches = user.role === 'provider'
  const { message } = App.useApp()
  const wide = Grid.useBreakpoint().md !== false
  const classes = useClasses(true)
  const depts = useDepartments()
  const [params, setParams] = useSearchParams()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [revoking, setRevoking] = useState<Batch | null>(null)
  const [refreshKey, setRefreshKey] = useState(0)
  const openId = params.get('batch')

  const { data, error, loading, reload } = useRequest(
    (signal) => api<{ items: Batch[] }>('/api/v1/batches', { query: { page, pageSize }, signal }),
    [page, pageSize, refreshKey],
  )
  const items = data?.items ?? []
  // Batches still being processed: refresh this page of the list until they finish.
  const anyRunning = items.some((b) => b.status === 'running' && !b.interrupted)
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer schedules the next poll
  useEffect(() => {
    if (!anyRunning) return
    const timer = setTimeout(reload, 5000)
    return () => clearTimeout(timer)
  }, [anyRunning, reload, data])
  // The list answers pages without a total: a full page means there may be another one.
  const total = (page - 1) * pageSize + items.length + (items.length === pageSize ? 1 : 0)

  const open = (id: string | null) => {
    const copy = new URLSearchParams(params)
    if (id) copy.set('batch', id)
    else copy.delete('batch')
    setParams(copy, { replace: !id })
  }

  const columns: TableColumnsType<Batch> = [
    {
      title: '上传时间',
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 156,
      render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
    {
      title: '信息类别',
      dataIndex: 'class',
      key: 'class',
      width: 130,
      render: (v: string) => classes.nameOf(v),
    },
    ...(user.role === 'provider'
      ? []
      : [
          {
            title: '报送部门',
            dataIndex: 'dept',
            key: 'dept',
            width: 180,
            render: (v: string | null) => depts.nameOf(v),
          },
        ]),
    {
      title: '文件 / 方式',
      key: 'file',
      ellipsis: true,
      render: (_: unknown, row) => (
        <span title={row.fileName ?? undefined}>{row.fileName ?? labelOf(batchChannelLabels, row.channel)}</span>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 84,
      render: (v: string, row: Batch) => <BatchStatusTag status={v} interrupted={row.interrupted} />,
    },
    { title: '共', dataIndex: 'total', key: 'total', width: 56, align: 'right', render: (v: number) => count(v) },
    {
      title: '接收',
      dataIndex: 'accepted',
      key: 'accepted',
      width: 56,
      align: 'right',
      render: (v: number) => count(v, '#237804'),
    },
    {
      title: '拒收',
      dataIndex: 'rejected',
      key: 'rejected',
      width: 56,
      align: 'right',
      render: (v: number) => count(v, '#cf1322'),
    },
    {
      title: '重复',
      dataIndex: 'duplicates',
      key: 'duplicates',
      width: 56,
      align: 'right',
      render: (v: number) => count(v),
    },
    {
      title: '超期',
      dataIndex: 'late',
      key: 'late',
      width: 56,
      align: 'right',
      render: (v: number) => count(v, '#d46b08'),
    },
    {
      title: '操作',
      key: 'actions',
      width: canRevokeBatches ? 232 : 160,
      fixed: wide ? 'end' : undefined,
      render: (_: unknown, row) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => open(row.batchId)}>
            详情
          </Button>
          <ErrorReportButton batch={row} size="small" link />
          {canRevokeBatches ? (
            <Tooltip title={canRevoke(row) ? undefined : '该批次不能撤销'}>
              <Button size="small" type="link" danger disabled={!canRevoke(row)} onClick={() => setRevoking(row)}>
                撤销批次
              </Button>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
  ]

  return (
    <Page
      title="批次记录"
      description={
        user.role === 'provider'
          ? '本部门每次上传或接口报送的批次，按时间倒序。可查看计数和错误明细、下载错误报告，或撤销整个批次。'
          : '各部门报送的批次，按时间倒序。可查看计数和错误明细、下载错误报告。'
      }
      extra={
        <Space>
          {user.role === 'provider' ? <Link to="/ingest/upload">上传数据</Link> : null}
          <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
            刷新
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<Batch>
        rowKey="batchId"
        columns={columns}
        dataSource={items}
        loading={loading}
        size="middle"
        scroll={{ x: user.role === 'provider' ? 990 : 1170 }}
        locale={{ emptyText: page === 1 ? '暂无批次。' : '本页没有批次。' }}
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: () => `第 ${page} 页`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage)
            setPageSize(nextSize)
          },
        }}
      />
      <BatchDrawer
        batchId={openId}
        canRevokeBatches={canRevokeBatches}
        className={classes.nameOf}
        deptName={depts.nameOf}
        onClose={() => open(null)}
        onRevoke={setRevoking}
        refreshKey={refreshKey}
      />
      <RevokeBatchModal
        batch={revoking}
        className={revoking ? classes.nameOf(revoking.class) : ''}
        onClose={() => setRevoking(null)}
        onDone={(revoked) => {
          setRevoking(null)
          void message.success(`批次已撤销，${revoked} 条记录标记为「已撤销」。`)
          setRefreshKey((n) => n + 1)
        }}
      />
    </Page>
  )
}
