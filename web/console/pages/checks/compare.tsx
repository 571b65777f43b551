// 批量比对: upload a list of names and codes (up to 100,000 rows), follow its comparison in the background (progress
// bar, outcome counts), download the result workbook; the department's earlier comparisons below.
import { useCallback, useEffect, useMemo, useState } from 'react'
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Upload,
} from 'antd'
import type { TableColumnsType, UploadFile } from 'antd'
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { useSearchParams } from 'react-router-dom'
import type { ComparisonJson } from '../../../../src/modules/compare/index.js'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf, scenarioLabels } from '../../../shared/labels.js'
import { Page } from '../../page.js'
import { useScenarioOptions } from './single.js'

const accept = '.csv,.xlsx,.txt'
const POLL_MS = 1000

const STATUS: Record<string, { label: string; color: string }> = {
  queued: { label: '排队中', color: 'default' },
  running: { label: '比对中', color: 'processing' },
  done: { label: '已完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
}

function StatusTag({ c }: { c: ComparisonJson }) {
  const s = STATUS[c.status] ?? { label: c.status, color: 'default' }
  return <Tag color={c.interrupted ? 'warning' : s.color}>{c.interrupted ? '已中断，等待继续' : s.label}</Tag>
}

const percentOf = (c: ComparisonJson) => (c.total ? Math.floor((c.processed / c.total) * 100) : 0)

function ComparisonProgress({ c }: { c: ComparisonJson }) {
  const figures: [string, string, number][] = [
    ['total', '总行数', c.total],
    ['hit', '匹配命中', c.outcomes.hit],
    ['noHit', '匹配无命中', c.outcomes.noHit],
    ['ambiguous', '多个候选', c.outcomes.ambiguous],
    ['unresolved', '未匹配', c.outcomes.unresolved],
  ]
  return (
    <>
      <Progress
        percent={percentOf(c)}
        status={c.status === 'failed' ? 'exception' : c.status === 'done' ? 'success' : 'active'}
        format={() => `${c.processed.toLocaleString('zh-CN')} / ${c.total.toLocaleString('zh-CN')} 行`}
        aria-label="比对进度"
        data-testid="compare-progress"
      />
      <Row gutter={[16, 16]} className="gx-block" style={{ marginTop: 16 }}>
        {figures.map(([key, title, value]) => (
          <Col key={key} xs={12} md={4}>
            <Card size="small" data-testid={`compare-figure-${key}`}>
              <Statistic title={title} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      {c.error ? <Alert type="error" showIcon title={`比对失败：${c.error}`} /> : null}
    </>
  )
}

interface FormValues {
  scenario?: string
  purpose: string
  allMeasures: boolean
}

export function ComparePage() {
  const [form] = Form.useForm<FormValues>()
  const scenarioOptions = useScenarioOptions()
  const [params, setParams] = useSearchParams()
  const [file, setFile] = useState<File | null>(null)
  const [current, setCurrent] = useState<ComparisonJson | null>(null)
  const [list, setList] = useState<ComparisonJson[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = params.get('id')

  const loadList = useCallback(async () => {
    try {
      setList((await api<{ items: ComparisonJson[] }>('/api/v1/compare?pageSize=20')).items)
    } catch (cause) {
      setError(errorMessage(cause))
    }
  }, [])
  useEffect(() => {
    void loadList()
  }, [loadList])

  // ?id=<comparison>: follow it until it is done or failed (polling its progress)
  useEffect(() => {
    if (!id) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const c = await api<ComparisonJson>(`/api/v1/compare/${encodeURIComponent(id)}`)
        if (stopped) return
        setCurrent(c)
        if (c.status === 'done' || c.status === 'failed') void loadList()
        else timer = setTimeout(() => void poll(), POLL_MS)
      } catch (cause) {
        if (!stopped) setError(errorMessage(cause))
      }
    }
    void poll()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [id, loadList])

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
      if (v.scenario) body.set('scenario', v.scenario)
      body.set('purpose', v.purpose.trim())
      body.set('allMeasures', v.allMeasures ? 'true' : 'false')
      body.set('file', file, file.name)
      const c = await api<ComparisonJson>('/api/v1/compare', { method: 'POST', body })
      setCurrent(c)
      setParams({ id: c.id }, { replace: true })
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<ComparisonJson> = [
    {
      title: '提交时间',
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      render: (v: string) => formatInstant(v),
    },
    { title: '文件', dataIndex: 'fileName', key: 'fileName', render: (v: string | null) => v ?? '—' },
    {
      title: '应用场景',
      dataIndex: 'scenario',
      key: 'scenario',
      width: 140,
      render: (v: string | null) => (v ? labelOf(scenarioLabels, v) : '—'),
    },
    { title: '状态', key: 'status', width: 140, render: (_: unknown, c) => <StatusTag c={c} /> },
    {
      title: '进度',
      key: 'progress',
      width: 160,
      render: (_: unknown, c) => `${c.processed.toLocaleString('zh-CN')} / ${c.total.toLocaleString('zh-CN')}`,
    },
    {
      title: '命中',
      key: 'hit',
      width: 80,
      render: (_: unknown, c) => c.outcomes.hit,
    },
    {
      title: '操作',
      key: 'actions',
      width: 180,
      render: (_: unknown, c) => (
        <Space>
          <Button size="small" type="link" onClick={() => setParams({ id: c.id }, { replace: true })}>
            查看
          </Button>
          {c.status === 'done' ? (
            <Button size="small" type="link" href={`/api/v1/compare/${c.id}/result.xlsx`} download>
              下载
            </Button>
          ) : null}
        </Space>
      ),
    },
  ]

  return (
    <Page
      title="批量比对"
      description="上传主体名单（最多 100,000 行），后台逐行匹配主体，并比对红黑名单、严重失信记录和所选应用场景的奖惩措施；完成后下载结果（Excel，按匹配命中、匹配无命中、多个候选、未匹配分表）。"
    >
      <Card className="gx-block" title="上传名单">
        <Form<FormValues>
          form={form}
          layout="vertical"
          name="compare"
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
              CSV（UTF-8 或 GBK）或 Excel（.xlsx），每行一个主体，最多 100,000
              行：一列「统一社会信用代码」（也可以是身份证件号码、组织机构代码等，表头写「代码」）和/或一列「主体名称」。
            </p>
          </Upload.Dragger>
          <Space wrap size="large" align="start" style={{ marginTop: 16 }}>
            <Form.Item
              label="查询用途"
              name="purpose"
              rules={[
                { required: true, whitespace: true, message: '请填写查询用途（记入被比对主体的查询记录）' },
                { min: 2, max: 200 },
              ]}
            >
              <Input placeholder="如：2026 年度政府采购供应商审查" style={{ width: 360 }} />
            </Form.Item>
            <Form.Item label="应用场景" name="scenario" extra="可不选：不选时只比对红黑名单和严重失信记录">
              <Select options={scenarioOptions} placeholder="不比对措施" allowClear style={{ width: 260 }} />
            </Form.Item>
          </Space>
          <Form.Item>
            <Space align="center">
              <Form.Item name="allMeasures" valuePropName="checked" noStyle>
                <Switch id="compare-all-measures" />
              </Form.Item>
              <label htmlFor="compare-all-measures">比对全部部门的措施（默认只比对本部门实施的措施）</label>
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined aria-hidden />} loading={busy}>
            开始比对
          </Button>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" data-testid="compare-error" /> : null}
      {current ? (
        <Card
          className="gx-block"
          data-testid="compare-current"
          title={
            <Space>
              {`比对任务：${current.fileName ?? current.id}`}
              <StatusTag c={current} />
            </Space>
          }
          extra={
            current.status === 'done' ? (
              <Button
                icon={<DownloadOutlined aria-hidden />}
                href={`/api/v1/compare/${current.id}/result.xlsx`}
                download
              >
                下载结果（Excel）
              </Button>
            ) : null
          }
        >
          <ComparisonProgress c={current} />
        </Card>
      ) : null}
      <Card className="gx-block" title="本部门的比对任务">
        <Table<ComparisonJson>
          rowKey="id"
          columns={columns}
          dataSource={list}
          size="small"
          pagination={false}
          data-testid="compare-list"
        />
      </Card>
    </Page>
  )
}
