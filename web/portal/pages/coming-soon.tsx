import { Link } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import type { PortalNavItem } from '../nav.js'
import { Notice } from '../notice.js'

export function ComingSoonPage({ item }: { item: PortalNavItem }) {
  const site = useSite()
  useDocumentTitle(item.label, site.name)
  return (
    <div className="gx-container gx-page">
      <h1 className="gx-page-title">{item.label}</h1>
      <Notice title={`${item.label}即将上线`} action={<Link to="/">返回首页</Link>}>
        <p>{item.coming}</p>
      </Notice>
    </div>
  )
}
