// The frame of one case's console page: number and state, the clocks, what the kind shows about the case (the record,
// the application), the evidence, the history, and the actions the caller may take (the kind's dialogs).
import type { ReactNode } from 'react'
import { useState } from 'react'
import { Alert, Button, Card, Descriptions, Form, List, Modal, Space, Timeline, Typography } from 'antd'
import { PaperClipOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { CaseClocks } from './clock.js'
import { CaseStateTag } from './queue.js'
import type { CaseEvent, CaseFile, CaseSummary } from './types.js'

export interface CaseFrameProps {
  summary: CaseSummary
  /** The kind's own facts (the application, the record it is about). */
  children?: ReactNode
  evidence?: readonly CaseFile[]
  history: readonly CaseEvent[]
  /** The action buttons the caller may use now (CaseActionButton). */
  actions?: ReactNode
  /** Names a department code (承办单位). */
  deptName?(code: string): string
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

export function EvidenceList({ files }: { files: readonly CaseFile[] }) {
  if (!files.length) return <Typography.Text type="secondary">未提交证明材料</Typography.Text>
  return (
    <List
      size="small"
      dataSource={[...files]}
      renderItem={(f) => (
        <List.Item>
          <a href={`/api/v1/files/${encodeURIComponent(f.id)}`} target="_blank" rel="noreferrer">
            <PaperClipOutlined aria-hidden /> {f.name}
          </a>
          <Typography.Text type="secondary">{sizeText(f.size)}</Typography.Text>
        </List.Item>
      )}
    />
  )
}

export function CaseHistory({ events }: { events: readonly CaseEvent[] }) {
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.seq,
        children: (
          <div>
            <Typography.Text strong>{e.actionLabel}</Typography.Text>
            <Typography.Text type="secondary">
              {' '}
              → {e.toStateLabel} · {formatInstant(e.at)}
              {e.actorDept ? ` · ${e.actorDept}` : ''}
            </Typography.Text>
            {typeof e.details.reason === 'string' && e.details.reason ? (
              <div className="gx-case-reason">{e.details.reason}</div>
            ) : null}
          </div>
        ),
      }))}
    />
  )
}

export function CaseFrame({ summary, children, evidence, history, actions, deptName }: CaseFrameProps) {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>办件编号 {summary.number}</span>
            <CaseStateTag state={summary.state} label={summary.stateLabel} />
          </Space>
        }
        extra={actions ? <Space wrap>{actions}</Space> : null}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="提交日期">{summary.openedOn}</Descriptions.Item>
          <Descriptions.Item label="承办单位">
            {summary.handlerDept ? (deptName?.(summary.handlerDept) ?? summary.handlerDept) : '信用办'}
          </Descriptions.Item>
          <Descriptions.Item label="办理时限" span={2}>
            <CaseClocks deadlines={summary.deadlines} />
          </Descriptions.Item>
          {summary.closedAt ? (
            <Descriptions.Item label="办结时间">{formatInstant(summary.closedAt)}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {children}
      {evidence ? (
        <Card title="证明材料">
          <EvidenceList files={evidence} />
        </Card>
      ) : null}
      <Card title="办理过程">
        <CaseHistory events={history} />
      </Card>
    </Space>
  )
}

export interface CaseActionButtonProps {
  /** Button text and dialog title (受理、不予受理、转交核实、作出决定...). */
  label: string
  /** POST target, e.g. /api/v1/objections/ID/accept. */
  url: string
  /** The case version the page shows: sent as `version`, so a case moved by someone else is a 409, not a silent overwrite. */
  version: number
  /** The dialog's form fields (antd Form.Item elements); their values are posted with the version. */
  fields?: ReactNode
  danger?: boolean
  primary?: boolean
  /** Turns the form's values into the body (default: as they are). */
  toBody?(values: Record<string, unknown>): Record<string, unknown>
  onDone(): void
}

/** One action on a case: a dialog with its fields, posted with the version; the server's error shown in the dialog. */
export function CaseActionButton({
  label,
  url,
  version,
  fields,
  danger,
  primary,
  toBody,
  onDone,
}: CaseActionButtonProps) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [form] = Form.useForm<Record<string, unknown>>()
  const submit = async () => {
    const values = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      await api(url, { method: 'POST', body: { ...(toBody ? toBody(values) : values), version } })
      setOpen(false)
      form.resetFields()
      onDone()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Button danger={danger} type={primary ? 'primary' : 'default'} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        okButtonProps={{ danger }}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
        <Form form={form} layout="vertical" name={`case-action-${label}`} preserve={false}>
          {fields}
        </Form>
      </Modal>
    </>
  )
}
