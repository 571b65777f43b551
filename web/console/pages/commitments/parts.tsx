import { useEffect, useState } from 'react'
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import type { DescriptionsProps } from 'antd'
import { Link } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { commitmentOpLabels, commitmentTypeLabels, labelOf } from '../../../shared/labels.js'
import { useRequest } from '../../use-request.js'
import {
  breachTypeOptions,
  type Commitment,
  type CommitmentDetail,
  type CommitmentVersion,
  dueRequiredTypes,
  publicByDefault,
} from './types.js'

const STATUS_COLOR: Readonly<Record<string, string>> = {
  filed: 'processing',
  fulfilled: 'success',
  breached: 'error',
  withdrawn: 'default',
}

export function CommitmentStatusTag({ row }: { row: Pick<Commitment, 'status' | 'statusLabel' | 'overdue'> }) {
  return (
    <span className="gx-status-tags">
      <Tag color={STATUS_COLOR[row.status]}>{row.statusLabel}</Tag>
      {row.overdue ? (
        <Tag color="warning" data-testid="overdue-tag">
          已逾期
        </Tag>
      ) : null}
    </span>
  )
}

/** Today in Asia/Shanghai (YYYY-MM-DD), the default of decision dates. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

const dateRule = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '请按 YYYY-MM-DD 填写日期。' }

function detailsText(v: CommitmentVersion): string {
  const d = v.details
  const s = (k: string) => (typeof d[k] === 'string' && d[k] ? String(d[k]) : null)
  switch (v.op) {
    case 'file':
      return d.filedBy === 'dept' ? '受理部门代申请人提交' : '申请人提交'
    case 'publish':
      return '已作为信用承诺信息公示'
    case 'fulfil':
      return [`履约日期 ${s('fulfilledOn') ?? '—'}`, s('note')].filter(Boolean).join('；')
    case 'breach':
      return [
        `认定文书号 ${s('documentNo') ?? '—'}`,
        `认定日期 ${s('decidedOn') ?? '—'}`,
        Array.isArray(d.breachTypes) ? (d.breachTypes as string[]).join('、') : null,
        s('facts'),
      ]
        .filter(Boolean)
        .join('；')
    case 'link_breach':
      return '已生成违背信用承诺信息记录'
    case 'withdraw':
      return `原因：${s('reason') ?? '—'}`
    default:
      return ''
  }
}

function describe(c: CommitmentDetail, canOpenRecords: boolean): DescriptionsProps['items'] {
  const record = (id: string | null) =>
    id ? canOpenRecords ? <Link to={`/records/${id}`}>查看记录</Link> : <code>{id}</code> : '—'
  return [
    { key: 'number', label: '承诺书编号', children: c.number, span: 2 },
    {
      key: 'entity',
      label: '承诺主体',
      span: 2,
      children: `${c.entity.name}（${c.entity.uscc ?? c.entity.idMasked ?? c.entity.id}）`,
    },
    { key: 'type', label: '承诺类型', children: c.typeLabel },
    { key: 'status', label: '状态', children: <CommitmentStatusTag row={c} /> },
    { key: 'matter', label: '承诺事项', children: c.matterCode ? `${c.matter}（${c.matterCode}）` : c.matter, span: 2 },
    { key: 'content', label: '承诺内容', children: c.content, span: 2 },
    { key: 'dept', label: '受理部门', children: c.deptName ?? c.dept },
    { key: 'filedBy', label: '提交方式', children: c.filedBy === 'dept' ? '部门代为提交' : '申请人提交' },
    { key: 'filedOn', label: '承诺日期', children: c.filedOn },
    { key: 'dueOn', label: '履约期限', children: c.dueOn ?? '—' },
    { key: 'validTo', label: '有效期至', children: c.validTo ?? '—' },
    { key: 'decidedOn', label: '办结日期', children: c.decidedOn ?? '—' },
    { key: 'public', label: '社会公开', children: c.public ? '公开' : '不公开' },
    { key: 'record', label: '公示记录', children: record(c.recordId) },
    { key: 'breach', label: '违诺记录', children: record(c.breachRecordId), span: 2 },
  ]
}

/** The commitment with its history (every transition, oldest first). */
export function CommitmentDrawer({
  id,
  canOpenRecords,
  onClose,
}: {
  id: string | null
  canOpenRecords: boolean
  onClose: () => void
}) {
  const { data, error, loading } = useRequest(
    (signal) => (id ? api<CommitmentDetail>(`/api/v1/commitments/${id}`, { signal }) : Promise.resolve(undefined)),
    [id],
  )
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title="信用承诺详情" destroyOnHidden>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {loading || !data ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions bordered size="small" column={2} items={describe(data, canOpenRecords)} />
          <Typography.Title level={2} className="gx-subtitle" style={{ fontSize: 16, marginTop: 24 }}>
            办理记录
          </Typography.Title>
          <Timeline
            items={data.history.map((v) => ({
              key: v.version,
              content: (
                <div data-testid="commitment-history-item">
                  <strong>{labelOf(commitmentOpLabels, v.op)}</strong>
                  <span className="gx-muted"> · {formatInstant(v.at)}</span>
                  <div>{detailsText(v)}</div>
                </div>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  )
}

type SubjectScheme = 'uscc' | 'idNumber' | 'entityId'

interface FileValues {
  scheme: SubjectScheme
  subject: string
  type: string
  matter: string
  matterCode?: string
  content: string
  dueOn?: string
  validTo?: string
  public: boolean
  number?: string
  purpose?: string
}

/** A department files a commitment on an applicant's behalf (the department receives it). */
export function FileCommitmentModal({
  open,
  onClose,
  onFiled,
}: {
  open: boolean
  onClose: () => void
  onFiled: (c: CommitmentDetail) => void
}) {
  const [form] = Form.useForm<FileValues>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const type = Form.useWatch('type', form)
  const scheme = Form.useWatch('scheme', form)
  const { message } = App.useApp()

  useEffect(() => {
    if (open) {
      form.resetFields()
      setError(null)
    }
  }, [open, form])

  const submit = async (v: FileValues) => {
    setSaving(true)
    setError(null)
    try {
      const subjectValue = v.scheme === 'uscc' ? v.subject.trim().toUpperCase() : v.subject.trim()
      const c = await api<CommitmentDetail>('/api/v1/commitments', {
        method: 'POST',
        body: {
          subject: { [v.scheme]: subjectValue },
          type: v.type,
          matter: v.matter,
          ...(v.matterCode ? { matterCode: v.matterCode } : {}),
          content: v.content,
          ...(v.dueOn ? { dueOn: v.dueOn } : {}),
          ...(v.validTo ? { validTo: v.validTo } : {}),
          public: v.public,
          ...(v.number?.trim() ? { number: v.number.trim() } : {}),
          ...(v.purpose?.trim() ? { purpose: v.purpose.trim() } : {}),
        },
      })
      message.success(`已登记承诺 ${c.number}`)
      onFiled(c)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={open}
      title="代申请人提交信用承诺"
      okText="提交"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" role="alert" /> : null}
      <Form<FileValues>
        form={form}
        layout="vertical"
        name="file-commitment"
        initialValues={{ scheme: 'uscc', type: 'notify_commit', public: true }}
        onFinish={submit}
        onValuesChange={(changed: Partial<FileValues>) => {
          if (changed.type) form.setFieldValue('public', publicByDefault.has(changed.type))
        }}
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
        <Form.Item
          label={scheme === 'idNumber' ? '身份证件号码' : scheme === 'entityId' ? '主体编号' : '统一社会信用代码'}
          name="subject"
          rules={[{ required: true, whitespace: true, message: '请填写申请人的代码或编号。' }]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        {scheme === 'idNumber' ? (
          <Form.Item
            label="查询用途"
            name="purpose"
            extra="按身份证件号码查找申请人须说明用途，用途和查询记入审计日志。"
            rules={[
              {
                required: true,
                whitespace: true,
                min: 2,
                max: 200,
                message: '按身份证件号码查找申请人须说明查询用途（2 到 200 个字）。',
              },
            ]}
          >
            <Input maxLength={200} placeholder="如：受理信用修复承诺" />
          </Form.Item>
        ) : null}
        <Form.Item label="承诺类型" name="type" rules={[{ required: true, message: '请选择承诺类型。' }]}>
          <Select
            options={Object.entries(commitmentTypeLabels).map(([value, label]) => ({
              value,
              label: value === 'notify_commit' ? '告知承诺（审批替代）' : label,
            }))}
          />
        </Form.Item>
        <Form.Item
          label="承诺事项"
          name="matter"
          rules={[{ required: true, whitespace: true, message: '请填写承诺对应的办理事项。' }]}
        >
          <Input maxLength={500} placeholder="如：建筑工程施工许可" />
        </Form.Item>
        <Form.Item label="事项编码（选填）" name="matterCode">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label="承诺内容"
          name="content"
          rules={[{ required: true, whitespace: true, message: '请填写承诺内容。' }]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item
            label={dueRequiredTypes.has(type ?? '') ? '补齐材料期限' : '履约期限（选填）'}
            name="dueOn"
            rules={[
              { required: dueRequiredTypes.has(type ?? ''), message: '容缺受理须填写补齐材料的期限。' },
              dateRule,
            ]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item label="有效期至（选填）" name="validTo" rules={[dateRule]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item label="承诺书编号（选填，留空由平台生成）" name="number">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label="向社会公开" name="public" valuePropName="checked">
            <Switch checkedChildren="公开" unCheckedChildren="不公开" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  )
}

interface FulfilValues {
  fulfilledOn: string
  note?: string
}

interface BreachValues {
  breachTypes: string[]
  facts: string
  handling?: string
  documentNo: string
  decidedOn: string
}

/** Fulfilment or breach of one commitment, recorded by the receiving department. */
export function DecisionModal({
  target,
  onClose,
  onDone,
}: {
  target: { row: Commitment; kind: 'fulfil' | 'breach' } | null
  onClose: () => void
  onDone: (c: CommitmentDetail) => void
}) {
  const [fulfilForm] = Form.useForm<FulfilValues>()
  const [breachForm] = Form.useForm<BreachValues>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const { message } = App.useApp()
  const kind = target?.kind

  useEffect(() => {
    if (target) {
      fulfilForm.resetFields()
      breachForm.resetFields()
      setError(null)
    }
  }, [target, fulfilForm, breachForm])

  const send = async (body: object) => {
    if (!target) return
    setSaving(true)
    setError(null)
    try {
      const c = await api<CommitmentDetail>(`/api/v1/commitments/${target.row.id}/${target.kind}`, {
        method: 'POST',
        body,
      })
      message.success(target.kind === 'fulfil' ? '已登记履约' : '已认定违诺，并生成违背信用承诺信息记录')
      onDone(c)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={target !== null}
      title={kind === 'breach' ? '认定违诺' : '登记履约'}
      okText={kind === 'breach' ? '确认认定' : '确认履约'}
      okButtonProps={{ danger: kind === 'breach' }}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => (kind === 'breach' ? breachForm.submit() : fulfilForm.submit())}
      onCancel={onClose}
      width={600}
      destroyOnHidden
    >
      {target ? (
        <Typography.Paragraph type="secondary">
          {target.row.entity.name} · {target.row.typeLabel} · {target.row.matter}（{target.row.number}）
        </Typography.Paragraph>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} className="gx-block" role="alert" /> : null}
      {kind === 'fulfil' ? (
        <Form<FulfilValues>
          form={fulfilForm}
          layout="vertical"
          name="fulfil-commitment"
          initialValues={{ fulfilledOn: shanghaiToday() }}
          onFinish={(v) => send({ fulfilledOn: v.fulfilledOn, ...(v.note?.trim() ? { note: v.note } : {}) })}
        >
          <Form.Item
            label="履约日期"
            name="fulfilledOn"
            rules={[{ required: true, message: '请填写履约日期。' }, dateRule]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item label="核查说明（选填）" name="note">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      ) : (
        <Form<BreachValues>
          form={breachForm}
          layout="vertical"
          name="breach-commitment"
          initialValues={{ decidedOn: shanghaiToday(), breachTypes: [] }}
          onFinish={(v) =>
            send({
              breachTypes: v.breachTypes,
              facts: v.facts,
              ...(v.handling?.trim() ? { handling: v.handling } : {}),
              documentNo: v.documentNo,
              decidedOn: v.decidedOn,
            })
          }
        >
          <Alert
            type="warning"
            showIcon
            className="gx-block"
            title="认定后将以本部门名义生成一条「违背信用承诺信息」记录，按公示规则向社会公开，且不能再登记履约。"
          />
          <Form.Item
            label="违诺情形"
            name="breachTypes"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一种违诺情形。' }]}
          >
            <Select mode="multiple" options={breachTypeOptions.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
          <Form.Item
            label="违诺事实"
            name="facts"
            rules={[{ required: true, whitespace: true, message: '请填写违诺事实。' }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item label="处理措施（选填）" name="handling">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item
              label="认定文书号"
              name="documentNo"
              rules={[{ required: true, whitespace: true, message: '请填写认定文书号。' }]}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              label="认定日期"
              name="decidedOn"
              rules={[{ required: true, message: '请填写认定日期。' }, dateRule]}
            >
              <Input type="date" />
            </Form.Item>
          </Space>
        </Form>
      )}
    </Modal>
  )
}

/** Withdrawal recorded by the receiving department on the applicant's behalf. */
export function WithdrawButton({ row, onDone }: { row: Commitment; onDone: () => void }) {
  const { modal, message } = App.useApp()
  return (
    <Button
      size="small"
      type="link"
      onClick={() => {
        let reason = ''
        modal.confirm({
          title: '登记申请人撤回承诺',
          content: (
            <Input.TextArea
              rows={3}
              maxLength={500}
              aria-label="撤回原因"
              placeholder="撤回原因（如：申请人撤回审批申请）"
              onChange={(e) => {
                reason = e.target.value
              }}
            />
          ),
          okText: '确认撤回',
          cancelText: '取消',
          onOk: async () => {
            try {
              await api(`/api/v1/commitments/${row.id}/withdraw`, { method: 'POST', body: { reason } })
              message.success('已撤回')
              onDone()
            } catch (cause) {
              message.error(errorMessage(cause))
              throw cause
            }
          },
        })
      }}
    >
      撤回
    </Button>
  )
}
