import { Link } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { Notice } from '../notice.js'

export function NotFoundPage() {
  const site = useSite()
  useDocumentTitle('页面不存在', site.name)
  return (
    <div className="gx-container gx-page">
      <h1 className="gx-page-title">页面不存在</h1>
      <Notice title="未找到该页面" action={<Link to="/">返回首页</Link>}>
        <p>链接可能有误或页面已调整，请从首页或导航重新进入。</p>
      </Notice>
    </div>
  )
}
