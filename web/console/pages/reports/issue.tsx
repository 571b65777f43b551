// 出具报告: a department (or the credit office) issues a report on a subject for a stated purpose
// (POST /api/v1/reports); the answer gives the number, the verify code and the PDF.
import { useState } from 'react'
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space } from 'antd'
import { DownloadOutlined, FileDoneOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { Page } from '../../page.js'
import { pdfHref, useDepartmentKinds } from './shared.js'
import type { IssuedJson } from './types.js'

type SubjectBy = 'uscc' | 'code' | 'idNumber' | 'entityId'

const subjectOptions: { value: SubjectBy; label: string }[] = [
  { value: 'uscc', label: '统一社会信用代码' },
  { value: 'code', label: '组织机构代码或注册号' },
  { value: 'idNumber', label: '身份证号码' },
  { value: 'entityId', label: '主体编号' },
]

interface FormValues {
  by: SubjectBy
  value: string
  kind: string
  purpose?: string
}

export function ReportIssuePage() {
  const [form] = Form.useForm<FormValues>()
  const { kinds, error: kindsError } = useDepartmentKinds()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [issued, setIssued] = useState<(IssuedJson & { kindLabel: string }) | null>(null)
  const kind = Form.useWatch('kind', form)
  const template = kinds.find((k) => k.code === kind)
  const purposeNeeded = !!template && !template.recipients.includes('public')

  const submit = async (v: FormValues) => {
    setBusy(true)
    setError(null)
    setIssued(null)
    try {
      const r = await api<IssuedJson>('/api/v1/reports', {
        method: 'POST',
        body: {
          subject: { [v.by]: v.value.trim() },
          kind: v.kind,
          ...(v.purpose?.trim() ? { purpose: v.purpose.trim() } : {}),
        },
      })
      setIssued({ ...r, kindLabel: template?.nameZh ?? v.kind })
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page
      title="出具报告"
      description="为信用主体出具信用报告。完整、专项、个人和场景报告须说明用途；每次出具都记入审计日志和主体的查询记录。"
    >
      <Card className="gx-block">
        <Form<FormValues>
          form={form}
          name="report-issue"
          layout="vertical"
          initialValues={{ by: 'uscc', kind: 'full' }}
          onFinish={(v) => void submit(v)}
          disabled={busy}
          style={{ maxWidth: 640 }}
        >
          <Form.Item label="主体">
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="by" noStyle>
                <Select options={subjectOptions} style={{ width: 200 }} aria-label="主体标识类型" />
              </Form.Item>
              <Form.Item
                name="value"
                noStyle
                rules={[{ required: true, whitespace: true, message: '请填写主体的代码或编号' }]}
              >
                <Input aria-label="主体代码" placeholder="如 91120116MA05XXXXXX" maxLength={40} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
          <Form.Item label="报告种类" name="kind" rules={[{ required: true, message: '请选择报告种类' }]}>
            <Select options={kinds.map((k) => ({ value: k.code, label: k.nameZh }))} aria-label="报告种类" />
          </Form.Item>
          {template ? (
            <Alert type="info" className="gx-block" title={template.description} />
          ) : kindsError ? (
            <Alert type="error" className="gx-block" title={kindsError} />
          ) : null}
          <Form.Item
            label="查询用途"
            name="purpose"
            rules={[
              { required: purposeNeeded, whitespace: true, message: '请说明用途，如：政府采购供应商资格审查' },
              { max: 400 },
            ]}
            extra={
              purposeNeeded ? '用途记入审计日志，主体在「查询记录」中可以看到。' : '公共信用信息概况不需要说明用途。'
            }
          >
            <Input placeholder="如：政府采购供应商资格审查" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<FileDoneOutlined aria-hidden />} loading={busy}>
            出具
          </Button>
        </Form>
      </Card>
      <div aria-live="polite">
        {error ? (
          <Alert type="error" showIcon title={error} className="gx-block" data-testid="report-issue-error" />
        ) : null}
        {issued ? (
          <Card
            className="gx-block"
            title={`已出具：${issued.kindLabel}`}
            data-testid="report-issued"
            extra={
              <Button type="primary" icon={<DownloadOutlined aria-hidden />} href={pdfHref(issued.number)} download>
                下载 PDF
              </Button>
            }
          >
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'number', label: '报告编号', children: issued.number },
                { key: 'code', label: '核验码', children: issued.verifyCode },
                { key: 'valid', label: '有效期至', children: issued.validUntil },
              ]}
            />
            <p>
              <Link to="/reports/list">在已出具报告中查看</Link>
            </p>
          </Card>
        ) : null}
      </div>
    </Page>
  )
}
