import { useEffect, useMemo, useState } from 'react'
import { Col, Row, Skeleton } from 'antd'
import { Link } from 'react-router-dom'
import { api } from '../../shared/api.js'
import { LazyChart } from '../../shared/lazy-chart.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import type { PublicContentLatest, PublicStats } from '../credit/types.js'
import { contentSections, portalNav } from '../nav.js'
import { SearchBox } from '../search-box.js'

function isStats(value: unknown): value is PublicStats {
  return typeof value === 'object' && value !== null && typeof (value as PublicStats).entities === 'number'
}

const numberFormat = new Intl.NumberFormat('zh-CN')
const percentFormat = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 })

type CountRow = { label: string; count: number }

/**
 * Where the value axis breaks when one bar dominates (more than three times the next): from twice the second largest
 * (room for the second bar's label) to a little below the largest, so that the others stay wide enough to compare;
 * null otherwise.
 */
export function dominantBreak(counts: readonly number[]): { start: number; end: number } | null {
  const sorted = [...counts].sort((a, b) => b - a)
  const max = sorted[0] ?? 0
  const second = sorted[1] ?? 0
  if (second <= 0 || max <= 3 * second) return null
  const start = Math.ceil(second * 2)
  const end = Math.floor(max * 0.9)
  return end > start ? { start, end } : null
}

/**
 * A horizontal bar chart whose every bar carries its count and share as a label, bars at least a few pixels long, and
 * the value axis broken when one bar dominates (the others would be slivers otherwise).
 */
function barOption(rows: CountRow[], cut: { start: number; end: number } | null) {
  const total = rows.reduce((n, r) => n + r.count, 0) || 1
  return {
    grid: { left: 8, right: 96, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => `${numberFormat.format(Number(v))} 条`,
    },
    xAxis: {
      type: 'value',
      axisLabel: { hideOverlap: true },
      ...(cut ? { breaks: [{ ...cut, gap: '6%' }], breakArea: { expandOnClick: false } } : {}),
    },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true, axisLabel: { interval: 0 } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.count),
        barMinHeight: 4,
        itemStyle: { color: '#1d4fa3' },
        label: {
          show: true,
          position: 'right',
          color: 'rgba(0, 0, 0, 0.75)',
          formatter: (p: { value: number }) =>
            `${numberFormat.format(p.value)}（${percentFormat.format(p.value / total)}）`,
        },
      },
    ],
  }
}

