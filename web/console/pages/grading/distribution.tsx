// 评价分布: a grading model's grades - by grade, by district, by GB/T 4754 section and at past month ends (from the
// grades history). Charts (ECharts, drawn as SVG so their text is readable) with the same figures in tables.
import { useState } from 'react'
import { Alert, Card, Col, Form, Row, Select, Statistic, Table, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import type { ChartOption } from '../../../shared/echarts.js'
import { industryLabels, labelOf } from '../../../shared/labels.js'
import { LazyChart } from '../../../shared/lazy-chart.js'
import { ErrorAlert, FilterCard, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { api } from '../../../shared/api.js'
import type { GradeStats, GradingModel } from './types.js'

type Group = GradeStats['byDistrict'][number]

/** Colours from the best grade to the worst (greens to reds); more grades than colours repeat the last. */
const PALETTE = ['#237804', '#52c41a', '#1d4fa3', '#69b1ff', '#faad14', '#fa8c16', '#d4380d', '#a8071a']
const colourOf = (i: number, n: number) =>
  PALETTE[Math.min(PALETTE.length - 1, Math.round((i * (PALETTE.length - 1)) / Math.max(1, n - 1)))]

const industryName = (code: string | null) => (code ? `${code} ${labelOf(industryLabels, code)}` : '未登记行业')
const districtName = (g: Group) => (g.code ? (g.name ?? g.code) : '未登记区县')

function gradeChart(s: GradeStats): ChartOption {
  const n = s.grades.length
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 8, bottom: 8, top: 24, containLabel: true },
    xAxis: { type: 'category', data: s.grades.map((g) => `${g.grade} ${g.label}`) },
    yAxis: { type: 'value', name: '主体数', minInterval: 1 },
    series: [
      {
        name: '主体数',
        type: 'bar',
        label: { show: true, position: 'top' },
        data: s.byGrade.map((b, i) => ({ value: b.n, itemStyle: { color: colourOf(i, n) } })),
      },
    ],
  }
}

/** Stacked bars, one per group (district or section), one stack part per grade. */
function groupChart(s: GradeStats, groups: readonly Group[], name: (g: Group) => string): ChartOption {
  const n = s.grades.length
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: groups.map(name), inverse: true },
    series: s.grades.map((g, i) => ({
      name: g.grade,
      type: 'bar',
      stack: 'grades',
      data: groups.map((x) => x.counts[g.grade] ?? 0),
      itemStyle: { color: colourOf(i, n) },
    })),
  }
}

function timeChart(s: GradeStats): ChartOption {
  const n = s.grades.length
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: s.overTime.map((m) => m.month) },
    yAxis: { type: 'value', name: '主体数', minInterval: 1 },
    series: s.grades.map((g, i) => ({
      name: g.grade,
      type: 'bar',
      stack: 'grades',
      data: s.overTime.map((m) => m.counts[g.grade] ?? 0),
      itemStyle: { color: colourOf(i, n) },
    })),
  }
}

/** The figures of a chart as words (charts are drawings: readers get the gist from the label). */
const countsText = (s: GradeStats, counts: Record<string, number>) =>
  s.grades.map((g) => `${g.grade} ${counts[g.grade] ?? 0}`).join('、')

function groupColumns(s: GradeStats, title: string, name: (g: Group) => string): TableColumnsType<Group> {
  return [
    { title, key: 'name', render: (_: unknown, g) => <span title={g.code ?? undefined}>{name(g)}</span> },
    ...s.grades.map((b) => ({
      title: b.grade,
      key: b.grade,
      width: 70,
      align: 'right' as const,
      render: (_: unknown, g: Group) => g.counts[b.grade] ?? 0,
    })),
    { title: '合计', dataIndex: 'total', key: 'total', width: 80, align: 'right' as const },
  ]
}

