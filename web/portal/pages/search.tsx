import { useState } from 'react'
import { Button, Drawer, Pagination, Radio, Select } from 'antd'
import { FilterOutlined } from '@ant-design/icons'
import { Link, useSearchParams } from 'react-router-dom'
import { entityKindLabels, labelOf } from '../../shared/labels.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { FlagTags, Highlight, LoadState } from '../credit/present.js'
import type { PublicSearch } from '../credit/types.js'
import { usePublic, useStats } from '../credit/use-public.js'
import { Notice } from '../notice.js'
import { SearchBox } from '../search-box.js'

const PAGE_SIZE = 20
/** Kinds an ordinary reader searches for (natural persons appear only through black lists). */
const kindOptions = [
  'legal_person',
  'individual_business',
  'farmer_coop',
  'unincorporated_org',
  'social_org',
  'public_institution',
  'government_body',
  'natural_person',
]

function Filters({
  district,
  kind,
  districts,
  onChange,
  idPrefix,
}: {
  idPrefix: string
  district: string
  kind: string
  districts: { code: string; label: string }[]
  onChange: (key: 'district' | 'kind', value: string) => void
}) {
  return (
    <div className="gx-filters">
      <label className="gx-filter-label" htmlFor={`${idPrefix}-district`}>
        所属区县
      </label>
      <Select
        id={`${idPrefix}-district`}
        value={district}
        onChange={(v: string) => onChange('district', v)}
        options={[{ value: '', label: '全部区县' }, ...districts.map((d) => ({ value: d.code, label: d.label }))]}
        style={{ width: '100%' }}
        aria-label="所属区县"
      />
      <fieldset className="gx-filter-group">
        <legend className="gx-filter-label">主体类型</legend>
        <Radio.Group
          value={kind}
          onChange={(e) => onChange('kind', String(e.target.value))}
          className="gx-filter-radios"
        >
          <Radio value="">全部类型</Radio>
          {kindOptions.map((k) => (
            <Radio key={k} value={k}>
              {labelOf(entityKindLabels, k)}
            </Radio>
          ))}
        </Radio.Group>
      </fieldset>
    </div>
  )
}

export default function SearchPage() {
  const [params, setParams] = useSearchParams()
  const q = (params.get('q') ?? '').trim()
  const district = params.get('district') ?? ''
  const kind = params.get('kind') ?? ''
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)
  const site = useSite()
  useDocumentTitle(q ? `查询：${q}` : '信用查询', site.name)
  const stats = useStats()
  const districtNames = new Map((stats?.byDistrict ?? []).map((d) => [d.code, d.label]))
  const districts = [...(stats?.byDistrict ?? [])].sort((a, b) => a.code.localeCompare(b.code))
  const [drawerOpen, setDrawerOpen] = useState(false)
  const loaded = usePublic<PublicSearch>(q ? '/api/v1/public/search' : null, {
    q,
    district,
    kind,
    page,
    pageSize: PAGE_SIZE,
  })

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    setParams(next)
  }
  const onFilter = (key: 'district' | 'kind', value: string) => {
    setDrawerOpen(false)
    update({ [key]: value, page: '' })
  }
  const filters = (idPrefix: string) => (
    <Filters idPrefix={idPrefix} district={district} kind={kind} districts={districts} onChange={onFilter} />
  )

  return (
    <div className="gx-container gx-page">
      <h1 className="gx-page-title">信用查询</h1>
      {/* key: a new query in the URL resets the box to that query */}
      <SearchBox key={q} initial={q} />
      {!q ? (
        <Notice title="请输入查询内容">
          <p>输入企业名称（至少两个字）、统一社会信用代码或个体工商户名称即可查询主体的公示信用信息。</p>
        </Notice>
      ) : (
        <div className="gx-results-layout">
          <aside className="gx-results-filters gx-panel" aria-label="筛选条件">
            <h2 className="gx-panel-title">筛选</h2>
            {filters('gx-filter')}
          </aside>
          <section className="gx-results" aria-labelledby="gx-results-title">
            <div className="gx-results-head">
              <h2 id="gx-results-title" className="gx-results-title">
                {loaded.state === 'ok'
                  ? `共找到 ${loaded.data.total}${loaded.data.totalCapped ? '+' : ''} 个相关主体`
                  : '查询结果'}
              </h2>
              <Button
                className="gx-filter-button"
                icon={<FilterOutlined aria-hidden />}
                onClick={() => setDrawerOpen(true)}
              >
                筛选
              </Button>
            </div>
            <LoadState loaded={loaded} notFoundTitle="未找到相关主体">
              {(data) =>
                data.items.length === 0 ? (
                  <Notice title="未找到相关主体">
                    <p>请检查名称是否正确，或改用统一社会信用代码查询；名称至少输入两个字。</p>
                  </Notice>
                ) : (
                  <>
                    <ol className="gx-result-list" data-testid="search-results">
                      {data.items.map((item) => (
                        <li key={item.id} className="gx-panel gx-result">
                          <div className="gx-result-name">
                            <Link className="gx-result-link" to={`/entities/${item.id}`}>
                              <Highlight text={item.name} q={q} />
                            </Link>
                            <FlagTags flags={item.flags} />
                          </div>
                          {item.matchedName ? (
                            <div className="gx-result-former">
                              曾用名：
                              <Highlight text={item.matchedName} q={q} />
                            </div>
                          ) : null}
                          <dl className="gx-result-meta">
                            <div>
                              <dt>统一社会信用代码</dt>
                              <dd className="gx-code">{item.uscc ? <Highlight text={item.uscc} q={q} /> : '—'}</dd>
                            </div>
                            <div>
                              <dt>主体类型</dt>
                              <dd>{labelOf(entityKindLabels, item.kind)}</dd>
                            </div>
                            <div>
                              <dt>所属区县</dt>
                              <dd>{item.district ? (districtNames.get(item.district) ?? item.district) : '—'}</dd>
                            </div>
                          </dl>
                        </li>
                      ))}
                    </ol>
                    <Pagination
                      className="gx-pagination"
                      current={data.page}
                      pageSize={data.pageSize}
                      total={Math.min(data.total, 500 * data.pageSize)}
                      showSizeChanger={false}
                      onChange={(p) => {
                        update({ page: p === 1 ? '' : String(p) })
                        window.scrollTo({ top: 0 })
                      }}
                    />
                  </>
                )
              }
            </LoadState>
          </section>
        </div>
      )}
      <Drawer title="筛选" placement="bottom" size={480} open={drawerOpen} onClose={() => setDrawerOpen(false)}>
        {filters('gx-drawer-filter')}
      </Drawer>
    </div>
  )
}
