import { DownloadOutlined } from '@ant-design/icons'
import { Alert, Button, Select, Table, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import type { IssuedJson, ReportListItem, TemplateVersion } from '../../../../src/modules/reports/index.js'
import { api, apiUrl, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useSite } from '../../../shared/site.js'
import { useDocumentTitle } from '../../../shared/use-title.js'
import { ensureCsrf } from './csrf.js'
import { SubjectPage, useSubjectApi } from './shared.js'

// 我的信用 · 信用报告 (/my/reports): the signed-in subject issues its own reports (full, special, scenario reports;
// a person's report for a natural person) and downloads them; the list holds every report about the subject, by
// whoever issued it (GET /api/v1/me/reports). docs/reports.md.

interface Me {
  entity: { id: string; kind: string; name: string }
}
interface ReportPage {
  total: number
  page: number
  pageSize: number
  items: ReportListItem[]
}

export const statusColors: Record<string, string> = { valid: 'green', expired: 'orange', superseded: 'gold' }
const recipientLabels: Record<string, string> = {
  subject: '本主体',
  department: '部门',
  agency: '信用服务机构',
  public: '社会公众',
}

/** The kinds a subject of `entityKind` may issue for itself (templates with the `subject` recipient). */
export function useSubjectKinds(entityKind: string | null): TemplateVersion[] {
  const [templates, setTemplates] = useState<TemplateVersion[]>([])
  useEffect(() => {
    api<{ items: TemplateVersion[] }>('/api/v1/report-templates', { notifyUnauthorized: false })
      .then((r) => setTemplates(r.items))
      .catch(() => setTemplates([]))
  }, [])
  return entityKind
    ? templates.filter((t) => t.recipients.includes('subject') && t.subjectKinds.includes(entityKind))
    : []
}

function IssueForm({ me, onIssued }: { me: Me; onIssued: () => void }) {
  const kinds = useSubjectKinds(me.entity.kind)
  const [kind, setKind] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [issued, setIssued] = useState<IssuedJson | null>(null)
  const chosen = kind ?? (kinds.find((k) => k.code === 'full' || k.code === 'person')?.code as string | undefined)
  const template = kinds.find((k) => k.code === chosen)
  // a special report: the applicant chooses how many years back (up to the template's maximum) and the fields
  const [years, setYears] = useState<number | undefined>(undefined)
  const [fields, setFields] = useState<string[]>([])
  const period = template?.period ?? null
  const yearsBack = years ?? period?.defaultYears
  /** The day `n` years before today in Beijing time (the platform's civil date), YYYY-MM-DD. */
  const fromDate = (n: number) => {
    const d = new Date(Date.now() + 8 * 3600_000)
    d.setUTCFullYear(d.getUTCFullYear() - n)
    return d.toISOString().slice(0, 10)
  }

  const issue = async () => {
    if (!chosen) return
    setBusy(true)
    setError(null)
    setIssued(null)
    try {
      await ensureCsrf()
      const r = await api<IssuedJson>('/api/v1/reports', {
        method: 'POST',
        body: {
          subject: { entityId: me.entity.id },
          kind: chosen,
          // the template's default period is the server's own (no date sent)
          ...(period && years && years !== period.defaultYears ? { from: fromDate(years) } : {}),
          ...(template?.domains.length && fields.length > 0 ? { fields } : {}),
        },
      })
      setIssued(r)
      onIssued()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="gx-panel" aria-labelledby="gx-my-issue">
      <h2 className="gx-panel-title" id="gx-my-issue">
        出具信用报告
      </h2>
      <p className="gx-account-note">
        本单位（本人）可以随时免费出具自己的信用报告，报告含全部范围（社会公开、政务共享、授权查询）的在效信用信息，带平台签名，可离线核验。
      </p>
      <div className="gx-my-filter">
        <label htmlFor="gx-my-kind">
          报告种类
          <Select
            id="gx-my-kind"
            aria-label="报告种类"
            style={{ minWidth: 240 }}
            value={chosen}
            onChange={setKind}
            options={kinds.map((k) => ({ value: k.code, label: k.nameZh }))}
          />
        </label>
        {period ? (
          <label htmlFor="gx-my-years">
            查询期间
            <Select
              id="gx-my-years"
              aria-label="查询期间"
              style={{ minWidth: 140 }}
              value={yearsBack}
              onChange={setYears}
              options={Array.from({ length: period.maxYears }, (_, i) => ({ value: i + 1, label: `近 ${i + 1} 年` }))}
            />
          </label>
        ) : null}
        {template?.domains.length ? (
          <label htmlFor="gx-my-fields">
            领域（不选为全部）
            <Select
              id="gx-my-fields"
              aria-label="领域"
              mode="multiple"
              allowClear
              style={{ minWidth: 260 }}
              value={fields}
              onChange={setFields}
              options={template.domains.map((d) => ({ value: d.code, label: d.label }))}
            />
          </label>
        ) : null}
        <Button type="primary" loading={busy} disabled={!chosen} onClick={() => void issue()}>
          出具报告
        </Button>
      </div>
      {template ? <p className="gx-account-note">{template.description}</p> : null}
      <div aria-live="polite">
        {error ? <Alert type="error" showIcon role="alert" title={error} className="gx-account-error" /> : null}
        {issued ? (
          <Alert
            type="success"
            showIcon
            className="gx-account-error"
            data-testid="my-report-issued"
            title={`已出具报告 ${issued.number}`}
            description={
              <>
                核验码 <strong className="gx-code">{issued.verifyCode}</strong>，有效期至 {issued.validUntil}。{' '}
                <a href={issued.links.pdf} download>
                  下载 PDF
                </a>
              </>
            }
          />
        ) : null}
      </div>
    </section>
  )
}

function ReportList({ refresh }: { refresh: number }) {
  const [page, setPage] = useState(1)
  const load = useSubjectApi<ReportPage>(apiUrl('/api/v1/me/reports', { page, pageSize: 20 }), refresh)
  if (load.status !== 'ok') return null
  const data = load.data
  return (
    <section className="gx-panel gx-my-section" aria-labelledby="gx-my-reports">
      <h2 className="gx-panel-title" id="gx-my-reports">
        已出具的报告
      </h2>
      <p className="gx-account-note">
        包括本单位（本人）出具的和部门、经授权的机构出具的关于本单位（本人）的报告；谁出具了报告也记在「
        <Link to="/my/access-log">查询记录</Link>」中。
      </p>
      <Table<ReportListItem>
        rowKey="number"
        dataSource={data.items}
        size="middle"
        scroll={{ x: 900 }}
        locale={{ emptyText: '尚未出具过报告' }}
        pagination={{
          current: data.page,
          pageSize: data.pageSize,
          total: data.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 份`,
          onChange: setPage,
        }}
        columns={[
          {
            title: '报告编号',
            dataIndex: 'number',
            width: 200,
            render: (v: string) => <span className="gx-code">{v}</span>,
          },
          { title: '种类', dataIndex: 'kindLabel', width: 150 },
          { title: '出具时间', dataIndex: 'issuedAt', width: 170, render: (v: string) => formatInstant(v) },
          { title: '有效期至', dataIndex: 'validUntil', width: 110 },
          {
            title: '接收方',
            key: 'recipient',
            render: (_: unknown, r: ReportListItem) =>
              `${recipientLabels[r.recipientKind] ?? r.recipientKind}${r.recipientName ? `：${r.recipientName}` : ''}${r.purpose ? `（${r.purpose}）` : ''}`,
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 110,
            render: (v: string, r: ReportListItem) => (
              <Tag color={statusColors[v] ?? 'default'} title={r.statusLabel}>
                {r.statusLabel.replace(/（.*$/, '')}
              </Tag>
            ),
          },
          {
            title: '下载',
            key: 'pdf',
            width: 90,
            render: (_: unknown, r: ReportListItem) => (
              <a href={`/api/v1/reports/${encodeURIComponent(r.number)}/pdf`} download aria-label={`下载 ${r.number}`}>
                <DownloadOutlined aria-hidden /> PDF
              </a>
            ),
          },
        ]}
      />
    </section>
  )
}

export default function MyReportsPage() {
  const site = useSite()
  useDocumentTitle('信用报告', site.name)
  const me = useSubjectApi<Me>('/api/v1/me')
  const [refresh, setRefresh] = useState(0)
  return (
    <SubjectPage title="信用报告" load={me}>
      {(data) => (
        <>
          <IssueForm me={data} onIssued={() => setRefresh((n) => n + 1)} />
          <ReportList refresh={refresh} />
          <p className="gx-account-note">
            把报告交给银行、招标单位等使用方时，对方可以在「<Link to="/verify">报告核验</Link>
            」页面凭报告编号和核验码在线核验，或上传 PDF 文件离线核验。需要机构直接查询本单位（本人）的报告，请在「
            <Link to="/my/authorizations">授权管理</Link>」中授权。
          </p>
        </>
      )}
    </SubjectPage>
  )
}
