// The queue of focus-list proposals made by the escalation rule: an operator confirms each with a decision
// document (then the entry is created, published and triggers measures) or rejects it with a reason.
import { useState } from 'react'
import { Alert, App, Button, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { ReloadOutlined, ScanOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf } from '../../../shared/labels.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import {
  type EscalationRule,
  type Proposal,
  type ProposalStatus,
  proposalStatusLabels,
  type ScanResult,
  shanghaiToday,
} from './types.js'

type StatusFilter = ProposalStatus | 'all'

const statusColors: Readonly<Record<ProposalStatus, string>> = {
  proposed: 'orange',
  confirmed: 'green',
  rejected: 'default',
  superseded: 'default',
}

const statusOptions: { label: string; value: StatusFilter }[] = [
  { label: '待确认', value: 'proposed' },
  { label: '已确认', value: 'confirmed' },
  { label: '已驳回', value: 'rejected' },
  { label: '已失效', value: 'superseded' },
  { label: '全部', value: 'all' },
]

interface ConfirmValues {
  documentNo: string
  decisionDate: string
  reason: string
  basis: string
}

function defaultReason(p: Proposal, rule: EscalationRule | undefined): string {
  const docs = p.records.map((r) => r.documentNo ?? r.className).join('、')
  const months = rule ? `${rule.withinMonths} 个月内` : '近期'
  return `${months}有 ${p.recordCount} 条一般失信记录（${docs}），存在失信行为但未达到严重失信主体名单认定标准，需加强监管。`
}

