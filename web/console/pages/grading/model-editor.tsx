// The operator's editor of a grading model: the definition as JSON, checked by the server (every problem with its
// place in the model), saved as a new version with a reason.
import { useState } from 'react'
import { Alert, Button, Drawer, Form, Input, List, Space, Typography } from 'antd'
import { CheckCircleOutlined } from '@ant-design/icons'
import { api, ApiError, errorMessage } from '../../../shared/api.js'
import { problemPathLabel } from './format.js'
import type { GradingModel, ModelProblem } from './types.js'

const editable = (m: GradingModel): string => {
  const { version: _v, ...definition } = m
  return JSON.stringify(definition, null, 2)
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string }

function parse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (cause) {
    return { ok: false, error: `JSON 格式有误：${(cause as Error).message}` }
  }
}

/** The problems as a list: where (in words, the JSON path in a tooltip) and what. */
function Problems({ problems }: { problems: readonly ModelProblem[] }) {
  return (
    <Alert
      type="error"
      showIcon
      className="gx-block"
      title={`模型定义有 ${problems.length} 个问题，未保存：`}
      data-testid="model-problems"
      description={
        <List
          size="small"
          dataSource={[...problems]}
          renderItem={(p) => (
            <List.Item>
              <span>
                <Typography.Text strong title={p.path || undefined} data-path={p.path}>
                  {problemPathLabel(p.path)}
                </Typography.Text>
                ：{p.message}
              </span>
            </List.Item>
          )}
        />
      }
    />
  )
}

export function ModelEditor({
  model,
  open,
  onClose,
  onSaved,
}: {
  model: GradingModel
  open: boolean
  onClose(): void
  onSaved(saved: GradingModel): void
}) {
  const [text, setText] = useState(() => editable(model))
  const [reason, setReason] = useState('')
  const [problems, setProblems] = useState<ModelProblem[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'check' | 'save' | null>(null)
  const url = `/api/v1/grading/models/${encodeURIComponent(model.code)}`

  /** Asks the server for every problem; answers whether there is none. */
  const check = async (definition: unknown): Promise<boolean> => {
    const { problems: found } = await api<{ problems: ModelProblem[] }>(`${url}/check`, {
      method: 'POST',
      body: { definition },
    })
    setProblems(found)
    return found.length === 0
  }

  const run = async (what: 'check' | 'save') => {
    setError(null)
    setProblems(null)
    const parsed = parse(text)
    if (!parsed.ok) {
      setError(parsed.error)
      return
    }
    setBusy(what)
    try {
      if (what === 'check') {
        await check(parsed.value)
        return
      }
      if (reason.trim().length < 2) {
        setError('请填写修改原因（2 到 500 个字），将记入审计日志。')
        return
      }
      try {
        const saved = await api<GradingModel>(url, {
          method: 'PUT',
          body: { definition: parsed.value, reason: reason.trim(), baseVersion: model.version },
        })
        onSaved(saved)
      } catch (cause) {
        // a refused definition: list its problems with their places (the check gives the paths)
        if (cause instanceof ApiError && cause.code === 'grading.invalid_definition' && !(await check(parsed.value)))
          return
        throw cause
      }
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(null)
    }
  }

  return (
    <Drawer
      title={`修改评价模型：${model.name}`}
      open={open}
      onClose={onClose}
      size={880}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button icon={<CheckCircleOutlined aria-hidden />} loading={busy === 'check'} onClick={() => run('check')}>
            校验
          </Button>
          <Button type="primary" loading={busy === 'save'} onClick={() => run('save')}>
            保存为新版本
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        按 JSON 编辑模型定义：dimensions（维度）、items（评分项：classes 目录类别、points 每条分值、decay 时间衰减、cap
        上限）、bands（等级划分，须覆盖 0 到满分且不重叠）。保存后生成第 {model.version + 1}{' '}
        版并设为当前版本，此后的评价按新版本计算；第 {model.version} 版保留可比较。
      </Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon title={error} className="gx-block" data-testid="model-editor-error" />
      ) : null}
      {problems && problems.length > 0 ? <Problems problems={problems} /> : null}
      {problems && problems.length === 0 ? (
        <Alert type="success" showIcon title="校验通过：没有发现问题。" className="gx-block" data-testid="model-ok" />
      ) : null}
      <Form layout="vertical">
        <Form.Item label="模型定义（JSON）">
          <Input.TextArea
            aria-label="模型定义（JSON）"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 18, maxRows: 32 }}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
          />
        </Form.Item>
        <Form.Item label="修改原因" required>
          <Input.TextArea
            aria-label="修改原因"
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="如：按新的评价办法调整监管风险维度的权重。将记入审计日志。"
          />
        </Form.Item>
      </Form>
    </Drawer>
  )
}
