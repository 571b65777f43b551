// 双随机、一公开: the published inspection plans (from their freeze: the seed's commitment; from the draw: the revealed
// seed, the targets and their results), and how anyone can check a draw.
import { Pagination } from 'antd'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { dash, LoadState } from '../credit/present.js'
import { usePublic } from '../credit/use-public.js'

interface Stratum {
  grade: string
  candidates: number
  requested: number
  drawn: number | null
  takeAll: boolean
  note: string | null
}

interface PublicPlan {
  /** Whether the candidates' grades (the frozen list, each target's stratum) are public. */
  frozenPublic: boolean
  id: string
  number: string
  deptName: string | null
  dept: string
  name: string
  matter: string
  industries: string[]
  districts: string[]
  period: { from: string; to: string }
  policy: { code: string; version: number | null }
  status: string
  statusLabel: string
  commitment: { seedHash: string; frozenHash: string; frozenAt: string } | null
  seed: string | null
  candidates: number
  targets: number
  results: number
  strata: Stratum[]
  drawnAt: string | null
}

interface PublicTarget {
  position: number
  entityId: string
  name: string | null
  uscc: string | null
  stratum: string | null
  inspectors: string[]
  result: string | null
  inspectedOn: string | null
  recordId: string | null
}

const PAGE_SIZE = 20
const stratumLabel = (grade: string) => (grade === 'ungraded' ? '未评价' : `${grade} 级`)

