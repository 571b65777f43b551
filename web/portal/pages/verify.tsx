import { useEffect, useState } from 'react'
import { Alert, Button, Form, Input, Tag } from 'antd'
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons'
import { Link, useSearchParams } from 'react-router-dom'
import type { PublishedKeys, ReportVerdict, VerifySummary } from '../../../src/modules/reports/index.js'
import { api, errorMessage } from '../../shared/api.js'
import { formatInstant } from '../../shared/format.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'

// 报告核验 (/verify, the URL the reports' QR code carries: /verify?number=): (a) online, the number and the verify
// code give the report's summary and status (GET /api/v1/public/reports/:number?code=); (b) offline, an uploaded PDF
// is verified in this browser by the report verifier's core (src/modules/reports/verify) against the published keys
// (/.well-known/gongxin-keys.json). Nothing of the PDF leaves the browser.

/** The short status words of the online check (the server's statusLabel explains them). */
const statusTags: Record<string, { label: string; color: string }> = {
  valid: { label: '有效', color: 'green' },
  expired: { label: '已过期', color: 'orange' },
  superseded: { label: '已更新（记录已变化）', color: 'gold' },
}

/** The verifier's checks in the order it runs them, and which failure codes belong to each. */
const CHECKS: { key: string; label: string; codes: string[] }[] = [
  { key: 'keys', label: '平台公钥', codes: ['keys_invalid'] },
  {
    key: 'file',
    label: '文件签名（覆盖 PDF 的每个字节）',
    codes: ['pdf_unreadable', 'pdf_signature_missing', 'pdf_signature_invalid', 'pdf_key_unknown'],
  },
  { key: 'attachments', label: '内嵌附件（报告内容、签名、审计证明）', codes: ['attachments_missing'] },
  {
    key: 'document',
    label: '报告内容（规范化 JSON 及其 SHA-256）',
    codes: ['document_not_canonical', 'document_hash_mismatch', 'signature_malformed'],
  },
  {
    key: 'signature',
    label: '报告内容的签名（Ed25519）',
    codes: ['document_key_unknown', 'document_signature_invalid'],
  },
  { key: 'pages', label: '各页显示的报告编号', codes: ['number_mismatch'] },
  {
    key: 'proof',
    label: '出具记录在审计日志中（包含证明，RFC 6962）',
    codes: ['proof_malformed', 'proof_event_hash_mismatch', 'proof_event_mismatch', 'proof_inclusion_invalid'],
  },
  {
    key: 'checkpoint',
    label: '审计日志检查点的签名',
    codes: ['checkpoint_key_unknown', 'checkpoint_signature_invalid'],
  },
]

