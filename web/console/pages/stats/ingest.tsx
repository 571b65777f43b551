// 归集统计: what the departments sent, month by month (volume, rejections, late submissions), by class, and the most
// frequent errors (labelled, the code in the tooltip). Over GET /api/v1/quality, one call per month.
import { useMemo, useState } from 'react'
import { Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tooltip } from 'antd'
import type { TableColumnsType } from 'antd'
import { api } from '../../../shared/api.js'
import type { ChartOption } from '../../../shared/echarts.js'
import { issueCodeLabels, labelOf } from '../../../shared/labels.js'
import { LazyChart } from '../../../shared/lazy-chart.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../system/parts.js'
import {
  type Month,
  monthsBack,
  yearsBack,
  num,
  percent,
  type QualityAnswer,
  type QualityItem,
  rate,
} from './shared.js'

type Span = 6 | 12 | 'years'

interface MonthFigures extends Month {
  rows: number
  accepted: number
  rejected: number
  late: number
  lateRate: number | null
  rejectionRate: number | null
}

function trendChart(months: MonthFigures[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => m.label) },
    yAxis: [
      { type: 'value', name: '行数', minInterval: 1 },
      { type: 'value', name: '比率 %', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      {
        name: '入库',
        type: 'bar',
        stack: 'rows',
        data: months.map((m) => m.accepted),
        itemStyle: { color: '#1d4fa3' },
      },
      {
        name: '拒收',
        type: 'bar',
        stack: 'rows',
        data: months.map((m) => m.rejected),
        itemStyle: { color: '#d4380d' },
      },
      {
        name: '拒收率',
        type: 'line',
        yAxisIndex: 1,
        data: months.map((m) => (m.rejectionRate === null ? null : Math.round(m.rejectionRate * 1000) / 10)),
        itemStyle: { color: '#fa8c16' },
      },
      {
        name: '超期率',
        type: 'line',
        yAxisIndex: 1,
        data: months.map((m) => (m.lateRate === null ? null : Math.round(m.lateRate * 1000) / 10)),
        itemStyle: { color: '#722ed1' },
      },
    ],
  }
}

function classChart(items: { className: string; accepted: number; rejected: number }[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => i.className),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      { name: '入库', type: 'bar', stack: 'rows', data: items.map((i) => i.accepted), itemStyle: { color: '#1d4fa3' } },
      { name: '拒收', type: 'bar', stack: 'rows', data: items.map((i) => i.rejected), itemStyle: { color: '#d4380d' } },
    ],
  }
}

function errorChart(errors: { code: string; count: number }[]): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number; value: number }
        const e = errors[p.dataIndex]
        return e ? `${labelOf(issueCodeLabels, e.code)}（${e.code}）<br/>出现 ${p.value} 次` : ''
      },
    },
    grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: errors.map((e) => labelOf(issueCodeLabels, e.code)),
      axisLabel: { width: 160, overflow: 'truncate' },
    },
    series: [{ name: '出现次数', type: 'bar', data: errors.map((e) => e.count), itemStyle: { color: '#d4380d' } }],
  }
}

interface ClassRow {
  class: string
  className: string
  rows: number
  accepted: number
  rejected: number
  late: number
  unresolved: number
  errors: { code: string; count: number }[]
}

function byClass(items: readonly QualityItem[]): ClassRow[] {
  const map = new Map<string, ClassRow>()
  for (const i of items) {
    const row = map.get(i.class) ?? {
      class: i.class,
      className: i.className,
      rows: 0,
      accepted: 0,
      rejected: 0,
      late: 0,
      unresolved: 0,
      errors: [],
    }
    row.rows += i.rows
    row.accepted += i.accepted
    row.rejected += i.rejected
    row.late += i.late
    row.unresolved += i.unresolved
    for (const e of i.topErrors) {
      const seen = row.errors.find((x) => x.code === e.code)
      if (seen) seen.count += e.count
      else row.errors.push({ code: e.code, count: e.count })
    }
    map.set(i.class, row)
  }
  return [...map.values()].sort((a, b) => b.rows - a.rows)
}

