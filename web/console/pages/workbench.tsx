// 工作台: what needs doing now for the signed-in role, each a count linking to the page (filtered) where it is done.
// Counts come from the pages' own APIs (the server decides what the user may see); a to-do whose API fails shows
// the error on its card and leaves the others alone.
import { Card, Col, Row, Skeleton, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { api } from '../../shared/api.js'
import { shanghaiDayStart } from '../../shared/format.js'
import { useRequest } from '../use-request.js'

export interface Todo {
  key: string
  title: string
  /** The count (null: nothing to count, only the note) and a line under it. */
  load(signal: AbortSignal): Promise<{ count: number | null; note: string }>
  /** Where it is done (below /console), with the filter. */
  link: string
  linkText: string
}

const DAY = 86_400_000

/** The civil date in Beijing `days` ago. */
function daysAgo(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - days * DAY).toISOString().slice(0, 10)
}

/** The total of a paged list (pageSize=1). */
async function total(path: string, query: Record<string, string | number>, signal: AbortSignal): Promise<number> {
  const r = await api<{ total: number }>(path, { query: { ...query, pageSize: 1 }, signal })
  return r.total
}

interface QualityItem {
  dept: string | null
  deptName: string | null
  rows: number
  rejected: number
  late: number
}

async function quality(signal: AbortSignal): Promise<QualityItem[]> {
  return (await api<{ items: QualityItem[] }>('/api/v1/quality', { query: { from: daysAgo(30) }, signal })).items
}

/** Open cases of a kind in the given states (the queue's tallies). */
async function cases(kind: string, states: readonly string[], signal: AbortSignal): Promise<number> {
  const r = await api<{ counts: { kind: string; state: string; count: number }[] }>('/api/v1/cases', {
    query: { kind, pageSize: 1 },
    signal,
  })
  return r.counts.filter((c) => c.kind === kind && states.includes(c.state)).reduce((n, c) => n + c.count, 0)
}

const caseTodo = (key: string, title: string, kind: string, state: string, path: string, note: string): Todo => ({
  key,
  title,
  link: `${path}?state=${state}`,
  linkText: '去办理',
  load: async (signal) => ({ count: await cases(kind, [state], signal), note }),
})

