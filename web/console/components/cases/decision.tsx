// The deciding department's two dialogs on a repair or a list-exit case: approve and reject, each with its reasons.
import { Form, Input } from 'antd'
import { CaseActionButton } from './frame.js'

/** The reasons field of a decision (2 to 1000 characters, required). */
export const reasonsField = (label: string, placeholder?: string) => (
  <Form.Item
    name="reasons"
    label={label}
    rules={[
      { required: true, message: `请填写${label}` },
      { min: 2, max: 1000, message: '2 至 1000 字' },
    ]}
  >
    <Input.TextArea rows={4} maxLength={1000} showCount placeholder={placeholder} />
  </Form.Item>
)

interface Decision {
  /** Button text and dialog title (同意修复, 不予移出...). */
  label: string
  /** The reasons field's label. */
  reasons: string
  placeholder?: string
}

export interface DecisionActionsProps {
  /** POST target of an action on the case, e.g. /api/v1/repairs/ID/approve. */
  url(action: 'approve' | 'reject'): string
  version: number
  approve: Decision
  reject: Decision
  onDone(): void
}

/** Approve and reject, posted with the case version; the case page reloads after either. */
export function DecisionActions({ url, version, approve, reject, onDone }: DecisionActionsProps) {
  return (
    <>
      <CaseActionButton
        label={approve.label}
        primary
        url={url('approve')}
        version={version}
        fields={reasonsField(approve.reasons, approve.placeholder)}
        onDone={onDone}
      />
      <CaseActionButton
        label={reject.label}
        danger
        url={url('reject')}
        version={version}
        fields={reasonsField(reject.reasons, reject.placeholder)}
        onDone={onDone}
      />
    </>
  )
}
