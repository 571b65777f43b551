import type { ReactNode } from 'react'
import { Spin, Tag } from 'antd'
import { Link } from 'react-router-dom'
import { Notice } from '../notice.js'
import type { PublicRecordSummary } from './types.js'
import type { Loaded } from './use-public.js'

/** Entity flags shown as tags, in this order (docs/disclosure.md §3). `negative` is a filter, not a badge. */
export const flagTags: readonly { flag: string; label: string; color: string }[] = [
  { flag: 'black_list', label: '黑名单', color: '#262626' },
  { flag: 'red_list', label: '红名单', color: 'red' },
  { flag: 'focus_list', label: '重点关注', color: 'orange' },
  { flag: 'under_objection', label: '异议处理中', color: 'blue' },
]

export function FlagTags({ flags }: { flags: readonly string[] }) {
  const shown = flagTags.filter((t) => flags.includes(t.flag))
  if (!shown.length) return null
  return (
    <span className="gx-tags">
      {shown.map((t) => (
        <Tag key={t.flag} color={t.color}>
          {t.label}
        </Tag>
      ))}
    </span>
  )
}

export function ObjectionTag({ marks }: { marks: readonly string[] }) {
  return marks.includes('under_objection') ? <Tag color="blue">异议处理中</Tag> : null
}

/** The characters of `text` that match `q` (case-insensitive, whole fragment), wrapped in <mark>. */
export function Highlight({ text, q }: { text: string; q: string }) {
  const needle = q.trim().toLowerCase()
  if (!needle) return <>{text}</>
  const lower = text.toLowerCase()
  const parts: ReactNode[] = []
  let at = 0
  let found = lower.indexOf(needle)
  while (found !== -1) {
    if (found > at) parts.push(text.slice(at, found))
    parts.push(<mark key={found}>{text.slice(found, found + needle.length)}</mark>)
    at = found + needle.length
    found = lower.indexOf(needle, at)
  }
  if (at < text.length) parts.push(text.slice(at))
  return <>{parts}</>
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

/** GB/T 4754-2017 门类 (entity `industry`). */
export const industryLabels: Readonly<Record<string, string>> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
}
