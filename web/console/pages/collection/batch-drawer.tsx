import { useEffect } from 'react'
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Dropdown,
  Empty,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { DownloadOutlined, RollbackOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { formatInstant } from '../../../shared/format.js'
import { batchChannelLabels, issueCodeLabels, labelOf } from '../../../shared/labels.js'
import { useRequest } from '../../use-request.js'
import { BatchCounts, BatchStatusTag } from './batch-parts.js'
import { exportedCell, parseCsv } from './csv.js'
import type { Batch, ReportIssue } from './types.js'
import { errorReportUrl } from './types.js'

const PREVIEW_ROWS = 50
const POLL_MS = 3000
const PREVIEW_BYTES = 256 * 1024

/** The first rows of the CSV error report, read as a stream and cut off early (reports can be large). */
async function loadIssuePreview(batchId: string, signal: AbortSignal): Promise<{ rows: ReportIssue[]; more: boolean }> {
  const response = await fetch(errorReportUrl(batchId, 'csv'), { credentials: 'same-origin', signal })
  if (!response.ok || !response.body) throw new Error('无法读取错误报告，请直接下载。')
  const reader = response.body.getReader()
  const decoder = new TextDecoder('utf-8')
  let text = ''
  let cut = false
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
    if (text.length > PREVIEW_BYTES) {
      cut = true
      await reader.cancel()
      break
    }
  }
  const table = parseCsv(text, PREVIEW_ROWS + 2)
  const body = table.slice(1).filter((r) => r.length >= 5)
  const rows = body
    .slice(0, PREVIEW_ROWS)
    .map(([rowNo = '', level = '', field = '', code = '', message = '', value = '']) => ({
      rowNo,
      level,
      field,
      code,
      message: exportedCell(message),
      value: exportedCell(value),
    }))
  return { rows, more: cut || body.length > PREVIEW_ROWS }
}

const issueColumns: TableColumnsType<ReportIssue & { key: number }> = [
  { title: '行号', dataIndex: 'rowNo', key: 'rowNo', width: 64 },
  {
    title: '级别',
    dataIndex: 'level',
    key: 'level',
    width: 70,
    render: (v: string) => <Tag color={v === '错误' ? 'red' : 'gold'}>{v}</Tag>,
  },
  {
    title: '说明',
    dataIndex: 'message',
    key: 'message',
    render: (v: string, row) => (
      <span>
        {v}
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          <Tooltip title={`代码：${row.code}`}>
            <span data-code={row.code}>{labelOf(issueCodeLabels, row.code)}</span>
          </Tooltip>
          {row.field ? ` · ${row.field}` : ''}
          {row.value ? ` · 原始值：${row.value}` : ''}
        </Typography.Text>
      </span>
    ),
  },
]

export function IssuePreview({
  batch,
  limit = PREVIEW_ROWS,
}: {
  batch: Pick<Batch, 'batchId' | 'rejected' | 'warnings'>
  /** How many problems to show (the preview reads at most PREVIEW_ROWS). */
  limit?: number
}) {
  const issues = batch.rejected + batch.warnings
  const { data, error, loading } = useRequest(
    (signal) => (issues ? loadIssuePreview(batch.batchId, signal) : Promise.resolve({ rows: [], more: false })),
    [batch.batchId, issues],
  )
  if (!issues) return <Empty description="本批次没有错误和警告。" image={Empty.PRESENTED_IMAGE_SIMPLE} />
  if (error) return <Alert type="warning" showIcon title={error} />
  if (loading || !data) return <Skeleton active paragraph={{ rows: 3 }} />
  return (
    <>
      <Table
        rowKey="key"
        columns={issueColumns}
        dataSource={data.rows.slice(0, limit).map((r, key) => ({ ...r, key }))}
        size="small"
        pagination={false}
        aria-label="错误明细"
      />
      {data.more || data.rows.length > limit ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          仅显示前 {limit} 条，完整明细请下载错误报告。
        </Typography.Paragraph>
      ) : null}
    </>
  )
}

export function ErrorReportButton({ batch, size, link }: { batch: Batch; size?: 'small' | 'middle'; link?: boolean }) {
  const disabled = batch.rejected + batch.warnings === 0
  return (
    <Dropdown
      disabled={disabled}
      menu={{
        items: [
          {
            key: 'xlsx',
            label: (
              <a href={errorReportUrl(batch.batchId, 'xlsx')} download>
                Excel（.xlsx）
              </a>
            ),
          },
          {
            key: 'csv',
            label: (
              <a href={errorReportUrl(batch.batchId, 'csv')} download>
                CSV（.csv）
              </a>
            ),
          },
        ],
      }}
    >
      <Button
        size={size}
        type={link ? 'link' : undefined}
        icon={link ? undefined : <DownloadOutlined aria-hidden />}
        title={disabled ? '本批次没有错误和警告' : undefined}
      >
        下载错误报告
      </Button>
    </Dropdown>
  )
}

/** Revocation is possible for finished batches that still may hold active records. */
export function canRevoke(batch: Batch): boolean {
  return !batch.dryRun && (batch.status === 'completed' || batch.status === 'failed')
}

