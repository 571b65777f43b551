// One objection (异议) case: the record it is about, the application, evidence, history and clocks in the shared case
// frame, with the credit office's accept / reject / forward dialogs and the providing department's decision dialog
// (outcome, reasons, and for a correction the corrected fields from the record's class).
import { Alert, Card, Descriptions, Form, Input, Result, Select, Skeleton, Tag, Typography } from 'antd'
import { Link, useParams } from 'react-router-dom'
import type { ObjectionDetailJson } from '../../../../src/modules/objections/index.js'
import { api } from '../../../shared/api.js'
import { useUser } from '../../auth.js'
import { CaseActionButton, type CaseActionButtonProps, CaseFrame } from '../../components/cases/index.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import type { CatalogClass, CatalogField } from '../catalog/types.js'

/** Fields that name the record itself: a correction cannot change them (the server refuses them too). */
const LOCKED_ROLES = new Set([
  'subject_name',
  'subject_category',
  'uscc',
  'org_code',
  'reg_no',
  'id_type',
  'id_number',
  'document_no',
])

const OUTCOMES = [
  { value: 'corrected', label: '更正（按更正后的字段生成新版本）' },
  { value: 'revoked', label: '撤销（记录撤销，停止公示）' },
  { value: 'upheld', label: '维持（记录无误，解除异议标注）' },
]

function reasonField(label: string, required: boolean) {
  return (
    <Form.Item
      name="reason"
      label={label}
      rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}
    >
      <Input.TextArea rows={3} maxLength={2000} showCount />
    </Form.Item>
  )
}

function fieldInput(f: CatalogField) {
  if (f.type === 'enum' && f.enum)
    return <Select allowClear options={f.enum.map((v) => ({ value: v, label: v }))} placeholder="不更正则留空" />
  if (f.type === 'text') return <Input.TextArea rows={2} placeholder="不更正则留空" />
  return (
    <Input
      placeholder={f.type === 'date' ? 'YYYY-MM-DD，不更正则留空' : '不更正则留空'}
      suffix={f.type === 'amount' ? '元' : undefined}
    />
  )
}

function CorrectedFields({ cls }: { cls: CatalogClass | undefined }) {
  if (!cls) return <Skeleton active paragraph={{ rows: 2 }} />
  const editable = cls.fields.filter((f) => !(f.role && LOCKED_ROLES.has(f.role)))
  return (
    <Card size="small" title="更正后的字段（只填需要更正的字段）" className="gx-block">
      {editable.map((f) => (
        <Form.Item key={f.code} name={['fields', f.code]} label={`${f.label}（${f.code}）`}>
          {fieldInput(f)}
        </Form.Item>
      ))}
    </Card>
  )
}

function decideBody(values: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, string> = {}
  for (const [k, v] of Object.entries((values.fields as Record<string, unknown> | undefined) ?? {}))
    if (typeof v === 'string' && v.trim() !== '') fields[k] = v.trim()
  return {
    outcome: values.outcome,
    reason: values.reason,
    ...(values.outcome === 'corrected' ? { fields } : {}),
  }
}

export function ObjectionCasePage() {
  const { id = '' } = useParams()
  const user = useUser()
  const depts = useDepartments()
  const detail = useRequest(
    (signal) => api<ObjectionDetailJson>(`/api/v1/objections/${encodeURIComponent(id)}`, { signal }),
    [id],
  )
  const d = detail.data
  const cls = useRequest(
    (signal) =>
      d?.actions.includes('decide')
        ? api<CatalogClass>(`/api/v1/catalog/classes/${encodeURIComponent(d.record.classCode)}`, { signal })
        : Promise.resolve(undefined),
    [d?.record.classCode, d?.actions.join(',')],
  )
  if (detail.error && !d)
    return (
      <Page title="异议办件">
        <Result status="warning" title="无法打开该办件" subTitle={detail.error} />
      </Page>
    )
  if (!d)
    return (
      <Page title="异议办件">
        <Skeleton active />
      </Page>
    )
  const url = (action: string) => `/api/v1/objections/${encodeURIComponent(d.id)}/${action}`
  const done = () => detail.reload()
  /** The dialog of one of the actions the case offers now (none otherwise). */
  const step = (action: string, props: Omit<CaseActionButtonProps, 'url' | 'version' | 'onDone'>) =>
    d.actions.includes(action) ? (
      <CaseActionButton {...props} url={url(action)} version={d.version} onDone={done} />
    ) : null
  const actions = (
    <>
      {step('accept', { primary: true, label: '受理', fields: reasonField('受理意见', false) })}
      {step('reject', { danger: true, label: '不予受理', fields: reasonField('不予受理理由', true) })}
      {step('forward', { primary: true, label: '转提供单位核实', fields: reasonField('转办意见', false) })}
      {step('decide', {
        primary: true,
        label: '作出核实决定',
        toBody: decideBody,
        fields: (
          <>
            <Form.Item name="outcome" label="核实结论" rules={[{ required: true, message: '请选择核实结论' }]}>
              <Select options={OUTCOMES} />
            </Form.Item>
            {reasonField('核实意见与理由', true)}
            <Form.Item noStyle shouldUpdate={(a, b) => a.outcome !== b.outcome}>
              {({ getFieldValue }) =>
                getFieldValue('outcome') === 'corrected' ? <CorrectedFields cls={cls.data} /> : null
              }
            </Form.Item>
          </>
        ),
      })}
      {step('withdraw', { danger: true, label: '撤回（窗口代录）', fields: reasonField('撤回原因', false) })}
    </>
  )
  return (
    <Page
      title={`异议 ${d.number}`}
      description="信用办受理审查并转提供单位核实（谁提供谁核实）；受理后记录标注「异议处理中」，直至作出决定。"
    >
      {detail.error ? <Alert type="error" showIcon title={detail.error} className="gx-block" /> : null}
      <CaseFrame
        summary={{
          ...d,
          kind: 'objection',
          deadlines: d.deadlineList,
        }}
        history={d.history}
        evidence={d.evidenceFiles}
        actions={d.actions.length ? actions : null}
        deptName={depts.nameOf}
      >
        <Card title="被异议的信用记录">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="记录">
              {user.role === 'operator' ? (
                <Link to={`/records/${encodeURIComponent(d.record.id)}`}>{d.record.className}</Link>
              ) : (
                d.record.className
              )}
            </Descriptions.Item>
            <Descriptions.Item label="文书号">{d.record.documentNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="决定日期">{d.record.decidedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="提供单位">{depts.nameOf(d.record.providerDept)}</Descriptions.Item>
            <Descriptions.Item label="版本">
              第 {d.record.version} 版（提出异议时第 {d.record.versionObjected} 版）
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              {d.record.state === 'revoked' ? (
                <Tag color="red">已撤销</Tag>
              ) : (
                <Tag>{d.record.state === 'active' ? '有效' : d.record.state}</Tag>
              )}
              {d.record.underObjection ? <Tag color="orange">异议处理中</Tag> : null}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title="异议申请">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="申请方式">{d.onBehalf ? '窗口代录' : '信用主体在线提出'}</Descriptions.Item>
            <Descriptions.Item label="异议理由">
              <Typography.Paragraph className="gx-case-reason">{d.reason}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="联系方式">{d.contact ?? '—'}</Descriptions.Item>
            {d.outcome ? <Descriptions.Item label="核实结论">{d.outcomeLabel}</Descriptions.Item> : null}
          </Descriptions>
        </Card>
      </CaseFrame>
    </Page>
  )
}
