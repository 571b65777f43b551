import { useEffect, useMemo, useState } from 'react'
import { Col, Row } from 'antd'
import { Link } from 'react-router-dom'
import { api } from '../../shared/api.js'
import { LazyChart } from '../../shared/lazy-chart.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { portalNav } from '../nav.js'
import { SearchBox } from '../search-box.js'

/** Proposed contract for GET /api/v1/public/stats; the section says 即将上线 until the server answers it. */
export interface PublicStats {
  entities: number
  recordsThisMonth: number
  red: number
  black: number
  byCategory?: { label: string; count: number }[]
  byDistrict?: { label: string; count: number }[]
}

function isStats(value: unknown): value is PublicStats {
  return typeof value === 'object' && value !== null && typeof (value as PublicStats).entities === 'number'
}

const numberFormat = new Intl.NumberFormat('zh-CN')

function barOption(rows: { label: string; count: number }[]) {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true, axisLabel: { interval: 0 } },
    series: [{ type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1d4fa3' } }],
  }
}

function StatsSection() {
  const [stats, setStats] = useState<PublicStats | null | 'loading'>('loading')
  useEffect(() => {
    let alive = true
    api<unknown>('/api/v1/public/stats', { notifyUnauthorized: false })
      .then((value) => {
        if (alive) setStats(isStats(value) ? value : null)
      })
      .catch(() => {
        if (alive) setStats(null)
      })
    return () => {
      alive = false
    }
  }, [])
  const loaded = stats !== 'loading' && stats !== null ? stats : null
  const categoryOption = useMemo(() => (loaded?.byCategory?.length ? barOption(loaded.byCategory) : null), [loaded])
  const districtOption = useMemo(() => (loaded?.byDistrict?.length ? barOption(loaded.byDistrict) : null), [loaded])

  if (stats === 'loading') return null
  return (
    <section className="gx-section" aria-labelledby="gx-stats-title">
      <h2 id="gx-stats-title" className="gx-section-title">
        信用数据概览
      </h2>
      {loaded === null ? (
        <p className="gx-panel gx-coming">
          统计数据即将上线：将展示主体数、本月归集、红名单和黑名单数量，以及按信息类别、按区县的分布图表。
        </p>
      ) : (
        <>
          <Row gutter={[16, 16]} role="list">
            {[
              { label: '主体数', value: loaded.entities },
              { label: '本月归集', value: loaded.recordsThisMonth },
              { label: '红名单', value: loaded.red },
              { label: '黑名单', value: loaded.black },
            ].map((f) => (
              <Col key={f.label} xs={12} md={6} role="listitem">
                <div className="gx-panel gx-figure">
                  <div className="gx-figure-label">{f.label}</div>
                  <div className="gx-figure-value">{numberFormat.format(f.value)}</div>
                </div>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]} className="gx-charts">
            {categoryOption ? (
              <Col xs={24} lg={12}>
                <div className="gx-panel">
                  <h3 className="gx-panel-title">按信息类别</h3>
                  <LazyChart
                    option={categoryOption}
                    label="按信息类别统计的信用记录数量"
                    height={Math.max(280, (loaded.byCategory?.length ?? 0) * 22 + 40)}
                  />
                </div>
              </Col>
            ) : null}
            {districtOption ? (
              <Col xs={24} lg={12}>
                <div className="gx-panel">
                  <h3 className="gx-panel-title">按区县</h3>
                  <LazyChart
                    option={districtOption}
                    label="按区县统计的信用记录数量"
                    height={Math.max(280, (loaded.byDistrict?.length ?? 0) * 22 + 40)}
                  />
                </div>
              </Col>
            ) : null}
          </Row>
        </>
      )}
    </section>
  )
}

interface ListEntry {
  recordId: string
  entityId: string
  name: string
  listedOn: string | null
}

/** The newest entries of one red list and one black list (the list API sorts by decision date, newest first). */
function LatestLists() {
  const [lists, setLists] = useState<{ code: string; title: string; items: ListEntry[] }[]>([])
  useEffect(() => {
    let live = true
    const wanted = [
      { code: 'tax_a_grade', title: '红名单 · 纳税信用A级' },
      { code: 'court_defaulter', title: '黑名单 · 失信被执行人' },
    ]
    Promise.all(
      wanted.map((w) =>
        api<{ items: ListEntry[] }>(`/api/v1/public/lists/${w.code}?pageSize=5`).then(
          (r) => ({ ...w, items: r.items }),
          () => ({ ...w, items: [] }),
        ),
      ),
    ).then((r) => {
      if (live) setLists(r)
    })
    return () => {
      live = false
    }
  }, [])
  if (!lists.some((l) => l.items.length)) return null
  return (
    <section className="gx-section" aria-labelledby="gx-latest-title">
      <h2 id="gx-latest-title" className="gx-section-title">
        最新红黑名单
      </h2>
      <Row gutter={[16, 16]}>
        {lists.map((l) => (
          <Col key={l.code} xs={24} md={12}>
            <div className="gx-panel">
              <h3 className="gx-latest-title">
                <Link to={`/lists/${l.code}`}>{l.title}</Link>
              </h3>
              <ul className="gx-latest">
                {l.items.map((i) => (
                  <li key={i.recordId}>
                    <Link to={`/entities/${i.entityId}`}>{i.name}</Link>
                    <span className="gx-muted">{i.listedOn ?? ''}</span>
                  </li>
                ))}
              </ul>
            </div>
          </Col>
        ))}
      </Row>
    </section>
  )
}

/** The newest published 双随机 inspection plans, leading to 双随机抽查公示. */
function LatestInspections() {
  const [plans, setPlans] = useState<{ id: string; name: string; deptName: string | null; statusLabel: string }[]>([])
  useEffect(() => {
    let live = true
    api<{ items: { id: string; name: string; deptName: string | null; statusLabel: string }[] }>(
      '/api/v1/public/inspections/plans?pageSize=5',
    ).then(
      (r) => {
        if (live) setPlans(r.items)
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [])
  if (plans.length === 0) return null
  return (
    <section className="gx-section" aria-labelledby="gx-inspections-title">
      <h2 id="gx-inspections-title" className="gx-section-title">
        <Link to="/inspections">双随机抽查公示</Link>
      </h2>
      <div className="gx-panel">
        <ul className="gx-latest">
          {plans.map((p) => (
            <li key={p.id}>
              <Link to={`/inspections/${p.id}`}>{p.name}</Link>
              <span className="gx-muted">
                {p.deptName ?? ''} · {p.statusLabel}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  )
}

export function HomePage() {
  const site = useSite()
  useDocumentTitle(null, site.name)
  const services = portalNav.filter((item) => item.coming && item.path !== '/search' && item.path !== '/about')

  return (
    <>
      <section className="gx-hero" aria-labelledby="gx-hero-title">
        <div className="gx-hero-inner">
          <h1 id="gx-hero-title" className="gx-hero-title">
            {site.name}
          </h1>
          <p className="gx-hero-sub">{site.city}公共信用信息查询 · 公示 · 信用修复 · 异议申诉</p>
          <SearchBox />
        </div>
      </section>
      <div className="gx-container">
        <section className="gx-section" aria-labelledby="gx-services-title">
          <h2 id="gx-services-title" className="gx-section-title">
            信用服务
          </h2>
          <Row gutter={[16, 16]} role="list">
            {services.map((item) => (
              <Col key={item.path} xs={24} sm={12} lg={8} role="listitem">
                <Link to={item.path} className="gx-panel gx-service">
                  <span className="gx-service-title">{item.label}</span>
                  <span className="gx-service-text">{item.coming}</span>
                </Link>
              </Col>
            ))}
          </Row>
        </section>
        <StatsSection />
        <LatestLists />
        <LatestInspections />
      </div>
    </>
  )
}
