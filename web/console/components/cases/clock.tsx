import { Space, Tag, Tooltip, Typography } from 'antd'
import type { CaseDeadline } from './types.js'

/** The running clock of one step: 剩余 N 个工作日, 今日到期, or 逾期 N 个工作日 in red; 已办结 once met. */
export function CaseClock({ deadline, showLabel = false }: { deadline: CaseDeadline; showLabel?: boolean }) {
  const label = showLabel ? `${deadline.label}：` : ''
  const provisional = deadline.provisional ? (
    <Tooltip title="截止日超出已发布的节假日安排，暂按周末计算；发布次年安排后自动重算。">
      <Tag className="gx-home-tag">暂定</Tag>
    </Tooltip>
  ) : null
  if (deadline.metAt)
    return (
      <span className="gx-nowrap">
        {label}
        <Tag color="default">已办结</Tag>
      </span>
    )
  const n = deadline.remainingWorkingDays ?? 0
  const text = deadline.overdue ? `逾期 ${Math.abs(n)} 个工作日` : n === 0 ? '今日到期' : `剩余 ${n} 个工作日`
  return (
    <span className="gx-nowrap" data-overdue={deadline.overdue ? 'true' : undefined}>
      {label}
      <Tooltip title={`${deadline.label}：${deadline.workingDays} 个工作日，${deadline.dueOn} 前办结`}>
        <Tag color={deadline.overdue ? 'red' : n <= 1 ? 'orange' : 'blue'}>{text}</Tag>
      </Tooltip>
      {provisional}
    </span>
  )
}

/** The clock that matters in a list: the running one due first, or the last one met. */
export function CurrentClock({ deadlines }: { deadlines: readonly CaseDeadline[] }) {
  const running = deadlines.filter((d) => !d.metAt).sort((a, b) => a.dueOn.localeCompare(b.dueOn))
  const first = running[0]
  if (first) return <CaseClock deadline={first} showLabel />
  return deadlines.length ? <Tag>已办结</Tag> : <span>—</span>
}

/** Every clock of a case, one per line. */
export function CaseClocks({ deadlines }: { deadlines: readonly CaseDeadline[] }) {
  if (!deadlines.length) return <span>—</span>
  return (
    <Space orientation="vertical" size={4}>
      {deadlines.map((d) => (
        <span key={d.code}>
          <CaseClock deadline={d} showLabel /> <Typography.Text type="secondary">（{d.dueOn} 前）</Typography.Text>
        </span>
      ))}
    </Space>
  )
}
