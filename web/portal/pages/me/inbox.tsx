import { useEffect, useState } from 'react'
import { Alert, Button, Pagination, Radio, Tag } from 'antd'
import { Link, useSearchParams } from 'react-router-dom'
import { api, apiUrl, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useSite } from '../../../shared/site.js'
import { useDocumentTitle } from '../../../shared/use-title.js'
import { ensureCsrf } from './csrf.js'
import { SubjectPage, useSubjectApi } from './shared.js'
import { refreshUnread, setUnread, useUnread } from './unread.js'

// 消息: the notices to the signed-in subject's account and entity (GET /api/v1/me/inbox, docs/notifications.md) -
// each case step, proactive notices (可申请修复、公示期届满) - newest first, unread ones marked; 标为已读 posts
// /api/v1/me/inbox/:id/read and the tabs' unread badge follows.

interface InboxNotice {
  id: string
  topic: string
  title: string
  body: string
  link: string | null
  createdAt: string
  read: boolean
  readAt: string | null
}
interface Inbox {
  items: InboxNotice[]
  total: number
  unread: number
  page: number
  pageSize: number
}

const PAGE_SIZE = 20

/** Links inside the portal only: a notice written for the console (/console/...) or elsewhere shows no link. */
function portalLink(link: string | null): string | null {
  if (!link?.startsWith('/') || link.startsWith('//') || link.startsWith('/console')) return null
  return link
}

function NoticeItem({ n, onRead }: { n: InboxNotice; onRead: (id: string) => Promise<void> }) {
  const [busy, setBusy] = useState(false)
  const link = portalLink(n.link)
  return (
    <li
      className={n.read ? 'gx-my-record gx-my-notice' : 'gx-my-record gx-my-notice gx-my-unread'}
      data-testid="my-notice"
    >
      <div className="gx-my-record-head">
        {n.read ? <Tag>已读</Tag> : <Tag color="blue">未读</Tag>}
        <strong>{n.title}</strong>
      </div>
      <p className="gx-my-record-meta">{formatInstant(n.createdAt)}</p>
      <p className="gx-my-notice-body">{n.body}</p>
      <p className="gx-actions">
        {link ? <Link to={link}>查看</Link> : null}
        {n.read ? null : (
          <Button
            size="small"
            loading={busy}
            onClick={() => {
              setBusy(true)
              onRead(n.id).finally(() => setBusy(false))
            }}
          >
            标为已读
          </Button>
        )}
      </p>
    </li>
  )
}

function InboxView({ inbox, unreadOnly, onPage }: { inbox: Inbox; unreadOnly: boolean; onPage: (p: number) => void }) {
  // notices read on this page (the list is not fetched again)
  const [readNow, setReadNow] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => setUnread(inbox.unread), [inbox.unread])
  const markRead = async (id: string) => {
    setProblem(null)
    try {
      await ensureCsrf()
      const n = await api<InboxNotice>(`/api/v1/me/inbox/${encodeURIComponent(id)}/read`, { method: 'POST' })
      setReadNow((m) => ({ ...m, [id]: n.readAt ?? '' }))
      await refreshUnread()
    } catch (cause) {
      setProblem(errorMessage(cause))
    }
  }
  const items = inbox.items.map((n) => (n.id in readNow ? { ...n, read: true, readAt: readNow[n.id] ?? null } : n))
  return (
    <>
      {problem ? <Alert type="error" showIcon title={problem} role="alert" className="gx-my-alert" /> : null}
      {items.length ? (
        <ol className="gx-my-records">
          {items.map((n) => (
            <NoticeItem key={n.id} n={n} onRead={markRead} />
          ))}
        </ol>
      ) : (
        <p className="gx-empty">{unreadOnly ? '没有未读消息' : '暂无消息'}</p>
      )}
      {inbox.total > inbox.pageSize ? (
        <Pagination
          className="gx-pagination"
          current={inbox.page}
          pageSize={inbox.pageSize}
          total={inbox.total}
          showSizeChanger={false}
          onChange={onPage}
        />
      ) : null}
    </>
  )
}

export default function MyInboxPage() {
  const site = useSite()
  useDocumentTitle('消息', site.name)
  const [params, setParams] = useSearchParams()
  const unreadOnly = params.get('unread') === '1'
  const page = Math.max(1, Number(params.get('page')) || 1)
  const unreadNow = useUnread()
  const load = useSubjectApi<Inbox>(
    apiUrl('/api/v1/me/inbox', { unread: unreadOnly ? true : undefined, page, pageSize: PAGE_SIZE }),
  )
  const apply = (next: { unread: boolean; page?: number }) => {
    const q = new URLSearchParams()
    if (next.unread) q.set('unread', '1')
    if (next.page && next.page > 1) q.set('page', String(next.page))
    setParams(q)
  }
  return (
    <SubjectPage title="消息" load={load}>
      {(inbox) => (
        <section className="gx-panel" aria-labelledby="gx-my-inbox-title">
          <h2 className="gx-panel-title" id="gx-my-inbox-title">
            站内消息
          </h2>
          <p className="gx-account-note">
            异议、信用修复、举报每一步的办理结果，以及“可申请信用修复”“公示期届满”等提醒，都会发到这里。
          </p>
          <div className="gx-my-inbox-filter">
            <Radio.Group
              value={unreadOnly ? 'unread' : 'all'}
              optionType="button"
              aria-label="显示范围"
              options={[
                { value: 'all', label: '全部' },
                { value: 'unread', label: '未读' },
              ]}
              onChange={(e) => apply({ unread: e.target.value === 'unread' })}
            />
          </div>
          <p className="gx-my-counts">
            共 {inbox.total} 条，未读 <span data-testid="inbox-unread-count">{unreadNow ?? inbox.unread}</span> 条
          </p>
          <InboxView
            key={`${unreadOnly}-${inbox.page}`}
            inbox={inbox}
            unreadOnly={unreadOnly}
            onPage={(p) => apply({ unread: unreadOnly, page: p })}
          />
        </section>
      )}
    </SubjectPage>
  )
}
