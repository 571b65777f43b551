// The 信用评价 tab of an entity's file: its grade (score, base, dimensions), every reason with the records behind it,
// the what-if (tick records to leave out, see the grade they would give; nothing is stored) and the grade history.
import { useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { Alert, Button, Card, Checkbox, Descriptions, Space, Statistic, Table, Tag, Typography } from 'antd'
import { ExperimentOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useRequest } from '../../use-request.js'
import type { GradeHistoryItem, GradeView, WhatIf } from './types.js'

type Reason = GradeView['reasons'][number]

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

function Summary({ g, testId }: { g: GradeView; testId: string }) {
  return (
    <Space size="large" wrap className="gx-block" data-testid={testId}>
      <Statistic title="评价等级" value={`${g.grade} ${g.gradeLabel}`} />
      <Statistic title="得分" value={g.score} />
      <Statistic title="基础分" value={g.base} />
    </Space>
  )
}

/** The grade's what-if: the records ticked are treated as repaired or expired on the grade's date. */
function WhatIfCard({
  entityId,
  grade,
  recordName,
}: {
  entityId: string
  grade: GradeView
  recordName(id: string): string
}) {
  const records = useMemo(() => [...new Set(grade.reasons.flatMap((r) => r.records))], [grade])
  const [ticked, setTicked] = useState<string[]>([])
  const [result, setResult] = useState<WhatIf | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (records.length === 0) return null
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      setResult(
        await api<WhatIf>(`/api/v1/entities/${encodeURIComponent(entityId)}/grade/what-if`, {
          method: 'POST',
          body: { exclude: ticked, model: grade.model, asOf: grade.asOf },
        }),
      )
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card size="small" title="模拟评价（若所选记录已修复或到期）" className="gx-block" data-testid="what-if">
      <Typography.Paragraph type="secondary">
        勾选要排除的记录，计算排除后的评价结果；只作模拟，不保存，也不改变记录。
      </Typography.Paragraph>
      <Checkbox.Group
        value={ticked}
        onChange={(v) => {
          setTicked(v as string[])
          setResult(null)
        }}
        options={records.map((id) => ({ value: id, label: recordName(id) }))}
      />
      <div style={{ marginTop: 12 }}>
        <Button icon={<ExperimentOutlined aria-hidden />} onClick={run} loading={busy} disabled={ticked.length === 0}>
          模拟计算
        </Button>
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <div style={{ marginTop: 12 }} data-testid="what-if-result">
          <Typography.Paragraph strong>
            排除 {result.excluded.length} 条记录后：{result.grade} {result.gradeLabel}，{result.score} 分（现为{' '}
            {result.actual.grade}，{result.actual.score} 分，{signed(result.score - result.actual.score)} 分）。
          </Typography.Paragraph>
          <Summary g={result} testId="what-if-summary" />
        </div>
      ) : null}
    </Card>
  )
}

function HistoryCard({ entityId, model }: { entityId: string; model: string }) {
  const history = useRequest(
    (signal) =>
      api<{ items: GradeHistoryItem[] }>(`/api/v1/entities/${encodeURIComponent(entityId)}/grade/history`, {
        query: { model },
        signal,
      }),
    [entityId, model],
  )
  const items = [...(history.data?.items ?? [])].reverse()
  if (items.length === 0) return null
  return (
    <Card size="small" title="评价历史" data-testid="grade-history">
      <Table<GradeHistoryItem>
        rowKey={(h) => `${h.gradedAt}-${h.version}-${h.score}`}
        size="small"
        pagination={items.length > 10 ? { defaultPageSize: 10, showSizeChanger: false } : false}
        dataSource={items}
        columns={[
          { title: '评价日期', dataIndex: 'asOf', key: 'asOf', width: 120 },
          {
            title: '等级',
            dataIndex: 'grade',
            key: 'grade',
            width: 120,
            render: (v: string, h) => (
              <span>
                {v}
                {h.current ? (
                  <Tag color="green" className="gx-home-tag">
                    当前
                  </Tag>
                ) : null}
              </span>
            ),
          },
          { title: '得分', dataIndex: 'score', key: 'score', width: 90, align: 'right' },
          { title: '模型版本', dataIndex: 'version', key: 'version', width: 100, render: (v: number) => `第 ${v} 版` },
          { title: '评价时间', dataIndex: 'gradedAt', key: 'gradedAt', render: (v: string) => formatInstant(v) },
        ]}
      />
    </Card>
  )
}

export function GradePanel({
  entityId,
  grade,
  recordName,
  recordLink,
}: {
  entityId: string
  grade: GradeView
  /** A record's name for a person (its document number, or its place among the reasons). */
  recordName(id: string): string
  recordLink(id: string, children: ReactNode): ReactNode
}) {
  return (
    <>
      <Summary g={grade} testId="grade-summary" />
      <Typography.Paragraph type="secondary">
        评价模型：{grade.modelName}（第 {grade.version} 版），评价日期 {grade.asOf}
        {grade.underObjection ? '；部分依据的记录异议处理中' : ''}。得分 = 基础分 {grade.base}
        {grade.reasons.map((r) => ` ${r.points >= 0 ? '+' : '−'} ${Math.abs(r.points)}`).join('')} = {grade.score}。
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        className="gx-block"
        items={grade.dimensions.map((d) => ({ key: d.code, label: d.label, children: `${d.score} / ${d.max}` }))}
      />
      {grade.reasons.length ? (
        <Table<Reason>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={grade.reasons}
          className="gx-block"
          data-testid="grade-reasons"
          columns={[
            { title: '加减分事由', dataIndex: 'label', key: 'label' },
            {
              title: '分值',
              dataIndex: 'points',
              key: 'points',
              width: 90,
              align: 'right',
              render: (v: number) => signed(v),
            },
            {
              title: '依据记录',
              key: 'records',
              width: 300,
              render: (_: unknown, r) =>
                r.records.length ? (
                  <Space size={8} wrap>
                    {r.records.map((id) => (
                      <span key={id}>{recordLink(id, recordName(id))}</span>
                    ))}
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      ) : (
        <Typography.Paragraph>没有加减分事由：得分即基础分。</Typography.Paragraph>
      )}
      <WhatIfCard entityId={entityId} grade={grade} recordName={recordName} />
      <HistoryCard entityId={entityId} model={grade.model} />
    </>
  )
}
