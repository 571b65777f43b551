// Versions of a class and the field-level difference between two of them.
import { useEffect, useState } from 'react'
import { Alert, Button, Card, Empty, Form, Select, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { DiffOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf, versionSourceLabels } from '../../../shared/labels.js'
import { useRequest } from '../../use-request.js'
import { propertyLabel, valueText } from './format.js'
import type { CatalogDiff, FieldChange, VersionInfo } from './types.js'

export function VersionsTable({
  code,
  versions,
  viewing,
  onCompare,
  basePath = `/catalog/classes/${code}`,
}: {
  code: string
  versions: VersionInfo[]
  viewing: number
  onCompare(from: number, to: number): void
  /** The detail page of the versioned thing (default: the catalog class). */
  basePath?: string
}) {
  const current = versions.find((v) => v.isCurrent)?.version
  const columns: TableColumnsType<VersionInfo> = [
    {
      title: '版本',
      dataIndex: 'version',
      key: 'version',
      width: 150,
      render: (v: number, row) => (
        <span className="gx-nowrap">
          第 {v} 版
          {row.isCurrent ? (
            <Tag color="green" className="gx-home-tag">
              当前
            </Tag>
          ) : null}
          {v === viewing && !row.isCurrent ? (
            <Tag color="blue" className="gx-home-tag">
              正在查看
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      title: '来源',
      dataIndex: 'source',
      key: 'source',
      width: 100,
      render: (v: string) => labelOf(versionSourceLabels, v),
    },
    {
      title: '时间',
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 180,
      render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
    {
      title: '修改人',
      dataIndex: 'createdBy',
      key: 'createdBy',
      width: 140,
      render: (v: string | null) =>
        v ? (
          <Typography.Text copyable={{ text: v }} title={v} className="gx-nowrap">
            <code>{v.length > 12 ? v.slice(0, 8) : v}</code>
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: '原因', dataIndex: 'reason', key: 'reason', render: (v: string | null) => v || '—' },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_: unknown, row) => (
        <Space size="small">
          <Link to={row.isCurrent ? basePath : `${basePath}?version=${row.version}`}>查看</Link>
          {row.version > 1 ? (
            <Button type="link" size="small" onClick={() => onCompare(row.version - 1, row.version)}>
              与上一版比较
            </Button>
          ) : null}
          {current !== undefined && row.version !== current ? (
            <Button type="link" size="small" onClick={() => onCompare(row.version, current)}>
              与当前版比较
            </Button>
          ) : null}
        </Space>
      ),
    },
  ]
  return (
    <Table<VersionInfo>
      rowKey="version"
      columns={columns}
      dataSource={[...versions].reverse()}
      size="small"
      pagination={false}
      scroll={{ x: 980 }}
    />
  )
}

interface ChangeRow extends FieldChange {
  key: string
}

const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/** Lists of words (aliases, legal basis, providers): what was added and removed reads better than two long lists. */
function ListChange({ before, after }: { before: string[]; after: string[] }) {
  // Multiset difference: a value listed twice and then once counts as one removal.
  const minus = (a: string[], b: string[]) => {
    const left = new Map<string, number>()
    for (const x of b) left.set(x, (left.get(x) ?? 0) + 1)
    return a.filter((x) => {
      const n = left.get(x) ?? 0
      if (n > 0) left.set(x, n - 1)
      return n === 0
    })
  }
  const added = minus(after, before)
  const removed = minus(before, after)
  return (
    <Space orientation="vertical" size={4}>
      {added.map((x) => (
        <Typography.Text key={`+${x}`} type="success">
          + {x}
        </Typography.Text>
      ))}
      {removed.map((x) => (
        <Typography.Text key={`-${x}`} type="danger" delete>
          − {x}
        </Typography.Text>
      ))}
      {!added.length && !removed.length ? <Typography.Text type="secondary">顺序调整</Typography.Text> : null}
    </Space>
  )
}

/** Property changes (before/after; lists of words as + and −), labelled by `labelOf` (default: catalog names). */
export function ChangesTable({
  changes,
  labelOf = propertyLabel,
  formatValue = valueText,
}: {
  changes: FieldChange[]
  labelOf?: (property: string) => string
  formatValue?: (value: unknown, property: string) => string
}) {
  const rows: ChangeRow[] = changes.map((c) => ({ ...c, key: c.property }))
  const cell = (v: unknown, property: string) => (
    <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {formatValue(v, property)}
    </Typography.Text>
  )
  const columns: TableColumnsType<ChangeRow> = [
    { title: '属性', dataIndex: 'property', key: 'property', width: 200, render: (v: string) => labelOf(v) },
    {
      title: '修改内容',
      key: 'change',
      render: (_: unknown, row) =>
        isTextList(row.before ?? []) && isTextList(row.after ?? []) ? (
          <ListChange before={(row.before as string[] | null) ?? []} after={(row.after as string[] | null) ?? []} />
        ) : (
          <Space orientation="vertical" size={4}>
            <span>修改前：{cell(row.before, row.property)}</span>
            <span>修改后：{cell(row.after, row.property)}</span>
          </Space>
        ),
    },
  ]
  return <Table<ChangeRow> rowKey="key" columns={columns} dataSource={rows} size="small" pagination={false} />
}

export function DiffView({ diff }: { diff: CatalogDiff }) {
  const { added, removed, changed, reordered } = diff.fields
  const nothing = !diff.changes.length && !added.length && !removed.length && !changed.length && !reordered
  if (nothing) return <Empty description={`第 ${diff.from} 版与第 ${diff.to} 版内容相同。`} />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="catalog-diff">
      <Typography.Text strong>
        第 {diff.from} 版 → 第 {diff.to} 版：类别属性 {diff.changes.length} 项变化，新增字段 {added.length} 个，删除字段{' '}
        {removed.length} 个，修改字段 {changed.length} 个{reordered ? '，字段顺序有调整' : ''}。
      </Typography.Text>
      {diff.changes.length ? (
        <Card size="small" title="类别属性">
          <ChangesTable changes={diff.changes} />
        </Card>
      ) : null}
      {added.length ? (
        <Card size="small" title="新增字段">
          <Space wrap>
            {added.map((f) => (
              <Tag color="green" key={f.code}>
                + {f.label}（{f.code}）
              </Tag>
            ))}
          </Space>
        </Card>
      ) : null}
      {removed.length ? (
        <Card size="small" title="删除字段">
          <Space wrap>
            {removed.map((f) => (
              <Tag color="red" key={f.code}>
                − {f.label}（{f.code}）
              </Tag>
            ))}
          </Space>
        </Card>
      ) : null}
      {changed.map((f) => (
        <Card size="small" key={f.code} title={`修改字段：${f.label}（${f.code}）`}>
          <ChangesTable changes={f.changes} />
        </Card>
      ))}
    </Space>
  )
}

/** Two version pickers and the diff between them (GET .../diff?from=&to=). */
export function VersionCompare({
  code,
  versions,
  pair,
  onPair,
}: {
  code: string
  versions: VersionInfo[]
  pair: [number, number] | null
  onPair(pair: [number, number]): void
}) {
  const [from, setFrom] = useState<number | undefined>(pair?.[0])
  const [to, setTo] = useState<number | undefined>(pair?.[1])
  useEffect(() => {
    if (pair) {
      setFrom(pair[0])
      setTo(pair[1])
    }
  }, [pair])
  const { data, error, loading } = useRequest(
    (signal) =>
      pair
        ? api<CatalogDiff>(`/api/v1/catalog/classes/${encodeURIComponent(code)}/diff`, {
            query: { from: pair[0], to: pair[1] },
            signal,
          })
        : Promise.resolve(undefined),
    [code, pair?.[0], pair?.[1]],
  )
  const options = versions.map((v) => ({
    value: v.version,
    label: `第 ${v.version} 版${v.isCurrent ? '（当前）' : ''}`,
  }))
  if (versions.length < 2) return <Empty description="本类别只有一个版本，暂无可比较的版本。" />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form layout="inline" name="catalog-diff" className="gx-filter-form">
        <Form.Item label="从">
          <Select
            aria-label="比较的起始版本"
            value={from}
            onChange={setFrom}
            options={options}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item label="到">
          <Select aria-label="比较的目标版本" value={to} onChange={setTo} options={options} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item>
          <Button
            icon={<DiffOutlined aria-hidden />}
            disabled={from === undefined || to === undefined || from === to}
            onClick={() => {
              if (from !== undefined && to !== undefined) onPair([from, to])
            }}
          >
            比较
          </Button>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {loading && pair ? <Typography.Text type="secondary">正在比较…</Typography.Text> : null}
      {data && !loading ? <DiffView diff={data} /> : null}
      {!pair ? <Typography.Text type="secondary">选择两个版本后点「比较」。</Typography.Text> : null}
    </Space>
  )
}
