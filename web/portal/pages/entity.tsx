import { useMemo } from 'react'
import { Tabs } from 'antd'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { codeSchemeLabels, entityKindLabels, entityStatusLabels, labelOf, listKindLabels } from '../../shared/labels.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { FlagTags, type FileTab, LoadState, dash, fileTabs, industryLabels, tabOf } from '../credit/present.js'
import { RecordRow } from '../credit/record-row.js'
import type { PublicEntity, PublicRecordSummary } from '../credit/types.js'
import { usePublic } from '../credit/use-public.js'

function RecordList({ records }: { records: PublicRecordSummary[] }) {
  if (!records.length) return <p className="gx-empty">暂无公示信息</p>
  return (
    <ol className="gx-record-list">
      {records.map((r) => (
        <RecordRow key={r.id} record={r} />
      ))}
    </ol>
  )
}

function BasicInfo({ entity, records }: { entity: PublicEntity; records: PublicRecordSummary[] }) {
  return (
    <>
      <dl className="gx-fields">
        {entity.identifiers.map((i) => (
          <div key={i.scheme}>
            <dt>{labelOf(codeSchemeLabels, i.scheme)}</dt>
            <dd className="gx-code">{i.value}</dd>
          </div>
        ))}
        <div>
          <dt>曾用名</dt>
          <dd>{entity.formerNames.length ? entity.formerNames.map((n) => n.name).join('；') : '—'}</dd>
        </div>
        <div>
          <dt>行业门类</dt>
          <dd>{entity.industry ? labelOf(industryLabels, entity.industry) : '—'}</dd>
        </div>
        <div>
          <dt>公示记录</dt>
          <dd>{entity.totalRecords} 条</dd>
        </div>
      </dl>
      {entity.lists.length ? (
        <>
          <h3 className="gx-panel-title gx-subtitle">名单信息</h3>
          <ul className="gx-basis">
            {entity.lists.map((l) => (
              <li key={l.recordId}>
                <Link to={`/records/${l.recordId}`}>
                  {labelOf(listKindLabels, l.kind)} · {l.className}
                </Link>
                ：{dash(l.listedOn)} 列入{l.until ? `，至 ${l.until}` : ''}
                {l.authority ? `（${l.authority}）` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {records.length ? (
        <>
          <h3 className="gx-panel-title gx-subtitle">登记信息</h3>
          <RecordList records={records} />
        </>
      ) : null}
    </>
  )
}

function EntityFile({ entity }: { entity: PublicEntity }) {
  const [params, setParams] = useSearchParams()
  const byTab = useMemo(() => {
    const map = new Map<FileTab, PublicRecordSummary[]>(fileTabs.map((t) => [t.key, []]))
    for (const c of entity.categories) for (const r of c.records) map.get(tabOf(r))?.push(r)
    return map
  }, [entity])
  const active = (fileTabs.find((t) => t.key === params.get('tab'))?.key ?? 'basic') as FileTab

  return (
    <>
      <section className="gx-panel gx-file-head" aria-labelledby="gx-entity-name">
        <h1 id="gx-entity-name">
          {entity.name}
          <FlagTags flags={entity.flags} />
        </h1>
        <dl className="gx-fields">
          <div>
            <dt>统一社会信用代码</dt>
            <dd className="gx-code">{dash(entity.uscc)}</dd>
          </div>
          <div>
            <dt>主体类型</dt>
            <dd>{labelOf(entityKindLabels, entity.kind)}</dd>
          </div>
          <div>
            <dt>所属区县</dt>
            <dd>{dash(entity.districtName ?? entity.district)}</dd>
          </div>
          <div>
            <dt>登记状态</dt>
            <dd>{labelOf(entityStatusLabels, entity.status)}</dd>
          </div>
          <div>
            <dt>法定代表人</dt>
            <dd>{dash(entity.legalRep)}</dd>
          </div>
          <div>
            <dt>成立日期</dt>
            <dd>{dash(entity.establishedOn)}</dd>
          </div>
        </dl>
        {entity.marks.length ? (
          <p className="gx-mark-note">{entity.marks.length} 条信息异议处理中，处理完成前相关信息仍按规定公示。</p>
        ) : null}
      </section>
      <div className="gx-panel gx-file-tabs">
        <Tabs
          activeKey={active}
          onChange={(key) => {
            const next = new URLSearchParams(params)
            if (key === 'basic') next.delete('tab')
            else next.set('tab', key)
            setParams(next, { replace: true })
          }}
          items={fileTabs.map((t) => {
            const records = byTab.get(t.key) ?? []
            return {
              key: t.key,
              // 基本信息 is the entity's own data, not a count of records
              label: t.key === 'basic' ? t.label : `${t.label} (${records.length})`,
              children:
                t.key === 'basic' ? <BasicInfo entity={entity} records={records} /> : <RecordList records={records} />,
            }
          })}
        />
      </div>
    </>
  )
}

export default function EntityPage() {
  const { id = '' } = useParams()
  const site = useSite()
  const loaded = usePublic<PublicEntity>(`/api/v1/public/entities/${encodeURIComponent(id)}`)
  useDocumentTitle(loaded.state === 'ok' ? loaded.data.name : '信用档案', site.name)
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / <Link to="/search">信用查询</Link> / 信用档案
      </nav>
      <LoadState loaded={loaded} notFoundTitle="未找到该主体">
        {(entity) => <EntityFile entity={entity} />}
      </LoadState>
    </div>
  )
}