export function InspectionsPage() {
  const site = useSite()
  useDocumentTitle('双随机抽查公示', site.name)
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)
  const loaded = usePublic<{ total: number; items: PublicPlan[] }>('/api/v1/public/inspections/plans', {
    page,
    pageSize: PAGE_SIZE,
  })
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / 双随机抽查公示
      </nav>
      <h1 className="gx-page-title">双随机抽查公示</h1>
      <p className="gx-service-text">
        监管部门按信用等级分层随机抽取检查对象、随机选派执法检查人员。候选名单冻结时公布随机种子的承诺（SHA-256），抽取时揭示种子，
        任何人可用公布的候选名单和种子重算抽取结果；检查结果作为行政检查结果信息公示。
      </p>
      <LoadState loaded={loaded} notFoundTitle="暂无抽查公示">
        {(data) => (
          <section className="gx-panel">
            <h2 className="gx-panel-title">共 {data.total} 个抽查计划</h2>
            {data.items.length === 0 ? (
              <p className="gx-empty">暂无公示信息</p>
            ) : (
              <div className="gx-table-wrap">
                <table className="gx-table" data-testid="inspection-plans">
                  <thead>
                    <tr>
                      <th scope="col">计划</th>
                      <th scope="col">实施部门</th>
                      <th scope="col">检查期间</th>
                      <th scope="col">状态</th>
                      <th scope="col">检查对象</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <Link to={`/inspections/${p.id}`}>{p.name}</Link>
                          <div className="gx-muted">{p.number}</div>
                        </td>
                        <td>{p.deptName ?? p.dept}</td>
                        <td>
                          {p.period.from} 至 {p.period.to}
                        </td>
                        <td>{p.statusLabel}</td>
                        <td>{p.targets ? `${p.targets} 户（已公示结果 ${p.results} 户）` : '待抽取'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {data.total > PAGE_SIZE ? (
              <Pagination
                className="gx-pagination"
                current={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                showSizeChanger={false}
                onChange={(p) => setParams(p === 1 ? {} : { page: String(p) })}
              />
            ) : null}
          </section>
        )}
      </LoadState>
    </div>
  )
}

function PlanBody({ plan }: { plan: PublicPlan & { items: PublicTarget[] } }) {
  return (
    <>
      <h1 className="gx-page-title">{plan.name}</h1>
      <section className="gx-panel">
        <dl className="gx-fields">
          <div>
            <dt>计划号</dt>
            <dd>{plan.number}</dd>
          </div>
          <div>
            <dt>实施部门</dt>
            <dd>{plan.deptName ?? plan.dept}</dd>
          </div>
          <div>
            <dt>检查事项</dt>
            <dd>{plan.matter}</dd>
          </div>
          <div>
            <dt>检查期间</dt>
            <dd>
              {plan.period.from} 至 {plan.period.to}
            </dd>
          </div>
          <div>
            <dt>范围</dt>
            <dd>
              行业门类 {plan.industries.length ? plan.industries.join('、') : '全部'}；区县{' '}
              {plan.districts.length ? plan.districts.join('、') : '全部'}
            </dd>
          </div>
          <div>
            <dt>状态</dt>
            <dd data-testid="plan-status">{plan.statusLabel}</dd>
          </div>
        </dl>
      </section>
      <section className="gx-panel gx-file-tabs" aria-labelledby="gx-commitment">
        <h2 id="gx-commitment" className="gx-panel-title">
          承诺与揭示
        </h2>
        <dl className="gx-fields">
          <div>
            <dt>随机种子承诺（SHA-256）</dt>
            <dd className="gx-code" data-testid="seed-hash">
              {dash(plan.commitment?.seedHash)}
            </dd>
          </div>
          <div>
            <dt>候选名单哈希（SHA-256）</dt>
            <dd className="gx-code">{dash(plan.commitment?.frozenHash)}</dd>
          </div>
          <div>
            <dt>揭示的随机种子</dt>
            <dd className="gx-code" data-testid="seed">
              {plan.seed ?? '抽取时揭示'}
            </dd>
          </div>
        </dl>
        {plan.frozenPublic ? (
          <p className="gx-service-text">
            核验方法：下载<a href={`/api/v1/public/inspections/plans/${plan.id}/frozen`}>冻结的候选名单</a>
            ，其 SHA-256 应等于候选名单哈希；种子 32 字节的 SHA-256 应等于种子承诺；按公布的算法（HMAC-SHA256
            计数器随机流、分层部分洗牌）重算，应得到下列检查对象和执法人员编号。
          </p>
        ) : (
          <p className="gx-service-text" data-testid="frozen-private">
            核验方法：揭示的随机种子 32 字节的 SHA-256
            应等于种子承诺。候选名单按信用等级分层，而信用评价结果未向社会公开，
            因此冻结的候选名单不公开，只公布其哈希；由审计人员按公布的算法（HMAC-SHA256
            计数器随机流、分层部分洗牌）重算核对。
          </p>
        )}
      </section>
      {plan.strata.length ? (
        <section className="gx-panel gx-file-tabs" aria-labelledby="gx-strata">
          <h2 id="gx-strata" className="gx-panel-title">
            分层抽取
          </h2>
          <div className="gx-table-wrap">
            <table className="gx-table" data-testid="strata">
              <thead>
                <tr>
                  <th scope="col">信用等级</th>
                  <th scope="col">候选</th>
                  <th scope="col">应抽</th>
                  <th scope="col">抽取</th>
                  <th scope="col">说明</th>
                </tr>
              </thead>
              <tbody>
                {plan.strata.map((s) => (
                  <tr key={s.grade}>
                    <td>{stratumLabel(s.grade)}</td>
                    <td>{s.candidates}</td>
                    <td>{s.requested}</td>
                    <td>{s.drawn ?? '—'}</td>
                    <td>{s.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {plan.items.length ? (
        <section className="gx-panel gx-file-tabs" aria-labelledby="gx-targets">
          <h2 id="gx-targets" className="gx-panel-title">
            检查对象与检查结果
          </h2>
          <div className="gx-table-wrap">
            <table className="gx-table" data-testid="targets">
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">检查对象</th>
                  <th scope="col">统一社会信用代码</th>
                  {plan.frozenPublic ? <th scope="col">等级层</th> : null}
                  <th scope="col">检查结果</th>
                  <th scope="col">检查日期</th>
                </tr>
              </thead>
              <tbody>
                {plan.items.map((t) => (
                  <tr key={t.position}>
                    <td>{t.position}</td>
                    <td>
                      <Link to={`/entities/${t.entityId}`}>{dash(t.name)}</Link>
                    </td>
                    <td className="gx-code">{dash(t.uscc)}</td>
                    {plan.frozenPublic ? <td>{stratumLabel(t.stratum ?? '')}</td> : null}
                    <td>{t.recordId ? <Link to={`/records/${t.recordId}`}>{dash(t.result)}</Link> : '待检查'}</td>
                    <td>{dash(t.inspectedOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  )
}

export function InspectionPlanPage() {
  const { id = '' } = useParams()
  const site = useSite()
  const loaded = usePublic<PublicPlan & { items: PublicTarget[] }>(
    `/api/v1/public/inspections/plans/${encodeURIComponent(id)}`,
  )
  useDocumentTitle(loaded.state === 'ok' ? loaded.data.name : '双随机抽查公示', site.name)
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / <Link to="/inspections">双随机抽查公示</Link>
      </nav>
      <LoadState loaded={loaded} notFoundTitle="未找到该抽查计划">
        {(plan) => <PlanBody plan={plan} />}
      </LoadState>
    </div>
  )
}
