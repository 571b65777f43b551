import { useMemo, useState } from 'react'
import { Checkbox, Form, Input, Select, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router-dom'
import { catalogCategoryLabels, labelOf, polarityLabels } from '../../../shared/labels.js'
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
import { invalidateClasses, useClasses, useDepartments } from './lookups.js'
import { ListKindTag, PolarityTag, ScopeTag } from './tags.js'
import type { ClassSummary } from './types.js'

interface Filters {
  text: string
  category?: string
  polarity?: string
}

function matches(c: ClassSummary, f: Filters): boolean {
  const text = f.text.trim().toLowerCase()
  if (text && !`${c.code} ${c.nameZh} ${c.nameEn}`.toLowerCase().includes(text)) return false
  if (f.category && c.category !== f.category) return false
  if (f.polarity && c.polarity !== f.polarity) return false
  return true
}

export function CatalogClassesPage() {
  const user = useUser()
  const operator = user.role === 'operator'
  const [includeRetired, setIncludeRetired] = useState(false)
  const [filters, setFilters] = useState<Filters>({ text: '' })
  const classes = useClasses(includeRetired)
  const depts = useDepartments()
  const wide = useWide()
  const rows = useMemo(() => classes.classes.filter((c) => matches(c, filters)), [classes.classes, filters])

  const columns: TableColumnsType<ClassSummary> = [
    {
      title: '代码',
      dataIndex: 'code',
      key: 'code',
      width: 190,
      render: (v: string) => <code>{v}</code>,
    },
    {
      title: '名称',
      dataIndex: 'nameZh',
      key: 'nameZh',
      width: 200,
      render: (v: string, row) => (
        <span>
          <Link to={`/catalog/classes/${row.code}`}>{v}</Link>
          {row.status === 'retired' ? <Tag className="gx-home-tag">已停用</Tag> : null}
        </span>
      ),
    },
    { title: '信息类别', dataIndex: 'categoryLabel', key: 'category', width: 190 },
    {
      title: '性质',
      dataIndex: 'polarity',
      key: 'polarity',
      width: 80,
      render: (v: string) => <PolarityTag value={v} />,
    },
    { title: '公开范围', dataIndex: 'scope', key: 'scope', width: 100, render: (v: string) => <ScopeTag value={v} /> },
    {
      title: '名单',
      dataIndex: 'listKind',
      key: 'listKind',
      width: 120,
      render: (v: string | null) => <ListKindTag value={v} />,
    },
    {
      title: '提供部门',
      dataIndex: 'providers',
      key: 'providers',
      width: 220,
      render: (v: string[] | undefined) =>
        v?.length ? (
          <Typography.Text ellipsis={{ tooltip: v.map(depts.nameOf).join('、') }} style={{ maxWidth: 200 }}>
            {v.map(depts.nameOf).join('、')}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">不限</Typography.Text>
        ),
    },
    { title: '字段数', dataIndex: 'fieldCount', key: 'fieldCount', width: 80, align: 'right' },
    versionColumn<ClassSummary>(150),
    updatedAtColumn(180),
  ]

  return (
    <Page
      title="信用信息目录"
      description={
        operator
          ? '平台归集的信用信息类别及其字段、公开范围和失信程度规则。修改类别会生成新版本，旧版本保留可比较。'
          : '平台归集的信用信息类别及其字段、公开范围和失信程度规则（只读）。'
      }
      extra={
        <ReloadButton
          loading={classes.loading}
          onClick={() => {
            invalidateClasses()
            classes.reload()
          }}
        />
      }
    >
      <FilterCard name="catalog-filters">
        <Form.Item label="名称或代码">
          <Input
            allowClear
            placeholder="如 行政处罚、admin_penalty"
            value={filters.text}
            onChange={(e) => setFilters((f) => ({ ...f, text: e.target.value }))}
            style={{ width: filterWidth(wide, 220) }}
          />
        </Form.Item>
        <Form.Item label="信息类别">
          <Select
            allowClear
            placeholder="全部"
            value={filters.category}
            onChange={(v?: string) => setFilters((f) => ({ ...f, category: v }))}
            options={Object.entries(catalogCategoryLabels).map(([value, label]) => ({ value, label }))}
            style={{ width: filterWidth(wide, 220) }}
          />
        </Form.Item>
        <Form.Item label="性质">
          <Select
            allowClear
            placeholder="全部"
            value={filters.polarity}
            onChange={(v?: string) => setFilters((f) => ({ ...f, polarity: v }))}
            options={Object.entries(polarityLabels).map(([value, label]) => ({ value, label }))}
            style={{ width: filterWidth(wide, 120) }}
          />
        </Form.Item>
        {operator ? (
          <Form.Item>
            <Checkbox checked={includeRetired} onChange={(e) => setIncludeRetired(e.target.checked)}>
              含已停用类别
            </Checkbox>
          </Form.Item>
        ) : null}
      </FilterCard>
      <ErrorAlert error={classes.error} />
      <Table<ClassSummary>
        rowKey="code"
        columns={columns}
        dataSource={rows}
        loading={classes.loading}
        size="middle"
        scroll={{ x: 1500 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 类` }}
      />
      <Typography.Paragraph type="secondary" className="gx-block">
        性质为{labelOf(polarityLabels, 'negative')}的类别按失信程度（轻微、一般、严重）确定公示期，见「公示期规则」。
      </Typography.Paragraph>
    </Page>
  )
}
