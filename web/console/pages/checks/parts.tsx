// Pieces the check pages share: the outcome tag, one hit with its basis and triggering records, the feedback form.
import { useState } from 'react'
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Tag, Typography } from 'antd'
import { FormOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { feedbackActionLabels, labelOf, markLabels } from '../../../shared/labels.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import type { CheckExclusion, CheckHit, CheckOutcome, CheckSubject, Feedback } from './types.js'

export const outcomeText: Readonly<Record<CheckOutcome, string>> = {
  none: '无适用措施',
  reward: '守信激励',
  punish: '失信惩戒',
  both: '激励与惩戒',
}
const outcomeColor: Readonly<Record<CheckOutcome, string>> = {
  none: 'default',
  reward: 'green',
  punish: 'red',
  both: 'orange',
}

export function OutcomeTag({ value }: { value: CheckOutcome | null }) {
  if (!value) return <Tag>核查失败</Tag>
  return <Tag color={outcomeColor[value]}>{outcomeText[value]}</Tag>
}

/** 核查编号 (HC-YYYYMMDD-NNNNNN, copyable) with the check's id beside it. */
export function CheckNumber({ number, checkId }: { number: string | null | undefined; checkId: string }) {
  return (
    <span className="gx-check-number" data-testid="check-number">
      {number ? (
        <Typography.Text copyable={{ text: number }} strong className="gx-code">
          {number}
        </Typography.Text>
      ) : null}
      <Typography.Text type="secondary" className="gx-small-code" copyable={number ? false : { text: checkId }}>
        ID {checkId}
      </Typography.Text>
    </span>
  )
}

export function SubjectDescriptions({ subject }: { subject: CheckSubject }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'name', label: '主体名称', children: subject.name },
        {
          key: 'code',
          label: subject.uscc ? '统一社会信用代码' : '证件号码',
          children: subject.uscc ?? subject.idMasked ?? '—',
        },
      ]}
    />
  )
}

