// Small pieces the upload page, the batch list and the batch drawer share.
import { Col, Row, Statistic, Tag } from 'antd'
import { batchStatusLabels, labelOf } from '../../../shared/labels.js'
import type { BatchCounters } from './types.js'

const statusColors: Readonly<Record<string, string>> = {
  running: 'processing',
  completed: 'success',
  failed: 'error',
  revoked: 'default',
  dry_run: 'purple',
}

/** A batch's status; a `running` batch whose process is gone shows as 已中断. */
export function BatchStatusTag({ status, interrupted = false }: { status: string; interrupted?: boolean }) {
  if (interrupted) return <Tag color="warning">已中断</Tag>
  return <Tag color={statusColors[status]}>{labelOf(batchStatusLabels, status)}</Tag>
}

/** The order and words of the counters (共/接收/拒收/重复/更正/撤销/超期/有警告). */
export const counterItems: readonly { key: keyof BatchCounters; label: string; hint: string }[] = [
  { key: 'total', label: '共', hint: '文件中的数据行' },
  { key: 'accepted', label: '接收', hint: '校验通过并入库的新记录' },
  { key: 'rejected', label: '拒收', hint: '有错误、未入库的行，见错误报告' },
  { key: 'duplicates', label: '重复', hint: '与已有记录完全相同，未重复入库' },
  { key: 'corrected', label: '更正', hint: '更正了已有记录（生成新版本）' },
  { key: 'revoked', label: '撤销', hint: '撤销了已有记录' },
  { key: 'late', label: '超期', hint: '晚于报送时限（决定之日起若干工作日）' },
  { key: 'warnings', label: '有警告', hint: '已入库，但有需核对的提示' },
]

const counterColors: Partial<Record<keyof BatchCounters, string>> = {
  accepted: '#237804',
  rejected: '#cf1322',
  late: '#d46b08',
  warnings: '#d48806',
}

/** The counters as a row of figures, each with its label (and a testid: batch-count-accepted, ...). */
export function BatchCounts({ counts }: { counts: BatchCounters }) {
  return (
    <Row gutter={[16, 16]}>
      {counterItems.map((item) => (
        <Col key={item.key} xs={8} sm={6} lg={3}>
          <div title={item.hint} data-testid={`batch-count-${item.key}`}>
            <Statistic
              title={item.label}
              value={counts[item.key]}
              styles={{ content: { color: counts[item.key] ? counterColors[item.key] : undefined } }}
            />
          </div>
        </Col>
      ))}
    </Row>
  )
}
