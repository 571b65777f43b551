// 部门/区县: departments and districts side by side - what they sent (volume, rejections, late submissions, unmatched
// subjects) and how they use the checks (checks, feedback rate). Over GET /api/v1/quality and /api/v1/checks/stats;
// a department's district is the one it is registered with (city-level departments: 市级).
import { useMemo, useState } from 'react'
import { Card, Segmented, Space, Table, Tabs } from 'antd'
import type { TableColumnsType } from 'antd'
import { api } from '../../../shared/api.js'
import type { ChartOption } from '../../../shared/echarts.js'
import { LazyChart } from '../../../shared/lazy-chart.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { beijing, useDepartments } from '../system/parts.js'
import { daysBefore, num, percent, type QualityAnswer, rate, todayBeijing } from './shared.js'

interface CheckStat {
  dept: string | null
  checks: number
  hits: number
  hitsWithFeedback: number
  feedbackRate: number
}

interface UnitRow {
  key: string
  name: string
  district: string
  rows: number
  accepted: number
  rejected: number
  late: number
  newRecords: number
  unresolved: number
  lastSubmittedAt: string | null
  checks: number
  hits: number
  hitsWithFeedback: number
  depts?: number
}

const CITY = '市级'

function emptyRow(key: string, name: string, district: string): UnitRow {
  return {
    key,
    name,
    district,
    rows: 0,
    accepted: 0,
    rejected: 0,
    late: 0,
    newRecords: 0,
    unresolved: 0,
    lastSubmittedAt: null,
    checks: 0,
    hits: 0,
    hitsWithFeedback: 0,
  }
}

function add(into: UnitRow, from: Omit<UnitRow, 'key' | 'name' | 'district'>): void {
  into.rows += from.rows
  into.accepted += from.accepted
  into.rejected += from.rejected
  into.late += from.late
  into.newRecords += from.newRecords
  into.unresolved += from.unresolved
  into.checks += from.checks
  into.hits += from.hits
  into.hitsWithFeedback += from.hitsWithFeedback
  if (from.lastSubmittedAt && (!into.lastSubmittedAt || from.lastSubmittedAt > into.lastSubmittedAt))
    into.lastSubmittedAt = from.lastSubmittedAt
}

function rateChart(rows: UnitRow[]): ChartOption {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 8, right: 24, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'value', max: 100, name: '%' },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { width: 170, overflow: 'truncate' },
    },
    series: [
      {
        name: '拒收率',
        type: 'bar',
        data: rows.map((r) => pct(rate(r.rejected, r.rows))),
        itemStyle: { color: '#d4380d' },
      },
      {
        name: '超期率',
        type: 'bar',
        data: rows.map((r) => pct(rate(r.late, r.newRecords))),
        itemStyle: { color: '#722ed1' },
      },
      {
        name: '核查反馈率',
        type: 'bar',
        data: rows.map((r) => pct(rate(r.hitsWithFeedback, r.hits))),
        itemStyle: { color: '#1d4fa3' },
      },
    ],
  }
}

function columns(kind: 'dept' | 'district'): TableColumnsType<UnitRow> {
  return [
    { title: kind === 'dept' ? '部门' : '区县', dataIndex: 'name', key: 'name', width: 220, fixed: 'left' },
    ...(kind === 'dept'
      ? [{ title: '区县', dataIndex: 'district', key: 'district', width: 100 }]
      : [{ title: '部门数', dataIndex: 'depts', key: 'depts', width: 80, align: 'right' as const, render: num }]),
    { title: '报送行数', dataIndex: 'rows', key: 'rows', width: 100, align: 'right', render: num },
    { title: '入库', dataIndex: 'accepted', key: 'accepted', width: 90, align: 'right', render: num },
    {
      title: '拒收率',
      key: 'rejectionRate',
      width: 90,
      align: 'right',
      render: (_, r) => percent(rate(r.rejected, r.rows)),
    },
    {
      title: '超期率',
      key: 'lateRate',
      width: 90,
      align: 'right',
      render: (_, r) => percent(rate(r.late, r.newRecords)),
    },
    { title: '待匹配', dataIndex: 'unresolved', key: 'unresolved', width: 80, align: 'right', render: num },
    { title: '核查次数', dataIndex: 'checks', key: 'checks', width: 90, align: 'right', render: num },
    {
      title: '反馈率',
      key: 'feedbackRate',
      width: 90,
      align: 'right',
      render: (_, r) => percent(rate(r.hitsWithFeedback, r.hits)),
    },
    {
      title: '最近报送',
      dataIndex: 'lastSubmittedAt',
      key: 'lastSubmittedAt',
      width: 150,
      render: (v: string | null) => beijing(v),
    },
  ]
}