/** One hit: what the measure is, on what basis, who implements it, which records trigger it and until when. */
export function HitCard({
  hit,
  feedback,
  onFeedback,
}: {
  hit: CheckHit
  /** The current feedback on this hit, if any. */
  feedback?: Feedback | undefined
  /** Shows the 反馈 button (own department's checks). */
  onFeedback?: (() => void) | undefined
}) {
  const depts = useDepartments()
  const classes = useClasses(true)
  return (
    <Card
      size="small"
      className="gx-block gx-hit"
      data-testid={`hit-${hit.measure}`}
      title={
        <Space wrap size={[8, 4]}>
          <Tag color={hit.kind === 'reward' ? 'green' : 'red'}>{hit.kind === 'reward' ? '激励' : '惩戒'}</Tag>
          <span>{hit.nameZh}</span>
          {hit.underObjection ? <Tag color="orange">{labelOf(markLabels, 'under_objection')}</Tag> : null}
        </Space>
      }
      extra={
        onFeedback ? (
          <Button size="small" icon={<FormOutlined aria-hidden />} onClick={onFeedback} className="gx-no-print">
            {feedback ? '更新反馈' : '反馈实施情况'}
          </Button>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 120 } }}
        items={[
          { key: 'content', label: '措施内容', children: hit.content },
          {
            key: 'basis',
            label: '依据',
            children: (
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {hit.basis.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ol>
            ),
          },
          {
            key: 'depts',
            label: '实施部门',
            children: hit.implementingDepartments.map(depts.nameOf).join('、'),
          },
          {
            key: 'records',
            label: '触发记录',
            children: (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {hit.triggeredBy.map((t) => (
                  <li key={t.recordId}>
                    <Link to={`/records/${t.recordId}`}>
                      {classes.nameOf(t.class)}
                      {t.documentNo ? ` ${t.documentNo}` : ''}
                    </Link>
                    <Typography.Text type="secondary">
                      {`（${t.period.from} 起${t.period.until ? `，至 ${t.period.until}` : ''}）`}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            ),
          },
          { key: 'until', label: '有效期至', children: hit.validUntil ?? '长期（至移出名单）' },
          ...(feedback
            ? [
                {
                  key: 'feedback',
                  label: '实施情况',
                  children: (
                    <span>
                      <Tag color={feedback.action === 'applied' ? 'blue' : 'default'}>
                        {labelOf(feedbackActionLabels, feedback.action)}
                      </Tag>
                      {feedback.reason ? `原因：${feedback.reason} ` : ''}
                      {feedback.effect ? `成效：${feedback.effect} ` : ''}
                      <Typography.Text type="secondary">（{formatInstant(feedback.at)}）</Typography.Text>
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  )
}

/**
 * A measure an exclusion took away (e.g. a reward for a subject with an active serious record): the records that
 * would have triggered it, and the records that excluded it with the reason from the measure list.
 */
export function ExclusionCard({ exclusion }: { exclusion: CheckExclusion }) {
  const classes = useClasses(true)
  const recordLink = (t: { recordId: string; class: string; documentNo: string | null }) => (
    <Link to={`/records/${t.recordId}`}>
      {classes.nameOf(t.class)}
      {t.documentNo ? ` ${t.documentNo}` : ''}
    </Link>
  )
  return (
    <Card
      size="small"
      className="gx-block gx-exclusion"
      data-testid={`exclusion-${exclusion.measure}`}
      title={
        <Space wrap size={[8, 4]}>
          <Tag>{exclusion.kind === 'reward' ? '激励' : '惩戒'}</Tag>
          <span>{exclusion.nameZh}</span>
          <Tag color="default">不予适用</Tag>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 120 } }}
        items={[
          {
            key: 'excluded',
            label: '排除原因',
            children: (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {exclusion.excludedBy.map((e) => (
                  <li key={e.recordId}>
                    {recordLink(e)}
                    {e.underObjection ? <Tag color="orange">{labelOf(markLabels, 'under_objection')}</Tag> : null}
                    <div>{e.reason}</div>
                  </li>
                ))}
              </ul>
            ),
          },
          {
            key: 'triggered',
            label: '触发记录',
            children: (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {exclusion.triggeredBy.map((t) => (
                  <li key={t.recordId}>{recordLink(t)}</li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </Card>
  )
}

/** The measures exclusions took away, under their heading (nothing when there are none). */
export function ExclusionList({ exclusions }: { exclusions: readonly CheckExclusion[] | undefined }) {
  if (!exclusions?.length) return null
  return (
    <div data-testid="check-exclusions">
      <Typography.Paragraph strong>不予适用的措施 {exclusions.length} 项（存在排除情形）：</Typography.Paragraph>
      {exclusions.map((x) => (
        <ExclusionCard key={x.measure} exclusion={x} />
      ))}
    </div>
  )
}

interface FeedbackValues {
  action: 'applied' | 'not_applied' | 'partial'
  reason?: string
  effect?: string
  startedOn?: string
  endedOn?: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** 反馈实施情况 for one hit of one check (POST /api/v1/checks/:id/feedback); a repost is a new version. */
export function FeedbackModal({
  checkId,
  hit,
  previous,
  onClose,
  onSaved,
}: {
  checkId: string
  hit: { measure: string; nameZh: string } | null
  previous?: Feedback | undefined
  onClose(): void
  onSaved(saved: Feedback): void
}) {
  const [form] = Form.useForm<FeedbackValues>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const action = Form.useWatch('action', form)
  const submit = async (v: FeedbackValues) => {
    if (!hit) return
    setSaving(true)
    setError(null)
    try {
      const saved = await api<Feedback>(`/api/v1/checks/${encodeURIComponent(checkId)}/feedback`, {
        method: 'POST',
        body: {
          measure: hit.measure,
          action: v.action,
          ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
          ...(v.effect?.trim() ? { effect: v.effect.trim() } : {}),
          ...(v.startedOn?.trim() ? { startedOn: v.startedOn.trim() } : {}),
          ...(v.endedOn?.trim() ? { endedOn: v.endedOn.trim() } : {}),
        },
      })
      onSaved(saved)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={hit !== null}
      title={hit ? `反馈实施情况：${hit.nameZh}` : ''}
      okText="提交反馈"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {previous ? (
        <Typography.Paragraph type="secondary">
          已于 {formatInstant(previous.at)} 反馈为「{labelOf(feedbackActionLabels, previous.action)}
          」；再次提交将生成新版本，原反馈保留。
        </Typography.Paragraph>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Form<FeedbackValues>
        form={form}
        layout="vertical"
        name="check-feedback"
        initialValues={{
          action: previous?.action ?? 'applied',
          reason: previous?.reason ?? '',
          effect: previous?.effect ?? '',
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label="实施情况" name="action" rules={[{ required: true }]}>
          <Radio.Group options={Object.entries(feedbackActionLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          label="原因"
          name="reason"
          rules={[
            {
              required: action !== undefined && action !== 'applied',
              min: 2,
              max: 500,
              whitespace: true,
              message: '未实施或部分实施须填写原因（2 到 500 个字）',
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="未实施或部分实施时必填" />
        </Form.Item>
        <Form.Item label="成效" name="effect" rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：取消其投标资格" />
        </Form.Item>
        <Space wrap>
          <Form.Item label="开始日期" name="startedOn" rules={[{ pattern: DATE, message: '格式为 YYYY-MM-DD' }]}>
            <Input placeholder="YYYY-MM-DD" style={{ width: 150 }} />
          </Form.Item>
          <Form.Item label="结束日期" name="endedOn" rules={[{ pattern: DATE, message: '格式为 YYYY-MM-DD' }]}>
            <Input placeholder="YYYY-MM-DD" style={{ width: 150 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  )
}