export function IngestStatsPage() {
  const [span, setSpan] = useState<Span>(12)
  const [dept, setDept] = useState<string | undefined>(undefined)
  const depts = useDepartments()
  const months = useMemo(() => (span === 'years' ? yearsBack(5) : monthsBack(span)), [span])
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      Promise.all(
        months.map((m) =>
          api<QualityAnswer>('/api/v1/quality', { query: { from: m.from, to: m.to, dept }, signal }).then(
            (r): { month: Month; answer: QualityAnswer } => ({ month: m, answer: r }),
          ),
        ),
      ),
    [months, dept],
  )

  const trend: MonthFigures[] = (data ?? []).map(({ month, answer }) => ({
    ...month,
    rows: answer.totals.rows,
    accepted: answer.totals.accepted,
    rejected: answer.totals.rejected,
    late: answer.totals.late,
    lateRate: answer.totals.lateRate,
    rejectionRate: answer.totals.rejectionRate,
  }))
  const all = (data ?? []).flatMap((d) => d.answer.items)
  const classes = byClass(all)
  const errors = classes
    .flatMap((c) => c.errors)
    .reduce<{ code: string; count: number }[]>((acc, e) => {
      const seen = acc.find((x) => x.code === e.code)
      if (seen) seen.count += e.count
      else acc.push({ ...e })
      return acc
    }, [])
    .sort((a, b) => b.count - a.count)
    .slice(0, 10)
  const sum = (k: 'rows' | 'accepted' | 'rejected' | 'late') => trend.reduce((n, m) => n + m[k], 0)
  const unresolved = classes.reduce((n, c) => n + c.unresolved, 0)

  const columns: TableColumnsType<ClassRow> = [
    { title: '信息类别', dataIndex: 'className', key: 'className' },
    { title: '报送行数', dataIndex: 'rows', key: 'rows', width: 100, align: 'right', render: num },
    { title: '入库', dataIndex: 'accepted', key: 'accepted', width: 90, align: 'right', render: num },
    {
      title: '拒收率',
      key: 'rejectionRate',
      width: 90,
      align: 'right',
      render: (_, r) => percent(rate(r.rejected, r.rows)),
    },
    { title: '超期', dataIndex: 'late', key: 'late', width: 80, align: 'right', render: num },
    { title: '待匹配', dataIndex: 'unresolved', key: 'unresolved', width: 80, align: 'right', render: num },
    {
      title: '主要错误',
      key: 'errors',
      width: 240,
      render: (_, r) =>
        r.errors.length ? (
          <Space orientation="vertical" size={0}>
            {[...r.errors]
              .sort((a, b) => b.count - a.count)
              .slice(0, 3)
              .map((e) => (
                <Tooltip key={e.code} title={`代码：${e.code}`}>
                  <span data-code={e.code}>
                    {labelOf(issueCodeLabels, e.code)} × {num(e.count)}
                  </span>
                </Tooltip>
              ))}
          </Space>
        ) : (
          '—'
        ),
    },
  ]

  return (
    <Page
      title="归集统计"
      description="各部门报送的信用信息逐月统计：报送量、入库与拒收、超期报送和主要错误。数据来自各批次的处理结果。"
      extra={<ReloadButton loading={loading} onClick={reload} />}
    >
      <Card className="gx-block">
        <Space wrap size="middle">
          <Segmented<Span>
            aria-label="统计期间"
            options={[
              { label: '近 6 个月', value: 6 },
              { label: '近 12 个月', value: 12 },
              { label: '近 5 年（按年）', value: 'years' },
            ]}
            value={span}
            onChange={setSpan}
          />
          <Select
            aria-label="报送部门"
            placeholder="全部部门"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={depts.options}
            value={dept}
            onChange={setDept}
            style={{ width: 280, maxWidth: '100%' }}
          />
        </Space>
      </Card>
      <ErrorAlert error={error ?? depts.error} />
      <Row gutter={[16, 16]} className="gx-block">
        {[
          { title: '报送行数', value: num(sum('rows')) },
          { title: '入库', value: num(sum('accepted')) },
          { title: '拒收率', value: percent(rate(sum('rejected'), sum('rows'))) },
          { title: '超期报送', value: num(sum('late')) },
          { title: '待匹配', value: num(unresolved) },
        ].map((s) => (
          <Col key={s.title} xs={12} md={8} xl={4}>
            <Card size="small" loading={loading}>
              <Statistic title={s.title} value={s.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14} className="gx-chart-col">
          <Card title={span === 'years' ? '逐年报送与拒收' : '逐月报送与拒收'} size="small">
            {data ? (
              <LazyChart
                option={trendChart(trend)}
                height={320}
                label={`逐月报送：${trend.map((m) => `${m.label} 入库 ${m.accepted} 行、拒收 ${m.rejected} 行`).join('；')}`}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={10} className="gx-chart-col">
          <Card title="主要错误" size="small">
            {data ? (
              errors.length ? (
                <LazyChart
                  option={errorChart(errors)}
                  height={320}
                  label={`主要错误：${errors.map((e) => `${labelOf(issueCodeLabels, e.code)} ${e.count} 次`).join('；')}`}
                />
              ) : (
                <p>期间内没有错误。</p>
              )
            ) : null}
          </Card>
        </Col>
        <Col xs={24} className="gx-chart-col">
          <Card title="按信息类别" size="small">
            {data && classes.length ? (
              <LazyChart
                option={classChart(classes.slice(0, 12))}
                height={Math.max(200, Math.min(12, classes.length) * 32 + 60)}
                label={`按信息类别：${classes.map((c) => `${c.className} ${c.rows} 行`).join('；')}`}
              />
            ) : null}
            <Table<ClassRow>
              rowKey="class"
              columns={columns}
              dataSource={classes}
              loading={loading}
              size="small"
              scroll={{ x: 860 }}
              pagination={false}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  )
}
