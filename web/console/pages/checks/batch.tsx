// 批量核查 (the small, synchronous form of 批量比对): upload a list of codes (CSV or XLSX), check every subject, show the summary and table, download XLSX.
import { useEffect, useMemo, useState } from 'react'
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Typography,
  Upload,
} from 'antd'
import type { TableColumnsType, UploadFile } from 'antd'
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { Link, useSearchParams } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf, scenarioLabels } from '../../../shared/labels.js'
import { Page } from '../../page.js'
import { OutcomeTag } from './parts.js'
import { useScenarioOptions } from './single.js'
import type { BatchResult, BatchResultItem } from './types.js'

const accept = '.csv,.xlsx,.txt'

function BatchSummary({ batch }: { batch: BatchResult }) {
  const figures: [string, string, number][] = [
    ['total', '主体数', batch.total],
    ['checked', '已核查', batch.checked],
    ['failed', '核查失败', batch.failed],
    ['punish', '失信惩戒', batch.outcomes.punish + batch.outcomes.both],
    ['reward', '守信激励', batch.outcomes.reward + batch.outcomes.both],
    ['none', '无适用措施', batch.outcomes.none],
  ]
  return (
    <Row gutter={[16, 16]} className="gx-block">
      {figures.map(([key, title, value]) => (
        <Col key={key} xs={12} md={4}>
          <Card size="small" data-testid={`batch-figure-${key}`}>
            <Statistic title={title} value={value} />
          </Card>
        </Col>
      ))}
    </Row>
  )
}

