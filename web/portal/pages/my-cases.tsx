// 「我的办件」: the signed-in subject's objections with their state, number and working-day deadlines; a case not
// yet decided can be withdrawn.
import { useCallback, useEffect, useState } from 'react'
import { Alert, Button, Popconfirm, Tag } from 'antd'
import { api, errorMessage } from '../../shared/api.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { SubjectSignIn, useSubjectSession } from '../subject-session.js'
import { MyCreditTabs } from './me/shared.js'

interface Clock {
  label: string
  dueOn: string
  metAt: string | null
  remainingWorkingDays: number | null
  overdue: boolean
  provisional: boolean
}

interface MyObjection {
  id: string
  number: string
  recordId: string
  state: string
  stateLabel: string
  outcomeLabel: string | null
  version: number
  openedOn: string
  deadlines: Record<string, Clock>
}

function clockText(c: Clock): string {
  if (c.metAt) return `${c.label}：已办结`
  if (c.overdue) return `${c.label}：已逾期 ${Math.abs(c.remainingWorkingDays ?? 0)} 个工作日`
  return `${c.label}：剩余 ${c.remainingWorkingDays ?? 0} 个工作日（${c.dueOn} 前）`
}

const OPEN = new Set(['submitted', 'accepted', 'verifying'])

export default function MyCasesPage() {
  const site = useSite()
  useDocumentTitle('我的办件', site.name)
  const { session, signedIn } = useSubjectSession()
  const [items, setItems] = useState<MyObjection[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: MyObjection[] }>('/api/v1/objections', { query: { pageSize: 100 } })).items)
    } catch (cause) {
      setError(errorMessage(cause))
    }
  }, [])
  useEffect(() => {
    if (session.status === 'signed_in') void load()
  }, [session.status, load])
  const withdraw = async (o: MyObjection) => {
    try {
      await api(`/api/v1/objections/${encodeURIComponent(o.id)}/withdraw`, {
        method: 'POST',
        body: { version: o.version },
      })
      await load()
    } catch (cause) {
      setError(errorMessage(cause))
    }
  }
  return (
    <div className="gx-container gx-page gx-my">
      <h1 className="gx-page-title">我的办件</h1>
      <MyCreditTabs />
      {session.status === 'anonymous' ? <SubjectSignIn onSignedIn={signedIn} /> : null}
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      {session.status === 'signed_in' ? (
        <section className="gx-panel" aria-labelledby="gx-my-objections">
          <h2 id="gx-my-objections" className="gx-panel-title">
            异议
          </h2>
          {items === null ? <div className="gx-loading" aria-busy="true" /> : null}
          {items?.length === 0 ? <p className="gx-empty">暂无异议办件</p> : null}
          <ul className="gx-case-list">
            {(items ?? []).map((o) => (
              <li key={o.id} data-case={o.number}>
                <strong>{o.number}</strong> <Tag>{o.stateLabel}</Tag>
                {o.outcomeLabel ? <Tag color="blue">结论：{o.outcomeLabel}</Tag> : null}
                <span className="gx-muted">
                  {' '}
                  提交于 {o.openedOn} · 记录 {o.recordId.slice(0, 8)}
                </span>
                <ul>
                  {Object.entries(o.deadlines).map(([code, c]) => (
                    <li key={code} className={c.overdue ? 'gx-overdue' : undefined}>
                      {clockText(c)}
                    </li>
                  ))}
                </ul>
                {OPEN.has(o.state) ? (
                  <Popconfirm title="撤回该异议？" okText="撤回" cancelText="取消" onConfirm={() => void withdraw(o)}>
                    <Button size="small" danger>
                      撤回
                    </Button>
                  </Popconfirm>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
