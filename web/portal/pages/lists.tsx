import { Col, Row, Skeleton } from 'antd'
import { Link } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { listGroups } from '../credit/list-classes.js'
import type { PublicListIndex } from '../credit/types.js'
import { usePublic } from '../credit/use-public.js'

const numberFormat = new Intl.NumberFormat('zh-CN')

/** 红黑名单: the list classes by kind, each with how many entities and entries it shows now, leading to its page. */
export default function ListsPage() {
  const site = useSite()
  useDocumentTitle('红黑名单', site.name)
  const loaded = usePublic<PublicListIndex>('/api/v1/public/lists')
  return (
    <div className="gx-container gx-page">
      <h1 className="gx-page-title">红黑名单</h1>
      <Row gutter={[16, 16]}>
        {listGroups.map((g) => {
          // the classes the server names (every public list class of the catalog); the built-in names until it answers
          const classes =
            loaded.state === 'ok'
              ? loaded.data.items.filter((i) => i.kind === g.kind)
              : g.classes.map((c) => ({ class: c.code, className: c.name, entries: null, entities: null }))
          return (
            <Col key={g.kind} xs={24} lg={8}>
              <section className="gx-panel" aria-labelledby={`gx-list-${g.kind}`}>
                <h2 id={`gx-list-${g.kind}`} className="gx-panel-title">
                  {g.label}
                </h2>
                <p className="gx-service-text">{g.text}</p>
                <ul className="gx-list-index" data-testid={`lists-${g.kind}`}>
                  {classes.map((c) => (
                    <li key={c.class} className="gx-list-index-item">
                      <Link to={`/lists/${c.class}`}>{c.className}</Link>
                      {c.entities === null ? (
                        loaded.state === 'loading' ? (
                          <Skeleton.Button active size="small" style={{ width: 80 }} />
                        ) : null
                      ) : (
                        <span className="gx-list-count" data-testid="list-count">
                          {numberFormat.format(c.entities)} 个主体 · {numberFormat.format(c.entries ?? 0)} 条记录
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            </Col>
          )
        })}
      </Row>
    </div>
  )
}
