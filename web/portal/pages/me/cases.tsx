import { useState } from 'react'
import { Alert, Button, Pagination, Popconfirm, Tag } from 'antd'
import { Link, useSearchParams } from 'react-router-dom'
import { api, apiUrl, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useSite } from '../../../shared/site.js'
import { useDocumentTitle } from '../../../shared/use-title.js'
import { caseDetailLink, caseOutcomeLabel, caseWithdrawPath, type MyCase } from './case-links.js'
import { ensureCsrf } from './csrf.js'
import { SubjectPage, useSubjectApi } from './shared.js'

// 我的办件: the signed-in subject's cases of every kind (GET /api/v1/me/cases) - the objections and repair applications
// about its entity and the tips its user filed - each with its kind, number, state, the record and entity it is
// about, and its working-day clocks: 剩余 N 个工作日, 今日到期, 逾期 N 个工作日 in red, 暂定 past the published calendar;
// per kind (case-links.ts) a link to its own page, its outcome labels and 撤回 while the kind allows it.

interface MyCases {
  items: MyCase[]
  total: number
  page: number
  pageSize: number
}
type Clock = MyCase['deadlines'][number]

const PAGE_SIZE = 20
const STATE_COLORS: Readonly<Record<string, string>> = {
  submitted: 'blue',
  accepted: 'geekblue',
  verifying: 'purple',
  routed: 'purple',
  decided: 'green',
  approved: 'green',
  verified: 'green',
  not_accepted: 'default',
  rejected: 'default',
  unfounded: 'default',
  withdrawn: 'default',
}

function ClockLine({ d }: { d: Clock }) {
  const provisional = d.provisional ? (
    <Tag className="gx-home-tag" title="截止日超出已发布的节假日安排，暂按周末计算；发布次年安排后自动重算。">
      暂定
    </Tag>
  ) : null
  if (d.metAt)
    return (
      <li className="gx-my-clock">
        {d.label}：<Tag>已办结</Tag>
      </li>
    )
  const n = d.remainingWorkingDays ?? 0
  const text = d.overdue ? `逾期 ${Math.abs(n)} 个工作日` : n === 0 ? '今日到期' : `剩余 ${n} 个工作日`
  return (
    <li className={d.overdue ? 'gx-my-clock gx-my-overdue' : 'gx-my-clock'} data-overdue={d.overdue || undefined}>
      {d.label}：
      <Tag color={d.overdue ? 'red' : n <= 1 ? 'orange' : 'blue'} data-testid="case-clock">
        {text}
      </Tag>
      <span className="gx-my-what">
        {d.workingDays} 个工作日，{d.dueOn} 前办结
      </span>
      {provisional}
    </li>
  )
}

function CaseItem({ c, onWithdraw }: { c: MyCase; onWithdraw: (path: string, c: MyCase) => Promise<void> }) {
  const detail = caseDetailLink(c)
  const withdraw = caseWithdrawPath(c)
  const outcome = caseOutcomeLabel(c)
  const [busy, setBusy] = useState(false)
  return (
    <li className="gx-my-record" data-testid="my-case" data-case={c.number}>
      <div className="gx-my-record-head">
        <strong>{c.kindLabel}</strong>
        <span className="gx-code">{c.number}</span>
        <Tag color={STATE_COLORS[c.state] ?? 'blue'}>{c.stateLabel}</Tag>
        {outcome ? <Tag color="blue">结论：{outcome}</Tag> : null}
        {c.overdue ? <Tag color="red">已逾期</Tag> : null}
      </div>
      <p className="gx-my-record-meta">
        提交于 {c.openedOn}
        {c.entityName ? ` · 涉及主体 ${c.entityName}` : ''}
        {c.recordId ? ` · 涉及记录 ${c.recordId}` : ''}
        {c.closedAt ? ` · 办结于 ${formatInstant(c.closedAt)}` : ''}
      </p>
      {c.deadlines.length ? (
        <ul className="gx-my-clocks" aria-label="办理期限">
          {c.deadlines.map((d) => (
            <ClockLine key={`${d.code}-${d.startOn}`} d={d} />
          ))}
        </ul>
      ) : null}
      {detail || withdraw ? (
        <p className="gx-actions">
          {detail ? <Link to={detail}>查看办件详情</Link> : null}
          {withdraw ? (
            <Popconfirm
              title={`撤回${c.kindLabel} ${c.number}？`}
              description="撤回后本件办结，不再处理。"
              okText="撤回"
              cancelText="取消"
              onConfirm={() => {
                setBusy(true)
                return onWithdraw(withdraw, c).finally(() => setBusy(false))
              }}
            >
              <Button size="small" danger loading={busy}>
                撤回
              </Button>
            </Popconfirm>
          ) : null}
        </p>
      ) : null}
    </li>
  )
}

export default function MyCasesPage() {
  const site = useSite()
  useDocumentTitle('我的办件', site.name)
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Number(params.get('page')) || 1)
  const [refresh, setRefresh] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)
  const load = useSubjectApi<MyCases>(apiUrl('/api/v1/me/cases', { page, pageSize: PAGE_SIZE }), refresh)
  const withdraw = async (path: string, c: MyCase) => {
    setProblem(null)
    try {
      await ensureCsrf()
      await api(path, { method: 'POST', body: { version: c.version } })
      setRefresh((n) => n + 1)
    } catch (cause) {
      setProblem(errorMessage(cause))
    }
  }
  return (
    <SubjectPage title="我的办件" load={load}>
      {(cases) => (
        <section className="gx-panel" aria-labelledby="gx-my-cases-title">
          <h2 className="gx-panel-title" id="gx-my-cases-title">
            异议、信用修复和举报的办理进度
          </h2>
          <p className="gx-account-note">
            办理期限按工作日计算，不含周末和法定节假日；「暂定」表示截止日超出已发布的节假日安排，发布后自动重算。办理结果另见「消息」。
          </p>
          {problem ? <Alert type="error" showIcon title={problem} role="alert" className="gx-my-alert" /> : null}
          <p className="gx-my-counts">共 {cases.total} 件</p>
          {cases.items.length ? (
            <ol className="gx-my-records">
              {cases.items.map((c) => (
                <CaseItem key={c.id} c={c} onWithdraw={withdraw} />
              ))}
            </ol>
          ) : (
            <p className="gx-empty">
              暂无办件。对本单位（本人）的记录提出异议或申请信用修复，请到<Link to="/my/file">我的档案</Link>。
            </p>
          )}
          {cases.total > cases.pageSize ? (
            <Pagination
              className="gx-pagination"
              current={cases.page}
              pageSize={cases.pageSize}
              total={cases.total}
              showSizeChanger={false}
              onChange={(p) => setParams(p > 1 ? { page: String(p) } : {})}
            />
          ) : null}
        </section>
      )}
    </SubjectPage>
  )
}
