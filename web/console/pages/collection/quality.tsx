import { useMemo, useState } from 'react'
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Grid,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { ApiError, api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { issueCodeLabels, labelOf } from '../../../shared/labels.js'
import { LazyChart } from '../../../shared/lazy-chart.js'
import type { ChartOption } from '../../../shared/echarts.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'

export interface QualityError {
  code: string
  count: number
  example?: string | null
}

/** GET /api/v1/quality?dept=&class= (items: one per department and class). Rates are fractions (0..1). */
export interface QualityItem {
  dept: string
  deptName?: string | null
  class: string
  className?: string | null
  batches: number
  rows: number
  accepted: number
  rejected: number
  duplicates: number
  late: number
  unresolved: number
  rejectionRate: number
  lateRate: number
  topErrors: QualityError[]
  lastSubmittedAt: string | null
}

export interface QualityResponse {
  items: QualityItem[]
  totals?: Partial<Omit<QualityItem, 'dept' | 'class' | 'deptName' | 'className'>>
}

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—'
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.001 ? 2 : 1)}%`
}

const sum = (
  items: readonly QualityItem[],
  key: 'batches' | 'rows' | 'accepted' | 'rejected' | 'duplicates' | 'late' | 'unresolved',
) => items.reduce((n, i) => n + (i[key] ?? 0), 0)

/** A rate over several items, weighted by their rows (what the server's per-item rates are based on). */
function weighted(items: readonly QualityItem[], key: 'rejectionRate' | 'lateRate'): number {
  const rows = sum(items, 'rows')
  if (!rows) return 0
  return items.reduce((n, i) => n + (i[key] ?? 0) * i.rows, 0) / rows
}

export interface GroupRates {
  key: string
  name: string
  rows: number
  rejectionRate: number
  lateRate: number
}

/** Rates per group (department, or class for one department), the worst first. */
export function ratesBy(
  items: readonly QualityItem[],
  keyOf: (item: QualityItem) => string,
  nameOf: (item: QualityItem) => string,
): GroupRates[] {
  const groups = new Map<string, QualityItem[]>()
  for (const i of items) groups.set(keyOf(i), [...(groups.get(keyOf(i)) ?? []), i])
  return [...groups.entries()]
    .map(([key, list]) => ({
      key,
      name: list[0] ? nameOf(list[0]) : key,
      rows: sum(list, 'rows'),
      rejectionRate: weighted(list, 'rejectionRate'),
      lateRate: weighted(list, 'lateRate'),
    }))
    .sort((a, b) => b.rejectionRate - a.rejectionRate || b.rows - a.rows)
}

export function topErrorCodes(items: readonly QualityItem[], limit = 10): QualityError[] {
  const byCode = new Map<string, QualityError>()
  for (const item of items) {
    for (const e of item.topErrors ?? []) {
      const seen = byCode.get(e.code)
      byCode.set(e.code, { code: e.code, count: (seen?.count ?? 0) + e.count, example: seen?.example ?? e.example })
    }
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count).slice(0, limit)
}

function rateChart(rows: GroupRates[]): ChartOption {
  const shown = rows.slice(0, 15)
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%`,
    },
    legend: { data: ['拒收率', '超期率'], top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((r) => r.name),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: '拒收率',
        type: 'bar',
        data: shown.map((r) => +(r.rejectionRate * 100).toFixed(2)),
        itemStyle: { color: '#cf1322' },
      },
      {
        name: '超期率',
        type: 'bar',
        data: shown.map((r) => +(r.lateRate * 100).toFixed(2)),
        itemStyle: { color: '#d48806' },
      },
    ],
  }
}

function errorChart(errors: QualityError[]): ChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      // the label and, beside it, the code the error reports and the API carry
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
    series: [{ name: '出现次数', type: 'bar', data: errors.map((e) => e.count), itemStyle: { color: '#1d4fa3' } }],
  }
}