function ConfirmModal({
  proposal,
  rule,
  onClose,
  onDone,
}: {
  proposal: Proposal | null
  rule: EscalationRule | undefined
  onClose(): void
  onDone(p: Proposal): void
}) {
  const [form] = Form.useForm<ConfirmValues>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    let values: ConfirmValues
    try {
      values = await form.validateFields()
    } catch {
      return
    }
    if (!proposal) return
    setBusy(true)
    setError(null)
    try {
      const done = await api<Proposal>(`/api/v1/lists/proposals/${encodeURIComponent(proposal.id)}/confirm`, {
        method: 'POST',
        body: {
          documentNo: values.documentNo.trim(),
          decisionDate: values.decisionDate,
          reason: values.reason.trim(),
          basis: values.basis.trim(),
        },
      })
      onDone(done)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open={proposal !== null}
      title="确认列入重点关注名单"
      okText="确认列入"
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      onOk={() => void submit()}
      onCancel={() => {
        if (busy) return
        setError(null)
        onClose()
      }}
      destroyOnHidden
      width={640}
      mask={{ closable: false }}
    >
      {proposal ? (
        <>
          <Typography.Paragraph>
            将「{proposal.entity.name}」列入重点关注名单
            {rule ? `，期限 ${rule.focusMonths} 个月（自决定日期起）` : ''}
            。确认后生成名单记录，在门户网站公示并在联合奖惩核查中触发相应措施；记入审计日志。
          </Typography.Paragraph>
          <Form<ConfirmValues>
            form={form}
            layout="vertical"
            name="confirm-proposal"
            preserve={false}
            initialValues={{
              decisionDate: shanghaiToday(),
              reason: defaultReason(proposal, rule),
              basis: rule?.basis.join('；') ?? '',
            }}
          >
            <Form.Item
              label="决定文号"
              name="documentNo"
              rules={[
                { required: true, whitespace: true, message: '请填写列入决定文号' },
                { max: 100, message: '最多 100 个字' },
              ]}
            >
              <Input placeholder="如：津发改信用〔2026〕18号" maxLength={100} />
            </Form.Item>
            <Form.Item label="决定日期" name="decisionDate" rules={[{ required: true, message: '请填写决定日期' }]}>
              <Input type="date" max={shanghaiToday()} />
            </Form.Item>
            <Form.Item
              label="列入事由"
              name="reason"
              rules={[
                { required: true, whitespace: true, message: '请填写列入事由' },
                { min: 2, max: 2000, message: '2 到 2000 个字' },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
            <Form.Item
              label="列入依据"
              name="basis"
              rules={[
                { required: true, whitespace: true, message: '请填写列入依据' },
                { min: 4, max: 2000, message: '4 到 2000 个字' },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          </Form>
          {error ? <Alert type="error" showIcon title={error} /> : null}
        </>
      ) : null}
    </Modal>
  )
}

/** The proposals of the escalation rule with scan, confirm and reject. */
export function ProposalsPanel({ rule }: { rule: EscalationRule | undefined }) {
  const { message } = App.useApp()
  const depts = useDepartments()
  const [status, setStatus] = useState<StatusFilter>('proposed')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [scanning, setScanning] = useState(false)
  const [confirming, setConfirming] = useState<Proposal | null>(null)
  const [rejecting, setRejecting] = useState<Proposal | null>(null)
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<{ total: number; items: Proposal[] }>('/api/v1/lists/proposals', {
        query: { status: status === 'all' ? undefined : status, page, pageSize },
        signal,
      }),
    [status, page, pageSize],
  )

  const scan = async () => {
    setScanning(true)
    try {
      const r = await api<ScanResult>('/api/v1/lists/proposals/scan', { method: 'POST' })
      if (!r.enabled) void message.warning(`升级规则（第 ${r.ruleVersion} 版）未启用，未生成列入建议。`)
      else
        void message.success(
          `扫描完成：新增列入建议 ${r.proposed.length} 条，失效 ${r.superseded.length} 条，待确认共 ${r.open} 条。`,
        )
      reload()
    } catch (cause) {
      void message.error(errorMessage(cause))
    } finally {
      setScanning(false)
    }
  }

  const columns: TableColumnsType<Proposal> = [
    {
      title: '主体',
      key: 'entity',
      width: 240,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.entity.name}</span>
          <Typography.Text type="secondary" className="gx-nowrap">
            {row.entity.uscc ?? '—'}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '据以提出的记录',
      key: 'records',
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.recordCount} 条一般失信记录</span>
          {row.records.map((r) => (
            <Link key={r.recordId} to={`/records/${encodeURIComponent(r.recordId)}`}>
              {r.decidedOn ?? ''} {r.documentNo ?? r.className}
              {r.state !== 'active' ? '（已不再有效）' : ''}
            </Link>
          ))}
        </Space>
      ),
    },
    {
      title: '提出',
      key: 'proposed',
      width: 170,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <span className="gx-nowrap">{formatInstant(row.proposedAt)}</span>
          <Typography.Text type="secondary">规则第 {row.ruleVersion} 版</Typography.Text>
        </Space>
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 230,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <Tag color={statusColors[row.status]}>{labelOf(proposalStatusLabels, row.status)}</Tag>
          {row.status === 'confirmed' ? (
            <Typography.Text type="secondary">
              {row.documentNo}（{row.decisionDate}，{depts.nameOf(row.decidedDept)}）
            </Typography.Text>
          ) : null}
          {row.statusReason ? <Typography.Text type="secondary">{row.statusReason}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_: unknown, row) =>
        row.status === 'proposed' ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setConfirming(row)}>
              确认列入
            </Button>
            <Button type="link" size="small" danger onClick={() => setRejecting(row)}>
              驳回
            </Button>
          </Space>
        ) : row.listRecordId ? (
          <Link to={`/records/${encodeURIComponent(row.listRecordId)}`}>查看名单记录</Link>
        ) : null,
    },
  ]

  return (
    <>
      <Typography.Paragraph type="secondary">
        升级规则只提出建议，从不直接列入名单：每条建议须由运维人员凭列入决定文书确认，或说明理由驳回。
      </Typography.Paragraph>
      <Space wrap className="gx-block">
        <Segmented<StatusFilter>
          options={statusOptions}
          value={status}
          onChange={(v) => {
            setStatus(v)
            setPage(1)
          }}
        />
        <Button type="primary" icon={<ScanOutlined aria-hidden />} loading={scanning} onClick={() => void scan()}>
          按规则扫描
        </Button>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
          刷新
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<Proposal>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 1100 }}
        locale={{ emptyText: status === 'proposed' ? '暂无待确认的列入建议。' : '没有符合条件的列入建议。' }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage)
            setPageSize(nextSize)
          },
        }}
      />
      <ConfirmModal
        proposal={confirming}
        rule={rule}
        onClose={() => setConfirming(null)}
        onDone={(p) => {
          setConfirming(null)
          void message.success(`已将「${p.entity.name}」列入重点关注名单（${p.documentNo}）。`)
          reload()
        }}
      />
      <ReasonModal
        open={rejecting !== null}
        title="驳回列入建议"
        okText="驳回"
        danger
        reasonLabel="驳回理由"
        placeholder="如：经核实当事人已整改到位，暂不列入。将记入审计日志。"
        effect={rejecting ? `驳回对「${rejecting.entity.name}」的列入建议；同样的记录不会再次提出建议。` : null}
        onCancel={() => setRejecting(null)}
        onSubmit={async (reason) => {
          if (!rejecting) return
          await api<Proposal>(`/api/v1/lists/proposals/${encodeURIComponent(rejecting.id)}/reject`, {
            method: 'POST',
            body: { reason },
          })
          setRejecting(null)
          void message.success('已驳回列入建议。')
          reload()
        }}
      />
    </>
  )
}
