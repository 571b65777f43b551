import type { ReactNode } from 'react'
import { Tag } from 'antd'
import { Link } from 'react-router-dom'
import { formatFieldValue, formatInstant } from '../../../shared/format.js'
import {
  checkOutcomeLabels,
  disclosureScopeLabels,
  entityKindLabels,
  entityStatusLabels,
  expiredLabel,
  labelOf,
  listKindLabels,
  markLabels,
  recordOpLabels,
  recordStateLabels,
  scenarioLabels,
} from '../../../shared/labels.js'
import { useSite } from '../../../shared/site.js'
import { useDocumentTitle } from '../../../shared/use-title.js'
import { dash } from '../../credit/present.js'
import { SubjectPage, useSubjectApi } from './shared.js'

// 我的档案: everything the platform holds about the signed-in subject's entity (GET /api/v1/me/file) - every scope,
// every state with its versions, marks, lists, commitments, the checks run on it and its cases.

interface Field {
  code: string
  label: string
  value: unknown
  /** The catalog's field type (amounts are in 元). */
  type: string
}
interface Version {
  version: number
  op: string
  state: string
  current: boolean
  at: string
  reason: string | null
  fields: Field[]
}
interface MeRecord {
  id: string
  className: string
  scope: string
  state: string
  status: string
  corrected: boolean
  polarity: string
  decidedOn: string | null
  documentNo: string | null
  authority: string | null
  providerName: string | null
  provider: string
  publication: { from: string; until: string } | null
  list: { kind: string; until: string | null } | null
  marks: string[]
  fields: Field[]
  history: Version[]
}
interface MeFile {
  entity: {
    id: string
    kind: string
    name: string
    uscc: string | null
    idNumberMasked: string | null
    status: string
    legalRep: string | null
  }
  generatedAt: string
  records: {
    total: number
    byScope: Record<string, number>
    byStatus: Record<string, number>
    categories: { code: string; label: string; count: number; records: MeRecord[] }[]
  }
  marks: {
    recordId: string
    label: string
    open: boolean
    openedAt: string
    openReason: string
    closedAt: string | null
    closeReason: string | null
  }[]
  lists: {
    kind: string
    className: string
    recordId: string
    listedOn: string | null
    until: string | null
    authority: string | null
    status: string
  }[]
  commitments: {
    summary: { total: number }
    items: { id: string; number: string; typeLabel: string; statusLabel: string; content: string; filedOn: string }[]
  }
  checks: {
    total: number
    items: {
      checkId: string
      at: string
      scenario: string
      deptName: string | null
      dept: string | null
      purpose: string | null
      outcome: string
    }[]
  }
  cases: { kind: string; id: string; number: string | null; state: string; openedAt: string; dueOn: string | null }[]
}

/** 有效 / 已更正 / 已到期 / 已撤销 / 已修复 (glossary: record state; expiry is derived). */
const STATUS_ORDER = ['active', 'corrected', 'expired', 'revoked', 'repaired'] as const
function statusLabel(status: string): string {
  if (status === 'expired') return expiredLabel
  if (status === 'corrected') return labelOf(recordStateLabels, 'superseded')
  return labelOf(recordStateLabels, status)
}
const statusColor: Record<string, string> = {
  active: 'green',
  corrected: 'cyan',
  expired: 'default',
  revoked: 'default',
  repaired: 'purple',
}
const caseKindLabels: Record<string, string> = { objection: '异议', repair: '信用修复', list_exit: '申请移出名单' }

function Fields({ fields }: { fields: Field[] }) {
  if (!fields.length) return <p className="gx-empty">无字段内容</p>
  return (
    <dl className="gx-fields">
      {fields.map((f) => (
        <div key={f.code}>
          <dt>{f.label}</dt>
          <dd>{formatFieldValue(f)}</dd>
        </div>
      ))}
    </dl>
  )
}