export function GradeDistributionPage() {
  const [model, setModel] = useState('general')
  const [months, setMonths] = useState(12)
  const models = useRequest((signal) => api<{ items: GradingModel[] }>('/api/v1/grading/models', { signal }), [])
  const stats = useRequest(
    (signal) => api<GradeStats>('/api/v1/grading/stats', { query: { model, months }, signal }),
    [model, months],
  )
  const s = stats.data
  const top = (list: readonly Group[]) => list.slice(0, 15)
  return (
    <Page
      title="评价分布"
      description="公共信用综合评价结果的分布：按等级、区县、行业门类（GB/T 4754 门类）和逐月月末（按评价历史，每个主体取当月月末时的评价结果）。"
      extra={<ReloadButton loading={stats.loading} onClick={stats.reload} />}
    >
      <FilterCard name="grade-stats-filters">
        <Form.Item label="评价模型">
          <Select
            aria-label="评价模型"
            value={model}
            onChange={setModel}
            style={{ width: 260 }}
            options={(models.data?.items ?? []).map((m) => ({ value: m.code, label: m.name }))}
          />
        </Form.Item>
        <Form.Item label="月份">
          <Select
            aria-label="月份"
            value={months}
            onChange={setMonths}
            style={{ width: 140 }}
            options={[
              { value: 6, label: '最近 6 个月' },
              { value: 12, label: '最近 12 个月' },
              { value: 24, label: '最近 24 个月' },
            ]}
          />
        </Form.Item>
      </FilterCard>
      <ErrorAlert error={stats.error ?? models.error} />
      {s ? (
        <>
          <Row gutter={[16, 16]} className="gx-block">
            <Col xs={12} md={4}>
              <Statistic title="已评价主体" value={s.total} />
            </Col>
            {s.byGrade.map((b) => (
              <Col xs={12} md={4} key={b.grade}>
                <Statistic title={`${b.grade} 级`} value={b.n} />
              </Col>
            ))}
          </Row>
          <Typography.Paragraph type="secondary">
            {s.modelName}（第 {s.version} 版），统计日期 {s.today}；为各主体最近一次评价的结果
            {s.queued ? `，另有 ${s.queued} 个主体的记录有变化、正在重新评价` : ''}。
          </Typography.Paragraph>
          {s.total === 0 ? <Alert type="info" showIcon title="该模型尚无评价结果。" className="gx-block" /> : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10} className="gx-chart-col">
              <Card title="按等级" size="small" data-testid="chart-grade">
                <LazyChart
                  option={gradeChart(s)}
                  renderer="svg"
                  height={300}
                  label={`按等级：${countsText(s, Object.fromEntries(s.byGrade.map((b) => [b.grade, b.n])))}`}
                />
              </Card>
            </Col>
            <Col xs={24} xl={14} className="gx-chart-col">
              <Card title="逐月月末" size="small" data-testid="chart-time">
                <LazyChart
                  option={timeChart(s)}
                  renderer="svg"
                  height={300}
                  label={`逐月月末：${s.overTime.map((m) => `${m.month} ${countsText(s, m.counts)}`).join('；')}`}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12} className="gx-chart-col">
              <Card title="按区县" size="small" data-testid="chart-district">
                <LazyChart
                  option={groupChart(s, top(s.byDistrict), districtName)}
                  renderer="svg"
                  height={Math.max(200, top(s.byDistrict).length * 28 + 70)}
                  label={`按区县：${s.byDistrict.map((g) => `${districtName(g)} ${countsText(s, g.counts)}`).join('；')}`}
                />
                <Table<Group>
                  rowKey={(g) => g.code ?? '-'}
                  size="small"
                  pagination={s.byDistrict.length > 10 ? { defaultPageSize: 10, showSizeChanger: false } : false}
                  dataSource={s.byDistrict}
                  columns={groupColumns(s, '区县', districtName)}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12} className="gx-chart-col">
              <Card title="按行业门类（GB/T 4754）" size="small" data-testid="chart-industry">
                <LazyChart
                  option={groupChart(s, top(s.byIndustry), (g) => industryName(g.code))}
                  renderer="svg"
                  height={Math.max(200, top(s.byIndustry).length * 28 + 70)}
                  label={`按行业门类：${s.byIndustry.map((g) => `${industryName(g.code)} ${countsText(s, g.counts)}`).join('；')}`}
                />
                <Table<Group>
                  rowKey={(g) => g.code ?? '-'}
                  size="small"
                  pagination={s.byIndustry.length > 10 ? { defaultPageSize: 10, showSizeChanger: false } : false}
                  dataSource={s.byIndustry}
                  columns={groupColumns(s, '行业门类', (g) => industryName(g.code))}
                />
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
    </Page>
  )
}
