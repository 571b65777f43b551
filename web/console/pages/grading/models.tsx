// 评价模型: the current grading models (versions, diff and editor on each model's page) and the grade publication
// policy - whether the portal's public file shows a model's grade (off by default).
import { useState } from 'react'
import { App, Alert, Button, Card, Checkbox, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { formatInstant } from '../../../shared/format.js'
import { useUser } from '../../auth.js'
import { ErrorAlert, ReloadButton, VersionTag } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { industriesText, kindsText, maxScore, modelStatusLabels } from './format.js'
import type { GradePublicationVersion, GradingModel } from './types.js'

function bandsText(m: GradingModel): string {
  return [...m.bands]
    .sort((a, b) => b.min - a.min)
    .map((b) => `${b.grade} ${b.min}–${b.max}`)
    .join('，')
}

/** The publication policy: which models' grades the public file shows; operators change it with a reason. */
function PublicationCard({ models, canEdit }: { models: readonly GradingModel[]; canEdit: boolean }) {
  const { message } = App.useApp()
  const policy = useRequest((signal) => api<GradePublicationVersion>('/api/v1/grading/publication', { signal }), [])
  const [editing, setEditing] = useState(false)
  const [chosen, setChosen] = useState<string[]>([])
  const [basis, setBasis] = useState('')
  const p = policy.data
  const nameOf = (code: string) => models.find((m) => m.code === code)?.name ?? code
  const open = () => {
    setChosen(p?.publication.models ?? [])
    setBasis((p?.publication.basis ?? []).join('\n'))
    setEditing(true)
  }
  return (
    <Card
      size="small"
      title="评价结果公开"
      className="gx-block"
      data-testid="grade-publication"
      extra={
        canEdit && p ? (
          <Button icon={<EditOutlined aria-hidden />} onClick={open}>
            修改公开政策
          </Button>
        ) : null
      }
    >
      <ErrorAlert error={policy.error} />
      {p ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'models',
              label: '门户公开',
              children: p.publication.models.length ? (
                <Space wrap>
                  {p.publication.models.map((c) => (
                    <Tag key={c} color="blue" title={c}>
                      {nameOf(c)}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <span data-testid="publication-off">不公开：门户的主体信用档案不显示评价结果（默认）。</span>
              ),
            },
            ...(p.publication.basis.length
              ? [{ key: 'basis', label: '公开依据', children: p.publication.basis.join('；') }]
              : []),
            {
              key: 'version',
              label: '版本',
              children: (
                <span>
                  <VersionTag version={p.version} source={p.source} />（{formatInstant(p.createdAt)}
                  {p.reason ? `，${p.reason}` : ''}）
                </span>
              ),
            },
          ]}
        />
      ) : null}
      <ReasonModal
        open={editing}
        title="修改评价结果公开政策"
        okText="保存为新版本"
        reasonLabel="修改原因"
        effect="公开后，门户主体信用档案显示所选模型的评价等级、模型名称和评价日期（不显示得分和加减分事由）；保存即生效。"
        onCancel={() => setEditing(false)}
        onSubmit={async (reason) => {
          await api('/api/v1/grading/publication', {
            method: 'PUT',
            body: {
              publication: {
                models: chosen,
                basis: basis
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean),
              },
              reason,
              baseVersion: p?.version,
            },
          })
          setEditing(false)
          void message.success('评价结果公开政策已保存。')
          policy.reload()
        }}
      >
        <Form layout="vertical">
          <Form.Item label="在门户公开评价结果的模型">
            <Checkbox.Group
              value={chosen}
              onChange={(v) => setChosen(v as string[])}
              options={models.map((m) => ({ value: m.code, label: m.name }))}
            />
          </Form.Item>
          <Form.Item label="公开依据（每行一项；公开时必填）">
            <Input.TextArea aria-label="公开依据" rows={3} value={basis} onChange={(e) => setBasis(e.target.value)} />
          </Form.Item>
        </Form>
      </ReasonModal>
    </Card>
  )
}

export function GradingModelsPage() {
  const operator = useUser().role === 'operator'
  const list = useRequest((signal) => api<{ items: GradingModel[] }>('/api/v1/grading/models', { signal }), [])
  const items = list.data?.items ?? []
  const columns: TableColumnsType<GradingModel> = [
    {
      title: '模型',
      dataIndex: 'name',
      key: 'name',
      width: 260,
      render: (v: string, row) => (
        <span>
          <Link to={`/catalog/grading/${row.code}`}>{v}</Link>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <code>{row.code}</code>
          </Typography.Text>
        </span>
      ),
    },
    { title: '适用主体', key: 'kinds', width: 200, render: (_: unknown, m) => kindsText(m) },
    { title: '适用行业', key: 'industries', width: 180, render: (_: unknown, m) => industriesText(m) },
    {
      title: '维度 / 评分项',
      key: 'size',
      width: 120,
      render: (_: unknown, m) => `${m.dimensions.length} / ${m.items.length}`,
    },
    { title: '满分', key: 'max', width: 80, align: 'right', render: (_: unknown, m) => maxScore(m) },
    { title: '等级划分', key: 'bands', width: 260, render: (_: unknown, m) => bandsText(m) },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{modelStatusLabels[v] ?? v}</Tag>,
    },
    { title: '版本', key: 'version', width: 110, render: (_: unknown, m) => `第 ${m.version} 版` },
  ]
  return (
    <Page
      title="评价模型"
      description={
        operator
          ? '公共信用综合评价模型：维度、评分项（目录类别、分值、时间衰减、上限）和等级划分。修改经校验（列出全部问题）后生成新版本并记入审计日志，历史版本可比较。'
          : '公共信用综合评价模型：维度、评分项和等级划分及其历次版本（只读）。'
      }
      extra={<ReloadButton loading={list.loading} onClick={list.reload} />}
    >
      <ErrorAlert error={list.error} />
      <Card size="small" className="gx-block">
        <Table<GradingModel>
          rowKey="code"
          columns={columns}
          dataSource={items}
          loading={list.loading}
          size="small"
          pagination={false}
          scroll={{ x: 1300 }}
        />
      </Card>
      {list.data ? <PublicationCard models={items} canEdit={operator} /> : null}
      {!operator ? (
        <Alert type="info" showIcon title="评价模型和公开政策由信用主管部门维护。" className="gx-block" />
      ) : null}
    </Page>
  )
}
