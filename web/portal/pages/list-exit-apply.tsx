// 申请移出 for one list entry: the subject (signed in) first sees whether the entry may leave its list early and on
// which of its class's exit conditions, then the form: the ground, the statement, evidence, an optional commitment.
import { Alert, Button, Input, Select } from 'antd'
import { type FormEvent, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import type { ListExitDetailJson, ListExitEligibilityJson } from '../../../src/modules/repairs/index.js'
import { api, errorMessage } from '../../shared/api.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { FiledPanel, useEligibility } from '../application.js'

export default function ListExitApplyPage() {
  const { id = '' } = useParams()
  const site = useSite()
  useDocumentTitle('申请移出', site.name)
  const load = useEligibility<ListExitEligibilityJson>(id, 'list-exit-eligibility')
  const [ground, setGround] = useState<string | undefined>(undefined)
  const [statement, setStatement] = useState('')
  const [commitment, setCommitment] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [filed, setFiled] = useState<ListExitDetailJson | null>(null)

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      setFiled(
        await api<ListExitDetailJson>('/api/v1/list-exits', {
          method: 'POST',
          body: {
            recordId: id,
            ground,
            statement,
            evidence: [],
            ...(commitment.trim() ? { commitment: { content: commitment } } : {}),
          },
        }),
      )
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const e = load.state === 'ok' ? load.eligibility : null
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / 申请移出名单
      </nav>
      <h1 className="gx-page-title">申请移出名单</h1>
      {load.state === 'loading' ? <div className="gx-loading" aria-busy="true" /> : null}
      {load.state === 'anonymous' ? (
        <Alert
          type="info"
          showIcon
          title="请先以信用主体账号登录"
          description={
            <>
              移出申请由信用主体本人提交。<Link to="/account/login">主体登录</Link>
            </>
          }
        />
      ) : null}
      {load.state === 'error' ? <Alert type="error" showIcon title={load.message} /> : null}
      {e && !e.eligible ? (
        <Alert
          type="warning"
          showIcon
          title="该记录暂不能申请移出"
          description={
            <ul className="gx-basis">
              {e.reasons.map((r) => (
                <li key={r.code}>{r.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {filed ? <FiledPanel filed={filed} testId="list-exit-filed" /> : null}
      {e?.eligible && !filed ? (
        <form className="gx-panel" onSubmit={(ev) => void submit(ev)} aria-labelledby="gx-exit-form">
          <h2 id="gx-exit-form" className="gx-panel-title">
            移出申请
          </h2>
          <p>
            <label htmlFor="exit-ground">移出情形</label>
            <Select
              id="exit-ground"
              style={{ width: '100%' }}
              value={ground}
              onChange={setGround}
              placeholder="请选择符合的移出情形"
              options={e.grounds.map((g) => ({ value: g, label: g }))}
            />
          </p>
          <p>
            <label htmlFor="exit-statement">申请说明</label>
            <Input.TextArea
              id="exit-statement"
              rows={4}
              maxLength={2000}
              value={statement}
              onChange={(ev) => setStatement(ev.target.value)}
              required
            />
          </p>
          <p>
            <label htmlFor="exit-commitment">信用承诺（移出条件要求作出信用承诺时填写）</label>
            <Input.TextArea
              id="exit-commitment"
              rows={3}
              maxLength={4000}
              value={commitment}
              onChange={(ev) => setCommitment(ev.target.value)}
            />
          </p>
          {problem ? <Alert type="error" showIcon title={problem} /> : null}
          <Button type="primary" htmlType="submit" loading={busy} disabled={!ground}>
            提交申请
          </Button>
        </form>
      ) : null}
    </div>
  )
}
