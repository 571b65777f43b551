import type { DescriptionsProps } from 'antd'
import { Alert, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd'
import { Link, useLocation, useParams } from 'react-router-dom'
import type { RecordJson } from '../../../../src/modules/records/index.js'
import { api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import {
  expiredLabel,
  labelOf,
  listKindLabels,
  recordOpLabels,
  recordStateLabels,
  severityLabels,
} from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import { PolarityTag, ScopeTag, SeverityTag } from '../catalog/tags.js'
import type { CatalogClass, CatalogField } from '../catalog/types.js'

/** GET /api/v1/records/:id (government view: authorised-only fields left out, ID numbers masked). */
export type CreditRecord = RecordJson

export interface RecordVersion {
  version: number
  op: string
  state: string
  classVersion: number
  severity: string | null
  reason: string | null
  batchId: string | null
  rowNo: number | null
  actorKind: string
  actor: string | null
  /** Released by an operator from the queue of unmatched subjects (待匹配主体): the entry's id. */
  resubmittedFrom?: string | null
  at: string
  data: Record<string, unknown>
}

interface RecordHistory {
  recordId: string
  class: string
  currentVersion: number
  state: string
  versions: RecordVersion[]
}

const OPEN_ENDED = '9999-12-31'
const labelStyles = { label: { whiteSpace: 'nowrap' as const } }
const fieldStyles = { label: { width: 150 } }

function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (Array.isArray(value)) return value.map(String).join('；')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const stateColors: Readonly<Record<string, string>> = {
  active: 'green',
  superseded: 'default',
  revoked: 'default',
  repaired: 'blue',
}

export function RecordStateTag({ record }: { record: Pick<CreditRecord, 'state' | 'publication'> }) {
  const expired = record.state === 'active' && record.publication !== null && record.publication.until < shanghaiToday()
  if (expired) return <Tag>{expiredLabel}</Tag>
  return <Tag color={stateColors[record.state]}>{labelOf(recordStateLabels, record.state)}</Tag>
}

function untilText(date: string | null | undefined): string {
  if (!date) return '—'
  return date === OPEN_ENDED ? '长期' : date
}

function FieldValues({ record, cls }: { record: CreditRecord; cls: CatalogClass | undefined }) {
  const fields: CatalogField[] = cls?.fields ?? []
  const known = new Set(fields.map((f) => f.code))
  const items: NonNullable<DescriptionsProps['items']> = fields
    .filter((f) => record.data[f.code] !== undefined && record.data[f.code] !== null && record.data[f.code] !== '')
    .map((f) => ({
      key: f.code,
      label: f.label,
      span: f.type === 'text' ? 2 : 1,
      children: (
        <span>
          {valueText(record.data[f.code])}
          {f.type === 'amount' ? <Typography.Text type="secondary"> 元</Typography.Text> : null}
        </span>
      ),
    }))
  // Keys the class version does not describe (should not happen): shown with their code.
  for (const [k, v] of Object.entries(record.data)) {
    if (!known.has(k)) items.push({ key: k, label: k, children: valueText(v) })
  }
  if (!items.length) return <Empty description="没有可显示的字段。" />
  return <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }} items={items} styles={fieldStyles} />
}

function changedFields(prev: Record<string, unknown>, next: Record<string, unknown>, label: (c: string) => string) {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])]
  return keys
    .filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]))
    .map((k) => `${label(k)}：${valueText(prev[k])} → ${valueText(next[k])}`)
}

function VersionsTimeline({ history, cls }: { history: RecordHistory; cls: CatalogClass | undefined }) {
  const labels = new Map((cls?.fields ?? []).map((f) => [f.code, f.label]))
  const label = (code: string) => labels.get(code) ?? code
  const versions = [...history.versions].sort((a, b) => a.version - b.version)
  const items = versions
    .map((v, index) => {
      const prev = versions[index - 1]
      const changes = prev && v.op === 'correct' ? changedFields(prev.data, v.data, label) : []
      return {
        key: v.version,
        color: v.op === 'revoke' ? 'red' : v.op === 'correct' ? 'blue' : 'green',
        content: (
          <Space orientation="vertical" size={2}>
            <Typography.Text strong>
              第 {v.version} 版 · {labelOf(recordOpLabels, v.op)}
              {v.version === history.currentVersion ? (
                <Tag color="green" className="gx-home-tag">
                  当前
                </Tag>
              ) : null}
            </Typography.Text>
            <Typography.Text type="secondary">
              {formatInstant(v.at)} · {labelOf(recordStateLabels, v.state)}
              {v.severity ? ` · ${labelOf(severityLabels, v.severity)}` : ''}
              {` · 第 ${v.classVersion} 版目录`}
            </Typography.Text>
            {v.reason ? <span>原因：{v.reason}</span> : null}
            {changes.length ? <span>变更：{changes.join('；')}</span> : null}
            {v.batchId ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                批次 <code>{v.batchId.slice(0, 8)}</code>
                {v.rowNo ? ` 第 ${v.rowNo} 行` : ''}
                {v.resubmittedFrom ? '（报送部门提交；主体待匹配，经运维人员匹配后代为重新提交）' : ''}
              </Typography.Text>
            ) : null}
          </Space>
        ),
      }
    })
    .reverse()
  return <Timeline items={items} />
}

