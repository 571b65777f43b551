// 核查统计: checks by scenario and by department, hit rate and feedback rate over a date range (charts and tables).
import { useMemo, useState } from 'react'
import { Alert, Button, Card, Col, DatePicker, Form, Row, Statistic, Table } from 'antd'
import type { TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { api } from '../../../shared/api.js'
import type { ChartOption } from '../../../shared/echarts.js'
import { labelOf, scenarioLabels } from '../../../shared/labels.js'
import { LazyChart } from '../../../shared/lazy-chart.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import type { CheckBreakdown, CheckRates } from './types.js'
import '../../dayjs-zh.js'

const percent = (r: number) => `${(r * 100).toFixed(1)}%`

function countsOption(labels: string[], rows: CheckRates[], horizontal: boolean): ChartOption {
  const category = { type: 'category', data: labels, axisLabel: { interval: 0, width: 110, overflow: 'truncate' } }
  const value = { type: 'value', minInterval: 1 }
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: horizontal
      ? value
      : { ...category, axisLabel: { ...category.axisLabel, rotate: labels.length > 4 ? 30 : 0 } },
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [
      { name: '核查次数', type: 'bar', barMaxWidth: 36, data: rows.map((r) => r.checks) },
      { name: '有命中的核查', type: 'bar', barMaxWidth: 36, data: rows.map((r) => r.checksWithHits) },
    ],
  }
}

function ratesOption(labels: string[], rows: CheckRates[]): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      { name: '命中率', type: 'bar', barMaxWidth: 36, data: rows.map((r) => Math.round(r.hitRate * 1000) / 10) },
      { name: '反馈率', type: 'bar', barMaxWidth: 36, data: rows.map((r) => Math.round(r.feedbackRate * 1000) / 10) },
    ],
  }
}

function rateColumns<T extends CheckRates>(first: TableColumnsType<T>[number]): TableColumnsType<T> {
  return [
    first,
    { title: '核查次数', dataIndex: 'checks', key: 'checks', align: 'right', width: 100 },
    { title: '有命中的核查', dataIndex: 'checksWithHits', key: 'checksWithHits', align: 'right', width: 120 },
    { title: '命中率', dataIndex: 'hitRate', key: 'hitRate', align: 'right', width: 90, render: percent },
    { title: '命中措施', dataIndex: 'hits', key: 'hits', align: 'right', width: 100 },
    { title: '已反馈', dataIndex: 'hitsWithFeedback', key: 'hitsWithFeedback', align: 'right', width: 90 },
    { title: '反馈率', dataIndex: 'feedbackRate', key: 'feedbackRate', align: 'right', width: 90, render: percent },
  ]
}

export function CheckStatsPage() {
  const [range, setRange] = useState<{ from: string; to: string }>({ from: '', to: '' })
  const [form] = Form.useForm<{ range?: [Dayjs | null, Dayjs | null] | null }>()
  const depts = useDepartments()
  const stats = useRequest(
    (signal) =>
      api<CheckBreakdown>('/api/v1/checks/stats/by-scenario', {
        query: { from: range.from || undefined, to: range.to || undefined },
        signal,
      }),
    [range.from, range.to],
  )
  const data = stats.data
  const scenarioNames = useMemo(() => (data?.byScenario ?? []).map((s) => labelOf(scenarioLabels, s.scenario)), [data])
  const deptNames = useMemo(() => (data?.byDept ?? []).map((d) => depts.nameOf(d.dept)), [data, depts])
  return (
    <Page
      title="核查统计"
      description="联合奖惩核查的次数、应用场景和部门分布，命中率（有命中措施的核查占全部核查的比例）和反馈率（已反馈实施情况的命中措施占全部命中措施的比例）。"
      extra={
        <Button icon={<ReloadOutlined aria-hidden />} loading={stats.loading} onClick={stats.reload}>
          刷新
        </Button>
      }
    >
      <Card className="gx-block">
        <Form
          form={form}
          layout="inline"
          name="check-stats-range"
          className="gx-filter-form"
          onFinish={(v) =>
            setRange({ from: v.range?.[0]?.format('YYYY-MM-DD') ?? '', to: v.range?.[1]?.format('YYYY-MM-DD') ?? '' })
          }
        >
          <Form.Item label="核查日期" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} aria-label="核查日期" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              统计
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields()
                setRange({ from: '', to: '' })
              }}
            >
              全部时间
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {stats.error ? <Alert type="error" showIcon title={stats.error} className="gx-block" /> : null}
      {data ? (
        <>
          <Row gutter={[16, 16]} className="gx-block">
            {(
              [
                ['checks', '核查次数', data.totals.checks, undefined],
                ['checksWithHits', '有命中的核查', data.totals.checksWithHits, undefined],
                ['hitRate', '命中率', Math.round(data.totals.hitRate * 1000) / 10, 1],
                ['feedbackRate', '反馈率', Math.round(data.totals.feedbackRate * 1000) / 10, 1],
              ] as const
            ).map(([key, title, value, precision]) => (
              <Col key={key} xs={12} md={6}>
                <Card size="small" data-testid={`stats-${key}`}>
                  <Statistic title={title} value={value} precision={precision} suffix={precision ? '%' : undefined} />
                </Card>
              </Col>
            ))}
          </Row>
          {data.totals.checks === 0 ? (
            <Alert type="info" showIcon title="所选期间没有核查记录。" className="gx-block" />
          ) : (
            <Row gutter={[16, 16]} className="gx-block">
              <Col xs={24} lg={12}>
                <Card size="small" title="按应用场景">
                  <LazyChart
                    option={countsOption(scenarioNames, data.byScenario, false)}
                    label={`按应用场景统计的核查次数：${data.byScenario.map((s, i) => `${scenarioNames[i]} ${s.checks} 次`).join('，')}`}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title="按部门">
                  <LazyChart
                    option={countsOption(deptNames, data.byDept, true)}
                    label={`按部门统计的核查次数：${data.byDept.map((d, i) => `${deptNames[i]} ${d.checks} 次`).join('，')}`}
                    height={Math.max(280, data.byDept.length * 44 + 60)}
                  />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title="各部门命中率与反馈率">
                  <LazyChart
                    option={ratesOption(deptNames, data.byDept)}
                    label={`各部门命中率与反馈率：${data.byDept.map((d, i) => `${deptNames[i]} 命中率 ${percent(d.hitRate)}，反馈率 ${percent(d.feedbackRate)}`).join('；')}`}
                    height={Math.max(280, data.byDept.length * 44 + 60)}
                  />
                </Card>
              </Col>
            </Row>
          )}
          <Card size="small" title="按应用场景" className="gx-block">
            <Table
              rowKey="scenario"
              size="small"
              pagination={false}
              dataSource={data.byScenario}
              data-testid="stats-by-scenario"
              columns={rateColumns<CheckBreakdown['byScenario'][number]>({
                title: '应用场景',
                dataIndex: 'scenario',
                key: 'scenario',
                render: (v: string) => labelOf(scenarioLabels, v),
              })}
            />
          </Card>
          <Card size="small" title="按部门" className="gx-block">
            <Table
              rowKey={(r) => r.dept ?? ''}
              size="small"
              pagination={false}
              dataSource={data.byDept}
              data-testid="stats-by-dept"
              columns={rateColumns<CheckBreakdown['byDept'][number]>({
                title: '部门',
                dataIndex: 'dept',
                key: 'dept',
                render: (v: string | null) => depts.nameOf(v),
              })}
            />
          </Card>
        </>
      ) : null}
    </Page>
  )
}
