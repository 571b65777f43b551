// 办理期限: the working days of each step of a case (versioned; a change applies to cases started after it).
import { useState } from 'react'
import { App, Button, Descriptions, Form, Input, InputNumber, Modal, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { Link, useParams } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { useUser } from '../../auth.js'
import { ErrorAlert, ReloadButton, updatedAtColumn, versionColumn } from '../../components/list-page.js'
import { PolicyDetailPage, PropertyDiffView } from '../../components/policy-detail.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { type DeadlineDiff, type DeadlinePolicy, type DeadlineSummary, deadlinePropertyLabels } from './types.js'

const listStyle = { margin: 0, paddingLeft: 20 } as const

export function DeadlinesPage() {
  const list = useRequest((signal) => api<{ items: DeadlineSummary[] }>('/api/v1/deadlines', { signal }), [])
  const columns: TableColumnsType<DeadlineSummary> = [
    {
      title: '环节',
      dataIndex: 'nameZh',
      key: 'nameZh',
      width: 200,
      render: (v: string, row) => (
        <span>
          <Link to={`/catalog/deadlines/${row.code}`}>{v}</Link>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <code>{row.code}</code>
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '期限',
      dataIndex: 'workingDays',
      key: 'workingDays',
      width: 120,
      render: (n: number) => <Tag color="blue">{n} 个工作日</Tag>,
    },
    { title: '起算点', dataIndex: 'from', key: 'from', width: 180 },
    {
      title: '依据',
      dataIndex: 'basis',
      key: 'basis',
      render: (b: string[]) => (
        <ul style={listStyle}>
          {b.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      ),
    },
    versionColumn<DeadlineSummary>(90),
    updatedAtColumn(150),
  ]
  return (
    <Page
      title="办理期限"
      description="异议、信用修复、举报各环节的办理期限（工作日，按工作日历计算）。修改生成新版本，只适用于修改后新开始的案件；进行中的案件保留其开始时的期限。"
      extra={<ReloadButton loading={list.loading} onClick={list.reload} />}
    >
      <ErrorAlert error={list.error} />
      <Table<DeadlineSummary>
        rowKey="code"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
      />
    </Page>
  )
}

function DeadlineEditor(props: {
  policy: DeadlinePolicy
  open: boolean
  onClose(): void
  onSaved(saved: DeadlinePolicy): void
}) {
  const [form] = Form.useForm<{ workingDays: number; from: string; basis: string; reason: string }>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const { policy } = props
  const submit = async () => {
    const v = await form.validateFields()
    setSaving(true)
    setError(null)
    try {
      const saved = await api<DeadlinePolicy>(`/api/v1/deadlines/${encodeURIComponent(policy.code)}`, {
        method: 'PUT',
        body: {
          definition: {
            code: policy.code,
            nameZh: policy.nameZh,
            workingDays: v.workingDays,
            from: v.from,
            basis: v.basis
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
          },
          reason: v.reason,
          baseVersion: policy.version,
        },
      })
      props.onSaved(saved)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={props.open}
      title={`修改办理期限：${policy.nameZh}`}
      okText="保存为新版本"
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          workingDays: policy.workingDays,
          from: policy.from,
          basis: policy.basis.join('\n'),
          reason: '',
        }}
      >
        <Form.Item
          name="workingDays"
          label="工作日数"
          rules={[{ required: true, message: '请填写 1 到 365 之间的整数' }]}
        >
          <InputNumber min={1} max={365} precision={0} suffix="个工作日" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="from" label="起算点">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="basis" label="依据（每行一条）" rules={[{ required: true, message: '请至少填写一条依据' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="修改原因"
          rules={[{ required: true, min: 2, max: 500, message: '请填写 2 到 500 个字的修改原因' }]}
        >
          <Input.TextArea rows={2} placeholder="如：本市规定受理审查 3 个工作日。将记入审计日志。" />
        </Form.Item>
        <Typography.Text type="secondary">新版本只适用于保存后新开始的案件。</Typography.Text>
      </Form>
    </Modal>
  )
}

export function DeadlineDetailPage() {
  const { code = '' } = useParams()
  const canEdit = useUser().role === 'operator'
  const { message } = App.useApp()
  const [editing, setEditing] = useState(false)
  return (
    <PolicyDetailPage<DeadlinePolicy, DeadlineDiff>
      api={`/api/v1/deadlines/${encodeURIComponent(code)}`}
      path={`/catalog/deadlines/${code}`}
      back={{ to: '/catalog/deadlines', label: '返回列表', errorLabel: '返回办理期限' }}
      labels={{
        title: '办理期限',
        unavailable: '无法显示该办理期限',
        single: '该期限只有一个版本，暂无可比较的版本。',
        diffForm: 'deadline-diff',
      }}
      tabKeys={['definition', 'versions']}
      title={(d) => d.nameZh}
      keyOf={(d) => d.code}
      tags={(d) => <Tag color="blue">{d.workingDays} 个工作日</Tag>}
      tabs={(d) => [
        {
          key: 'definition',
          label: '期限定义',
          children: (
            <Descriptions
              bordered
              size="small"
              column={1}
              styles={{ label: { width: 160 } }}
              items={[
                { key: 'code', label: '期限代码', children: <code>{d.code}</code> },
                { key: 'days', label: '工作日数', children: `${d.workingDays} 个工作日` },
                { key: 'from', label: '起算点', children: d.from || '—' },
                {
                  key: 'basis',
                  label: '依据',
                  children: (
                    <ol style={listStyle} data-testid="deadline-basis">
                      {d.basis.map((b) => (
                        <li key={b}>{b}</li>
                      ))}
                    </ol>
                  ),
                },
              ]}
            />
          ),
        },
      ]}
      renderDiff={(diff) => (
        <PropertyDiffView
          diff={diff}
          labelOf={(p) => deadlinePropertyLabels[p] ?? p}
          formatValue={(v) => (Array.isArray(v) ? v.join('；') : String(v ?? '—'))}
          testId="deadline-diff-view"
        />
      )}
      actions={({ current }) =>
        canEdit && current ? (
          <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            修改期限
          </Button>
        ) : null
      }
      editors={({ data, showSaved }) =>
        canEdit ? (
          <DeadlineEditor
            key={`${data.code}@${data.version}`}
            policy={data}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false)
              void message.success(`已保存为第 ${saved.version} 版，适用于此后新开始的案件。`)
              showSaved(data.version, saved.version)
            }}
          />
        ) : null
      }
    />
  )
}