function OnlineCheck({ initialNumber }: { initialNumber: string }) {
  const [form] = Form.useForm<{ number: string; code: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [summary, setSummary] = useState<VerifySummary | null>(null)

  const onFinish = async (v: { number: string; code: string }) => {
    setBusy(true)
    setError(null)
    setSummary(null)
    try {
      setSummary(
        await api<VerifySummary>(`/api/v1/public/reports/${encodeURIComponent(v.number.trim().toUpperCase())}`, {
          query: { code: v.code.trim() },
          notifyUnauthorized: false,
        }),
      )
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const tag = summary ? (statusTags[summary.status] ?? { label: summary.statusLabel, color: 'default' }) : null
  return (
    <section className="gx-panel gx-verify-panel" aria-labelledby="gx-verify-online">
      <h2 className="gx-panel-title" id="gx-verify-online">
        在线核验
      </h2>
      <p className="gx-account-note">输入报告首页的报告编号和核验码，查看平台出具记录中的报告摘要和当前状态。</p>
      <Form
        form={form}
        name="verify-online"
        layout="vertical"
        requiredMark={false}
        initialValues={{ number: initialNumber, code: '' }}
        onFinish={(v) => void onFinish(v)}
        className="gx-verify-form"
      >
        <Form.Item
          label="报告编号"
          name="number"
          rules={[
            { required: true, whitespace: true, message: '请输入报告编号，如 GX20260601K7M2Q9XA。' },
            { pattern: /^\s*[0-9A-Za-z]{4,40}\s*$/, message: '报告编号由字母和数字组成，请按报告首页填写。' },
          ]}
        >
          <Input maxLength={40} autoComplete="off" placeholder="GX…" />
        </Form.Item>
        <Form.Item
          label="核验码"
          name="code"
          rules={[{ required: true, whitespace: true, min: 4, message: '请输入报告首页印有的 8 位核验码。' }]}
        >
          <Input maxLength={32} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          核验
        </Button>
      </Form>
      <div aria-live="polite">
        {error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="gx-account-error"
            title={error}
            description="请核对报告编号和核验码（核验码不区分大小写）。"
          />
        ) : null}
        {summary && tag ? (
          <div className="gx-verify-summary" data-testid="verify-summary">
            <p className="gx-verify-status">
              报告状态：<Tag color={tag.color}>{tag.label}</Tag>
              <span>{summary.statusLabel}</span>
            </p>
            <dl className="gx-account-facts">
              <dt>报告编号</dt>
              <dd>{summary.number}</dd>
              <dt>报告名称</dt>
              <dd>{summary.title}</dd>
              <dt>报告种类</dt>
              <dd>{summary.kindLabel}</dd>
              <dt>信用主体</dt>
              <dd>{summary.subject.name}</dd>
              {summary.subject.uscc ? (
                <>
                  <dt>统一社会信用代码</dt>
                  <dd>{summary.subject.uscc}</dd>
                </>
              ) : null}
              {summary.subject.idNumberMasked ? (
                <>
                  <dt>身份证号码</dt>
                  <dd>{summary.subject.idNumberMasked}</dd>
                </>
              ) : null}
              {summary.period ? (
                <>
                  <dt>查询期间</dt>
                  <dd>
                    {summary.period.from} 至 {summary.period.to}
                  </dd>
                </>
              ) : null}
              <dt>出具时间</dt>
              <dd>{formatInstant(summary.issuedAt)}</dd>
              <dt>有效期至</dt>
              <dd>{summary.validUntil}</dd>
              <dt>出具单位</dt>
              <dd>{summary.issuer.name}</dd>
              <dt>签名密钥</dt>
              <dd className="gx-code">{summary.keyId}</dd>
              <dt>报告内容 SHA-256</dt>
              <dd className="gx-code gx-break">{summary.documentSha256}</dd>
            </dl>
          </div>
        ) : null}
      </div>
    </section>
  )
}

type FileResult = { fileName: string; verdict: ReportVerdict }

function CheckList({ verdict }: { verdict: ReportVerdict }) {
  const failedAt = verdict.ok ? -1 : CHECKS.findIndex((c) => c.codes.includes(verdict.code))
  return (
    <ol className="gx-verify-checks" aria-label="核验项目">
      {CHECKS.map((c, i) => {
        const state = verdict.ok || (failedAt >= 0 && i < failedAt) ? 'pass' : i === failedAt ? 'fail' : 'skip'
        return (
          <li key={c.key} className={`gx-verify-check gx-verify-${state}`} data-state={state}>
            {state === 'pass' ? (
              <CheckCircleFilled aria-hidden className="gx-verify-icon" />
            ) : state === 'fail' ? (
              <CloseCircleFilled aria-hidden className="gx-verify-icon" />
            ) : (
              <MinusCircleOutlined aria-hidden className="gx-verify-icon" />
            )}
            <span>{c.label}</span>
            <strong>{state === 'pass' ? '通过' : state === 'fail' ? '未通过' : '未检查'}</strong>
          </li>
        )
      })}
    </ol>
  )
}

function FileCheck() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<FileResult | null>(null)

  const check = async (file: File) => {
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      // the verifier (pdf-lib, Ed25519) loads only now; the keys are the platform's published ones
      const [core, keys, bytes] = await Promise.all([
        import('../../../src/modules/reports/verify/index.js'),
        api<PublishedKeys>('/.well-known/gongxin-keys.json', { notifyUnauthorized: false }),
        file.arrayBuffer(),
      ])
      setResult({ fileName: file.name, verdict: await core.verifyReportPdf(new Uint8Array(bytes), keys) })
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const verdict = result?.verdict
  return (
    <section className="gx-panel gx-verify-panel" aria-labelledby="gx-verify-file">
      <h2 className="gx-panel-title" id="gx-verify-file">
        文件核验
      </h2>
      <p className="gx-account-note">
        选择平台出具的报告 PDF
        文件，在本浏览器中用平台公布的公钥核验文件签名、报告内容签名和审计日志证明。文件不会上传到服务器。
      </p>
      <label className="gx-verify-upload">
        <span>报告 PDF 文件</span>
        <input
          type="file"
          accept=".pdf,application/pdf"
          aria-label="选择报告 PDF 文件"
          disabled={busy}
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) void check(f)
            e.target.value = ''
          }}
        />
      </label>
      <div aria-live="polite">
        {busy ? <p aria-busy="true">正在核验…</p> : null}
        {error ? <Alert type="error" showIcon role="alert" className="gx-account-error" title={error} /> : null}
        {result && verdict ? (
          <div className="gx-verify-result" data-testid="verify-file-result">
            {verdict.ok ? (
              <Alert
                type="success"
                showIcon
                title="验证通过"
                description={`${result.fileName}：报告 ${verdict.number}，出具于 ${formatInstant(verdict.issuedAt)}，签名密钥 ${verdict.keyId}；出具记录在 ${verdict.treeSize} 条事件的审计日志检查点中。文件自出具后未被改动。`}
              />
            ) : (
              <Alert
                type="error"
                showIcon
                title="验证未通过"
                description={
                  <>
                    <span data-testid="verify-reason">{verdict.reason}</span>
                    <br />
                    {result.fileName}：请向报告的提供方索取原件，或凭报告编号和核验码在线核验。
                  </>
                }
              />
            )}
            <CheckList verdict={verdict} />
          </div>
        ) : null}
      </div>
    </section>
  )
}

export default function VerifyPage() {
  const site = useSite()
  useDocumentTitle('报告核验', site.name)
  const [params] = useSearchParams()
  const number = (params.get('number') ?? '').trim()
  useEffect(() => {
    if (number) document.getElementById('gx-verify-online')?.scrollIntoView()
  }, [number])
  return (
    <div className="gx-container gx-page gx-verify">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / <Link to="/report">信用报告</Link> / 报告核验
      </nav>
      <h1 className="gx-page-title">报告核验</h1>
      <p>
        平台出具的信用报告可以两种方式核验：凭报告编号和核验码在线查看报告摘要和状态；或者上传报告 PDF
        文件，离线核验它的签名和出具记录，确认文件未被改动。
      </p>
      <div className="gx-verify-grid">
        <OnlineCheck initialNumber={number} />
        <FileCheck />
      </div>
    </div>
  )
}