function RecordItem({ r }: { r: MeRecord }) {
  return (
    <li className="gx-my-record" data-testid="my-record">
      <div className="gx-my-record-head">
        <strong>{r.className}</strong>
        <span className="gx-code">{dash(r.documentNo)}</span>
        <span className="gx-tags">
          <Tag color={statusColor[r.status] ?? 'default'}>{statusLabel(r.status)}</Tag>
          {r.corrected && r.status !== 'corrected' ? <Tag color="cyan">{statusLabel('corrected')}</Tag> : null}
          <Tag>{labelOf(disclosureScopeLabels, r.scope)}</Tag>
          {r.list ? (
            <Tag color={r.list.kind === 'black' ? '#262626' : r.list.kind === 'red' ? 'red' : 'orange'}>
              {labelOf(listKindLabels, r.list.kind)}
            </Tag>
          ) : null}
          {r.marks.map((m) => (
            <Tag key={m} color="blue">
              {labelOf(markLabels, m)}
            </Tag>
          ))}
        </span>
      </div>
      <p className="gx-my-record-meta">
        决定日期 {dash(r.decidedOn)} · {dash(r.authority)} · 报送单位 {r.providerName ?? r.provider}
        {r.publication ? ` · 公示期 ${r.publication.from} 至 ${r.publication.until}` : ' · 不向社会公示'}
      </p>
      {r.state === 'active' && (r.polarity === 'negative' || !r.marks.includes('under_objection')) ? (
        <p className="gx-actions">
          {r.marks.includes('under_objection') ? null : (
            <Link to={`/objection/apply?record=${encodeURIComponent(r.id)}`} data-testid="my-record-objection">
              提出异议
            </Link>
          )}
          {r.polarity === 'negative' ? (
            <Link to={`/repair/apply/${encodeURIComponent(r.id)}`} data-testid="my-record-repair">
              申请信用修复
            </Link>
          ) : null}
          {r.polarity === 'negative' && r.list ? (
            <Link to={`/list-exit/apply/${encodeURIComponent(r.id)}`}>申请移出名单</Link>
          ) : null}
        </p>
      ) : null}
      <details>
        <summary>详细内容</summary>
        <Fields fields={r.fields} />
      </details>
      <details>
        <summary>历史版本（{r.history.length}）</summary>
        <ol className="gx-my-versions">
          {r.history.map((v) => (
            <li key={v.version}>
              <p>
                第 {v.version} 版 · {labelOf(recordOpLabels, v.op)} · {formatInstant(v.at)}
                {v.current ? ' · 当前版本' : ' · 已被后续版本取代'}
                {v.reason ? ` · 理由：${v.reason}` : ''}
              </p>
              <Fields fields={v.fields} />
            </li>
          ))}
        </ol>
      </details>
    </li>
  )
}

function Section({ title, id, count, children }: { title: string; id: string; count?: number; children: ReactNode }) {
  return (
    <section className="gx-panel gx-my-section" aria-labelledby={id}>
      <h2 className="gx-panel-title" id={id}>
        {title}
        {count === undefined ? null : `（${count}）`}
      </h2>
      {children}
    </section>
  )
}

