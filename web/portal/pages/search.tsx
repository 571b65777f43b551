import { Link, useSearchParams } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { Notice } from '../notice.js'
import { SearchBox } from '../search-box.js'

export function SearchPage() {
  const [params] = useSearchParams()
  const q = (params.get('q') ?? '').trim()
  const site = useSite()
  useDocumentTitle(q ? `查询：${q}` : '信用查询', site.name)

  return (
    <div className="gx-container gx-page">
      <h1 className="gx-page-title">信用查询</h1>
      {/* key: a new query in the URL resets the box to that query */}
      <SearchBox key={q} initial={q} />
      <Notice title="信用查询即将上线" action={<Link to="/">返回首页</Link>}>
        {q ? (
          <p data-testid="search-echo">
            您查询的“<strong>{q}</strong>
            ”已收到。查询结果将列出匹配的主体名称、统一社会信用代码、主体类型、所属区县、状态和红黑名单标识。
          </p>
        ) : (
          <p>输入企业名称、统一社会信用代码或个体工商户名称即可查询主体的公示信用信息。</p>
        )}
      </Notice>
    </div>
  )
}