function FiguresSkeleton() {
  return (
    <div data-testid="stats-loading" aria-busy="true">
      <span className="gx-visually-hidden">正在加载统计数据</span>
      <Row gutter={[16, 16]}>
        {['主体数', '本月归集', '红名单', '黑名单'].map((label) => (
          <Col key={label} xs={12} md={6}>
            <div className="gx-panel gx-figure">
              <div className="gx-figure-label">{label}</div>
              <Skeleton active title={{ width: '60%' }} paragraph={false} />
            </div>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} className="gx-charts">
        {['按信息类别', '按区县'].map((label) => (
          <Col key={label} xs={24} lg={12}>
            <div className="gx-panel">
              <h3 className="gx-panel-title">{label}</h3>
              <Skeleton active title={false} paragraph={{ rows: 6 }} />
            </div>
          </Col>
        ))}
      </Row>
    </div>
  )
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
  const categoryCut = useMemo(() => dominantBreak(loaded?.byCategory.map((r) => r.count) ?? []), [loaded])
  const categoryOption = useMemo(
    () => (loaded?.byCategory.length ? barOption(loaded.byCategory, categoryCut) : null),
    [loaded, categoryCut],
  )
  const districtOption = useMemo(
    () =>
      loaded?.byDistrict.length
        ? barOption(loaded.byDistrict, dominantBreak(loaded.byDistrict.map((r) => r.count)))
        : null,
    [loaded],
  )

  return (
    <section className="gx-section" aria-labelledby="gx-stats-title">
      <h2 id="gx-stats-title" className="gx-section-title">
        信用数据概览
      </h2>
      {stats === 'loading' ? (
        <FiguresSkeleton />
      ) : loaded === null ? (
        <p className="gx-panel" role="status">
          统计数据暂时无法加载，请稍后刷新页面。查询主体的信用信息请使用上方的搜索框。
        </p>
      ) : (
        <>
          <Row gutter={[16, 16]} role="list" data-testid="key-figures">
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
                <div className="gx-panel" data-testid="category-chart">
                  <h3 className="gx-panel-title">按信息类别</h3>
                  <LazyChart
                    option={categoryOption}
                    renderer="svg"
                    data={{ 'axis-break': categoryCut ? 'true' : 'false' }}
                    label={`按信息类别统计的公示信用记录数量：${loaded.byCategory
                      .map((r) => `${r.label} ${numberFormat.format(r.count)} 条`)
                      .join('，')}`}
                    height={Math.max(280, loaded.byCategory.length * 30 + 40)}
                  />
                </div>
              </Col>
            ) : null}
            {districtOption ? (
              <Col xs={24} lg={12}>
                <div className="gx-panel" data-testid="district-chart">
                  <h3 className="gx-panel-title">按区县</h3>
                  <LazyChart
                    option={districtOption}
                    renderer="svg"
                    label={`按区县统计的公示信用记录数量：${loaded.byDistrict
                      .map((r) => `${r.label} ${numberFormat.format(r.count)} 条`)
                      .join('，')}`}
                    height={Math.max(280, loaded.byDistrict.length * 26 + 40)}
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

/** The newest articles of each content section (政策法规, 新闻动态, 典型案例, 通知公告). */
function LatestContent() {
  const [latest, setLatest] = useState<PublicContentLatest | null | 'loading'>('loading')
  useEffect(() => {
    let alive = true
    api<PublicContentLatest>('/api/v1/public/content/latest', { query: { per: 5 }, notifyUnauthorized: false })
      .then((value) => {
        if (alive) setLatest(value)
      })
      .catch(() => {
        if (alive) setLatest(null)
      })
    return () => {
      alive = false
    }
  }, [])
  if (latest === null) return null
  return (
    <section className="gx-section" aria-labelledby="gx-content-title" data-testid="latest-content">
      <h2 id="gx-content-title" className="gx-section-title">
        政策与资讯
      </h2>
      <Row gutter={[16, 16]}>
        {contentSections.map((s) => {
          const items = latest === 'loading' ? null : (latest.sections.find((x) => x.code === s.code)?.items ?? [])
          return (
            <Col key={s.code} xs={24} md={12}>
              <section className="gx-panel gx-content-panel" aria-labelledby={`gx-content-${s.code}`}>
                <div className="gx-content-head">
                  <h3 id={`gx-content-${s.code}`} className="gx-latest-title">
                    <Link to={s.path}>{s.label}</Link>
                  </h3>
                  <Link to={s.path} className="gx-more" aria-label={`更多${s.label}`}>
                    更多
                  </Link>
                </div>
                {items === null ? (
                  <Skeleton active title={false} paragraph={{ rows: 4 }} />
                ) : items.length === 0 ? (
                  <p className="gx-muted">暂无{s.label}。</p>
                ) : (
                  <ul className="gx-latest">
                    {items.map((i) => (
                      <li key={i.id}>
                        <Link className="gx-latest-link" to={`/articles/${i.id}`}>
                          {i.title}
                        </Link>
                        <span className="gx-muted gx-nowrap">{i.publishedOn}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </Col>
          )
        })}
      </Row>
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
                    {i.entityId ? <Link to={`/entities/${i.entityId}`}>{i.name}</Link> : <span>{i.name}</span>}
                    <span className="gx-muted gx-nowrap">{i.listedOn ?? ''}</span>
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

/** The services on the home page: every built page but the search (the box above), the content and 关于我们. */
const services = portalNav.filter((item) => item.summary && !['/search', '/policies', '/about'].includes(item.path))

export function HomePage() {
  const site = useSite()
  useDocumentTitle(null, site.name)

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
                  <span className="gx-service-text">{item.summary}</span>
                </Link>
              </Col>
            ))}
          </Row>
        </section>
        <StatsSection />
        <LatestContent />
        <LatestLists />
        <LatestInspections />
      </div>
    </>
  )
}