export function QualityPage() {
  const user = useUser()
  const provider = user.role === 'provider'
  const classes = useClasses(true)
  const depts = useDepartments()
  const wide = Grid.useBreakpoint().md !== false
  const [dept, setDept] = useState<string | undefined>(undefined)
  const [classCode, setClassCode] = useState<string | undefined>(undefined)

  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<QualityResponse>('/api/v1/quality', { query: { dept, class: classCode }, signal }).catch((cause: unknown) => {
        if (cause instanceof ApiError && cause.status === 404) throw new Error('数据质量统计服务尚未开通，请稍后再试。')
        throw cause
      }),
    [dept, classCode],
  )
  const items = data?.items ?? []
  const deptName = (item: QualityItem) => item.deptName || depts.nameOf(item.dept)
  const className = (item: QualityItem) => item.className || classes.nameOf(item.class)

  // One department (a provider, or a department filter): compare its classes instead.
  const oneDept = provider || dept !== undefined || new Set(items.map((i) => i.dept)).size === 1
  const byDept = useMemo(
    () =>
      oneDept
        ? ratesBy(
            items,
            (i) => i.class,
            (i) => i.className || classes.nameOf(i.class),
          )
        : ratesBy(
            items,
            (i) => i.dept,
            (i) => i.deptName || depts.nameOf(i.dept),
          ),
    [items, oneDept, classes.nameOf, depts.nameOf],
  )
  const errors = useMemo(() => topErrorCodes(items), [items])
  const rateOption = useMemo(() => rateChart(byDept), [byDept])
  const errorOption = useMemo(() => errorChart(errors), [errors])

  const totals = {
    batches: data?.totals?.batches ?? sum(items, 'batches'),
    rows: data?.totals?.rows ?? sum(items, 'rows'),
    accepted: data?.totals?.accepted ?? sum(items, 'accepted'),
    rejected: data?.totals?.rejected ?? sum(items, 'rejected'),
    unresolved: data?.totals?.unresolved ?? sum(items, 'unresolved'),
    rejectionRate: data?.totals?.rejectionRate ?? weighted(items, 'rejectionRate'),
    lateRate: data?.totals?.lateRate ?? weighted(items, 'lateRate'),
  }

  const num = (v: number) => (v ?? 0).toLocaleString('zh-CN')
  const columns: TableColumnsType<QualityItem> = [
    ...(provider
      ? []
      : [
          {
            title: '部门',
            key: 'dept',
            width: 190,
            fixed: wide ? ('start' as const) : undefined,
            render: (_: unknown, r: QualityItem) => deptName(r),
          },
        ]),
    { title: '信息类别', key: 'class', width: 160, render: (_: unknown, r) => className(r) },
    {
      title: '批次',
      dataIndex: 'batches',
      key: 'batches',
      width: 70,
      align: 'right',
      sorter: (a, b) => a.batches - b.batches,
      render: num,
    },
    {
      title: '数据行',
      dataIndex: 'rows',
      key: 'rows',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.rows - b.rows,
      render: num,
    },
    { title: '拒收', dataIndex: 'rejected', key: 'rejected', width: 80, align: 'right', render: num },
    {
      title: '拒收率',
      dataIndex: 'rejectionRate',
      key: 'rejectionRate',
      width: 90,
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.rejectionRate - b.rejectionRate,
      render: (v: number) => percent(v),
    },
    { title: '超期', dataIndex: 'late', key: 'late', width: 70, align: 'right', render: num },
    {
      title: '超期率',
      dataIndex: 'lateRate',
      key: 'lateRate',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.lateRate - b.lateRate,
      render: (v: number) => percent(v),
    },
    {
      title: '主要错误',
      dataIndex: 'topErrors',
      key: 'topErrors',
      width: 220,
      render: (v: QualityError[]) =>
        v?.length ? (
          <Space orientation="vertical" size={0}>
            {v.slice(0, 3).map((e) => (
              <Tooltip key={e.code} title={`代码：${e.code}${e.example ? `；示例：${e.example}` : ''}`}>
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
    { title: '接收', dataIndex: 'accepted', key: 'accepted', width: 90, align: 'right', render: num },
    { title: '重复', dataIndex: 'duplicates', key: 'duplicates', width: 70, align: 'right', render: num },
    { title: '待匹配', dataIndex: 'unresolved', key: 'unresolved', width: 80, align: 'right', render: num },
    {
      title: '最近报送',
      dataIndex: 'lastSubmittedAt',
      key: 'lastSubmittedAt',
      width: 170,
      render: (v: string | null) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
  ]

  return (
    <Page
      title="数据质量"
      description={
        provider
          ? '本部门各信息类别的报送质量：拒收率、超期率和最常见的错误。按错误报告修正后重新报送即可。'
          : '各部门、各信息类别的报送质量：拒收率、超期率和最常见的错误，用于督促整改。'
      }
      extra={
        <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
          刷新
        </Button>
      }
    >
      <Card className="gx-block">
        <Form layout={wide ? 'inline' : 'vertical'} name="quality-filters" className="gx-filter-form">
          {provider ? null : (
            <Form.Item label="部门">
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="全部部门"
                value={dept}
                onChange={(v?: string) => setDept(v)}
                options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
                style={{ width: wide ? 260 : '100%' }}
              />
            </Form.Item>
          )}
          <Form.Item label="信息类别">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部类别"
              value={classCode}
              onChange={(v?: string) => setClassCode(v)}
              options={classes.classes.map((c) => ({ value: c.code, label: c.nameZh }))}
              style={{ width: wide ? 240 : '100%' }}
            />
          </Form.Item>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Row gutter={[16, 16]} className="gx-block">
        {[
          { key: 'batches', title: '批次', value: totals.batches },
          { key: 'rows', title: '数据行', value: totals.rows },
          { key: 'accepted', title: '接收', value: totals.accepted },
          { key: 'rejected', title: '拒收', value: totals.rejected },
          { key: 'rejectionRate', title: '拒收率', value: percent(totals.rejectionRate) },
          { key: 'lateRate', title: '超期率', value: percent(totals.lateRate) },
          { key: 'unresolved', title: '待匹配主体', value: totals.unresolved },
        ].map((s) => (
          <Col key={s.key} xs={12} sm={8} lg={6} xl={3}>
            <Card size="small">
              <Statistic title={s.title} value={s.value} loading={loading && !data} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} className="gx-block">
        <Col xs={24} xl={12}>
          <Card title={oneDept ? '各信息类别拒收率与超期率' : '各部门拒收率与超期率'} size="small">
            {byDept.length ? (
              <LazyChart
                option={rateOption}
                height={Math.max(200, Math.min(15, byDept.length) * 44 + 60)}
                label={`${oneDept ? '各信息类别' : '各部门'}拒收率与超期率：${byDept
                  .slice(0, 5)
                  .map((r) => `${r.name} 拒收率 ${percent(r.rejectionRate)}、超期率 ${percent(r.lateRate)}`)
                  .join('；')}`}
              />
            ) : (
              <Empty description="暂无报送数据。" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="最常见的错误" size="small">
            {errors.length ? (
              <LazyChart
                option={errorOption}
                height={Math.max(200, errors.length * 32 + 40)}
                label={`最常见的错误：${errors.map((e) => `${labelOf(issueCodeLabels, e.code)} ${e.count} 次`).join('；')}`}
              />
            ) : (
              <Empty description="没有错误记录。" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
      </Row>
      <Table<QualityItem>
        rowKey={(r) => `${r.dept}/${r.class}`}
        columns={columns}
        dataSource={items}
        loading={loading}
        size="middle"
        scroll={{ x: provider ? 1290 : 1480 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => `共 ${n} 项` }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        拒收率 = 拒收行数 ÷ 数据行数；超期指晚于报送时限（决定之日起若干工作日，按工作日历计算）报送的记录。
      </Typography.Paragraph>
    </Page>
  )
}