const todos: Readonly<Record<string, readonly Todo[]>> = {
  provider: [
    {
      key: 'rejected',
      title: '拒收行待更正',
      link: '/ingest/batches',
      linkText: '查看批次',
      load: async (signal) => {
        const rows = await quality(signal)
        return {
          count: rows.reduce((n, r) => n + r.rejected, 0),
          note: '近 30 天报送中被拒收的行：按错误明细更正后重新报送。',
        }
      },
    },
    {
      key: 'late',
      title: '逾期报送',
      link: '/ingest/quality',
      linkText: '查看数据质量',
      load: async (signal) => ({
        count: (await quality(signal)).reduce((n, r) => n + r.late, 0),
        note: '近 30 天晚于类别报送时限收到的新记录（如行政许可、行政处罚为决定之日后 7 个工作日）。',
      }),
    },
    caseTodo(
      'objections',
      '异议待核实',
      'objection',
      'verifying',
      '/rights/objections',
      '信用主体对本部门数据提出的异议，须在期限内核实。',
    ),
    caseTodo('repairs', '信用修复待决定', 'repair', 'submitted', '/rights/repairs', '本部门认定的失信信息的修复申请。'),
    caseTodo('tips', '举报待核查', 'tip', 'routed', '/rights/tips', '分办给本部门的举报。'),
  ],
  consumer: [
    {
      key: 'feedback',
      title: '核查待反馈',
      link: '/checks/feedback',
      linkText: '登记反馈',
      load: async (signal) => {
        const r = await api<{ days: number; items: unknown[] }>('/api/v1/checks/feedback/pending', { signal })
        return {
          count: r.items.length,
          note: `命中奖惩措施、超过 ${r.days} 个工作日仍未登记实施情况的核查。`,
        }
      },
    },
    caseTodo('tips', '举报待核查', 'tip', 'routed', '/rights/tips', '分办给本部门的举报。'),
  ],
  operator: [
    {
      key: 'unmatched',
      title: '待匹配主体',
      link: '/entities/unmatched',
      linkText: '去匹配',
      load: async (signal) => ({
        count: await total('/api/v1/unmatched', { status: 'open' }, signal),
        note: '归集时无法确定行政相对人的主体：匹配或登记后，相关行自动重新归集。',
      }),
    },
    {
      key: 'proposals',
      title: '重点关注列入建议',
      link: '/lists/focus?tab=proposals',
      linkText: '去审核',
      load: async (signal) => ({
        count: await total('/api/v1/lists/proposals', { status: 'proposed' }, signal),
        note: '按升级规则扫描得出、待确认或驳回的列入建议。',
      }),
    },
    {
      key: 'quality',
      title: '数据质量异常部门',
      link: '/ingest/quality',
      linkText: '查看数据质量',
      load: async (signal) => {
        const byDept = new Map<string, { rows: number; rejected: number; late: number }>()
        for (const r of await quality(signal)) {
          const k = r.dept ?? ''
          const acc = byDept.get(k) ?? { rows: 0, rejected: 0, late: 0 }
          byDept.set(k, { rows: acc.rows + r.rows, rejected: acc.rejected + r.rejected, late: acc.late + r.late })
        }
        const outliers = [...byDept.values()].filter(
          (d) => d.rows > 0 && (d.rejected / d.rows >= 0.1 || d.late / d.rows >= 0.2),
        )
        return { count: outliers.length, note: '近 30 天拒收率 ≥ 10% 或逾期率 ≥ 20% 的报送部门。' }
      },
    },
    caseTodo(
      'objections',
      '异议待受理',
      'objection',
      'submitted',
      '/rights/objections',
      '信用主体提出、尚未受理的异议。',
    ),
    caseTodo('tips', '举报待分办', 'tip', 'submitted', '/rights/tips', '公众提交、尚未分办的举报。'),
    {
      key: 'calendar',
      title: '工作日历',
      link: '/catalog/calendar',
      linkText: '维护工作日历',
      load: async (signal) => {
        const s = await api<{ lastYear: number | null; warn: boolean; message: string | null }>(
          '/api/v1/calendar/status',
          { signal },
        )
        return s.warn
          ? { count: 1, note: s.message ?? '缺少下一年的节假日安排，请导入。' }
          : { count: 0, note: `已导入至 ${s.lastYear ?? '—'} 年的节假日安排；每年 10 月起提示导入下一年。` }
      },
    },
  ],
  auditor: [
    {
      key: 'checkpoint',
      title: '最近签名检查点',
      link: '/audit/verify',
      linkText: '完整性校验',
      load: async (signal) => {
        const r = await api<{ checkpoint: { size: number; time: string } | null }>('/api/v1/audit/checkpoint', {
          signal,
        })
        if (!r.checkpoint) return { count: null, note: '尚未生成签名检查点。' }
        const at = new Date(Date.parse(r.checkpoint.time) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
        return {
          count: r.checkpoint.size,
          note: `检查点签署于 ${at}（北京时间），覆盖以上条数的审计事件；可随时重新校验哈希链。`,
        }
      },
    },
    {
      key: 'failed-logins',
      title: '登录失败',
      link: '/audit/events?action=access.login_failed',
      linkText: '查看审计日志',
      load: async (signal) => ({
        count: await total(
          '/api/v1/audit/events',
          { action: 'access.login_failed', from: shanghaiDayStart(daysAgo(7)) },
          signal,
        ),
        note: '近 7 天的登录失败事件（含被限制的尝试）。',
      }),
    },
    {
      key: 'exports',
      title: '审计日志导出',
      link: '/audit/events?action=audit.export',
      linkText: '查看审计日志',
      load: async (signal) => ({
        count: await total(
          '/api/v1/audit/events',
          { action: 'audit.export', from: shanghaiDayStart(daysAgo(30)) },
          signal,
        ),
        note: '近 30 天导出审计日志的次数。',
      }),
    },
  ],
}

export function todosFor(role: string): readonly Todo[] {
  return todos[role] ?? []
}

function TodoCard({ todo }: { todo: Todo }) {
  const { data, error, loading } = useRequest((signal) => todo.load(signal), [todo])
  return (
    <Card size="small" className="gx-todo" data-todo={todo.key}>
      <Typography.Text type="secondary">{todo.title}</Typography.Text>
      {loading ? (
        <Skeleton active paragraph={{ rows: 1 }} title={false} />
      ) : error ? (
        <Typography.Paragraph type="danger">{error}</Typography.Paragraph>
      ) : (
        <>
          {data?.count !== null && data?.count !== undefined ? (
            <div className={`gx-todo-count${data.count > 0 ? ' gx-todo-count-due' : ''}`}>
              <Link to={todo.link} aria-label={`${todo.title}：${data.count}，${todo.linkText}`}>
                {data.count.toLocaleString('zh-CN')}
              </Link>
            </div>
          ) : null}
          <Typography.Paragraph type="secondary" className="gx-todo-note">
            {data?.note}
          </Typography.Paragraph>
        </>
      )}
      <Link to={todo.link}>{todo.linkText} ›</Link>
    </Card>
  )
}

/** The role's to-dos as cards; nothing when the role has none. */
export function Workbench({ role }: { role: string }) {
  const list = todosFor(role)
  if (list.length === 0) return null
  return (
    <section aria-labelledby="gx-todos-title" className="gx-block">
      <Typography.Title level={2} id="gx-todos-title" className="gx-section-title">
        待办事项
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {list.map((todo) => (
          <Col key={todo.key} xs={24} sm={12} xl={8} xxl={6}>
            <TodoCard todo={todo} />
          </Col>
        ))}
      </Row>
    </section>
  )
}
