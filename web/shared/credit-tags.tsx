// Pieces of a credit file both areas show: the entity's flags as tags and the matched characters of a search.
import type { ReactNode } from 'react'
import { Tag } from 'antd'

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
