// 信用举报 (POST /api/v1/public/tips, anonymous allowed) and 举报查询 (GET /api/v1/public/tips/:number?code=): the
// form shows the number and the query code once, with the warning to keep them; the lookup shows the status only.
import { useEffect, useState } from 'react'
import { Alert, Button, Checkbox, Form, Input, Result, Select, Typography } from 'antd'
import { Link, useSearchParams } from 'react-router-dom'
import { api, errorMessage } from '../../shared/api.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'

interface Category {
  code: string
  nameZh: string
}

interface TipValues {
  category: string
  entityName?: string
  entityUscc?: string
  content: string
  contactName?: string
  contactPhone?: string
  contactEmail?: string
  wantsReward?: boolean
}

interface Filed {
  number: string
  queryCode: string
}

interface TipStatus {
  number: string
  state: string
  stateLabel: string
  updatedOn: string
}

const trimmed = (v: string | undefined) => (v ?? '').trim()

interface Uploaded {
  id: string
  name: string
  size: number
  uploadToken?: string
}

const MAX_FILES = 10

/** Evidence files: each uploaded at once (POST /api/v1/files); anonymous uploads share one upload token. */
function EvidencePicker({
  files,
  token,
  onAdd,
  onRemove,
}: {
  files: readonly Uploaded[]
  token: string | null
  onAdd(file: Uploaded): void
  onRemove(id: string): void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const pick = async (list: FileList | null) => {
    if (!list) return
    setError(null)
    setBusy(true)
    let current = token
    try {
      for (const f of Array.from(list).slice(0, MAX_FILES - files.length)) {
        const form = new FormData()
        if (current) form.append('uploadToken', current)
        form.append('file', f, f.name)
        const stored = await api<Uploaded>('/api/v1/files', { method: 'POST', body: form })
        current = stored.uploadToken ?? current
        onAdd({ ...stored, ...(current ? { uploadToken: current } : {}) })
      }
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="gx-tip-evidence">
      <label htmlFor="gx-tip-files" className="gx-tip-evidence-label">
        证据材料（选填；PDF、JPG、PNG，每个不超过 10 MB，最多 {MAX_FILES} 个）
      </label>
      <input
        id="gx-tip-files"
        type="file"
        multiple
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        disabled={busy || files.length >= MAX_FILES}
        onChange={(e) => {
          void pick(e.target.files)
          e.target.value = ''
        }}
      />
      {busy ? <span className="gx-muted"> 正在上传…</span> : null}
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      {files.length ? (
        <ul className="gx-tip-files">
          {files.map((f) => (
            <li key={f.id}>
              {f.name}
              <Button type="link" size="small" onClick={() => onRemove(f.id)} aria-label={`移除 ${f.name}`}>
                移除
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function Filed({ filed, onAgain }: { filed: Filed; onAgain(): void }) {
  return (
    <Result
      status="success"
      title="举报已提交"
      subTitle="请立即记下或截图保存下面的举报编号和查询码：查询码只显示这一次，平台不保存查询码原文，遗失后无法找回。"
      extra={[
        <Link key="status" to={`/tips/status?number=${encodeURIComponent(filed.number)}`}>
          查询办理进度
        </Link>,
        <Button key="again" onClick={onAgain}>
          再提交一件举报
        </Button>,
      ]}
    >
      <dl className="gx-fields gx-tip-codes" data-testid="tip-filed">
        <div>
          <dt>举报编号</dt>
          <dd>
            <Typography.Text copyable strong data-testid="tip-number">
              {filed.number}
            </Typography.Text>
          </dd>
        </div>
        <div>
          <dt>查询码</dt>
          <dd>
            <Typography.Text copyable strong code data-testid="tip-code">
              {filed.queryCode}
            </Typography.Text>
          </dd>
        </div>
      </dl>
      <Alert
        type="warning"
        showIcon
        title="查询码只显示这一次"
        description="凭举报编号和查询码可以查询办理状态。查询码相当于密码，请勿告诉他人。"
      />
    </Result>
  )
}

export function TipFormPage() {
  const site = useSite()
  useDocumentTitle('信用举报', site.name)
  const [form] = Form.useForm<TipValues>()
  const [categories, setCategories] = useState<Category[]>([])
  const [loadError, setLoadError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [filed, setFiled] = useState<Filed | null>(null)
  const [files, setFiles] = useState<Uploaded[]>([])
  const token = files.find((f) => f.uploadToken)?.uploadToken ?? null
  const wantsReward = Form.useWatch('wantsReward', form)

  useEffect(() => {
    const controller = new AbortController()
    api<{ items: Category[] }>('/api/v1/public/tips/categories', { signal: controller.signal })
      .then((r) => setCategories(r.items))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setLoadError(errorMessage(e))
      })
    return () => controller.abort()
  }, [])

  const submit = async (v: TipValues) => {
    setBusy(true)
    setError(null)
    const contact = {
      name: trimmed(v.contactName),
      phone: trimmed(v.contactPhone),
      email: trimmed(v.contactEmail),
    }
    const hasContact = Boolean(contact.name || contact.phone || contact.email)
    try {
      const answer = await api<Filed>('/api/v1/public/tips', {
        method: 'POST',
        body: {
          category: v.category,
          content: v.content,
          ...(trimmed(v.entityName) ? { entityName: trimmed(v.entityName) } : {}),
          ...(trimmed(v.entityUscc) ? { entityUscc: trimmed(v.entityUscc) } : {}),
          ...(hasContact ? { contact } : {}),
          wantsReward: v.wantsReward === true,
          ...(files.length ? { evidence: files.map((f) => f.id) } : {}),
          ...(files.length && token ? { uploadToken: token } : {}),
        },
      })
      setFiled(answer)
      setFiles([])
      form.resetFields()
      window.scrollTo({ top: 0 })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="gx-container gx-page gx-tip-page">
      <h1 className="gx-page-title">信用举报</h1>
      {filed ? (
        <Filed filed={filed} onAgain={() => setFiled(null)} />
      ) : (
        <>
          <p>
            发现企业或个人有失信行为，可以在这里举报，可以匿名。信用办将举报转交主管部门核查，查证属实的可按规定给予奖励（须留联系方式）。
            举报人联系方式加密保存，只有承办部门可见。已提交的举报可以在<Link to="/tips/status">举报查询</Link>
            查看进度。
          </p>
          {loadError ? (
            <Alert type="error" showIcon title={`无法加载举报类别：${loadError}`} className="gx-block" />
          ) : null}
          {error ? <Alert type="error" showIcon title={error} className="gx-block" role="alert" /> : null}
          <Form<TipValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} className="gx-tip-form">
            <Form.Item name="category" label="举报类别" rules={[{ required: true, message: '请选择举报类别' }]}>
              <Select
                placeholder="请选择"
                options={categories.map((c) => ({ value: c.code, label: c.nameZh }))}
                aria-label="举报类别"
              />
            </Form.Item>
            <Form.Item name="entityName" label="被举报的企业或个人名称（选填）">
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              name="entityUscc"
              label="统一社会信用代码（选填）"
              rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/i, message: '统一社会信用代码为 18 位，不清楚可不填' }]}
            >
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item
              name="content"
              label="举报内容"
              extra="请写明谁、在何时何地、有什么失信行为，以及您是如何知道的。"
              rules={[
                { required: true, whitespace: true, message: '请填写举报内容' },
                { min: 10, message: '举报内容至少 10 个字' },
              ]}
            >
              <Input.TextArea rows={6} maxLength={5000} showCount />
            </Form.Item>
            <EvidencePicker
              files={files}
              token={token}
              onAdd={(f) => setFiles((list) => [...list, f])}
              onRemove={(id) => setFiles((list) => list.filter((f) => f.id !== id))}
            />
            <fieldset className="gx-tip-contact">
              <legend>联系方式（选填；申请奖励时必填电话或邮箱）</legend>
              <Form.Item name="contactName" label="姓名">
                <Input maxLength={50} autoComplete="name" />
              </Form.Item>
              <Form.Item
                name="contactPhone"
                label="联系电话"
                rules={[
                  { pattern: /^\+?[0-9][0-9 -]{4,19}$/, message: '请填写正确的电话号码' },
                  ({ getFieldValue }) => ({
                    validator: (_r, value: string | undefined) =>
                      getFieldValue('wantsReward') && !trimmed(value) && !trimmed(getFieldValue('contactEmail'))
                        ? Promise.reject(new Error('申请奖励须留联系电话或电子邮箱'))
                        : Promise.resolve(),
                  }),
                ]}
                dependencies={['wantsReward', 'contactEmail']}
              >
                <Input maxLength={20} inputMode="tel" autoComplete="tel" />
              </Form.Item>
              <Form.Item
                name="contactEmail"
                label="电子邮箱"
                rules={[{ type: 'email', message: '请填写正确的电子邮箱' }]}
              >
                <Input maxLength={254} autoComplete="email" />
              </Form.Item>
              <Form.Item name="wantsReward" valuePropName="checked">
                <Checkbox>申请举报奖励{wantsReward ? '（查证属实后承办部门将与您联系）' : ''}</Checkbox>
              </Form.Item>
            </fieldset>
            <Button type="primary" htmlType="submit" loading={busy}>
              提交举报
            </Button>
          </Form>
        </>
      )}
    </div>
  )
}

export function TipStatusPage() {
  const site = useSite()
  useDocumentTitle('举报查询', site.name)
  const [params] = useSearchParams()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<TipStatus | null>(null)

  const lookup = async (v: { number: string; code: string }) => {
    setBusy(true)
    setError(null)
    setStatus(null)
    try {
      setStatus(
        await api<TipStatus>(`/api/v1/public/tips/${encodeURIComponent(trimmed(v.number))}`, {
          query: { code: trimmed(v.code) },
        }),
      )
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="gx-container gx-page gx-tip-page">
      <h1 className="gx-page-title">举报查询</h1>
      <p>
        输入提交举报时得到的举报编号和查询码，查看办理状态。为保护举报人和被举报人，这里只显示办理状态和日期。还没有举报？
        <Link to="/tips">提交举报</Link>
      </p>
      <Form
        layout="vertical"
        onFinish={(v) => void lookup(v)}
        initialValues={{ number: params.get('number') ?? '' }}
        className="gx-tip-form"
      >
        <Form.Item
          name="number"
          label="举报编号"
          rules={[{ required: true, whitespace: true, message: '请填写举报编号' }]}
        >
          <Input maxLength={32} placeholder="JB2026000001" />
        </Form.Item>
        <Form.Item name="code" label="查询码" rules={[{ required: true, whitespace: true, message: '请填写查询码' }]}>
          <Input maxLength={32} placeholder="XXXX-XXXX-XXXX" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          查询
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon title={error} className="gx-block gx-tip-result" role="alert" /> : null}
      {status ? (
        <section className="gx-panel gx-tip-result" aria-live="polite" data-testid="tip-status">
          <dl className="gx-fields">
            <div>
              <dt>举报编号</dt>
              <dd>{status.number}</dd>
            </div>
            <div>
              <dt>办理状态</dt>
              <dd>
                <strong>{status.stateLabel}</strong>
              </dd>
            </div>
            <div>
              <dt>更新日期</dt>
              <dd>{status.updatedOn}</dd>
            </div>
          </dl>
        </section>
      ) : null}
    </div>
  )
}

export default TipFormPage
