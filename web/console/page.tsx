import type { ReactNode } from 'react'
import { Breadcrumb, Typography } from 'antd'
import { Link, useLocation } from 'react-router-dom'
import { useSite } from '../shared/site.js'
import { useDocumentTitle } from '../shared/use-title.js'
import { findNavItem } from './nav.js'

export interface PageProps {
  title: string
  description?: ReactNode
  extra?: ReactNode
  /** The breadcrumb after 工作台 for a page outside the menu (default: the menu group and item of the path). */
  trail?: { title: ReactNode; path?: string }[]
  children?: ReactNode
}

/** Page frame in the Ant Design Pro manner: breadcrumb, title, one-line description, content. */
export function Page({ title, description, extra, trail, children }: PageProps) {
  const location = useLocation()
  const site = useSite()
  useDocumentTitle(title, `${site.name} 管理控制台`)
  const found = findNavItem(location.pathname)
  return (
    <section className="gx-page" aria-labelledby="gx-page-title">
      <Breadcrumb
        className="gx-breadcrumb"
        items={[
          { title: <Link to="/">工作台</Link> },
          ...(trail
            ? trail.map((t) => ({ title: t.path ? <Link to={t.path}>{t.title}</Link> : t.title }))
            : found
              ? [{ title: found.group.label }, { title: found.item.label }]
              : []),
        ]}
      />
      <div className="gx-page-heading">
        <Typography.Title level={1} id="gx-page-title" className="gx-page-title">
          {title}
        </Typography.Title>
        {extra ? <div className="gx-page-extra">{extra}</div> : null}
      </div>
      {description ? <Typography.Paragraph type="secondary">{description}</Typography.Paragraph> : null}
      <div className="gx-page-body">{children}</div>
    </section>
  )
}
