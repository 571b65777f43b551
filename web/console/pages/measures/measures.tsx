// 奖惩措施清单: the current measures with filters; operators add new ones.
import { useMemo, useState } from 'react'
import { App, Button, Checkbox, Form, Input, Select, Table, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { Link, useNavigate } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { labelOf, measureKindLabels, scenarioLabels } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import {
  ErrorAlert,
  FilterCard,
  filterWidth,
  ReloadButton,
  updatedAtColumn,
  useWide,
  versionColumn,
} from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import { MeasureEditor } from './measure-editor.js'
import { MeasureKindTag, MeasureStatusTag, ScenarioTags } from './tags.js'
import type { MeasureSummary } from './types.js'

interface Filters {
  text: string
  kind?: string
  scenario?: string
  dept?: string
}

function matches(m: MeasureSummary, f: Filters): boolean {
  const text = f.text.trim().toLowerCase()
  if (text && !`${m.code} ${m.nameZh} ${m.content} ${m.basis.join(' ')}`.toLowerCase().includes(text)) return false
  if (f.kind && m.kind !== f.kind) return false
  if (f.scenario && !m.scenarios.includes(f.scenario)) return false
  if (f.dept && !m.departments.includes(f.dept)) return false
  return true
}

export function MeasuresPage() {
  const user = useUser()
  const operator = user.role === 'operator'
  const navigate = useNavigate()
  const { message } = App.useApp()
  const wide = useWide()
  const [includeRetired, setIncludeRetired] = useState(false)
  const [filters, setFilters] = useState<Filters>({ text: '' })
  const [creating, setCreating] = useState(false)
  const depts = useDepartments()
  const list = useRequest(
    (signal) =>
      api<{ items: MeasureSummary[] }>('/api/v1/measures', {
        query: includeRetired ? { includeRetired: true } : undefined,
        signal,
      }),
    [includeRetired],
  )
  const items = list.data?.items ?? []
  const rows = useMemo(() => items.filter((m) => matches(m, filters)), [items, filters])
  const scenarios = useMemo(() => [...new Set(items.flatMap((m) => m.scenarios))].sort(), [items])
  const deptCodes = useMemo(() => [...new Set(items.flatMap((m) => m.departments))].sort(), [items])

  const columns: TableColumnsType<MeasureSummary> = [
    {
      title: '措施',
      dataIndex: 'nameZh',
      key: 'nameZh',
      width: 260,
      render: (v: string, row) => (
        <span>
          <Link to={`/catalog/measures/${row.code}`}>{v}</Link>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <code>{row.code}</code>
          </Typography.Text>
        </span>
      ),
    },
    { title: '类型', dataIndex: 'kind', key: 'kind', width: 80, render: (v: string) => <MeasureKindTag value={v} /> },
    {
      title: '适用场景',
      dataIndex: 'scenarios',
      key: 'scenarios',
      width: 220,
      render: (v: string[]) => <ScenarioTags values={v} />,
    },
    {
      title: '实施部门',
      dataIndex: 'departments',
      key: 'departments',
      width: 220,
      render: (v: string[]) => {
        const text = v.map(depts.nameOf).join('、')
        return (
          <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: 200 }}>
            {text}
          </Typography.Text>
        )
      },
    },
    {
      title: '依据',
      dataIndex: 'basis',
      key: 'basis',
      width: 280,
      render: (v: string[]) => (
        <Typography.Text ellipsis={{ tooltip: v.join('\n') }} style={{ maxWidth: 260 }}>
          {v[0]}
          {v.length > 1 ? ` 等 ${v.length} 项` : ''}
        </Typography.Text>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (v: string) => <MeasureStatusTag value={v} />,
    },
    versionColumn<MeasureSummary>(140),
    updatedAtColumn(170),
  ]

  return (
    <Page
      title="奖惩措施清单"
      description={
        operator
          ? '联合奖惩措施清单（清单制）：每项措施注明依据、实施部门、适用场景和触发条件。新增、修改和停用都会生成新版本并记入审计日志。'
          : '联合奖惩措施清单（清单制）：每项措施的依据、实施部门、适用场景和触发条件（只读）。'
      }
      extra={
        <>
          <ReloadButton loading={list.loading} onClick={list.reload} />
          {operator ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              新增措施
            </Button>
          ) : null}
        </>
      }
    >
      <FilterCard name="measure-filters">
        <Form.Item label="关键词">
          <Input
            aria-label="关键词"
            allowClear
            placeholder="名称、代码、内容或依据"
            value={filters.text}
            onChange={(e) => setFilters((f) => ({ ...f, text: e.target.value }))}
            style={{ width: filterWidth(wide, 220) }}
          />
        </Form.Item>
        <Form.Item label="类型">
          <Select
            aria-label="类型"
            allowClear
            placeholder="全部"
            value={filters.kind}
            onChange={(v?: string) => setFilters((f) => ({ ...f, kind: v }))}
            options={Object.entries(measureKindLabels).map(([value, label]) => ({ value, label }))}
            style={{ width: filterWidth(wide, 130) }}
          />
        </Form.Item>
        <Form.Item label="适用场景">
          <Select
            aria-label="适用场景"
            allowClear
            placeholder="全部"
            value={filters.scenario}
            onChange={(v?: string) => setFilters((f) => ({ ...f, scenario: v }))}
            options={scenarios.map((value) => ({ value, label: labelOf(scenarioLabels, value) }))}
            style={{ width: filterWidth(wide, 200) }}
          />
        </Form.Item>
        <Form.Item label="实施部门">
          <Select
            aria-label="实施部门"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部"
            value={filters.dept}
            onChange={(v?: string) => setFilters((f) => ({ ...f, dept: v }))}
            options={deptCodes.map((value) => ({ value, label: depts.nameOf(value) }))}
            style={{ width: filterWidth(wide, 220) }}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={includeRetired} onChange={(e) => setIncludeRetired(e.target.checked)}>
            含已停用措施
          </Checkbox>
        </Form.Item>
      </FilterCard>
      <ErrorAlert error={list.error} />
      <Table<MeasureSummary>
        rowKey="code"
        columns={columns}
        dataSource={rows}
        loading={list.loading}
        size="middle"
        scroll={{ x: 1460 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 项措施` }}
      />
      {operator ? (
        <MeasureEditor
          open={creating}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false)
            void message.success(`已新增措施「${saved.nameZh}」（第 1 版）。`)
            navigate(`/catalog/measures/${saved.code}`)
          }}
        />
      ) : null}
    </Page>
  )
}
