import { useState } from 'react'
import type { ReactNode } from 'react'
import { Alert, Form, Input, Modal, Typography } from 'antd'
import { errorMessage } from '../api.js'

export interface ReasonModalProps {
  open: boolean
  title: string
  /** What the action will change, in one or two sentences. Shown above the reason field. */
  effect: ReactNode
  okText: string
  /** Destructive actions (revocations) get a red confirm button. */
  danger?: boolean
  /** Field label; default 原因. */
  reasonLabel?: string
  placeholder?: string
  /** The server's bounds for a reason (2 to 500 characters by default). */
  minLength?: number
  maxLength?: number
  /** Extra form content above the reason (e.g. an editor); it is rendered inside the same modal body. */
  children?: ReactNode
  width?: number
  /** Runs the action; a thrown error is shown in the modal and keeps it open. */
  onSubmit(reason: string): Promise<void>
  onCancel(): void
}

/**
 * Every destructive or legal action asks for a reason and says what it will change (ui.md). The reason is
 * required, trimmed and length-checked here as the server does; errors from the server stay in the modal.
 */
export function ReasonModal({
  open,
  title,
  effect,
  okText,
  danger,
  reasonLabel = '原因',
  placeholder = '请写明依据或原因，将记入审计日志。',
  minLength = 2,
  maxLength = 500,
  children,
  width,
  onSubmit,
  onCancel,
}: ReasonModalProps) {
  const [form] = Form.useForm<{ reason: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    let reason: string
    try {
      reason = (await form.validateFields()).reason.trim()
    } catch {
      return
    }
    setBusy(true)
    setError(null)
    try {
      await onSubmit(reason)
      form.resetFields()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger, loading: busy }}
      onOk={() => void submit()}
      onCancel={() => {
        if (busy) return
        setError(null)
        form.resetFields()
        onCancel()
      }}
      destroyOnHidden
      width={width}
      mask={{ closable: false }}
    >
      <Typography.Paragraph>{effect}</Typography.Paragraph>
      {children}
      <Form form={form} layout="vertical" name="reason-form" preserve={false}>
        <Form.Item
          label={reasonLabel}
          name="reason"
          rules={[
            { required: true, whitespace: true, message: `请填写${reasonLabel}。` },
            {
              validator: (_, value: string | undefined) => {
                const n = (value ?? '').trim().length
                if (n === 0 || (n >= minLength && n <= maxLength)) return Promise.resolve()
                return Promise.reject(new Error(`${reasonLabel}应为 ${minLength} 到 ${maxLength} 个字。`))
              },
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={maxLength} showCount placeholder={placeholder} />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  )
}
