import { useMemo, useState } from 'react'
import { Alert, Button, Card, Descriptions, Form, Progress, Select, Space, Switch, Typography, Upload } from 'antd'
import type { UploadFile } from 'antd'
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useClasses } from '../catalog/lookups.js'
import { PolarityTag } from '../catalog/tags.js'
import type { CatalogClass } from '../catalog/types.js'
import { BatchCounts } from './batch-parts.js'
import { IssuePreview } from './batch-drawer.js'
import { errorReportUrl, templateUrl } from './types.js'
import { clearUploadJob, startUpload, useUploadJob } from './upload-store.js'
import type { UploadJob } from './upload-store.js'

const accept = '.csv,.xlsx,.jsonl'
/** The rows of problems shown with the result; the rest are one click away (the batch's detail, the report). */
const INLINE_ISSUES = 5
/** Field roles the server fills with the uploading department's name and USCC when left empty. */
const OWN_DEPT_ROLES = new Set(['authority_name', 'authority_uscc', 'provider_name', 'provider_uscc'])

function ClassGuide({ code }: { code: string }) {
  const { data, error } = useRequest(
    (signal) => api<CatalogClass>(`/api/v1/catalog/classes/${encodeURIComponent(code)}`, { signal }),
    [code],
  )
  if (error) return <Alert type="warning" showIcon title={error} />
  if (!data) return null
  const required = data.fields.filter((f) => f.required)
  const conditional = data.fields.filter((f) => !f.required && f.requiredWhen)
  // 处罚机关/数据来源单位 and their codes: the uploading department's own when left empty
  const filled = data.fields.filter((f) => f.role && OWN_DEPT_ROLES.has(f.role))
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        {
          key: 'class',
          label: '类别',
          children: (
            <Space wrap size={[8, 4]}>
              <span>{data.nameZh}</span>
              <code>{data.code}</code>
              <PolarityTag value={data.polarity} />
              <span>
                第 {data.version} 版，{data.fields.length} 个字段
              </span>
            </Space>
          ),
        },
        {
          key: 'required',
          label: `必填（${required.length}）`,
          children: required.map((f) => f.label).join('、') || '—',
        },
        ...(conditional.length
          ? [{ key: 'conditional', label: '条件必填', children: conditional.map((f) => f.label).join('、') }]
          : []),
        ...(filled.length
          ? [
              {
                key: 'filled',
                label: '可留空',
                children: `${filled.map((f) => f.label).join('、')}：留空时按本部门的名称和统一社会信用代码填写`,
              },
            ]
          : []),
        {
          key: 'deadline',
          label: '报送时限',
          children:
            data.deadlineWorkingDays !== null
              ? `决定之日起 ${data.deadlineWorkingDays} 个工作日内报送，超过的记为超期`
              : '未规定',
        },
      ]}
    />
  )
}

function JobResult({ job }: { job: UploadJob }) {
  if (job.phase === 'uploading') {
    return (
      <div aria-live="polite">
        <Typography.Paragraph>
          正在上传「{job.fileName}」（{job.className}）…
        </Typography.Paragraph>
        <Progress percent={job.percent} status="active" aria-label="上传进度" />
      </div>
    )
  }
  if (job.phase === 'checking') {
    return (
      <div aria-live="polite">
        <Typography.Paragraph>
          {`「${job.fileName}」已上传，正在逐行校验${job.dryRun ? '' : '并入库'}。大文件需要几分钟；可以离开本页，回来后在此查看结果，也可在`}
          <Link to="/ingest/batches">「批次记录」</Link>中查看。
        </Typography.Paragraph>
        {job.processed !== undefined ? (
          <Typography.Paragraph data-testid="upload-processed">
            已处理 {job.processed.toLocaleString('zh-CN')} 行
          </Typography.Paragraph>
        ) : null}
        <Progress percent={100} status="active" showInfo={false} aria-label="校验进度" />
      </div>
    )
  }
  if (job.phase === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        title={`「${job.fileName}」未能处理`}
        description={job.error ?? '上传失败，请修改后重新上传。'}
      />
    )
  }
  const r = job.result
  if (!r) return null
  const ok = r.rejected === 0
  const dry = job.dryRun || r.batchId === null
  const hasIssues = r.rejected + r.warnings > 0
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} aria-live="polite">
      <Alert
        type={ok ? 'success' : 'warning'}
        showIcon
        data-testid="upload-result"
        title={`${job.className} ·「${job.fileName}」：共 ${r.total} 行，接收 ${r.accepted} 行，拒收 ${r.rejected} 行。`}
        description={
          dry
            ? ok
              ? '试运行：全部数据行校验通过，未保存任何数据。关闭「试运行」后上传即可入库。'
              : '试运行只给出计数，不保存数据，也不生成错误报告。要查看每行的问题，请关闭「试运行」后上传：合格的行入库，有问题的行写入错误报告。'
            : ok
              ? '全部数据行已处理完毕。'
              : '拒收的行未入库，请下载错误报告，按行号和说明修改后，只重新上传这些行。'
        }
      />
      <BatchCounts counts={r} />
      {!dry && r.batchId && hasIssues ? (
        <div data-testid="upload-issues">
          <Typography.Title level={5}>前几行的问题</Typography.Title>
          <IssuePreview
            batch={{ batchId: r.batchId, rejected: r.rejected, warnings: r.warnings }}
            limit={INLINE_ISSUES}
          />
          <Link to={`/ingest/batches?batch=${encodeURIComponent(r.batchId)}`}>查看全部错误与警告</Link>
        </div>
      ) : null}
      {!dry && r.batchId ? (
        <Space wrap>
          {hasIssues ? (
            <>
              <Button icon={<DownloadOutlined aria-hidden />} href={errorReportUrl(r.batchId, 'xlsx')} download>
                下载错误报告（Excel）
              </Button>
              <Button icon={<DownloadOutlined aria-hidden />} href={errorReportUrl(r.batchId, 'csv')} download>
                下载错误报告（CSV）
              </Button>
            </>
          ) : null}
          <Link to={`/ingest/batches?batch=${encodeURIComponent(r.batchId)}`}>查看批次详情</Link>
          {r.accepted + r.corrected > 0 ? (
            <Link to={`/ingest/records?batch=${encodeURIComponent(r.batchId)}`}>查看本批次入库的记录</Link>
          ) : null}
        </Space>
      ) : null}
    </Space>
  )
}