export function RevokeBatchModal({
  batch,
  className,
  onClose,
  onDone,
}: {
  batch: Batch | null
  className: string
  onClose(): void
  onDone(revoked: number): void
}) {
  const stored = batch ? batch.accepted + batch.corrected : 0
  return (
    <ReasonModal
      open={batch !== null}
      title="撤销批次"
      okText="撤销批次"
      danger
      reasonLabel="撤销原因"
      placeholder="如：数据来源单位填写错误，整批撤回后重新报送。将记入审计日志。"
      effect={
        batch ? (
          <>
            {`将撤销「${className}」批次（${formatInstant(batch.createdAt)} 上传，${batch.fileName ?? '接口报送'}）中仍然有效的记录：本批次新增或更正的记录至多 `}
            <strong>{stored}</strong>
            {
              ' 条，全部标记为「已撤销」，不再公示和共享；记录和历史版本保留备查。批次状态改为「已撤销」。此操作不可恢复，记入审计日志。'
            }
          </>
        ) : null
      }
      onCancel={onClose}
      onSubmit={async (reason) => {
        if (!batch) return
        const result = await api<{ batchId: string; revoked: number }>(
          `/api/v1/batches/${encodeURIComponent(batch.batchId)}/revoke`,
          { method: 'POST', body: { reason } },
        )
        onDone(result.revoked)
      }}
    />
  )
}

export function BatchDrawer({
  batchId,
  canRevokeBatches,
  className,
  deptName,
  onClose,
  onRevoke,
  refreshKey,
}: {
  batchId: string | null
  canRevokeBatches: boolean
  className(code: string): string
  deptName(code: string | null): string
  onClose(): void
  onRevoke(batch: Batch): void
  /** Changes after a revocation so the drawer reloads. */
  refreshKey: number
}) {
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      batchId ? api<Batch>(`/api/v1/batches/${encodeURIComponent(batchId)}`, { signal }) : Promise.resolve(undefined),
    [batchId, refreshKey],
  )
  const batch = data && data.batchId === batchId ? data : undefined
  // A batch still being processed: follow its counters.
  const running = batch?.status === 'running' && !batch.interrupted
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer schedules the next poll
  useEffect(() => {
    if (!running) return
    const timer = setTimeout(reload, POLL_MS)
    return () => clearTimeout(timer)
  }, [running, reload, data])
  return (
    <Drawer
      open={batchId !== null}
      onClose={onClose}
      size={720}
      title="批次详情"
      destroyOnHidden
      extra={
        batch ? (
          <Space>
            <ErrorReportButton batch={batch} />
            {canRevokeBatches && canRevoke(batch) ? (
              <Button danger icon={<RollbackOutlined aria-hidden />} onClick={() => onRevoke(batch)}>
                撤销批次
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {!batch && loading ? <Skeleton active /> : null}
      {batch ? (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              {
                key: 'id',
                label: '批次编号',
                span: 2,
                children: (
                  <Typography.Text copyable>
                    <code>{batch.batchId}</code>
                  </Typography.Text>
                ),
              },
              {
                key: 'class',
                label: '信息类别',
                span: 2,
                children: (
                  <span>
                    <Link to={`/catalog/classes/${batch.class}?version=${batch.classVersion}`}>
                      {className(batch.class)}
                    </Link>
                    （第 {batch.classVersion} 版目录）
                  </span>
                ),
              },
              { key: 'dept', label: '报送部门', children: deptName(batch.dept) },
              { key: 'channel', label: '报送方式', children: labelOf(batchChannelLabels, batch.channel) },
              { key: 'file', label: '文件名', span: 2, children: batch.fileName || '—' },
              {
                key: 'status',
                label: '状态',
                children: <BatchStatusTag status={batch.status} interrupted={batch.interrupted} />,
              },
              {
                key: 'rows',
                label: '处理进度',
                // rowsDone is the file row number of the last row processed (row 1 is the header), not a count
                children: batch.rowsDone
                  ? `已处理 ${batch.total} 行数据${batch.fileName ? `（至文件第 ${batch.rowsDone} 行）` : ''}${
                      batch.status === 'running' ? '，处理中' : ''
                    }`
                  : '尚未开始处理',
              },
              { key: 'createdAt', label: '上传时间', children: formatInstant(batch.createdAt) },
              { key: 'finishedAt', label: '完成时间', children: formatInstant(batch.finishedAt) },
              {
                key: 'unresolved',
                label: '待匹配主体',
                children: batch.unresolved ? `${batch.unresolved} 行` : '无',
              },
              ...(batch.error ? [{ key: 'error', label: '失败原因', span: 2, children: batch.error }] : []),
            ]}
          />
          <BatchCounts counts={batch} />
          {batch.accepted + batch.corrected + batch.revoked > 0 ? (
            <Link to={`/ingest/records?batch=${encodeURIComponent(batch.batchId)}`}>查看本批次入库的记录</Link>
          ) : null}
          {batch.interrupted ? (
            <Alert
              type="warning"
              showIcon
              title={`处理已中断：处理它的进程已结束（服务重启或导入被终止）。已入库的 ${batch.accepted} 条记录保留；重新提交同一文件即可从第 ${batch.rowsDone} 行之后继续，已入库的记录不会重复。`}
            />
          ) : batch.status === 'running' ? (
            <Alert type="info" showIcon title="批次仍在处理中，计数会随处理进度增加。" />
          ) : null}
          <div>
            <Typography.Title level={5}>错误与警告</Typography.Title>
            <IssuePreview batch={batch} />
          </div>
        </Space>
      ) : null}
    </Drawer>
  )
}
