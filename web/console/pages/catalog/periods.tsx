import { Alert, Card, Col, Row, Skeleton, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { api } from '../../../shared/api.js'
import { labelOf, severityLabels } from '../../../shared/labels.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { formatMonths } from './format.js'
import { SeverityTag } from './tags.js'
import type { PublicationRuleSet } from './types.js'

const severities = ['minor', 'general', 'serious'] as const

interface PeriodRow {
  severity: string
  min: string
  max: string
}

/** The civil day before `date` (YYYY-MM-DD): effectiveTo is exclusive. */
function dayBefore(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

export function appliesText(rs: PublicationRuleSet): string {
  return rs.effectiveTo
    ? `适用于决定日期 ${rs.effectiveFrom} 至 ${dayBefore(rs.effectiveTo)} 的失信信息`
    : `适用于决定日期 ${rs.effectiveFrom} 起的失信信息`
}

function rowsOf(rs: PublicationRuleSet): PeriodRow[] {
  return severities.map((s) => {
    const p = rs.periods[s]
    if (!p) {
      // A severity the rule set does not know counts as the next higher one.
      const next = severities.slice(severities.indexOf(s) + 1).find((x) => rs.periods[x])
      const text = next ? `不单列，按${labelOf(severityLabels, next)}处理` : '不适用'
      return { severity: s, min: text, max: text }
    }
    return { severity: s, min: formatMonths(p.minMonths), max: formatMonths(p.maxMonths) }
  })
}

const columns: TableColumnsType<PeriodRow> = [
  {
    title: '失信程度',
    dataIndex: 'severity',
    key: 'severity',
    width: 110,
    render: (v: string) => <SeverityTag value={v} />,
  },
  { title: '最短公示期', dataIndex: 'min', key: 'min' },
  { title: '最长公示期', dataIndex: 'max', key: 'max' },
]

export function PublicationRulesPage() {
  const { data, error, loading } = useRequest(
    (signal) => api<{ items: PublicationRuleSet[] }>('/api/v1/catalog/publication-rules', { signal }),
    [],
  )
  const today = shanghaiToday()
  const sets = [...(data?.items ?? [])].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))

  return (
    <Page
      title="公示期规则"
      description="负面信息的公示期自决定之日起按月计算，适用作出决定之日有效的规则；最长公示期届满自动停止公示。正面和中性信息的公示期见各类别的「基本信息」。"
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      {loading && !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : null}
      <Row gutter={[16, 16]}>
        {sets.map((rs) => {
          const inForce = rs.effectiveFrom <= today && (rs.effectiveTo === null || today < rs.effectiveTo)
          return (
            <Col key={rs.version} xs={24} xl={12}>
              <Card
                title={
                  <span>
                    {rs.version} 版规则
                    {inForce ? (
                      <Tag color="green" className="gx-home-tag">
                        现行
                      </Tag>
                    ) : (
                      <Tag className="gx-home-tag">
                        {rs.effectiveFrom > today ? '尚未施行' : '已废止（仍适用于此前的决定）'}
                      </Tag>
                    )}
                  </span>
                }
                data-testid={`rule-set-${rs.version}`}
              >
                <Typography.Paragraph strong>{appliesText(rs)}</Typography.Paragraph>
                <Table<PeriodRow>
                  rowKey="severity"
                  columns={columns}
                  dataSource={rowsOf(rs)}
                  size="small"
                  pagination={false}
                  aria-label={`${rs.version} 版公示期`}
                />
                <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}>
                  依据：{rs.basis}
                </Typography.Paragraph>
              </Card>
            </Col>
          )
        })}
      </Row>
    </Page>
  )
}
