import type { ReactNode } from 'react'
import { Spin, Tag } from 'antd'
import { Link } from 'react-router-dom'
import { Notice } from '../notice.js'
import type { PublicRecordSummary } from './types.js'
import type { Loaded } from './use-public.js'

// shared with the console (entity view)
export { FlagTags, flagTags, Highlight } from '../../shared/credit-tags.js'

export function ObjectionTag({ marks }: { marks: readonly string[] }) {
  return marks.includes('under_objection') ? <Tag color="blue">异议处理中</Tag> : null
}

/** 9999-12-31 is how the API writes a window without an end. */
export function untilText(until: string | null | undefined): string {
  if (!until) return '—'
  return until.startsWith('9999') ? '长期公示' : `公示期至 ${until}`
}

export function dash(value: string | null | undefined): string {
  return value ? value : '—'
}

/** The eight tabs of an entity credit file, in order. */
export const fileTabs = [
  { key: 'basic', label: '基本信息' },
  { key: 'license', label: '行政许可' },
  { key: 'penalty', label: '行政处罚' },
  { key: 'reward', label: '守信激励' },
  { key: 'punish', label: '失信惩戒' },
  { key: 'commitment', label: '信用承诺' },
  { key: 'evaluation', label: '信用评价' },
  { key: 'other', label: '其他' },
] as const
export type FileTab = (typeof fileTabs)[number]['key']

/**
 * Which tab a record belongs to. The public API groups by national category; the file groups by what a reader
 * looks for: 行政许可 and 行政处罚 by class, then 信用承诺 and 信用评价 by category (a red-list evaluation such as
 * 纳税信用A级 goes to 守信激励), then positive → 守信激励, negative → 失信惩戒, registration → 基本信息, the rest 其他.
 */
export function tabOf(r: PublicRecordSummary): FileTab {
  if (r.class === 'admin_license') return 'license'
  if (r.class === 'admin_penalty') return 'penalty'
  if (r.category === 'commitment') return 'commitment'
  if (r.list?.kind === 'red') return 'reward'
  if (r.list?.kind === 'black' || r.list?.kind === 'focus') return 'punish'
  if (r.category === 'evaluation') return 'evaluation'
  if (r.polarity === 'positive') return 'reward'
  if (r.polarity === 'negative') return 'punish'
  if (r.category === 'registration') return 'basic'
  return 'other'
}

/** Loading spinner, error notice or the content. */
export function LoadState<T>({
  loaded,
  notFoundTitle,
  children,
}: {
  loaded: Loaded<T>
  notFoundTitle: string
  children: (data: T) => ReactNode
}) {
  if (loaded.state === 'loading')
    return (
      <div className="gx-loading" aria-busy="true">
        <Spin aria-hidden />
        <span className="gx-visually-hidden">正在加载</span>
      </div>
    )
  if (loaded.state === 'error')
    return (
      <Notice title={loaded.notFound ? notFoundTitle : '加载失败'} action={<Link to="/">返回首页</Link>}>
        <p>{loaded.notFound ? '该信息不存在或已不在公示期内。' : loaded.message}</p>
      </Notice>
    )
  return <>{children(loaded.data)}</>
}

/** GB/T 4754-2017 门类: the table lives in shared/labels.ts (the console labels the same codes). */
export { industryLabels } from '../../shared/labels.js'
