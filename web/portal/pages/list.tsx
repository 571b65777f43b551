import { Input, Pagination } from 'antd'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { labelOf, listKindLabels } from '../../shared/labels.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { LoadState, ObjectionTag, dash } from '../credit/present.js'
import type { PublicList } from '../credit/types.js'
import { usePublic } from '../credit/use-public.js'

const PAGE_SIZE = 20

const numberFormat = new Intl.NumberFormat('zh-CN')

function ListBody({
  list,
  onPage,
  onSearch,
}: {
  list: PublicList
  onPage: (page: number) => void
  onSearch: (q: string) => void
}) {
  return (
    <>
      <h1 className="gx-page-title">
        {list.className}
        <span className="gx-list-kind">（{labelOf(listKindLabels, list.kind)}）</span>
      </h1>
      <section className="gx-panel">
        <div className="gx-list-head">
          <h2 className="gx-panel-title gx-list-head-title" data-testid="list-counts" aria-live="polite">
            {list.q ? `「${list.q}」：` : ''}共 {numberFormat.format(list.entities)} 个主体，
            {numberFormat.format(list.total)} 条列入记录
          </h2>
          <Input.Search
            key={list.q}
            className="gx-list-search"
            defaultValue={list.q}
            placeholder="主体名称、统一社会信用代码或决定文书号"
            aria-label="在名单中查找"
            allowClear
            enterButton="查找"
            maxLength={60}
            onSearch={(v) => onSearch(v.trim())}
          />
        </div>
        {list.entities !== list.total && !list.q ? (
          <p className="gx-muted gx-list-note">同一主体可能因多个决定被列入，故列入记录数多于主体数。</p>
        ) : null}
        {list.items.length === 0 ? (
          <p className="gx-empty">{list.q ? '名单中没有符合条件的主体，请检查名称或代码。' : '暂无公示信息'}</p>
        ) : (
          <div className="gx-table-wrap">
            <table className="gx-table gx-card-table" data-testid="list-table">
              <thead>
                <tr>
                  <th scope="col">主体名称</th>
                  <th scope="col">统一社会信用代码</th>
                  <th scope="col">列入日期</th>
                  <th scope="col">列入期至</th>
                  <th scope="col">决定文书号</th>
                  <th scope="col">认定机关</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((item) => (
                  <tr key={item.recordId}>
                    <td data-label="主体名称">
                      {item.entityId ? <Link to={`/entities/${item.entityId}`}>{item.name}</Link> : item.name}{' '}
                      <ObjectionTag marks={item.marks} />
                    </td>
                    <td className="gx-code" data-label="统一社会信用代码">
                      {dash(item.uscc)}
                    </td>
                    <td className="gx-nowrap" data-label="列入日期">
                      {dash(item.listedOn)}
                    </td>
                    <td className="gx-nowrap" data-label="列入期至">
                      {item.until?.startsWith('9999') ? '长期' : dash(item.until)}
                    </td>
                    <td className="gx-code" data-label="决定文书号">
                      <Link to={`/records/${item.recordId}`}>{dash(item.basis)}</Link>
                    </td>
                    <td data-label="认定机关">{dash(item.authority)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.total > list.pageSize ? (
          <Pagination
            className="gx-pagination"
            current={list.page}
            pageSize={list.pageSize}
            total={list.total}
            showSizeChanger={false}
            onChange={onPage}
          />
        ) : null}
      </section>
      {list.legalBasis.length ? (
        <section className="gx-panel gx-file-tabs">
          <h2 className="gx-panel-title">法律依据</h2>
          <ul className="gx-basis">
            {list.legalBasis.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}

export default function ListPage() {
  const { class: code = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)
  const q = (params.get('q') ?? '').trim()
  const site = useSite()
  const loaded = usePublic<PublicList>(`/api/v1/public/lists/${encodeURIComponent(code)}`, {
    ...(q ? { q } : {}),
    page,
    pageSize: PAGE_SIZE,
  })
  const go = (next: { q?: string; page?: number }) => {
    const p = new URLSearchParams()
    const query = next.q ?? q
    if (query) p.set('q', query)
    if (next.page && next.page > 1) p.set('page', String(next.page))
    setParams(p)
  }
  useDocumentTitle(loaded.state === 'ok' ? loaded.data.className : '红黑名单', site.name)
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / <Link to="/lists">红黑名单</Link>
      </nav>
      <LoadState loaded={loaded} notFoundTitle="未找到该名单">
        {(list) => <ListBody list={list} onPage={(p) => go({ page: p })} onSearch={(value) => go({ q: value })} />}
      </LoadState>
    </div>
  )
}
