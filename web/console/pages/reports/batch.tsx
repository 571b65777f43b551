// 批量出具: upload a list of subjects (CSV or XLSX, up to 500), the reports are issued in the background while this
// page polls the progress (POST /api/v1/reports/batch, GET .../batch/:id); the finished batch downloads as one zip.
// ?batch=<id> keeps the batch across a reload (the server keeps it 24 hours).
import { useEffect, useMemo, useState } from 'react'
import { Alert, Button, Card, Form, Input, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd'
import type { TableColumnsType, UploadFile } from 'antd'
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { useSearchParams } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { Page } from '../../page.js'
import { pdfHref, useDepartmentKinds } from './shared.js'
import type { ReportBatchItem, ReportBatchJson } from './types.js'

const stateTags: Record<string, { label: string; color: string }> = {
  pending: { label: '待出具', color: 'default' },
  issued: { label: '已出具', color: 'green' },
  failed: { label: '未出具', color: 'red' },
}

interface FormValues {
  kind: string
  purpose?: string
}

export function ReportBatchPage() {
  const [form] = Form.useForm<FormValues>()
  const { kinds } = useDepartmentKinds()
  const [params, setParams] = useSearchParams()
  const [file, setFile] = useState<File | null>(null)
  const [batch, setBatch] = useState<ReportBatchJson | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const batchId = params.get('batch')
  const kind = Form.useWatch('kind', form)
  const purposeNeeded = !kinds.find((k) => k.code === kind)?.recipients.includes('public')

  // poll the batch named in the URL until it is finished
  const running = batch?.id === batchId && batch?.state === 'finished' ? false : !!batchId
  useEffect(() => {
    if (!batchId || !running) return
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        const b = await api<ReportBatchJson>(`/api/v1/reports/batch/${encodeURIComponent(batchId)}`)
        if (stop) return
        setBatch(b)
        if (b.state !== 'finished') timer = setTimeout(() => void tick(), 1000)
      } catch (cause) {
        if (!stop) setError(errorMessage(cause))
      }
    }
    void tick()
    return () => {
      stop = true
      if (timer) clearTimeout(timer)
    }
  }, [batchId, running])

  const fileList: UploadFile[] = useMemo(
    () => (file ? [{ uid: 'selected', name: file.name, size: file.size, status: 'done' }] : []),
    [file],
  )

  const submit = async (v: FormValues) => {
    if (!file) {
      setError('请先选择主体名单文件（CSV 或 XLSX）。')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const body = new FormData()
      body.set('kind', v.kind)
      if (v.purpose?.trim()) body.set('purpose', v.purpose.trim())
      body.set('file', file, file.name)
      const started = await api<ReportBatchJson>('/api/v1/reports/batch', { method: 'POST', body })
      setBatch(started)
      setParams({ batch: started.id }, { replace: true })
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<ReportBatchItem> = [
    { title: '序号', key: 'index', width: 70, render: (_: unknown, r) => r.index + 1 },
    { title: '文件行号', dataIndex: 'row', width: 90, render: (v: number | null) => v ?? '—' },
    { title: '代码', dataIndex: 'code', width: 200, render: (v: string | null) => v ?? '—' },
    { title: '名称', dataIndex: 'name', width: 200, render: (v: string | null) => v ?? '—' },
    {
      title: '结果',
      dataIndex: 'state',
      width: 90,
      render: (v: string) => <Tag color={stateTags[v]?.color}>{stateTags[v]?.label ?? v}</Tag>,
    },
    {
      title: '报告编号 / 说明',
      key: 'detail',
      render: (_: unknown, r) =>
        r.number ? (
          <a href={pdfHref(r.number)} download>
            {r.number}
          </a>
        ) : r.error ? (
          <Typography.Text type="danger">{r.error.message}</Typography.Text>
        ) : (
          '—'
        ),
    },
  ]

  const percent = batch && batch.total > 0 ? Math.floor((batch.done / batch.total) * 100) : 0
  return (
    <Page
      title="批量出具"
      description="上传主体名单，为每个主体出具同一种信用报告；后台逐个出具，可离开本页稍后回来查看（任务保留 24 小时）。完成后可下载全部报告的压缩包。"
    >
      <Card className="gx-block" title="上传名单">
        <Form<FormValues>
          form={form}
          layout="vertical"
          name="report-batch"
          initialValues={{ kind: 'public_overview' }}
          onFinish={(v) => void submit(v)}
          disabled={busy || (!!batch && batch.state === 'running')}
        >
          <Upload.Dragger
            accept=".csv,.xlsx,.txt"
            multiple={false}
            maxCount={1}
            fileList={fileList}
            beforeUpload={(f) => {
              setFile(f)
              return false
            }}
            onRemove={() => {
              setFile(null)
              return true
            }}
            aria-label="选择主体名单文件"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined aria-hidden />
            </p>
            <p className="ant-upload-text">点击或将名单文件拖到此处</p>
            <p className="ant-upload-hint">
              CSV（UTF-8 或 GBK）或 Excel（.xlsx），每行一个主体，最多 500
              行：一列「统一社会信用代码」（也可以是其他代码，表头写「代码」），可另有一列「主体名称」。
            </p>
          </Upload.Dragger>
          <Space wrap size="large" align="start" style={{ marginTop: 16 }}>
            <Form.Item label="报告种类" name="kind" rules={[{ required: true, message: '请选择报告种类' }]}>
              <Select
                aria-label="报告种类"
                options={kinds.map((k) => ({ value: k.code, label: k.nameZh }))}
                style={{ width: 240 }}
              />
            </Form.Item>
            <Form.Item
              label="查询用途"
              name="purpose"
              rules={[{ required: purposeNeeded, whitespace: true, message: '请说明用途' }, { max: 400 }]}
            >
              <Input placeholder="如：2026 年度政府采购供应商审查" style={{ width: 360 }} />
            </Form.Item>
          </Space>
          <div>
            <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined aria-hidden />} loading={busy}>
              开始出具
            </Button>
          </div>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      {batch ? (
        <Card
          className="gx-block"
          data-testid="report-batch"
          title={`${batch.kindLabel}：${batch.fileName}`}
          extra={
            <Button
              type="primary"
              icon={<DownloadOutlined aria-hidden />}
              href={`/api/v1/reports/batch/${encodeURIComponent(batch.id)}/zip`}
              disabled={batch.state !== 'finished' || batch.issued === 0}
              download
            >
              下载全部报告（zip）
            </Button>
          }
        >
          <div aria-live="polite">
            <Progress percent={percent} status={batch.state === 'finished' ? 'success' : 'active'} />
            <p data-testid="report-batch-progress">
              {batch.state === 'finished'
                ? `已完成：共 ${batch.total} 个主体，出具 ${batch.issued} 份，未出具 ${batch.failed} 个。`
                : `正在出具：已处理 ${batch.done} / ${batch.total}。`}
            </p>
          </div>
          <Typography.Paragraph type="secondary">
            {`提交于 ${formatInstant(batch.createdAt)}${batch.purpose ? `，用途「${batch.purpose}」` : ''}。任务编号 ${batch.id}。`}
          </Typography.Paragraph>
          <Table<ReportBatchItem>
            rowKey="index"
            columns={columns}
            dataSource={batch.items}
            size="small"
            scroll={{ x: 1000 }}
            pagination={{ defaultPageSize: 50, showTotal: (total) => `共 ${total} 个主体` }}
          />
        </Card>
      ) : null}
    </Page>
  )
}