export function RecordPage() {
  const { id = '' } = useParams()
  const user = useUser()
  const depts = useDepartments()
  // opened from an entity file read under a stated purpose (授权查询): the record is read under the same purpose
  const purpose = (useLocation().state as { purpose?: string } | null)?.purpose
  const stated = purpose ? { purpose } : {}
  const record = useRequest(
    (signal) => api<CreditRecord>(`/api/v1/records/${encodeURIComponent(id)}`, { signal, ...stated }),
    [id, purpose],
  )
  const history = useRequest(
    (signal) => api<RecordHistory>(`/api/v1/records/${encodeURIComponent(id)}/history`, { signal, ...stated }),
    [id, purpose],
  )
  const r = record.data
  const cls = useRequest(
    (signal) =>
      r
        ? api<CatalogClass>(`/api/v1/catalog/classes/${encodeURIComponent(r.class)}`, {
            query: { version: r.classVersion },
            signal,
          })
        : Promise.resolve(undefined),
    [r?.class, r?.classVersion],
  )

  if (record.error && !r) {
    return (
      <Page title="信用记录">
        <Result
          status="warning"
          title="无法显示该记录"
          subTitle={record.error}
          extra={<Link to="/">返回工作台</Link>}
        />
      </Page>
    )
  }
  if (!r) {
    return (
      <Page title="信用记录">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    )
  }

  const p = r.publication
  const batchLink =
    r.batchId && (user.role === 'operator' || user.dept === r.provider) ? (
      <Link to={`/ingest/batches?batch=${encodeURIComponent(r.batchId)}`}>
        <code>{r.batchId.slice(0, 8)}</code>
      </Link>
    ) : r.batchId ? (
      <code>{r.batchId.slice(0, 8)}</code>
    ) : (
      '—'
    )
  const summary: NonNullable<DescriptionsProps['items']> = [
    { key: 'id', label: '记录编号', span: 2, children: <Typography.Text copyable>{r.id}</Typography.Text> },
    {
      key: 'class',
      label: '信息类别',
      children: <Link to={`/catalog/classes/${r.class}?version=${r.classVersion}`}>{cls.data?.nameZh ?? r.class}</Link>,
    },
    { key: 'state', label: '状态', children: <RecordStateTag record={r} /> },
    { key: 'documentNo', label: '文书号', children: r.documentNo || '—' },
    { key: 'decidedOn', label: '决定日期', children: r.decidedOn || '—' },
    { key: 'authority', label: '决定机关', children: r.authority || '—' },
    { key: 'provider', label: '报送部门', children: depts.nameOf(r.provider) },
    { key: 'polarity', label: '性质', children: <PolarityTag value={r.polarity} /> },
    { key: 'scope', label: '公开范围', children: <ScopeTag value={r.scope} /> },
    ...(r.polarity === 'negative'
      ? [
          {
            key: 'severity',
            label: '失信程度',
            children: (
              <span>
                <SeverityTag value={r.severity} />
                {r.severityOverride ? <Typography.Text type="secondary">（报送部门调整）</Typography.Text> : null}
                {r.minorAtDecision ? <Typography.Text type="secondary">（决定时为未成年人）</Typography.Text> : null}
              </span>
            ),
          },
        ]
      : []),
    {
      key: 'publication',
      label: '公示期',
      span: 2,
      children: p ? (
        <span data-testid="record-publication">
          {p.from} 至 {untilText(p.until)}
          {p.minUntil && p.minUntil !== p.from ? `（最短公示期至 ${p.minUntil}，届满后可申请信用修复）` : ''}
          {p.ruleVersion ? `，适用 ${p.ruleVersion} 版公示期规则` : ''}
        </span>
      ) : (
        '不公示'
      ),
    },
    ...(r.list
      ? [
          {
            key: 'list',
            label: '名单',
            children: `${labelOf(listKindLabels, r.list.kind)}，至 ${untilText(r.list.until)}`,
          },
        ]
      : []),
    {
      key: 'due',
      label: '报送时限',
      children: r.dueOn ? (
        <span>
          {r.dueOn} 前
          {r.late ? (
            <Tag color="orange" className="gx-home-tag">
              超期报送
            </Tag>
          ) : null}
        </span>
      ) : (
        '—'
      ),
    },
    { key: 'version', label: '版本', children: `第 ${r.version} 版（第 ${r.classVersion} 版目录）` },
    { key: 'batch', label: '报送批次', children: batchLink },
    { key: 'entity', label: '主体编号', children: <code>{r.entityId}</code> },
    { key: 'createdAt', label: '入库时间', children: formatInstant(r.createdAt) },
    { key: 'updatedAt', label: '更新时间', children: formatInstant(r.updatedAt) },
  ]

  return (
    <Page
      title={cls.data ? `${cls.data.nameZh}${r.documentNo ? ` ${r.documentNo}` : ''}` : '信用记录'}
      description="政务共享视图：授权查询范围的字段不在此显示，证件号码已脱敏。"
    >
      {cls.error ? <Alert type="warning" showIcon title={cls.error} className="gx-block" /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={16}>
          <Card title="记录概要" className="gx-block">
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={summary} styles={labelStyles} />
          </Card>
          <Card title="字段">
            {cls.loading && !cls.data ? <Skeleton active /> : <FieldValues record={r} cls={cls.data} />}
          </Card>
        </Col>
        <Col xs={24} xxl={8}>
          <Card title="版本记录">
            {history.error ? <Alert type="error" showIcon title={history.error} /> : null}
            {history.data ? <VersionsTimeline history={history.data} cls={cls.data} /> : <Skeleton active />}
          </Card>
        </Col>
      </Row>
    </Page>
  )
}