export function UploadPage() {
  const user = useUser()
  const classes = useClasses()
  const job = useUploadJob()
  const [classCode, setClassCode] = useState<string | undefined>(job?.classCode)
  const [file, setFile] = useState<File | null>(null)
  const [dryRun, setDryRun] = useState(false)
  const [encoding, setEncoding] = useState<'auto' | 'utf-8' | 'gbk'>('auto')
  const busy = job?.phase === 'uploading' || job?.phase === 'checking'

  // Only the classes this department may provide (an empty provider list means any department).
  const options = useMemo(
    () =>
      classes.classes
        .filter((c) => !c.providers?.length || (user.dept !== null && c.providers.includes(user.dept)))
        .map((c) => ({ value: c.code, label: c.nameZh, search: `${c.nameZh} ${c.code}` })),
    [classes.classes, user.dept],
  )
  const fileList: UploadFile[] = file ? [{ uid: 'selected', name: file.name, size: file.size, status: 'done' }] : []

  const submit = () => {
    if (!classCode || !file) return
    startUpload({
      file,
      classCode,
      className: classes.nameOf(classCode),
      dryRun,
      encoding: encoding === 'auto' ? undefined : encoding,
    })
    setFile(null)
  }

  return (
    <Page
      title="上传数据"
      description="按信用信息目录报送数据：选择信息类别，下载模板填写后上传。系统逐行校验，合格的行入库，有问题的行写入错误报告，不影响其他行。"
    >
      {classes.error ? <Alert type="error" showIcon title={classes.error} className="gx-block" /> : null}
      <Card title="一、选择信息类别" className="gx-block">
        <Form layout="vertical" name="upload-class">
          <Form.Item label="信息类别" name="classCode" initialValue={classCode} style={{ maxWidth: 480 }}>
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              placeholder="输入名称或代码查找，如 行政处罚"
              options={options}
              loading={classes.loading}
              onChange={(v: string) => setClassCode(v)}
              disabled={busy}
              notFoundContent="没有可报送的类别"
            />
          </Form.Item>
        </Form>
        {classCode ? (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <ClassGuide code={classCode} />
            <Space wrap>
              <Button icon={<DownloadOutlined aria-hidden />} href={templateUrl(classCode, 'xlsx')} download>
                下载模板（Excel）
              </Button>
              <Button icon={<DownloadOutlined aria-hidden />} href={templateUrl(classCode, 'csv')} download>
                下载模板（CSV）
              </Button>
              <Link to={`/catalog/classes/${classCode}`}>查看字段说明</Link>
            </Space>
          </Space>
        ) : (
          <Typography.Text type="secondary">
            选择类别后可下载模板（中文表头，Excel 模板的批注注明字段代码和可选值；第 2 行是示例，导入时忽略）。
          </Typography.Text>
        )}
      </Card>

      <Card title="二、上传文件" className="gx-block">
        <Upload.Dragger
          accept={accept}
          multiple={false}
          maxCount={1}
          fileList={fileList}
          disabled={busy}
          beforeUpload={(f) => {
            setFile(f)
            return false
          }}
          onRemove={() => {
            setFile(null)
            return true
          }}
          aria-label="选择数据文件"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">点击或将文件拖到此处</p>
          <p className="ant-upload-hint">
            {
              '支持 CSV（UTF-8 或 GBK 编码）、Excel（.xlsx）和 JSON Lines；表头可用字段代码、中文名称或别名。同一文件重复上传不会重复入库。'
            }
          </p>
        </Upload.Dragger>
        <Space wrap align="center" size="large" style={{ marginTop: 16 }}>
          <Space align="center">
            <label htmlFor="upload-encoding">文本编码</label>
            <Select
              id="upload-encoding"
              value={encoding}
              onChange={setEncoding}
              disabled={busy}
              style={{ width: 140 }}
              options={[
                { value: 'auto', label: '自动识别' },
                { value: 'utf-8', label: 'UTF-8' },
                { value: 'gbk', label: 'GBK' },
              ]}
            />
          </Space>
          <Space align="center">
            <Switch id="upload-dry-run" checked={dryRun} onChange={setDryRun} disabled={busy} />
            <label htmlFor="upload-dry-run">试运行（只校验不保存）</label>
          </Space>
          <Button
            type="primary"
            icon={<CloudUploadOutlined aria-hidden />}
            disabled={!classCode || !file || busy}
            loading={busy}
            onClick={submit}
          >
            {dryRun ? '开始校验' : '上传'}
          </Button>
          {!classCode ? <Typography.Text type="secondary">请先选择信息类别。</Typography.Text> : null}
        </Space>
      </Card>

      {job ? (
        <Card
          title="三、处理结果"
          extra={
            busy ? null : (
              <Button size="small" onClick={clearUploadJob}>
                清除
              </Button>
            )
          }
        >
          <JobResult job={job} />
        </Card>
      ) : null}
    </Page>
  )
}
