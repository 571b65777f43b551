import { type FormEvent, useEffect, useState } from 'react'
import { Button, Drawer, Input, Pagination, Select, Tabs } from 'antd'
import { FilterOutlined } from '@ant-design/icons'
import { Link, useSearchParams } from 'react-router-dom'
import { formatFieldValue } from '../../shared/format.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { LoadState, ObjectionTag, dash } from '../credit/present.js'
import type { Publicity, PublicityItem } from '../credit/types.js'
import { usePublic, useStats } from '../credit/use-public.js'
import { Notice } from '../notice.js'

const PAGE_SIZE = 20
const kinds = [
  { key: 'license', label: '行政许可' },
  { key: 'penalty', label: '行政处罚' },
] as const
type Kind = (typeof kinds)[number]['key']

const FILTER_KEYS = ['dept', 'district', 'from', 'to', 'q'] as const
type FilterKey = (typeof FILTER_KEYS)[number]
type FilterValues = Record<FilterKey, string>

function Filters({
  idPrefix,
  values,
  departments,
  districts,
  onApply,
}: {
  idPrefix: string
  values: FilterValues
  departments: { code: string; name: string; count: number }[]
  districts: { code: string; label: string }[]
  onApply: (values: FilterValues) => void
}) {
  const [draft, setDraft] = useState(values)
  // a new URL (another tab, back and forward) shows its own filters
  useEffect(() => setDraft(values), [values])
  const set = (key: FilterKey, value: string) => setDraft((d) => ({ ...d, [key]: value }))
  const submit = (ev: FormEvent) => {
    ev.preventDefault()
    onApply(draft)
  }
  const id = (key: string) => `${idPrefix}-${key}`
  return (
    <form className="gx-pub-filters" onSubmit={submit} aria-label="筛选条件">
      <div className="gx-pub-field">
        <label className="gx-filter-label" htmlFor={id('q')}>
          关键字
        </label>
        <Input
          id={id('q')}
          value={draft.q}
          onChange={(e) => set('q', e.target.value)}
          placeholder="单位名称、文书号或统一社会信用代码"
          allowClear
          maxLength={60}
        />
      </div>
      <div className="gx-pub-field">
        <label className="gx-filter-label" htmlFor={id('dept')}>
          部门
        </label>
        <Select
          id={id('dept')}
          aria-label="部门"
          value={draft.dept}
          onChange={(v: string) => set('dept', v)}
          options={[
            { value: '', label: '全部部门' },
            ...departments.map((d) => ({ value: d.code, label: `${d.name}（${d.count}）` })),
          ]}
          style={{ width: '100%' }}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </div>
      <div className="gx-pub-field">
        <label className="gx-filter-label" htmlFor={id('district')}>
          所属区县
        </label>
        <Select
          id={id('district')}
          aria-label="所属区县"
          value={draft.district}
          onChange={(v: string) => set('district', v)}
          options={[{ value: '', label: '全部区县' }, ...districts.map((d) => ({ value: d.code, label: d.label }))]}
          style={{ width: '100%' }}
        />
      </div>
      <fieldset className="gx-pub-field gx-pub-dates">
        <legend className="gx-filter-label">决定日期</legend>
        <div className="gx-date-range">
          <label className="gx-visually-hidden" htmlFor={id('from')}>
            决定日期起
          </label>
          <input
            id={id('from')}
            className="gx-date-input"
            type="date"
            value={draft.from}
            max={draft.to || undefined}
            onChange={(e) => set('from', e.target.value)}
          />
          <span aria-hidden>至</span>
          <label className="gx-visually-hidden" htmlFor={id('to')}>
            决定日期止
          </label>
          <input
            id={id('to')}
            className="gx-date-input"
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
      </fieldset>
      <div className="gx-pub-field gx-filter-actions">
        <Button type="primary" htmlType="submit">
          查询
        </Button>
        <Button
          onClick={() => {
            const empty = { dept: '', district: '', from: '', to: '', q: '' }
            setDraft(empty)
            onApply(empty)
          }}
        >
          重置
        </Button>
      </div>
    </form>
  )
}

const columnLabels = {
  license: { subject: '行政相对人', content: '许可内容', authority: '许可机关' },
  penalty: { subject: '当事人', content: '处罚内容', authority: '处罚机关' },
} as const

function ItemRow({ item, kind }: { item: PublicityItem; kind: Kind }) {
  const kindLabel = columnLabels[kind]
  return (
    <tr>
      <td data-label={kindLabel.subject}>
        {item.entityId ? <Link to={`/entities/${item.entityId}`}>{item.name}</Link> : item.name}{' '}
        <ObjectionTag marks={item.marks} />
        {item.uscc ? <div className="gx-code gx-cell-sub">{item.uscc}</div> : null}
      </td>
      <td className="gx-code" data-label="决定文书号">
        <Link to={`/records/${item.recordId}`}>{dash(item.documentNo)}</Link>
      </td>
      <td data-label={kindLabel.content}>
        {item.fields.length ? (
          <dl className="gx-cell-fields">
            {item.fields.map((f) => (
              <div key={f.code}>
                <dt>{f.label}</dt>
                <dd className={f.type === 'amount' ? 'gx-nowrap' : undefined}>{formatFieldValue(f)}</dd>
              </div>
            ))}
          </dl>
        ) : (
          '—'
        )}
      </td>
      <td data-label={kindLabel.authority}>
        {dash(item.authority)}
        {item.districtName ? <div className="gx-cell-sub">{item.districtName}</div> : null}
      </td>
      <td className="gx-nowrap" data-label="决定日期">
        {dash(item.decidedOn)}
      </td>
      <td className="gx-nowrap" data-label="公示期至">
        {item.until?.startsWith('9999') ? '长期' : dash(item.until)}
      </td>
    </tr>
  )
}

