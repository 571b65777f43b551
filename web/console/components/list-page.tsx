// The scaffolding of the console's list pages: the filter card above the table, the error line, the refresh button
// and the columns several lists share (版本 with the 运维修改 tag, 更新时间).
import type { ReactNode } from 'react'
import { Alert, Button, Card, Form, Grid, Tag } from 'antd'
import type { FormProps } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { formatInstant } from '../../shared/format.js'
import { labelOf, versionSourceLabels } from '../../shared/labels.js'

/** Whether the screen is at least antd's md breakpoint (filters inline, fixed widths); phones stack them. */
export function useWide(): boolean {
  return Grid.useBreakpoint().md !== false
}

/** A filter control's width: `px` on wide screens, the full row on phones. */
export const filterWidth = (wide: boolean, px: number) => (wide ? px : '100%')

/** The filters of a list page in a card: inline on wide screens, stacked on phones (or always `layout`). */
export function FilterCard({
  name,
  layout,
  children,
}: {
  /** The form's name (its DOM id). */
  name: string
  layout?: FormProps['layout']
  children: ReactNode
}) {
  const wide = useWide()
  return (
    <Card className="gx-block">
      <Form layout={layout ?? (wide ? 'inline' : 'vertical')} name={name} className="gx-filter-form">
        {children}
      </Form>
    </Card>
  )
}

/** A request's error as a red line (nothing without an error); `block` keeps the page's vertical rhythm. */
export function ErrorAlert({ error, block = true }: { error: string | null | undefined; block?: boolean }) {
  if (!error) return null
  return <Alert type="error" showIcon title={error} className={block ? 'gx-block' : undefined} />
}

/** 刷新 for a page's header. */
export function ReloadButton({ loading, onClick }: { loading: boolean; onClick(): void }) {
  return (
    <Button icon={<ReloadOutlined aria-hidden />} loading={loading} onClick={onClick}>
      刷新
    </Button>
  )
}

/** 第 n 版, tagged 运维修改 when an operator changed the default. */
export function VersionTag({ version, source }: { version: number; source?: string | undefined }) {
  return (
    <span className="gx-nowrap">
      第 {version} 版
      {source === 'operator' ? (
        <Tag color="gold" className="gx-home-tag">
          {labelOf(versionSourceLabels, source)}
        </Tag>
      ) : null}
    </span>
  )
}

/** The 版本 column of a list of versioned things. */
export function versionColumn<T extends { version: number; source?: string | undefined }>(width: number) {
  return {
    title: '版本',
    key: 'version',
    width,
    render: (_: unknown, row: T) => <VersionTag version={row.version} source={row.source} />,
  }
}

/** The 更新时间 column (updatedAt). */
export function updatedAtColumn(width: number) {
  return {
    title: '更新时间',
    dataIndex: 'updatedAt',
    key: 'updatedAt',
    width,
    render: (v: string | undefined) => <span className="gx-nowrap">{formatInstant(v)}</span>,
  }
}
