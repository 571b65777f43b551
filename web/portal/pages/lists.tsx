import { Col, Row } from 'antd'
import { Link } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { listGroups } from '../credit/list-classes.js'

/** 红黑名单: the list classes by kind, each leading to its list page. */
export default function ListsPage() {
  const site = useSite()
  useDocumentTitle('红黑名单', site.name)
  return (
    <div className="gx-container gx-page">
      <h1 className="gx-page-title">红黑名单</h1>
      <Row gutter={[16, 16]}>
        {listGroups.map((g) => (
          <Col key={g.kind} xs={24} lg={8}>
            <section className="gx-panel" aria-labelledby={`gx-list-${g.kind}`}>
              <h2 id={`gx-list-${g.kind}`} className="gx-panel-title">
                {g.label}
              </h2>
              <p className="gx-service-text">{g.text}</p>
              <ul className="gx-basis">
                {g.classes.map((c) => (
                  <li key={c.code}>
                    <Link to={`/lists/${c.code}`}>{c.name}</Link>
                  </li>
                ))}
              </ul>
            </section>
          </Col>
        ))}
      </Row>
    </div>
  )
}
