import { useEffect, useState, type ReactNode } from 'react'
import { Link, NavLink } from 'react-router-dom'
import { ApiError, api, errorMessage } from '../../../shared/api.js'
import { Notice } from '../../notice.js'
import { useUnread } from './unread.js'

// What the 「我的信用」 sub-pages share: their tabs (我的信用 · 我的档案 · 查询记录 · 信用报告 · 授权管理 · 我的办件 · 消息, the last with the
// unread count) and loading a subject-only API with the answers for a visitor who is not signed in as a subject.

const tabs = [
  { to: '/my', label: '我的信用', end: true },
  { to: '/my/file', label: '我的档案', end: false },
  { to: '/my/access-log', label: '查询记录', end: false },
  { to: '/my/reports', label: '信用报告', end: false },
  { to: '/my/authorizations', label: '授权管理', end: false },
  { to: '/my/cases', label: '我的办件', end: false },
  { to: '/my/inbox', label: '消息', end: false },
] as const

export function MyCreditTabs() {
  const unread = useUnread()
  return (
    <nav className="gx-my-tabs" aria-label="我的信用">
      {tabs.map((t) => (
        <NavLink key={t.to} to={t.to} end={t.end}>
          {t.label}
          {t.to === '/my/inbox' && unread ? (
            <span className="gx-my-badge" data-testid="inbox-unread" title={`${unread} 条未读`}>
              {unread > 99 ? '99+' : unread}
              <span className="gx-visually-hidden"> 条未读</span>
            </span>
          ) : null}
        </NavLink>
      ))}
    </nav>
  )
}

export type SubjectLoad<T> =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'other'; message: string }
  | { status: 'error'; message: string }
  | { status: 'ok'; data: T }

/** GET `url` as the signed-in subject; reloads when `url` or `refresh` changes. */
export function useSubjectApi<T>(url: string, refresh = 0): SubjectLoad<T> {
  const [state, setState] = useState<SubjectLoad<T>>({ status: 'loading' })
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` asks for the same url again on purpose
  useEffect(() => {
    const controller = new AbortController()
    setState((s) => (s.status === 'ok' ? s : { status: 'loading' }))
    api<T>(url, { signal: controller.signal, notifyUnauthorized: false })
      .then((data) => setState({ status: 'ok', data }))
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return
        if (cause instanceof ApiError && cause.status === 401) setState({ status: 'anonymous' })
        else if (cause instanceof ApiError && cause.status === 403)
          setState({ status: 'other', message: cause.message })
        else setState({ status: 'error', message: errorMessage(cause) })
      })
    return () => controller.abort()
  }, [url, refresh])
  return state
}

/** The page frame: title, tabs, and the answer for anonymous visitors and other accounts. */
export function SubjectPage<T>({
  title,
  load,
  children,
}: {
  title: string
  load: SubjectLoad<T>
  children: (data: T) => ReactNode
}) {
  let body: ReactNode
  if (load.status === 'loading') body = <div className="gx-loading" aria-busy="true" />
  else if (load.status === 'anonymous')
    body = (
      <Notice title="请先登录" action={<Link to="/account/login">主体登录</Link>}>
        <p>「我的信用」供已激活的信用主体账户（企业或个人）及其经办人使用，请先登录。</p>
      </Notice>
    )
  else if (load.status === 'other')
    body = (
      <Notice title="当前登录的不是信用主体账户" action={<Link to="/account/login">主体登录</Link>}>
        <p>{load.message}</p>
      </Notice>
    )
  else if (load.status === 'error')
    body = (
      <Notice title="暂时无法加载">
        <p>{load.message}</p>
      </Notice>
    )
  else body = children(load.data)
  return (
    <div className="gx-container gx-page gx-my">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / <Link to="/my">我的信用</Link> / {title}
      </nav>
      <h1 className="gx-page-title">{title}</h1>
      <MyCreditTabs />
      {body}
    </div>
  )
}
