import { useState } from 'react'
import { Button, Input, Table } from 'antd'
import { useSearchParams } from 'react-router-dom'
import { apiUrl } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useSite } from '../../../shared/site.js'
import { useDocumentTitle } from '../../../shared/use-title.js'
import { SubjectPage, useSubjectApi } from './shared.js'

// 查询记录: who read the signed-in subject's non-public data (GET /api/v1/me/access-log) - when, which department,
// which role, for what purpose, what was read - filtered by date (Beijing time) and exported as XLSX.

interface Entry {
  eventId: string
  at: string
  kindLabel: string
  what: string
  dept: string | null
  deptName: string | null
  roleLabel: string | null
  role: string | null
  purpose: string | null
}
interface Log {
  total: number
  page: number
  pageSize: number
  items: Entry[]
}

const PAGE_SIZE = 20
const DAY = /^\d{4}-\d{2}-\d{2}$/

function LogView({ log, from, to, onPage }: { log: Log; from: string; to: string; onPage: (page: number) => void }) {
  return (
    <Table<Entry>
      rowKey="eventId"
      dataSource={log.items}
      size="middle"
      scroll={{ x: 860 }}
      locale={{ emptyText: from || to ? '所选日期范围内没有查询记录' : '尚无部门查询过本单位（本人）的非公开信息' }}
      pagination={{
        current: log.page,
        pageSize: log.pageSize,
        total: log.total,
        showSizeChanger: false,
        showTotal: (total) => `共 ${total} 条`,
        onChange: onPage,
      }}
      columns={[
        { title: '查询时间', dataIndex: 'at', width: 170, render: (v: string) => formatInstant(v) },
        {
          title: '查询部门',
          key: 'dept',
          width: 200,
          render: (_: unknown, e: Entry) => e.deptName ?? e.dept ?? '—',
        },
        { title: '角色', key: 'role', width: 100, render: (_: unknown, e: Entry) => e.roleLabel ?? e.role ?? '—' },
        {
          title: '查询内容',
          key: 'what',
          render: (_: unknown, e: Entry) => (
            <>
              <strong>{e.kindLabel}</strong>
              <div className="gx-my-what">{e.what}</div>
            </>
          ),
        },
        { title: '查询用途', dataIndex: 'purpose', width: 220, render: (v: string | null) => v ?? '—' },
      ]}
    />
  )
}

export default function MyAccessLogPage() {
  const site = useSite()
  useDocumentTitle('查询记录', site.name)
  const [params, setParams] = useSearchParams()
  const from = DAY.test(params.get('from') ?? '') ? (params.get('from') as string) : ''
  const to = DAY.test(params.get('to') ?? '') ? (params.get('to') as string) : ''
  const page = Math.max(1, Number(params.get('page')) || 1)
  const [draft, setDraft] = useState({ from, to })
  const [problem, setProblem] = useState<string | null>(null)
  const load = useSubjectApi<Log>(apiUrl('/api/v1/me/access-log', { from, to, page, pageSize: PAGE_SIZE }))

  const apply = (next: { from: string; to: string; page?: number }) => {
    const q = new URLSearchParams()
    if (next.from) q.set('from', next.from)
    if (next.to) q.set('to', next.to)
    if (next.page && next.page > 1) q.set('page', String(next.page))
    setParams(q)
  }
  const search = () => {
    if (draft.from && draft.to && draft.from > draft.to) {
      setProblem('开始日期不能晚于结束日期，请重新选择。')
      return
    }
    setProblem(null)
    apply({ from: draft.from, to: draft.to })
  }

  return (
    <SubjectPage title="查询记录" load={load}>
      {(log) => (
        <section className="gx-panel" aria-labelledby="gx-my-log-title">
          <h2 className="gx-panel-title" id="gx-my-log-title">
            本单位（本人）非公开信息被查询的记录
          </h2>
          <p className="gx-account-note">
            政府部门在联合奖惩核查、信用审查、查阅授权查询信息、查看完整身份证号码等工作中查询本单位（本人）非公开信息的，每次查询均记入审计日志并在此列出：查询时间、部门、角色、用途和查询内容。社会公众在门户网站浏览公示信息不在此列。
          </p>
          <form
            className="gx-my-filter"
            aria-label="按日期筛选"
            onSubmit={(e) => {
              e.preventDefault()
              search()
            }}
          >
            <label htmlFor="gx-my-from">
              开始日期
              <Input
                id="gx-my-from"
                type="date"
                name="from"
                value={draft.from}
                max={draft.to || undefined}
                onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              />
            </label>
            <label htmlFor="gx-my-to">
              结束日期
              <Input
                id="gx-my-to"
                type="date"
                name="to"
                value={draft.to}
                min={draft.from || undefined}
                onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              />
            </label>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <Button
              onClick={() => {
                setDraft({ from: '', to: '' })
                setProblem(null)
                apply({ from: '', to: '' })
              }}
            >
              清除
            </Button>
            <Button href={apiUrl('/api/v1/me/access-log.xlsx', { from, to })} download>
              导出
            </Button>
          </form>
          {problem ? (
            <p className="gx-my-problem" role="alert">
              {problem}
            </p>
          ) : null}
          <p className="gx-my-counts">日期按北京时间计算，含起止当日。</p>
          <LogView log={log} from={from} to={to} onPage={(p) => apply({ from, to, page: p })} />
        </section>
      )}
    </SubjectPage>
  )
}
