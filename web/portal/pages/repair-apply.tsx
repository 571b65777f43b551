// 申请信用修复 for one record: the subject (signed in with its account) first sees whether the record may be repaired
// and why not (with the earliest date when it is too early), then the form: statement, evidence, commitment.
import { Alert, Button, Input } from 'antd'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import type { EligibilityJson, RepairDetailJson } from '../../../src/modules/repairs/index.js'
import { ApiError, api, errorMessage } from '../../shared/api.js'
import { labelOf, severityLabels } from '../../shared/labels.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { FiledPanel, useEligibility } from '../application.js'

function EligibilityPanel({ e }: { e: EligibilityJson }) {
  return (
    <section className="gx-panel" aria-labelledby="gx-repair-eligibility" data-testid="repair-eligibility">
      <h2 id="gx-repair-eligibility" className="gx-panel-title">
        修复条件
      </h2>
      <dl className="gx-fields">
        <div>
          <dt>适用规则</dt>
          <dd>{e.ruleSet ? `${e.ruleSet} 年规则（决定作出时适用）` : '—'}</dd>
        </div>
        <div>
          <dt>失信程度</dt>
          <dd>{e.severity ? labelOf(severityLabels, e.severity) : '—'}</dd>
        </div>
        <div>
          <dt>最早可申请日</dt>
          <dd data-testid="repair-earliest">{e.earliestDate ?? '—'}</dd>
        </div>
      </dl>
      {e.eligible ? (
        <Alert type="success" showIcon title="该记录已符合申请信用修复的条件，请填写下面的申请。" />
      ) : (
        <Alert
          type="warning"
          showIcon
          title="该记录暂不能申请信用修复"
          description={
            <ul className="gx-basis" data-testid="repair-reasons">
              {e.reasons.map((r) => (
                <li key={r.code}>{r.message}</li>
              ))}
            </ul>
          }
        />
      )}
    </section>
  )
}

export default function RepairApplyPage() {
  const { id = '' } = useParams()
  const site = useSite()
  useDocumentTitle('申请信用修复', site.name)
  const load = useEligibility<EligibilityJson>(id, 'repair-eligibility')
  const [statement, setStatement] = useState('')
  const [commitment, setCommitment] = useState('')
  const [files, setFiles] = useState<{ id: string; name: string }[]>([])
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [filed, setFiled] = useState<RepairDetailJson | null>(null)

  const upload = async (list: FileList | null) => {
    if (!list) return
    setProblem(null)
    for (const file of [...list]) {
      const body = new FormData()
      body.append('file', file)
      try {
        const f = await api<{ id: string; name: string }>('/api/v1/files', { method: 'POST', body })
        setFiles((prev) => [...prev, { id: f.id, name: f.name }])
      } catch (e) {
        setProblem(
          e instanceof ApiError && e.status === 404
            ? '证明材料在线上传暂未开放，请在申请说明中列明材料并按要求另行提交。'
            : errorMessage(e),
        )
      }
    }
  }

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      const result = await api<RepairDetailJson>('/api/v1/repairs', {
        method: 'POST',
        body: { recordId: id, statement, evidence: files.map((f) => f.id), commitment: { content: commitment } },
      })
      setFiled(result)
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / <Link to="/repair">信用修复</Link> / 申请信用修复
      </nav>
      <h1 className="gx-page-title">申请信用修复</h1>
      {load.state === 'loading' ? <div className="gx-loading" aria-busy="true" /> : null}
      {load.state === 'anonymous' ? (
        <Alert
          type="info"
          showIcon
          title="请先以信用主体账号登录"
          description={
            <>
              信用修复由信用主体本人申请：请使用本单位（或本人）的信用主体账号登录后再打开本页。
              <Link to="/account/login">主体登录</Link>
            </>
          }
        />
      ) : null}
      {load.state === 'error' ? <Alert type="error" showIcon title={load.message} /> : null}
      {load.state === 'ok' ? <EligibilityPanel e={load.eligibility} /> : null}
      {filed ? <FiledPanel filed={filed} testId="repair-filed" /> : null}
      {load.state === 'ok' && load.eligibility.eligible && !filed ? (
        <form className="gx-panel" onSubmit={(e) => void submit(e)} aria-labelledby="gx-repair-form">
          <h2 id="gx-repair-form" className="gx-panel-title">
            修复申请
          </h2>
          <p>
            <label htmlFor="repair-statement">申请说明（已纠正失信行为、履行法定义务的情况）</label>
            <Input.TextArea
              id="repair-statement"
              rows={4}
              maxLength={2000}
              value={statement}
              onChange={(e) => setStatement(e.target.value)}
              required
            />
          </p>
          <p>
            <label htmlFor="repair-evidence">证明材料（PDF、JPG、PNG）</label>
            <input
              id="repair-evidence"
              type="file"
              multiple
              accept="application/pdf,image/jpeg,image/png"
              onChange={(e) => void upload(e.target.files)}
            />
          </p>
          {files.length ? (
            <ul className="gx-basis">
              {files.map((f) => (
                <li key={f.id}>{f.name}</li>
              ))}
            </ul>
          ) : null}
          <p>
            <label htmlFor="repair-commitment">信用修复承诺书</label>
            <Input.TextArea
              id="repair-commitment"
              rows={4}
              maxLength={4000}
              value={commitment}
              onChange={(e) => setCommitment(e.target.value)}
              placeholder="本单位（本人）承诺：所提交材料真实有效，已纠正失信行为并履行相关义务，今后依法诚信经营……"
              required
            />
          </p>
          {problem ? <Alert type="error" showIcon title={problem} className="gx-block" /> : null}
          <Button type="primary" htmlType="submit" loading={busy}>
            提交申请
          </Button>
        </form>
      ) : null}
      {problem && !(load.state === 'ok' && load.eligibility.eligible && !filed) ? (
        <Alert type="error" showIcon title={problem} />
      ) : null}
    </div>
  )
}