function FileView({ file }: { file: MeFile }) {
  const e = file.entity
  return (
    <>
      <section className="gx-panel gx-file-head" aria-labelledby="gx-my-entity">
        <h2 id="gx-my-entity">{e.name}</h2>
        <dl className="gx-fields">
          {e.uscc ? (
            <div>
              <dt>统一社会信用代码</dt>
              <dd className="gx-code">{e.uscc}</dd>
            </div>
          ) : null}
          {e.idNumberMasked ? (
            <div>
              <dt>身份证号码</dt>
              <dd className="gx-code">{e.idNumberMasked}</dd>
            </div>
          ) : null}
          <div>
            <dt>主体类型</dt>
            <dd>{labelOf(entityKindLabels, e.kind)}</dd>
          </div>
          <div>
            <dt>登记状态</dt>
            <dd>{labelOf(entityStatusLabels, e.status)}</dd>
          </div>
        </dl>
        <p className="gx-account-note">
          本页列出平台归集的全部信用信息，包括不向社会公开的政务共享、授权查询信息，以及已更正、已到期、已撤销、已修复的记录和历史版本。身份证号码一律脱敏显示。生成时间
          {formatInstant(file.generatedAt)}。
        </p>
      </section>
      <Section title="信用记录" id="gx-my-records" count={file.records.total}>
        <p className="gx-my-counts" data-testid="my-record-counts">
          {STATUS_ORDER.map((s) => `${statusLabel(s)} ${file.records.byStatus[s] ?? 0} 条`).join(' · ')}
          {'；'}
          {Object.keys(disclosureScopeLabels)
            .map((s) => `${labelOf(disclosureScopeLabels, s)} ${file.records.byScope[s] ?? 0} 条`)
            .join(' · ')}
        </p>
        {file.records.categories.length ? (
          file.records.categories.map((c) => (
            <div key={c.code}>
              <h3 className="gx-panel-title gx-subtitle">
                {c.label}（{c.count}）
              </h3>
              <ol className="gx-my-records">
                {c.records.map((r) => (
                  <RecordItem key={r.id} r={r} />
                ))}
              </ol>
            </div>
          ))
        ) : (
          <p className="gx-empty">暂无信用记录</p>
        )}
      </Section>
      <Section title="名单信息" id="gx-my-lists" count={file.lists.length}>
        {file.lists.length ? (
          <ul className="gx-basis">
            {file.lists.map((l) => (
              <li key={l.recordId}>
                {labelOf(listKindLabels, l.kind)} · {l.className}：{dash(l.listedOn)} 列入
                {l.until ? `，至 ${l.until}` : ''}
                {l.authority ? `（${l.authority}）` : ''} <Tag>{statusLabel(l.status)}</Tag>
              </li>
            ))}
          </ul>
        ) : (
          <p className="gx-empty">未列入红名单、黑名单或重点关注名单</p>
        )}
      </Section>
      <Section title="异议标注" id="gx-my-marks" count={file.marks.length}>
        {file.marks.length ? (
          <ul className="gx-basis">
            {file.marks.map((m) => (
              <li key={`${m.recordId}-${m.openedAt}`}>
                <Tag color={m.open ? 'blue' : 'default'}>{m.label}</Tag>
                {formatInstant(m.openedAt)} 标注：{m.openReason}
                {m.closedAt ? `；${formatInstant(m.closedAt)} 解除：${m.closeReason ?? ''}` : '（处理中）'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="gx-empty">暂无异议标注</p>
        )}
      </Section>
      <Section title="我的办件" id="gx-my-cases" count={file.cases.length}>
        {file.cases.length ? (
          <ul className="gx-basis">
            {file.cases.map((c) => (
              <li key={c.id}>
                {caseKindLabels[c.kind] ?? c.kind} {dash(c.number)} · {c.state} · 提交于 {formatInstant(c.openedAt)}
                {c.dueOn ? ` · 办理期限 ${c.dueOn}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="gx-empty">暂无异议、信用修复等办件</p>
        )}
      </Section>
      <Section title="信用承诺" id="gx-my-commitments" count={file.commitments.summary.total}>
        {file.commitments.items.length ? (
          <ul className="gx-basis">
            {file.commitments.items.map((c) => (
              <li key={c.id}>
                {c.number} · {c.typeLabel} · {c.statusLabel} · {c.filedOn}：{c.content}
              </li>
            ))}
          </ul>
        ) : (
          <p className="gx-empty">暂无信用承诺</p>
        )}
      </Section>
      <Section title="联合奖惩核查" id="gx-my-checks" count={file.checks.total}>
        {file.checks.items.length ? (
          <ul className="gx-basis">
            {file.checks.items.map((c) => (
              <li key={c.checkId}>
                {formatInstant(c.at)} · {c.deptName ?? c.dept ?? '—'} · {labelOf(scenarioLabels, c.scenario)} · 结果：
                {labelOf(checkOutcomeLabels, c.outcome)}
                {c.purpose ? ` · 用途：${c.purpose}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="gx-empty">暂无核查</p>
        )}
        {file.checks.total > file.checks.items.length ? (
          <p className="gx-account-note">仅列出最近 {file.checks.items.length} 次；全部查询见「查询记录」。</p>
        ) : null}
      </Section>
    </>
  )
}

export default function MyFilePage() {
  const site = useSite()
  useDocumentTitle('我的档案', site.name)
  const load = useSubjectApi<MeFile>('/api/v1/me/file')
  return (
    <SubjectPage title="我的档案" load={load}>
      {(file) => <FileView file={file} />}
    </SubjectPage>
  )
}
