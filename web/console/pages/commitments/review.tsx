import { useState } from 'react'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Radio,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { SafetyCertificateOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { checkOutcomeLabels, entityKindLabels, labelOf, measureKindLabels } from '../../../shared/labels.js'
import { Page } from '../../page.js'
import { CheckNumber, ExclusionList } from '../checks/parts.js'
import { CommitmentDrawer, CommitmentStatusTag } from './parts.js'
import type { Commitment, ReviewResult } from './types.js'

type Scheme = 'uscc' | 'idNumber' | 'entityId'

interface ReviewValues {
  scheme: Scheme
  subject: string
  purpose?: string
}

const OUTCOME_COLOR: Readonly<Record<string, string>> = {
  none: 'default',
  reward: 'success',
  punish: 'error',
  both: 'warning',
}

/** 信用审查: the admin_approval check of an applicant plus its commitment history (POST /api/v1/reviews). */
export function CreditReviewPage() {
  const wide = Grid.useBreakpoint().md !== false
  const [form] = Form.useForm<ReviewValues>()
  const scheme = Form.useWatch('scheme', form)
  const [result, setResult] = useState<ReviewResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [openId, setOpenId] = useState<string | null>(null)

  const run = async (v: ReviewValues) => {
    setLoading(true)
    setError(null)
    setResult(null)
    try {
      const value = v.scheme === 'uscc' ? v.subject.trim().toUpperCase() : v.subject.trim()
      setResult(
        await api<ReviewResult>('/api/v1/reviews', {
          method: 'POST',
          body: { subject: { [v.scheme]: value }, ...(v.purpose?.trim() ? { purpose: v.purpose.trim() } : {}) },
        }),
      )
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setLoading(false)
    }
  }

  const columns: TableColumnsType<Commitment> = [
    {
      title: '承诺书编号',
      dataIndex: 'number',
      key: 'number',
      width: 200,
      render: (v: string) => <span className="gx-wrap-code">{v}</span>,
    },
    { title: '类型', dataIndex: 'typeLabel', key: 'type', width: 150 },
    { title: '承诺事项', dataIndex: 'matter', key: 'matter', width: 220 },
    { title: '受理部门', key: 'dept', width: 160, render: (_: unknown, r) => r.deptName ?? r.dept },
    { title: '承诺日期', dataIndex: 'filedOn', key: 'filedOn', width: 110 },
    { title: '履约期限', dataIndex: 'dueOn', key: 'dueOn', width: 110, render: (v: string | null) => v ?? '—' },
    { title: '状态', key: 'status', width: 150, render: (_: unknown, r) => <CommitmentStatusTag row={r} /> },
    {
      title: '操作',
      key: 'actions',
      width: 72,
      render: (_: unknown, r) => (
        <Button size="small" type="link" onClick={() => setOpenId(r.id)}>
          详情
        </Button>
      ),
    },
  ]

  return (
    <Page
      title="信用审查"
      description="行政审批前对申请人进行信用审查：按行政审批场景核查适用的守信激励、失信惩戒措施，并列出申请人作出的全部信用承诺及履约情况。查询记入审计日志。"
    >
      <Card className="gx-block">
        <Form<ReviewValues>
          form={form}
          layout="vertical"
          name="credit-review"
          initialValues={{ scheme: 'uscc' }}
          onFinish={(v) => void run(v)}
        >
          <Form.Item label="申请人标识" name="scheme">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'uscc', label: '统一社会信用代码' },
                { value: 'idNumber', label: '身份证件号码' },
                { value: 'entityId', label: '主体编号' },
              ]}
            />
          </Form.Item>
          <Space size="large" wrap align="end">
            <Form.Item
              label={scheme === 'idNumber' ? '身份证件号码' : scheme === 'entityId' ? '主体编号' : '统一社会信用代码'}
              name="subject"
              rules={[{ required: true, whitespace: true, message: '请填写申请人的代码或编号。' }]}
            >
              <Input allowClear maxLength={64} style={{ width: wide ? 300 : '100%' }} autoComplete="off" />
            </Form.Item>
            <Form.Item
              label="审查用途（核查自然人时必填）"
              name="purpose"
              rules={[
                {
                  required: scheme === 'idNumber',
                  whitespace: true,
                  min: 2,
                  message: '核查自然人须说明查询用途（2 到 200 个字）。',
                },
              ]}
            >
              <Input maxLength={200} style={{ width: wide ? 320 : '100%' }} placeholder="如：建筑工程施工许可审批" />
            </Form.Item>
            <Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                loading={loading}
                icon={<SafetyCertificateOutlined aria-hidden />}
              >
                开始审查
              </Button>
            </Form.Item>
          </Space>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" role="alert" /> : null}
      {result ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="review-result">
          <Card title="申请人">
            <Descriptions
              size="small"
              column={wide ? 3 : 1}
              items={[
                { key: 'name', label: '名称', children: result.subject.name },
                { key: 'code', label: '代码', children: result.subject.uscc ?? result.subject.idMasked ?? '—' },
                { key: 'kind', label: '主体类型', children: labelOf(entityKindLabels, result.subject.kind) },
                {
                  key: 'checkId',
                  label: '核查编号',
                  children: <CheckNumber number={result.check.number} checkId={result.checkId} />,
                },
                { key: 'at', label: '审查时间', children: formatInstant(result.at) },
              ]}
            />
          </Card>
          <Card
            title="联合奖惩核查（行政审批）"
            extra={
              <Tag color={OUTCOME_COLOR[result.check.outcome]} data-testid="review-outcome">
                {labelOf(checkOutcomeLabels, result.check.outcome)}
              </Tag>
            }
          >
            {result.check.hits.length ? (
              <List
                dataSource={result.check.hits}
                renderItem={(h) => (
                  <List.Item key={h.measure}>
                    <List.Item.Meta
                      title={
                        <Space>
                          <Tag color={h.kind === 'punish' ? 'error' : 'success'}>
                            {labelOf(measureKindLabels, h.kind)}
                          </Tag>
                          {h.nameZh}
                          {h.underObjection ? <Tag color="warning">异议处理中</Tag> : null}
                        </Space>
                      }
                      description={
                        <>
                          <div>{h.content}</div>
                          <div className="gx-muted">依据：{h.basis.join('；')}</div>
                          <div className="gx-muted">有效至：{h.validUntil ?? '移出名单前持续有效'}</div>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Empty description="未命中本部门在行政审批场景实施的奖惩措施。" />
            )}
            <ExclusionList exclusions={result.check.exclusions} />
          </Card>
          <Card title="信用承诺及履约情况">
            <Space size="large" wrap className="gx-block">
              <Statistic title="承诺总数" value={result.summary.total} />
              <Statistic title="履约中" value={result.summary.filed} />
              <Statistic title="已履约" value={result.summary.fulfilled} />
              <Statistic
                title="违诺"
                value={result.breaches}
                styles={{ content: { color: result.breaches ? '#cf1322' : undefined } }}
              />
              <Statistic title="逾期未履约" value={result.summary.overdue} />
              <Statistic title="已撤回" value={result.summary.withdrawn} />
            </Space>
            <Table<Commitment>
              rowKey="id"
              columns={columns}
              dataSource={result.commitments}
              size="small"
              scroll={{ x: 1190 }}
              tableLayout="fixed"
              pagination={result.commitments.length > 10 ? { pageSize: 10 } : false}
              locale={{ emptyText: '该申请人没有信用承诺记录。' }}
            />
          </Card>
        </Space>
      ) : null}
      <CommitmentDrawer id={openId} canOpenRecords onClose={() => setOpenId(null)} />
    </Page>
  )
}
