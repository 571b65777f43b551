import { Pagination } from 'antd'
import { Link, NavLink, useParams, useSearchParams } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { LoadState } from '../credit/present.js'
import type { PublicContent, PublicContentPage } from '../credit/types.js'
import { usePublic } from '../credit/use-public.js'
import { contentSections } from '../nav.js'
import { Notice } from '../notice.js'

const PAGE_SIZE = 15

/** The four content sections as tabs (links: each section has its own address). */
function SectionTabs({ current }: { current: string }) {
  return (
    <nav className="gx-section-tabs" aria-label="栏目">
      <ul>
        {contentSections.map((s) => (
          <li key={s.code}>
            <NavLink className="gx-section-tab" to={s.path} aria-current={s.code === current ? 'page' : undefined}>
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function ArticleList({ data, onPage }: { data: PublicContentPage; onPage: (page: number) => void }) {
  if (data.items.length === 0)
    return (
      <Notice title={`暂无${data.sectionLabel ?? '内容'}`} action={<Link to="/">返回首页</Link>}>
        <p>
          本栏目还没有发布内容。查询主体的信用信息请使用<Link to="/search">信用查询</Link>，了解公示期限、异议和修复请看
          <Link to="/help/periods">帮助</Link>。
        </p>
      </Notice>
    )
  return (
    <>
      <ol className="gx-article-list" data-testid="article-list">
        {data.items.map((item) => (
          <li key={item.id} className="gx-article-item">
            <Link to={`/articles/${item.id}`} className="gx-article-link">
              {item.title}
            </Link>
            <p className="gx-article-summary">{item.summary}</p>
            <p className="gx-article-meta">
              <span>发布日期：{item.publishedOn}</span>
              {item.source ? <span>来源：{item.source}</span> : null}
            </p>
          </li>
        ))}
      </ol>
      {data.total > data.pageSize ? (
        <Pagination
          className="gx-pagination"
          current={data.page}
          pageSize={data.pageSize}
          total={data.total}
          showSizeChanger={false}
          onChange={onPage}
        />
      ) : null}
    </>
  )
}

/** 政策法规, 新闻动态, 典型案例 or 通知公告: the published articles of the section, newest first. */
export function ContentListPage({ section }: { section: string }) {
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)
  const site = useSite()
  const label = contentSections.find((s) => s.code === section)?.label ?? '政策法规'
  useDocumentTitle(label, site.name)
  const loaded = usePublic<PublicContentPage>('/api/v1/public/content', { section, page, pageSize: PAGE_SIZE })
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / {label}
      </nav>
      <h1 className="gx-page-title">{label}</h1>
      <SectionTabs current={section} />
      <section className="gx-panel" aria-label={`${label}列表`}>
        <LoadState loaded={loaded} notFoundTitle={`暂无${label}`}>
          {(data) => <ArticleList data={data} onPage={(p) => setParams(p === 1 ? {} : { page: String(p) })} />}
        </LoadState>
      </section>
    </div>
  )
}

/** One published article; its body is HTML the server rendered from Markdown with raw HTML and images off. */
export function ArticlePage() {
  const { id = '' } = useParams()
  const site = useSite()
  const loaded = usePublic<PublicContent>(`/api/v1/public/content/${encodeURIComponent(id)}`)
  const article = loaded.state === 'ok' ? loaded.data : null
  const section = contentSections.find((s) => s.code === article?.section)
  useDocumentTitle(article?.title ?? '政策法规', site.name)
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / {section ? <Link to={section.path}>{section.label}</Link> : '政策法规'}
        {article ? ' / 正文' : ''}
      </nav>
      <LoadState loaded={loaded} notFoundTitle="该内容不存在或已撤下">
        {(a) => (
          <article className="gx-panel gx-article" aria-labelledby="gx-article-title">
            <h1 id="gx-article-title" className="gx-article-title">
              {a.title}
            </h1>
            <p className="gx-article-meta">
              <span>发布日期：{a.publishedOn}</span>
              {a.updatedOn ? <span>更新日期：{a.updatedOn}</span> : null}
              {a.source ? <span>来源：{a.source}</span> : null}
            </p>
            {/* the server's HTML: Markdown rendered with raw HTML shown as text, only safe links, no images */}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server (content.markdown.ts) */}
            <div className="gx-article-body" data-testid="article-body" dangerouslySetInnerHTML={{ __html: a.html }} />
            <p className="gx-article-back">
              <Link to={section?.path ?? '/policies'}>返回{section?.label ?? '政策法规'}</Link>
            </p>
          </article>
        )}
      </LoadState>
    </div>
  )
}
