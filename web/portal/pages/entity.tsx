import { useMemo, useState } from 'react'
import { Alert, Button, Tabs } from 'antd'
import { FilePdfOutlined } from '@ant-design/icons'
import type { IssuedJson } from '../../../src/modules/reports/index.js'
import { api, errorMessage, getCsrfToken, setCsrfToken } from '../../shared/api.js'
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
        {entity.grades.map((g) => (
          <div key={g.model} data-testid="public-grade">
            <dt>信用评价</dt>
            <dd>
              <strong>
                {g.grade} {g.gradeLabel}
              </strong>
              （{g.modelName}，评价日期 {g.asOf}
              {g.underObjection ? '；部分依据的记录异议处理中' : ''}）
            </dd>
          </div>
        ))}
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

/**
 * 信用报告: anyone may get an organisation's 公共信用信息概况 (POST /api/v1/reports kind public_overview); the PDF
 * downloads at once and the number and verify code stay on the page. Never offered for natural persons.
 */
function OverviewReport({ entity }: { entity: PublicEntity }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [issued, setIssued] = useState<IssuedJson | null>(null)
  if (entity.kind === 'natural_person') return null

  const issue = async () => {
    setBusy(true)
    setError(null)
    try {
      // a signed-in visitor's POST needs the session's CSRF token; anonymous visitors have none
      if (!getCsrfToken())
        await api<{ csrfToken: string | null }>('/api/v1/auth/me', { notifyUnauthorized: false })
          .then((s) => setCsrfToken(s.csrfToken))
          .catch(() => undefined)
      const r = await api<IssuedJson>('/api/v1/reports', {
        method: 'POST',
        body: { subject: { entityId: entity.id }, kind: 'public_overview' },
        notifyUnauthorized: false,
      })
      setIssued(r)
      const a = document.createElement('a')
      a.href = r.links.pdf
      a.download = `${r.number}.pdf`
      document.body.appendChild(a)
      a.click()
      a.remove()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="gx-file-report" aria-labelledby="gx-file-report-title">
      <h2 className="gx-panel-title" id="gx-file-report-title">
        信用报告
      </h2>
      <p className="gx-file-report-text">
        公共信用信息概况：本主体社会公开的信用信息，带平台签名和核验码，可在「<Link to="/verify">报告核验</Link>
        」页面核验。
      </p>
      <Button icon={<FilePdfOutlined aria-hidden />} loading={busy} onClick={() => void issue()}>
        下载公共信用信息概况报告
      </Button>
      <div aria-live="polite">
        {error ? <Alert type="error" showIcon role="alert" title={error} className="gx-account-error" /> : null}
        {issued ? (
          <p className="gx-file-report-issued" data-testid="overview-issued">
            已出具报告 <strong className="gx-code">{issued.number}</strong>，核验码{' '}
            <strong className="gx-code">{issued.verifyCode}</strong>，有效期至 {issued.validUntil}。{' '}
            <a href={issued.links.pdf} download={`${issued.number}.pdf`}>
              再次下载
            </a>
          </p>
        ) : null}
      </div>
    </section>
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
        <OverviewReport entity={entity} />
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
