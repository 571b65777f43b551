import { Link, useParams } from 'react-router-dom'
import {
  catalogCategoryLabels,
  entityKindLabels,
  labelOf,
  listKindLabels,
  markLabels,
  polarityLabels,
  severityLabels,
} from '../../shared/labels.js'
import { formatFieldValue } from '../../shared/format.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { LoadState, ObjectionTag, dash, untilText } from '../credit/present.js'
import type { PublicRecord } from '../credit/types.js'
import { usePublic } from '../credit/use-public.js'

function RecordDetail({ record }: { record: PublicRecord }) {
  const until = record.publication?.until
  return (
    <>
      <section className="gx-panel gx-file-head" aria-labelledby="gx-record-title">
        <h1 id="gx-record-title">
          {record.className} <ObjectionTag marks={record.marks} />
        </h1>
        <p className="gx-record-subject">
          主体：
          {record.entityId ? <Link to={`/entities/${record.entityId}`}>{record.name}</Link> : record.name}
          {record.uscc ? <span className="gx-code">（{record.uscc}）</span> : null}
        </p>
        <dl className="gx-fields">
          <div>
            <dt>主体类型</dt>
            <dd>{labelOf(entityKindLabels, record.entityKind)}</dd>
          </div>
          <div>
            <dt>信息类别</dt>
            <dd>{record.categoryLabel || labelOf(catalogCategoryLabels, record.category)}</dd>
          </div>
          <div>
            <dt>信息性质</dt>
            <dd>{labelOf(polarityLabels, record.polarity)}</dd>
          </div>
          {record.severity ? (
            <div>
              <dt>失信程度</dt>
              <dd>{labelOf(severityLabels, record.severity)}</dd>
            </div>
          ) : null}
          <div>
            <dt>决定文书号</dt>
            <dd className="gx-code">{dash(record.documentNo)}</dd>
          </div>
          <div>
            <dt>决定机关</dt>
            <dd>{dash(record.authority)}</dd>
          </div>
          <div>
            <dt>决定日期</dt>
            <dd>{dash(record.decidedOn)}</dd>
          </div>
          <div>
            <dt>公示期</dt>
            <dd data-testid="publication">
              {record.publication
                ? `${record.publication.from} 起，${until?.startsWith('9999') ? '长期公示' : untilText(until)}`
                : '—'}
            </dd>
          </div>
          {record.list ? (
            <div>
              <dt>名单</dt>
              <dd>
                {labelOf(listKindLabels, record.list.kind)}
                {record.list.until ? `，列入至 ${record.list.until}` : ''}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>标记</dt>
            <dd>{record.marks.length ? record.marks.map((m) => labelOf(markLabels, m)).join('、') : '无'}</dd>
          </div>
        </dl>
      </section>
      <section className="gx-panel gx-file-tabs" aria-labelledby="gx-record-fields">
        <h2 id="gx-record-fields" className="gx-panel-title">
          公示内容
        </h2>
        <dl className="gx-fields" data-testid="record-fields">
          {record.fields.map((f) => (
            <div key={f.code}>
              <dt>{f.label}</dt>
              <dd className={f.type === 'amount' || f.type === 'code' ? 'gx-nowrap' : undefined}>
                {formatFieldValue(f)}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="gx-panel gx-file-tabs" aria-labelledby="gx-record-basis">
        <h2 id="gx-record-basis" className="gx-panel-title">
          法律依据
        </h2>
        {record.legalBasis.length ? (
          <ul className="gx-basis">
            {record.legalBasis.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        ) : (
          <p className="gx-empty">暂无公示信息</p>
        )}
        <div className="gx-actions">
          <Link to={`/objection/apply?record=${record.id}`}>对此信息提出异议申诉</Link>
          {record.polarity === 'negative' ? (
            <Link to={`/repair/apply/${encodeURIComponent(record.id)}`} data-testid="repair-apply">
              申请信用修复
            </Link>
          ) : null}
          {record.list ? (
            <Link to={`/list-exit/apply/${encodeURIComponent(record.id)}`} data-testid="list-exit-apply">
              申请提前移出名单
            </Link>
          ) : null}
          <Link to="/repair">信用修复说明</Link>
          <Link to="/objection">异议申诉说明</Link>
        </div>
        <p className="gx-muted gx-record-ask" data-testid="record-ask">
          对信息内容有疑问，可联系决定机关{record.authority ? `「${record.authority}」` : ''}
          ；在线申请须以信用主体账号登录 （<Link to="/account/activate">账户激活</Link>），其他问题见
          <Link to="/about">关于我们 · 联系我们</Link>。
        </p>
      </section>
    </>
  )
}

export default function RecordPage() {
  const { id = '' } = useParams()
  const site = useSite()
  const loaded = usePublic<PublicRecord>(`/api/v1/public/records/${encodeURIComponent(id)}`)
  useDocumentTitle(loaded.state === 'ok' ? loaded.data.className : '信用信息', site.name)
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> /{' '}
        {loaded.state === 'ok' && loaded.data.entityId ? (
          <>
            <Link to={`/entities/${loaded.data.entityId}`}>{loaded.data.name}</Link> /{' '}
          </>
        ) : null}
        信用信息详情
      </nav>
      <LoadState loaded={loaded} notFoundTitle="未找到该信息">
        {(record) => <RecordDetail record={record} />}
      </LoadState>
    </div>
  )
}