export function UnitStatsPage() {
  const [days, setDays] = useState<30 | 90 | 365>(90)
  const depts = useDepartments()
  const from = daysBefore(days)
  const to = todayBeijing()
  const { data, error, loading, reload } = useRequest(
    async (signal) => {
      const [quality, checks, site] = await Promise.all([
        api<QualityAnswer>('/api/v1/quality', { query: { from, to }, signal }),
        api<{ items: CheckStat[] }>('/api/v1/checks/stats', { query: { from, to }, signal }),
        api<{ byDistrict?: { code: string; label: string }[] }>('/api/v1/public/stats', { signal }),
      ])
      return { quality, checks, site }
    },
    [from, to],
  )

  const { byDept, byDistrict } = useMemo(() => {
    const districtNames = new Map((data?.site.byDistrict ?? []).map((d) => [d.code, d.label]))
    const districtOf = (code: string | null) => {
      const d = (depts.data?.items ?? []).find((x) => x.code === code)?.district
      // a city's own code (120000, 120100) is no district: the department is city-level
      return d && !d.endsWith('00') ? (districtNames.get(d) ?? d) : CITY
    }
    const rows = new Map<string, UnitRow>()
    const row = (code: string | null) => {
      const key = code ?? ''
      let r = rows.get(key)
      if (!r) {
        r = emptyRow(key, code ? (depts.names.get(code) ?? code) : '未指定部门', districtOf(code))
        rows.set(key, r)
      }
      return r
    }
    for (const q of data?.quality.items ?? [])
      add(row(q.dept), {
        rows: q.rows,
        accepted: q.accepted,
        rejected: q.rejected,
        late: q.late,
        newRecords: q.lateRate === null ? 0 : q.accepted - q.corrected - q.revoked,
        unresolved: q.unresolved,
        lastSubmittedAt: q.lastSubmittedAt,
        checks: 0,
        hits: 0,
        hitsWithFeedback: 0,
      })
    for (const c of data?.checks.items ?? []) {
      const r = row(c.dept)
      r.checks += c.checks
      r.hits += c.hits
      r.hitsWithFeedback += c.hitsWithFeedback
    }
    const byDept = [...rows.values()].sort((a, b) => b.rows - a.rows || b.checks - a.checks)
    const districts = new Map<string, UnitRow>()
    for (const r of byDept) {
      const d = districts.get(r.district) ?? { ...emptyRow(r.district, r.district, r.district), depts: 0 }
      add(d, r)
      d.depts = (d.depts ?? 0) + 1
      districts.set(r.district, d)
    }
    const byDistrict = [...districts.values()].sort((a, b) => b.rows - a.rows)
    return { byDept, byDistrict }
  }, [data, depts.data, depts.names])

  const panel = (kind: 'dept' | 'district', rows: UnitRow[]) => (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {data && rows.length ? (
        <LazyChart
          option={rateChart(rows.slice(0, 15))}
          height={Math.max(220, Math.min(15, rows.length) * 40 + 60)}
          label={`${kind === 'dept' ? '各部门' : '各区县'}拒收率、超期率和核查反馈率：${rows
            .slice(0, 15)
            .map(
              (r) =>
                `${r.name} 拒收率 ${percent(rate(r.rejected, r.rows))}，超期率 ${percent(rate(r.late, r.newRecords))}，反馈率 ${percent(rate(r.hitsWithFeedback, r.hits))}`,
            )
            .join('；')}`}
        />
      ) : null}
      <Table<UnitRow>
        rowKey="key"
        columns={columns(kind)}
        dataSource={rows}
        loading={loading}
        size="small"
        scroll={{ x: 1200 }}
        pagination={{ defaultPageSize: 20, showTotal: (total) => `共 ${total} 个${kind === 'dept' ? '部门' : '区县'}` }}
      />
    </Space>
  )

  return (
    <Page
      title="部门/区县"
      description="按部门和区县对比报送质量（报送量、拒收率、超期率、待匹配主体）与信用核查的使用和反馈。部门按登记的所属区县归入，市级部门单列。"
      extra={<ReloadButton loading={loading} onClick={reload} />}
    >
      <Card className="gx-block">
        <Segmented<30 | 90 | 365>
          aria-label="统计期间"
          options={[
            { label: '近 30 天', value: 30 },
            { label: '近 90 天', value: 90 },
            { label: '近一年', value: 365 },
          ]}
          value={days}
          onChange={setDays}
        />
      </Card>
      <ErrorAlert error={error ?? depts.error} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'dept', label: '按部门', children: panel('dept', byDept) },
            { key: 'district', label: '按区县', children: panel('district', byDistrict) },
          ]}
        />
      </Card>
    </Page>
  )
}
