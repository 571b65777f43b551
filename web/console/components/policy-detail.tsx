// The detail page of a versioned policy (a catalog class, a measure; next: grading models, report templates...): the
// version on screen (?version=), its tabs, the 版本 tab with history and diff, the old-version notice and, for the
// current version, the operator's actions and editors. The kind's page supplies only what differs: its URLs, labels,
// tabs, header tags, editors and diff view. Policies shown inside another page (the escalation rule, the calendar's
// years) use its version history and diff part alone: PolicyVersions.
import { type ReactNode, useState } from 'react'
import { Card, Empty, Result, Skeleton, Space, Tabs, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router-dom'
import { api } from '../../shared/api.js'
import { useRequest } from '../use-request.js'
import {
  ChangesTable,
  OldVersionAlert,
  type PropertyChange,
  useVersionedParams,
  VersionBadge,
  type VersionPair,
  type VersionRow,
  VersionsPanel,
} from './versions.js'
import { Page } from '../page.js'

/** What the kind's page gets to render its parts. */
export interface PolicyView<T> {
  data: T
  /** The current version is on screen (operators may edit it). */
  current: boolean
  /** After a save: opens the versions tab on the difference from `from` to the saved version and reloads. */
  showSaved(from: number, to: number): void
}

export interface PolicyDetailProps<T extends { version: number }, D> {
  /** API address of the policy (GET ?version=, /versions, /diff). */
  api: string
  /** Console address of the page. */
  path: string
  /** The list page: its address, the link text in the header and in the error notice. */
  back: { to: string; label: string; errorLabel: string }
  /** Page title while loading and title of the error notice. */
  labels: { title: string; unavailable: string; single: string; diffForm: string }
  /** Tab keys, the versions tab last. */
  tabKeys: readonly [string, ...string[]]
  title(data: T): string
  /** The policy's key (its code), shown before the version. */
  keyOf(data: T): string
  /** Tags after the version badge. */
  tags(data: T): ReactNode
  /** The tabs before 版本 (label and content). */
  tabs(data: T): { key: string; label: string; children: ReactNode }[]
  renderDiff(diff: D): ReactNode
  /** The operator's buttons and editors for the current version (none for readers). */
  actions?(view: PolicyView<T>): ReactNode
  editors?(view: PolicyView<T>): ReactNode
}

export function PolicyDetailPage<T extends { version: number }, D>(p: PolicyDetailProps<T, D>) {
  const { version: versionParam, tab, pair, setTab, compare, showSaved } = useVersionedParams(p.tabKeys)
  const item = useRequest(
    (signal) => api<T>(p.api, { query: { version: versionParam }, signal }),
    [p.api, versionParam],
  )
  const versions = useRequest(
    (signal) => api<{ items: VersionRow[] }>(`${p.api}/versions`, { signal }),
    [p.api, item.data?.version],
  )

  const current = versions.data?.items.find((v) => v.isCurrent)
  const data = item.data
  const viewingOld = Boolean(data && current && data.version !== current.version)

  if (item.error && !data) {
    return (
      <Page title={p.labels.title}>
        <Result
          status="warning"
          title={p.labels.unavailable}
          subTitle={item.error}
          extra={<Link to={p.back.to}>{p.back.errorLabel}</Link>}
        />
      </Page>
    )
  }

  const view: PolicyView<T> | null = data
    ? {
        data,
        current: !viewingOld,
        showSaved: (from, to) => {
          showSaved(from, to)
          item.reload()
        },
      }
    : null

  return (
    <Page
      title={data ? p.title(data) : p.labels.title}
      description={
        data ? (
          <Space wrap size={[8, 4]}>
            <code>{p.keyOf(data)}</code>
            <VersionBadge version={data.version} old={viewingOld} />
            {p.tags(data)}
          </Space>
        ) : null
      }
      extra={
        <Space>
          <Link to={p.back.to}>{p.back.label}</Link>
          {view && !viewingOld ? p.actions?.(view) : null}
        </Space>
      }
    >
      {viewingOld && current && data ? (
        <OldVersionAlert viewing={data.version} current={current.version} currentPath={p.path} />
      ) : null}
      {!data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              ...p.tabs(data),
              {
                key: 'versions',
                label: `版本${versions.data ? `（${versions.data.items.length}）` : ''}`,
                children: (
                  <VersionsPanel<D>
                    versions={versions.data?.items ?? []}
                    error={versions.error}
                    viewing={data.version}
                    basePath={p.path}
                    pair={pair}
                    onPair={compare}
                    diff={`${p.api}/diff`}
                    formName={p.labels.diffForm}
                    single={p.labels.single}
                    render={p.renderDiff}
                  />
                ),
              },
            ]}
          />
        </Card>
      )}
      {view && !viewingOld ? p.editors?.(view) : null}
    </Page>
  )
}

/**
 * The version history and the comparison of two versions of a policy shown without its own detail page (the
 * escalation rule in the focus list's tabs, each year of the calendar): the versions come from `${api}/versions`
 * (loaded again when `reloadKey` changes), the compared pair is the component's own state, and the difference comes
 * from `diff` (the API's `${api}/diff` when not given).
 */
export function PolicyVersions<V extends VersionRow, D>(p: {
  api: string
  reloadKey?: unknown
  diff?: (from: number, to: number, versions: readonly V[], signal: AbortSignal) => Promise<D>
  formName: string
  single: string
  render(diff: D): ReactNode
  columns?: TableColumnsType<V>
  author?: boolean
}) {
  const [pair, setPair] = useState<VersionPair | null>(null)
  const versions = useRequest((signal) => api<{ items: V[] }>(`${p.api}/versions`, { signal }), [p.api, p.reloadKey])
  const items = versions.data?.items ?? []
  const diff = p.diff
  return (
    <VersionsPanel<D, V>
      versions={items}
      error={versions.error}
      loading={versions.loading}
      pair={pair}
      onPair={setPair}
      diff={diff ? (from, to, signal) => diff(from, to, items, signal) : `${p.api}/diff`}
      formName={p.formName}
      single={p.single}
      render={p.render}
      columns={p.columns}
      author={p.author}
    />
  )
}

/** The properties whose values differ between two versions of a definition (as the API's diffs list them). */
export function propertyChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  keys: readonly string[] = [...new Set([...Object.keys(before), ...Object.keys(after)])],
): PropertyChange[] {
  return keys
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => ({ property: k, before: before[k] ?? null, after: after[k] ?? null }))
}

/** The difference between two versions as a list of property changes (kinds whose diff is just that). */
export interface PropertyDiff {
  from: number
  to: number
  changes: PropertyChange[]
}

/** A PropertyDiff: a summary line and the changed properties, or "the same" when nothing changed. */
export function PropertyDiffView({
  diff,
  labelOf,
  formatValue,
  testId,
}: {
  diff: PropertyDiff
  labelOf(property: string): string
  formatValue?: (value: unknown, property: string) => string
  testId?: string
}) {
  if (!diff.changes.length) return <Empty description={`第 ${diff.from} 版与第 ${diff.to} 版内容相同。`} />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid={testId}>
      <Typography.Text strong>
        第 {diff.from} 版 → 第 {diff.to} 版：{diff.changes.length} 项变化。
      </Typography.Text>
      <ChangesTable changes={diff.changes} labelOf={labelOf} formatValue={formatValue} />
    </Space>
  )
}
