import { useMemo, useState } from 'react'
import { Alert, Form, Input, Typography } from 'antd'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import type { CatalogClass } from './types.js'

/** The editable JSON of a class: the definition without its version number (the server assigns it). */
export function editableJson(cls: CatalogClass): string {
  const { version: _version, ...definition } = cls
  return JSON.stringify(definition, null, 2)
}

/** Parses the editor text; the Chinese problem (with line and column where the engine gives a position). */
export function parseDefinition(text: string): { value?: Record<string, unknown>; problem?: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause)
    // V8 says "... (line 3 column 5)" or "... at position 42".
    const lineColumn = /line (\d+) column (\d+)/.exec(message)
    const position = /position (\d+)/.exec(message)
    let where = ''
    if (lineColumn) where = `第 ${lineColumn[1]} 行第 ${lineColumn[2]} 列附近`
    else if (position) {
      const before = text.slice(0, Number(position[1]))
      where = `第 ${before.split('\n').length} 行第 ${before.length - before.lastIndexOf('\n')} 列附近`
    }
    return { problem: `JSON 格式有误${where ? `：${where}` : ''}。请检查括号、引号和逗号（最后一项后不加逗号）。` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: '定义应为 JSON 对象。' }
  return { value: value as Record<string, unknown> }
}

export function ClassEditor({
  cls,
  open,
  onClose,
  onSaved,
}: {
  cls: CatalogClass
  open: boolean
  onClose(): void
  onSaved(saved: CatalogClass): void
}) {
  const initial = useMemo(() => editableJson(cls), [cls])
  const [text, setText] = useState(initial)
  const parsed = useMemo(() => parseDefinition(text), [text])
  const unchanged = text.trim() === initial.trim()

  return (
    <ReasonModal
      open={open}
      title={`修改类别：${cls.nameZh}（第 ${cls.version} 版）`}
      okText="保存为新版本"
      width={880}
      reasonLabel="修改原因"
      placeholder="如：依据某某文件新增字段；修正某字段的别名。将记入审计日志。"
      effect={
        <>
          保存后生成<strong>第 {cls.version + 1} 版</strong>
          {`并设为当前版本：此后上传的数据按新版本校验和计算公示期；已入库的记录保留其原版本，不受影响。第 ${cls.version} 版保留，可随时比较。修改记入审计日志。`}
        </>
      }
      onCancel={() => {
        setText(initial)
        onClose()
      }}
      onSubmit={async (reason) => {
        if (parsed.problem || !parsed.value) throw new Error(parsed.problem ?? '定义应为 JSON 对象。')
        if (unchanged) throw new Error('定义没有改动，无需保存。')
        const saved = await api<CatalogClass>(`/api/v1/catalog/classes/${encodeURIComponent(cls.code)}`, {
          method: 'PUT',
          body: { definition: parsed.value, reason, baseVersion: cls.version },
        })
        onSaved(saved)
      }}
    >
      <Form layout="vertical" name="class-definition">
        <Form.Item
          label="类别定义（JSON）"
          validateStatus={parsed.problem ? 'error' : undefined}
          help={parsed.problem ?? (unchanged ? '尚未改动。' : '格式正确。保存时服务器还会检查字段、规则和依据。')}
        >
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 14, maxRows: 24 }}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
            aria-label="类别定义（JSON）"
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        字段代码（code）为数据中的键，已有数据依赖它：请勿修改已有字段的代码，可新增别名（aliases）兼容新表头。
      </Typography.Paragraph>
      {cls.status === 'retired' ? (
        <Alert type="warning" showIcon title="本类别已停用；将 status 改为 active 可重新启用。" className="gx-block" />
      ) : null}
    </ReasonModal>
  )
}