function Results({ data, kind, onPage }: { data: Publicity; kind: Kind; onPage: (page: number) => void }) {
  if (data.items.length === 0)
    return (
      <Notice title="没有符合条件的公示信息">
        <p>
          请放宽筛选条件，例如清除关键字或扩大决定日期范围。已过公示期的信息不再公示；查询某个主体的全部公示信息，请使用
          <Link to="/search">信用查询</Link>。
        </p>
      </Notice>
    )
  return (
    <>
      <div className="gx-table-wrap">
        <table className="gx-table gx-card-table" data-testid="publicity-table">
          <thead>
            <tr>
              <th scope="col">{columnLabels[kind].subject}</th>
              <th scope="col">决定文书号</th>
              <th scope="col">{columnLabels[kind].content}</th>
              <th scope="col">{columnLabels[kind].authority}</th>
              <th scope="col">决定日期</th>
              <th scope="col">公示期至</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <ItemRow key={item.recordId} item={item} kind={kind} />
            ))}
          </tbody>
        </table>
      </div>
      {data.total > data.pageSize ? (
        <Pagination
          className="gx-pagination"
          current={data.page}
          pageSize={data.pageSize}
          total={Math.min(data.total, 500 * data.pageSize)}
          showSizeChanger={false}
          onChange={onPage}
        />
      ) : null}
    </>
  )
}

/** 双公示: administrative licences and penalties in their publication period, filtered and paged. */
export default function PublicityPage() {
  const [params, setParams] = useSearchParams()
  const kind: Kind = params.get('kind') === 'penalty' ? 'penalty' : 'license'
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)
  const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as FilterValues
  const site = useSite()
  const label = kinds.find((k) => k.key === kind)?.label ?? ''
  useDocumentTitle(`双公示 · ${label}`, site.name)
  const stats = useStats()
  const districts = [...(stats?.byDistrict ?? [])].sort((a, b) => a.code.localeCompare(b.code))
  const [drawerOpen, setDrawerOpen] = useState(false)
  const query = Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as Partial<FilterValues>
  const loaded = usePublic<Publicity>(`/api/v1/public/publicity/${kind}`, { ...query, page, pageSize: PAGE_SIZE })
  const [departments, setDepartments] = useState<Publicity['departments']>([])
  useEffect(() => {
    if (loaded.state === 'ok') setDepartments(loaded.data.departments)
  }, [loaded])

  const navigate = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    setParams(next)
  }
  const apply = (v: FilterValues) => {
    setDrawerOpen(false)
    navigate({ ...v, page: '' })
  }
  const filters = (idPrefix: string) => (
    <Filters idPrefix={idPrefix} values={values} departments={departments} districts={districts} onApply={apply} />
  )
  const active = FILTER_KEYS.filter((k) => values[k]).length

  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / 双公示
      </nav>
      <h1 className="gx-page-title">双公示</h1>
      <p className="gx-page-lead">
        各部门依法作出的行政许可和行政处罚决定，自作出之日起 7 个工作日内在此公示；行政处罚按失信程度公示 3 个月至 3
        年，轻微的不公示（见<Link to="/help/periods">公示期限</Link>）。对公示内容有异议的，可在信息详情页
        <Link to="/objection">提出异议</Link>。
      </p>
      <Tabs
        activeKey={kind}
        onChange={(key) => navigate({ kind: key === 'license' ? '' : key, page: '' })}
        items={kinds.map((k) => ({ key: k.key, label: k.label }))}
      />
      <section className="gx-panel gx-pub-filter-panel" aria-label="筛选">
        {filters('gx-pub')}
      </section>
      <section aria-labelledby="gx-publicity-title">
        <div className="gx-results-head">
          <h2 id="gx-publicity-title" className="gx-results-title" aria-live="polite">
            {loaded.state === 'ok' ? `${label}信息 共 ${loaded.data.total} 条` : `${label}信息`}
          </h2>
          <Button
            className="gx-filter-button"
            icon={<FilterOutlined aria-hidden />}
            onClick={() => setDrawerOpen(true)}
          >
            筛选{active ? `（${active}）` : ''}
          </Button>
        </div>
        <div className="gx-panel">
          <LoadState loaded={loaded} notFoundTitle="未找到公示信息">
            {(data) => <Results data={data} kind={kind} onPage={(p) => navigate({ page: p === 1 ? '' : String(p) })} />}
          </LoadState>
        </div>
      </section>
      <Drawer title="筛选" placement="bottom" size={560} open={drawerOpen} onClose={() => setDrawerOpen(false)}>
        {filters('gx-pub-drawer')}
      </Drawer>
    </div>
  )
}