function ResultTable({ batch }: { batch: BatchResult }) {
  const columns: TableColumnsType<BatchResultItem> = [
    { title: '序号', key: 'index', width: 70, render: (_: unknown, row) => row.index + 1 },
    { title: '文件行号', dataIndex: 'row', key: 'row', width: 90, render: (v?: number) => v ?? '—' },
    { title: '输入代码', dataIndex: 'code', key: 'code', width: 200, render: (v: string | null) => v ?? '—' },
    { title: '输入名称', dataIndex: 'name', key: 'name', width: 200, render: (v: string | null) => v ?? '—' },
    {
      title: '匹配主体',
      key: 'subject',
      width: 240,
      render: (_: unknown, row) => row.subject?.name ?? '—',
    },
    {
      title: '核查结果',
      dataIndex: 'outcome',
      key: 'outcome',
      width: 120,
      render: (v: BatchResultItem['outcome']) => <OutcomeTag value={v} />,
    },
    {
      title: '命中措施 / 错误说明',
      key: 'detail',
      render: (_: unknown, row) =>
        row.error ? (
          <Typography.Text type="danger">{row.error.message}</Typography.Text>
        ) : row.hits.length || row.exclusions?.length ? (
          <Space orientation="vertical" size={2}>
            {row.hits.map((h) => (
              <span key={h.measure}>
                {h.nameZh}
                {h.underObjection ? <Typography.Text type="warning">（异议处理中）</Typography.Text> : null}
              </span>
            ))}
            {(row.exclusions ?? []).map((x) => (
              <Typography.Text key={x.measure} type="secondary">
                {`${x.nameZh}：不予适用（${x.excludedBy.map((e) => e.documentNo ?? '记录').join('、')}）`}
              </Typography.Text>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '核查编号',
      dataIndex: 'checkId',
      key: 'checkId',
      width: 200,
      render: (v: string | null, row) =>
        v ? (
          <Link to={`/checks/receipts/${v}`} title={`ID ${v}`}>
            <span className="gx-code">{row.number ?? '查看回执'}</span>
          </Link>
        ) : (
          '—'
        ),
    },
  ]
  return (
    <Table<BatchResultItem>
      rowKey="index"
      columns={columns}
      dataSource={batch.items}
      size="small"
      scroll={{ x: 1300 }}
      pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (total) => `共 ${total} 个主体` }}
      data-testid="batch-table"
    />
  )
}

interface FormValues {
  scenario: string
  purpose?: string
  allMeasures: boolean
}

export function CheckBatchPage() {
  const [form] = Form.useForm<FormValues>()
  const scenarioOptions = useScenarioOptions()
  const [params, setParams] = useSearchParams()
  const [file, setFile] = useState<File | null>(null)
  const [batch, setBatch] = useState<BatchResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const batchParam = params.get('batch')

  // ?batch=<id>: show a batch again (after a reload or from a link).
  useEffect(() => {
    if (!batchParam || batch?.batchId === batchParam) return
    const controller = new AbortController()
    api<BatchResult>(`/api/v1/checks/batch/${encodeURIComponent(batchParam)}`, { signal: controller.signal })
      .then(setBatch)
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(cause))
      })
    return () => controller.abort()
  }, [batchParam, batch?.batchId])

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
      body.set('scenario', v.scenario)
      if (v.purpose?.trim()) body.set('purpose', v.purpose.trim())
      body.set('allMeasures', v.allMeasures ? 'true' : 'false')
      body.set('file', file, file.name)
      const result = await api<BatchResult>('/api/v1/checks/batch/upload', { method: 'POST', body })
      setBatch(result)
      setParams({ batch: result.batchId }, { replace: true })
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page
      title="批量核查"
      description="上传 1,000 个以内的主体名单，按应用场景立即逐个核查应实施的奖惩措施并出具核查回执；结果可下载为 Excel，无法确定的主体在结果中逐行说明原因。更大的名单（最多 100,000 行，含红黑名单和严重失信记录）请使用「批量比对」。"
    >
      <Card className="gx-block" title="上传名单">
        <Form<FormValues>
          form={form}
          layout="vertical"
          name="check-batch"
          initialValues={{ allMeasures: false }}
          onFinish={(v) => void submit(v)}
          disabled={busy}
        >
          <Upload.Dragger
            accept={accept}
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
              CSV（UTF-8 或 GBK）或 Excel（.xlsx），每行一个主体，最多 1000
              行：一列「统一社会信用代码」（也可以是组织机构代码、注册号等其他代码，表头写「代码」），可另有一列「主体名称」。
            </p>
          </Upload.Dragger>
          <Space wrap size="large" align="start" style={{ marginTop: 16 }}>
            <Form.Item label="应用场景" name="scenario" rules={[{ required: true, message: '请选择应用场景' }]}>
              <Select options={scenarioOptions} placeholder="请选择" style={{ width: 260 }} />
            </Form.Item>
            <Form.Item label="查询用途" name="purpose" rules={[{ max: 200 }]}>
              <Input placeholder="如：2026 年度政府采购供应商审查" style={{ width: 360 }} />
            </Form.Item>
          </Space>
          <Form.Item>
            <Space align="center">
              <Form.Item name="allMeasures" valuePropName="checked" noStyle>
                <Switch id="batch-all-measures" />
              </Form.Item>
              <label htmlFor="batch-all-measures">显示全部部门的措施（默认只显示本部门实施的措施）</label>
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined aria-hidden />} loading={busy}>
            开始比对
          </Button>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" data-testid="batch-error" /> : null}
      {batch ? (
        <Card
          className="gx-block"
          data-testid="batch-result"
          title={`比对结果：${batch.fileName ?? '接口提交'}`}
          extra={
            <Button
              icon={<DownloadOutlined aria-hidden />}
              href={`/api/v1/checks/batch/${batch.batchId}/result.xlsx`}
              download
            >
              下载结果（Excel）
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">
            {`${formatInstant(batch.at)}，场景「${labelOf(scenarioLabels, batch.scenario)}」，${batch.allMeasures ? '全部部门的措施' : '本部门实施的措施'}。批次编号 ${batch.batchId}。`}
          </Typography.Paragraph>
          <BatchSummary batch={batch} />
          <ResultTable batch={batch} />
        </Card>
      ) : null}
    </Page>
  )
}
