// 反馈待办: the department's checks with hits still waiting for feedback after N working days; feedback per hit.
import { useMemo, useState } from 'react'
import { Alert, Button, Drawer, Empty, Form, Select, Skeleton, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf, scenarioLabels } from '../../../shared/labels.js'
import { ErrorAlert, FilterCard, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import type { MeasureSummary } from '../measures/types.js'
import { FeedbackModal, HitCard, OutcomeTag, SubjectDescriptions } from './parts.js'
import type { CheckHit, CheckReceipt, PendingItem } from './types.js'

/** Checks of one entity and scenario within this many minutes are one to-do (server: REPEAT_CHECK_MINUTES). */
const REPEAT_MINUTES = 30

const dayOptions = [0, 1, 3, 5, 10, 20].map((d) => ({
  value: d,
  label: d === 0 ? '全部未反馈' : `超过 ${d} 个工作日`,
}))

/** The check's hits with the feedback form; pending ones first. */
function FeedbackDrawer({
  item,
  onClose,
  onChanged,
}: {
  item: PendingItem | null
  onClose(): void
  onChanged(): void
}) {
  const checkId = item?.checkId ?? null
  const receipt = useRequest(
    (signal) =>
      checkId
        ? api<CheckReceipt>(`/api/v1/checks/${encodeURIComponent(checkId)}`, { signal })
        : Promise.resolve(undefined),
    [checkId],
  )
  const [hit, setHit] = useState<CheckHit | null>(null)
  const r = receipt.data
  const current = (measure: string) => r?.feedback.find((f) => f.measure === measure && f.current)
  return (
    <Drawer open={checkId !== null} onClose={onClose} size={760} title="反馈实施情况" destroyOnHidden>
      {receipt.error ? <Alert type="error" showIcon title={receipt.error} /> : null}
      {!r ? (
        <Skeleton active />
      ) : (
        <>
          <SubjectDescriptions subject={r.subject} />
          <Typography.Paragraph>
            {`${formatInstant(r.at)} 核查，场景「${labelOf(scenarioLabels, r.scenario)}」，结果 `}
            <OutcomeTag value={r.outcome} />
            <Link to={`/checks/receipts/${r.checkId}`}>查看回执</Link>
          </Typography.Paragraph>
          {item?.repeats.length ? (
            <Alert
              type="info"
              showIcon
              className="gx-block"
              data-testid="repeat-note"
              title={
                <>
                  本部门在此前 {REPEAT_MINUTES} 分钟内已对同一主体、同一场景核查 {item.repeats.length} 次（
                  {item.repeats.map((x, n) => (
                    <span key={x.checkId}>
                      {n > 0 ? '、' : ''}
                      <span className="gx-nowrap">{x.number || x.checkId}</span>
                    </span>
                  ))}
                  ），与本次合为一项待办：此处登记的实施情况同时记入这些核查。
                </>
              }
            />
          ) : null}
          {[...r.hits]
            .sort((a, b) => Number(Boolean(current(a.measure))) - Number(Boolean(current(b.measure))))
            .map((h) => (
              <HitCard key={h.measure} hit={h} feedback={current(h.measure)} onFeedback={() => setHit(h)} />
            ))}
          <FeedbackModal
            checkId={r.checkId}
            hit={hit}
            previous={hit ? current(hit.measure) : undefined}
            onClose={() => setHit(null)}
            onSaved={() => {
              setHit(null)
              receipt.reload()
              onChanged()
            }}
          />
        </>
      )}
    </Drawer>
  )
}

export function CheckFeedbackPage() {
  const [days, setDays] = useState(0)
  const [open, setOpen] = useState<PendingItem | null>(null)
  const pending = useRequest(
    (signal) =>
      api<{ days: number; items: PendingItem[] }>('/api/v1/checks/feedback/pending', { query: { days }, signal }),
    [days],
  )
  const measures = useRequest(
    (signal) => api<{ items: MeasureSummary[] }>('/api/v1/measures', { query: { includeRetired: true }, signal }),
    [],
  )
  const nameOf = useMemo(() => {
    const byCode = new Map((measures.data?.items ?? []).map((m) => [m.code, m.nameZh]))
    return (code: string) => byCode.get(code) ?? code
  }, [measures.data])

  const columns: TableColumnsType<PendingItem> = [
    {
      title: '核查时间',
      dataIndex: 'at',
      key: 'at',
      width: 170,
      render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
    {
      title: '核查编号',
      key: 'number',
      width: 200,
      render: (_: unknown, row) => (
        <span>
          <Link to={`/checks/receipts/${row.checkId}`} className="gx-code gx-nowrap">
            {row.number || row.checkId}
          </Link>
          {row.repeats.length ? (
            <Tag className="gx-repeat-tag" title={row.repeats.map((x) => x.number || x.checkId).join('、')}>
              含重复核查 {row.repeats.length} 次
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      title: '主体',
      key: 'subject',
      width: 280,
      render: (_: unknown, row) => (
        <span>
          {row.subject.name}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.subject.uscc ?? row.subject.idMasked ?? ''}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '应用场景',
      dataIndex: 'scenario',
      key: 'scenario',
      width: 160,
      render: (v: string) => labelOf(scenarioLabels, v),
    },
    {
      title: '待反馈措施',
      dataIndex: 'pendingMeasures',
      key: 'pendingMeasures',
      render: (v: string[]) => (
        <>
          {v.map((m) => (
            <Tag key={m} className="gx-home-tag">
              {nameOf(m)}
            </Tag>
          ))}
        </>
      ),
    },
    {
      title: '已过工作日',
      dataIndex: 'workingDays',
      key: 'workingDays',
      width: 110,
      align: 'right',
      render: (v: number) => <Typography.Text type={v > 5 ? 'danger' : undefined}>{v}</Typography.Text>,
    },
    {
      title: '操作',
      key: 'action',
      width: 100,
      render: (_: unknown, row) => (
        <Button type="link" size="small" onClick={() => setOpen(row)}>
          反馈
        </Button>
      ),
    },
  ]

  return (
    <Page
      title="反馈待办"
      description="本部门核查命中措施后，应登记措施的实施情况（已实施、未实施、部分实施）。此处列出尚未反馈的核查，按工作日计算已过天数；同一主体、同一场景 30 分钟内的重复核查合为一项。"
      extra={<ReloadButton loading={pending.loading} onClick={pending.reload} />}
    >
      <FilterCard name="feedback-filters" layout="inline">
        <Form.Item label="范围">
          <Select aria-label="待反馈范围" value={days} onChange={setDays} options={dayOptions} style={{ width: 200 }} />
        </Form.Item>
      </FilterCard>
      <ErrorAlert error={pending.error} />
      <Table<PendingItem>
        rowKey="checkId"
        columns={columns}
        dataSource={pending.data?.items ?? []}
        loading={pending.loading}
        size="middle"
        scroll={{ x: 1300 }}
        locale={{ emptyText: <Empty description="没有待反馈的核查。" /> }}
        pagination={{ defaultPageSize: 20, showTotal: (total) => `共 ${total} 项待反馈` }}
      />
      <FeedbackDrawer item={open} onClose={() => setOpen(null)} onChanged={pending.reload} />
    </Page>
  )
}
