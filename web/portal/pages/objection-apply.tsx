// 「提出异议」: a signed-in subject objects to one of its own records - reason, evidence files, contact - and gets the
// case number and its deadlines; the case is then followed in 「我的办件」.
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { Alert, Button, Form, Input, Upload } from 'antd'
import type { UploadFile } from 'antd'
import { api, errorMessage, getCsrfToken } from '../../shared/api.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'
import { SubjectSignIn, useSubjectSession } from '../subject-session.js'

interface Filed {
  id: string
  number: string
  stateLabel: string
  deadlines: Record<string, { label: string; dueOn: string; provisional: boolean }>
}

interface UploadedFile {
  id: string
  name: string
}

async function uploadEvidence(file: File): Promise<UploadedFile> {
  const form = new FormData()
  form.append('file', file, file.name)
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = getCsrfToken()
  if (token) headers['X-CSRF-Token'] = token
  const res = await fetch('/api/v1/files', { method: 'POST', body: form, headers, credentials: 'same-origin' })
  const body = (await res.json().catch(() => undefined)) as { id?: string; error?: { message?: string } } | undefined
  if (res.status === 404) throw new Error('证明材料上传服务暂未开放，请先提交异议，材料可到信用服务窗口补交。')
  if (!res.ok || !body?.id) throw new Error(body?.error?.message ?? `上传失败（${res.status}）`)
  return { id: body.id, name: file.name }
}

export default function ObjectionApplyPage() {
  const site = useSite()
  useDocumentTitle('提出异议', site.name)
  const [params] = useSearchParams()
  const { session, signedIn } = useSubjectSession()
  const [files, setFiles] = useState<UploadFile<UploadedFile>[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [filed, setFiled] = useState<Filed | null>(null)
  const submit = async (values: { recordId: string; reason: string; contact?: string }) => {
    setBusy(true)
    setError(null)
    try {
      const evidence = files.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response?.id as string)
      setFiled(
        await api<Filed>('/api/v1/objections', {
          method: 'POST',
          body: {
            recordId: values.recordId.trim(),
            reason: values.reason,
            evidence,
            ...(values.contact ? { contact: values.contact } : {}),
          },
        }),
      )
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="gx-container gx-page">
      <h1 className="gx-page-title">提出异议</h1>
      <p className="gx-muted">
        认为平台公示或共享的本单位（本人）信用信息有误的，可以提出异议。信用办在 2
        个工作日内审查是否受理，受理后该信息标注「异议处理中」，并转提供单位在 10 个工作日内核实，结果通知您。
      </p>
      {session.status === 'loading' ? <div className="gx-loading" aria-busy="true" /> : null}
      {session.status === 'anonymous' ? <SubjectSignIn onSignedIn={signedIn} /> : null}
      {session.status === 'signed_in' && filed ? (
        <section className="gx-panel" aria-live="polite">
          <h2 className="gx-panel-title">异议已提交</h2>
          <p>
            办件编号 <strong>{filed.number}</strong>，当前状态：{filed.stateLabel}。
          </p>
          <ul>
            {Object.entries(filed.deadlines).map(([code, d]) => (
              <li key={code}>
                {d.label}：{d.dueOn} 前{d.provisional ? '（暂按周末计算）' : ''}
              </li>
            ))}
          </ul>
          <Link to="/my/cases">查看我的办件</Link>
        </section>
      ) : null}
      {session.status === 'signed_in' && !filed ? (
        <section className="gx-panel" aria-labelledby="gx-objection-form">
          <h2 id="gx-objection-form" className="gx-panel-title">
            异议申请
          </h2>
          {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
          <Form
            layout="vertical"
            name="objection"
            initialValues={{ recordId: params.get('record') ?? '' }}
            onFinish={(v) => void submit(v)}
            style={{ maxWidth: 640 }}
          >
            <Form.Item
              name="recordId"
              label="信用记录编号"
              rules={[{ required: true, message: '请填写要提出异议的记录编号' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="reason"
              label="异议理由"
              rules={[
                { required: true, whitespace: true, message: '请填写异议理由' },
                { min: 5, message: '异议理由至少 5 个字' },
              ]}
            >
              <Input.TextArea rows={5} maxLength={2000} showCount placeholder="请说明哪项信息有误、正确的情况是什么" />
            </Form.Item>
            <Form.Item label="证明材料（PDF、JPEG、PNG）">
              <Upload<UploadedFile>
                fileList={files}
                accept=".pdf,.jpg,.jpeg,.png"
                customRequest={({ file, onSuccess, onError }) => {
                  uploadEvidence(file as File)
                    .then((r) => onSuccess?.(r))
                    .catch((e: Error) => onError?.(e))
                }}
                onChange={({ fileList }) => setFiles(fileList)}
              >
                <Button>选择文件</Button>
              </Upload>
            </Form.Item>
            <Form.Item name="contact" label="联系方式（仅办理人员可见）">
              <Input maxLength={200} placeholder="联系人及电话" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              提交异议
            </Button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
