// Versioned things in the console (catalog classes, measures, the escalation rule, the calendar): the version history
// table, the property changes between two versions and the two-picker comparison, plus the URL state of a detail page
// (?version=, ?tab=, ?diff=from-to) and its "viewing an old version" notice.
import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import { Alert, Button, Card, Empty, Form, Select, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { DiffOutlined } from '@ant-design/icons'
import { Link, useSearchParams } from 'react-router-dom'
import { api } from '../../shared/api.js'
import { formatInstant } from '../../shared/format.js'
import { labelOf, versionSourceLabels } from '../../shared/labels.js'
import { useRequest } from '../use-request.js'
import { ErrorAlert } from './list-page.js'

/** What every version list of the API carries (GET .../versions items). */
export interface VersionRow {
  version: number
  source: string
  isCurrent: boolean
  createdAt: string
  createdBy?: string | null
  reason: string | null
}

/** One property's change between two versions (GET .../diff `changes`). */
export interface PropertyChange {
  property: string
  before: unknown
  after: unknown
}

export type VersionPair = [number, number]

/**
 * Where the difference between two versions comes from: the API's diff address (`?from=&to=`), or a function
 * (kinds whose API has no diff: the page compares the two versions itself).
 */
export type DiffSource<D> = string | ((from: number, to: number, signal: AbortSignal) => Promise<D>)

/** `第 3 版` with a 当前 tag (and 正在查看 when an older version is on screen). */
function VersionCell({ row, viewing }: { row: VersionRow; viewing: number | undefined }) {
  return (
    <span className="gx-nowrap">
      第 {row.version} 版
      {row.isCurrent ? (
        <Tag color="green" className="gx-home-tag">
          当前
        </Tag>
      ) : null}
      {row.version === viewing && !row.isCurrent ? (
        <Tag color="blue" className="gx-home-tag">
          正在查看
        </Tag>
      ) : null}
    </span>
  )
}

/**
 * The versions, newest first: 版本, 来源, 时间, 修改人 (when the rows carry it), 原因 and, for pages that show old
 * versions, 操作 (查看 / 与上一版比较 / 与当前版比较). `columns` are inserted after 版本.
 */
export function VersionHistory<T extends VersionRow>({
  versions,
  loading,
  viewing,
  basePath,
  onCompare,
  author = true,
  columns: extra = [],
}: {
  versions: readonly T[]
  loading?: boolean
  /** The version on screen. */
  viewing?: number
  /** The detail page of the versioned thing: 查看 links to it (?version= for old versions). */
  basePath?: string
  /** Shows the compare buttons. */
  onCompare?(pair: VersionPair): void
  /** Whether to show the 修改人 column. */
  author?: boolean
  columns?: TableColumnsType<T>
}) {
  const current = versions.find((v) => v.isCurrent)?.version
  const columns: TableColumnsType<T> = [
    {
      title: '版本',
      dataIndex: 'version',
      key: 'version',
      width: 150,
      render: (_: number, row) => <VersionCell row={row} viewing={viewing} />,
    },
    ...extra,
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
    ...(author
      ? [
          {
            title: '修改人',
            dataIndex: 'createdBy',
            key: 'createdBy',
            width: 140,
            render: (v: string | null | undefined) =>
              v ? (
                <Typography.Text copyable={{ text: v }} title={v} className="gx-nowrap">
                  <code>{v.length > 12 ? v.slice(0, 8) : v}</code>
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]
      : []),
    {
      title: '原因',
      dataIndex: 'reason',
      key: 'reason',
      width: onCompare || basePath ? undefined : 220,
      render: (v: string | null) => v || '—',
    },
    ...(onCompare || basePath
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 220,
            render: (_: unknown, row: T) => (
              <Space size="small">
                {basePath ? (
                  <Link to={row.isCurrent ? basePath : `${basePath}?version=${row.version}`}>查看</Link>
                ) : null}
                {onCompare && row.version > 1 ? (
                  <Button type="link" size="small" onClick={() => onCompare([row.version - 1, row.version])}>
                    与上一版比较
                  </Button>
                ) : null}
                {onCompare && current !== undefined && row.version !== current ? (
                  <Button type="link" size="small" onClick={() => onCompare([row.version, current])}>
                    与当前版比较
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]
      : []),
  ]
  return (
    <Table<T>
      rowKey="version"
      columns={columns}
      dataSource={[...versions].reverse()}
      loading={loading}
      size="small"
      pagination={false}
      scroll={{ x: author ? 980 : 900 }}
    />
  )
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

/** A diff value as short text: strings as they are, everything else as compact JSON; null/undefined as —. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

interface ChangeRow extends PropertyChange {
  key: string
}

/** Property changes (before/after; lists of words as + and −), each property named by `labelOf`. */
export function ChangesTable({
  changes,
  labelOf: label,
  formatValue = valueText,
}: {
  changes: readonly PropertyChange[]
  labelOf(property: string): string
  formatValue?: (value: unknown, property: string) => string
}) {
  const rows: ChangeRow[] = changes.map((c) => ({ ...c, key: c.property }))
  const cell = (v: unknown, property: string) => (
    <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {formatValue(v, property)}
    </Typography.Text>
  )
  const columns: TableColumnsType<ChangeRow> = [
    { title: '属性', dataIndex: 'property', key: 'property', width: 200, render: (v: string) => label(v) },
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

/**
 * Two version pickers (从 / 到, 比较) and the difference between the chosen pair, loaded from `diff` (see
 * DiffSource) and shown by `render`.
 */
export function VersionCompare<D>({
  versions,
  pair,
  onPair,
  diff,
  formName,
  single,
  render,
}: {
  versions: readonly VersionRow[]
  pair: VersionPair | null
  onPair(pair: VersionPair): void
  diff: DiffSource<D>
  /** The picker form's name (its DOM id). */
  formName: string
  /** Shown when there is only one version. */
  single: string
  render(diff: D): ReactNode
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
      !pair
        ? Promise.resolve(undefined)
        : typeof diff === 'string'
          ? api<D>(diff, { query: { from: pair[0], to: pair[1] }, signal })
          : diff(pair[0], pair[1], signal),
    // a loader function is not a dependency: the pair (and the address) decide what is compared
    [typeof diff === 'string' ? diff : null, pair?.[0], pair?.[1]],
  )
  if (versions.length < 2) return <Empty description={single} />
  const options = versions.map((v) => ({
    value: v.version,
    label: `第 ${v.version} 版${v.isCurrent ? '（当前）' : ''}`,
  }))
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form layout="inline" name={formName} className="gx-filter-form">
        <VersionPicker label="从" ariaLabel="比较的起始版本" value={from} onChange={setFrom} options={options} />
        <VersionPicker label="到" ariaLabel="比较的目标版本" value={to} onChange={setTo} options={options} />
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
      {data !== undefined && !loading ? render(data) : null}
      {!pair ? <Typography.Text type="secondary">选择两个版本后点「比较」。</Typography.Text> : null}
    </Space>
  )
}

/** One end of a comparison: a labelled choice among the versions. */
function VersionPicker({
  label,
  ariaLabel,
  value,
  onChange,
  options,
}: {
  label: string
  ariaLabel: string
  value: number | undefined
  onChange(version: number): void
  options: { value: number; label: string }[]
}) {
  return (
    <Form.Item label={label}>
      <Select aria-label={ariaLabel} value={value} onChange={onChange} options={options} style={{ width: 150 }} />
    </Form.Item>
  )
}

/**
 * The version history of a policy with its compare buttons above the 版本比较 card (the 版本 tab of a detail page;
 * `basePath`: the 查看 links of a policy with a detail page; `columns`: the kind's own columns after 版本).
 */
export function VersionsPanel<D, V extends VersionRow = VersionRow>({
  versions,
  error,
  loading,
  viewing,
  basePath,
  pair,
  onPair,
  diff,
  formName,
  single,
  render,
  columns,
  author,
}: {
  versions: readonly V[]
  error: string | null
  loading?: boolean
  viewing?: number
  basePath?: string
  pair: VersionPair | null
  onPair(pair: VersionPair): void
  diff: DiffSource<D>
  formName: string
  single: string
  render(diff: D): ReactNode
  columns?: TableColumnsType<V>
  author?: boolean
}) {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ErrorAlert error={error} block={false} />
      <VersionHistory<V>
        versions={versions}
        loading={loading}
        viewing={viewing}
        basePath={basePath}
        onCompare={onPair}
        columns={columns}
        author={author}
      />
      <Card size="small" title="版本比较">
        <VersionCompare<D>
          versions={versions}
          pair={pair}
          onPair={onPair}
          diff={diff}
          formName={formName}
          single={single}
          render={render}
        />
      </Card>
    </Space>
  )
}

/**
 * The URL state of a versioned thing's detail page: ?version= (an old version), ?tab= (one of `tabs`, the first by
 * default) and ?diff=from-to (the compared pair). `update` edits the query in place; `showSaved` opens the versions
 * tab on the difference a save has just made (a new history entry, so 后退 returns to the page before).
 */
export function useVersionedParams<K extends string>(tabs: readonly [K, ...K[]]) {
  const [params, setParams] = useSearchParams()
  const version = Number(params.get('version')) || undefined
  const tabParam = params.get('tab') as K | null
  const tab: K = tabParam && tabs.includes(tabParam) ? tabParam : tabs[0]
  const diff = /^(\d+)-(\d+)$/.exec(params.get('diff') ?? '')
  const pair: VersionPair | null = diff ? [Number(diff[1]), Number(diff[2])] : null
  const update = (next: Record<string, string | null>) => {
    const copy = new URLSearchParams(params)
    for (const [k, v] of Object.entries(next)) {
      if (v === null) copy.delete(k)
      else copy.set(k, v)
    }
    setParams(copy, { replace: true })
  }
  const showSaved = (from: number, to: number) => {
    const copy = new URLSearchParams()
    copy.set('tab', 'versions')
    copy.set('diff', `${from}-${to}`)
    setParams(copy, { replace: false })
  }
  return {
    version,
    tab,
    pair,
    update,
    showSaved,
    /** Switches tabs (the first tab is the default and leaves the query). */
    setTab: (key: string) => update({ tab: key === tabs[0] ? null : key }),
    /** Shows the versions tab with `[from, to]` compared. */
    compare: ([from, to]: VersionPair) => update({ tab: 'versions', diff: `${from}-${to}` }),
  }
}

/** 第 n 版 with 当前版本 or 历史版本, for a detail page's description line. */
export function VersionBadge({ version, old }: { version: number; old: boolean }) {
  return (
    <>
      <span>第 {version} 版</span>
      {old ? <Tag color="blue">历史版本</Tag> : <Tag color="green">当前版本</Tag>}
    </>
  )
}

/** 正在查看第 n 版（当前为第 m 版）。 with a link back to the current version. */
export function OldVersionAlert({
  viewing,
  current,
  currentPath,
}: {
  viewing: number
  current: number
  currentPath: string
}) {
  return (
    <Alert
      type="info"
      showIcon
      className="gx-block"
      title={`正在查看第 ${viewing} 版（当前为第 ${current} 版）。`}
      action={<Link to={currentPath}>查看当前版本</Link>}
    />
  )
}
