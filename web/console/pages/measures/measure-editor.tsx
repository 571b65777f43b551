// The operator's form for a measure: a new (local) measure, or a new version of an existing one.
import { useState } from 'react'
import { Alert, Button, Drawer, Form, Input, Radio, Select, Space, Typography } from 'antd'
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import { entityKindLabels, listKindLabels, scenarioLabels, severityLabels } from '../../../shared/labels.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import { measureStatusLabels } from './format.js'
import type { Measure, MeasureExclusion, MeasureSummary, MeasureTrigger } from './types.js'

interface FormValues {
  code: string
  nameZh: string
  kind: 'reward' | 'punish'
  content: string
  basisText: string
  departments: string[]
  scenarios: string[]
  triggers: { type: string; class?: string; minSeverity?: string }[]
  exclusions: { type: 'list' | 'record'; listKind?: string; class?: string; minSeverity?: string; reason?: string }[]
  subjectKinds: string[]
  effectiveFrom: string
  effectiveTo?: string
  scope: 'general' | 'field'
  field?: string
  status: 'active' | 'retired'
  reason: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

function initialValues(m: Measure | undefined): Partial<FormValues> {
  if (!m)
    return {
      kind: 'punish',
      scope: 'general',
      status: 'active',
      triggers: [{ type: 'list' }],
      exclusions: [],
      subjectKinds: ['legal_person'],
      basisText: '',
    }
  return {
    code: m.code,
    nameZh: m.nameZh,
    kind: m.kind,
    content: m.content,
    basisText: m.basis.join('\n'),
    departments: m.departments,
    scenarios: m.scenarios,
    triggers: m.triggers.map((t) => ({
      type: t.type,
      ...(t.class ? { class: t.class } : {}),
      ...(t.minSeverity ? { minSeverity: t.minSeverity } : {}),
    })),
    exclusions: (m.exclusions ?? []).map((x) => ({ ...x })),
    subjectKinds: m.subjectKinds,
    effectiveFrom: m.effectiveFrom,
    effectiveTo: m.effectiveTo ?? '',
    scope: m.scope,
    field: m.field ?? '',
    status: m.status,
  }
}

/** The definition the API expects; triggers of types the form does not edit are kept as they were. */
function definitionOf(v: FormValues, original: Measure | undefined): Record<string, unknown> {
  const others = (original?.triggers ?? []).filter((t) => t.type !== 'list' && t.type !== 'record')
  const triggers: MeasureTrigger[] = [
    ...v.triggers.map((t) => ({
      type: t.type,
      ...(t.class ? { class: t.class } : {}),
      ...(t.type === 'record' && t.minSeverity ? { minSeverity: t.minSeverity } : {}),
    })),
    ...others,
  ]
  return {
    code: v.code.trim(),
    nameZh: v.nameZh.trim(),
    kind: v.kind,
    content: v.content.trim(),
    basis: v.basisText
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    departments: v.departments ?? [],
    scenarios: v.scenarios ?? [],
    triggers,
    exclusions: exclusionsOf(v.exclusions ?? []),
    subjectKinds: v.subjectKinds ?? [],
    effectiveFrom: v.effectiveFrom.trim(),
    effectiveTo: v.effectiveTo?.trim() ? v.effectiveTo.trim() : null,
    scope: v.scope,
    field: v.scope === 'field' ? (v.field?.trim() ?? null) : null,
    status: v.status,
  }
}

/** The exclusions as the API takes them: only the properties of each type, the reason trimmed. */
function exclusionsOf(list: FormValues['exclusions']): MeasureExclusion[] {
  return list.map((x) => {
    const reason = (x.reason ?? '').trim()
    const cls = x.class ? { class: x.class } : {}
    return x.type === 'record'
      ? ({ type: 'record', minSeverity: x.minSeverity, ...cls, reason } as MeasureExclusion)
      : ({ type: 'list', ...(x.listKind ? { listKind: x.listKind } : {}), ...cls, reason } as MeasureExclusion)
  })
}

export function MeasureEditor({
  measure,
  open,
  onClose,
  onSaved,
}: {
  /** The current version to edit; undefined for a new measure. */
  measure?: Measure
  open: boolean
  onClose(): void
  onSaved(saved: Measure): void
}) {
  const [form] = Form.useForm<FormValues>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const classes = useClasses()
  const depts = useDepartments()
  const creating = measure === undefined
  const triggerType = Form.useWatch('triggers', form) as FormValues['triggers'] | undefined
  const exclusionType = Form.useWatch('exclusions', form) as FormValues['exclusions'] | undefined
  const kind = Form.useWatch('kind', form) as string | undefined
  const scope = Form.useWatch('scope', form) as string | undefined

  // the exclusions of the list's reward measures, offered to a reward measure without any (data, never a constant)
  const copyRewardExclusions = async () => {
    try {
      const { items } = await api<{ items: MeasureSummary[] }>('/api/v1/measures?kind=reward')
      const source = items.find((m) => m.code !== measure?.code && m.exclusions?.length)
      if (source?.exclusions)
        form.setFieldValue(
          'exclusions',
          source.exclusions.map((x) => ({ ...x })),
        )
      else setError('措施清单中没有可参照的守信激励措施排除条件，请逐项填写。')
    } catch (cause) {
      setError(errorMessage(cause))
    }
  }

  const classOptions = (type: string | undefined) =>
    classes.classes
      .filter((c) => (type === 'list' ? c.listKind !== null : true))
      .map((c) => ({ value: c.code, label: `${c.nameZh}（${c.code}）` }))

  const submit = async (values: FormValues) => {
    setSaving(true)
    setError(null)
    try {
      const definition = definitionOf(values, measure)
      const saved = creating
        ? await api<Measure>('/api/v1/measures', {
            method: 'POST',
            body: { definition, reason: values.reason.trim() },
          })
        : await api<Measure>(`/api/v1/measures/${encodeURIComponent(measure.code)}`, {
            method: 'PUT',
            body: { definition, reason: values.reason.trim(), baseVersion: measure.version },
          })
      onSaved(saved)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer
      title={creating ? '新增奖惩措施' : `修改措施：${measure.nameZh}`}
      open={open}
      onClose={onClose}
      size={760}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {creating ? '保存措施' : '保存为新版本'}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {creating
          ? '新增的地方措施须注明法律、法规或政策文件依据；保存后为第 1 版，记入审计日志。'
          : `保存后生成第 ${measure.version + 1} 版并设为当前版本，第 ${measure.version} 版保留可比较。`}
      </Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon title={error} className="gx-block" data-testid="measure-editor-error" />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        name="measure-editor"
        initialValues={initialValues(measure)}
        onFinish={(v) => void submit(v)}
        disabled={saving}
      >
        <Form.Item
          label="措施代码"
          name="code"
          rules={[
            { required: true, message: '请填写措施代码' },
            { pattern: /^[a-z][a-z0-9_]{1,63}$/, message: '小写字母开头，只含小写字母、数字和下划线，2 到 64 位' },
          ]}
          extra={creating ? '如 punish_cd_local_subsidy；保存后不能修改。' : undefined}
        >
          <Input disabled={!creating} />
        </Form.Item>
        <Form.Item
          label="措施名称"
          name="nameZh"
          rules={[{ required: true, min: 2, max: 100, message: '2 到 100 个字' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="措施类型" name="kind" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'punish', label: '失信惩戒' },
              { value: 'reward', label: '守信激励' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="措施内容"
          name="content"
          rules={[{ required: true, min: 4, max: 2000, message: '4 到 2000 个字' }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item
          label="法律和政策依据"
          name="basisText"
          rules={[{ required: true, whitespace: true, message: '至少填写一项依据' }]}
          extra="每行一项，如《关于对失信被执行人实施联合惩戒的合作备忘录》（发改财金〔2016〕141号）。"
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item label="实施部门" name="departments" rules={[{ required: true, message: '至少选择一个实施部门' }]}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            loading={depts.loading}
            options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
          />
        </Form.Item>
        <Form.Item
          label="适用场景"
          name="scenarios"
          rules={[{ required: true, message: '至少选择一个适用场景' }]}
          extra="可输入新的场景代码（小写字母、数字、下划线）。"
        >
          <Select
            mode="tags"
            optionFilterProp="label"
            options={Object.entries(scenarioLabels).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          label="适用主体类型"
          name="subjectKinds"
          rules={[{ required: true, message: '至少选择一种主体类型' }]}
        >
          <Select
            mode="multiple"
            options={Object.entries(entityKindLabels).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item label="触发条件" required>
          <Form.List name="triggers">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item name={[f.name, 'type']} noStyle>
                      <Select
                        aria-label={`触发条件 ${i + 1} 的类型`}
                        style={{ width: 110 }}
                        options={[
                          { value: 'list', label: '名单' },
                          { value: 'record', label: '记录' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'class']} noStyle rules={[{ required: true, message: '请选择类别' }]}>
                      <Select
                        aria-label={`触发条件 ${i + 1} 的信息类别`}
                        showSearch
                        optionFilterProp="label"
                        style={{ width: 300 }}
                        placeholder="信息类别"
                        options={classOptions(triggerType?.[i]?.type)}
                      />
                    </Form.Item>
                    {triggerType?.[i]?.type === 'record' ? (
                      <Form.Item name={[f.name, 'minSeverity']} noStyle>
                        <Select
                          aria-label={`触发条件 ${i + 1} 的最低失信程度`}
                          allowClear
                          placeholder="最低失信程度（不限）"
                          style={{ width: 180 }}
                          options={Object.entries(severityLabels).map(([value, label]) => ({
                            value,
                            label: `${label}及以上`,
                          }))}
                        />
                      </Form.Item>
                    ) : null}
                    {fields.length > 1 ? (
                      <Button
                        type="text"
                        aria-label={`删除触发条件 ${i + 1}`}
                        icon={<MinusCircleOutlined aria-hidden />}
                        onClick={() => remove(f.name)}
                      />
                    ) : null}
                  </Space>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ type: 'list' })}>
                  添加触发条件
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item
          label="排除条件"
          required={kind === 'reward'}
          extra="主体存在下列情形时，本措施不予适用，核查结果注明排除的记录和理由。守信激励措施至少一项（如列入黑名单、重点关注名单，或有有效的严重失信记录）。"
        >
          <Form.List name="exclusions">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }} data-testid="measure-editor-exclusions">
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item name={[f.name, 'type']} noStyle>
                      <Select
                        aria-label={`排除条件 ${i + 1} 的类型`}
                        style={{ width: 110 }}
                        options={[
                          { value: 'list', label: '名单' },
                          { value: 'record', label: '记录' },
                        ]}
                      />
                    </Form.Item>
                    {exclusionType?.[i]?.type === 'record' ? (
                      <Form.Item
                        name={[f.name, 'minSeverity']}
                        noStyle
                        rules={[{ required: true, message: '请选择最低失信程度' }]}
                      >
                        <Select
                          aria-label={`排除条件 ${i + 1} 的最低失信程度`}
                          placeholder="最低失信程度"
                          style={{ width: 150 }}
                          options={Object.entries(severityLabels).map(([value, label]) => ({
                            value,
                            label: `${label}及以上`,
                          }))}
                        />
                      </Form.Item>
                    ) : (
                      <Form.Item name={[f.name, 'listKind']} noStyle>
                        <Select
                          aria-label={`排除条件 ${i + 1} 的名单类型`}
                          allowClear
                          placeholder="名单类型"
                          style={{ width: 150 }}
                          options={Object.entries(listKindLabels).map(([value, label]) => ({ value, label }))}
                        />
                      </Form.Item>
                    )}
                    <Form.Item name={[f.name, 'class']} noStyle>
                      <Select
                        aria-label={`排除条件 ${i + 1} 的信息类别`}
                        allowClear
                        showSearch
                        optionFilterProp="label"
                        style={{ width: 240 }}
                        placeholder="信息类别（不限）"
                        options={classOptions(exclusionType?.[i]?.type)}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'reason']}
                      noStyle
                      rules={[{ required: true, min: 4, max: 500, whitespace: true, message: '请用中文写明排除理由' }]}
                    >
                      <Input
                        aria-label={`排除条件 ${i + 1} 的理由`}
                        placeholder="排除理由（核查结果中显示）"
                        style={{ width: 420 }}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      aria-label={`删除排除条件 ${i + 1}`}
                      icon={<MinusCircleOutlined aria-hidden />}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Space wrap>
                  <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ type: 'list', listKind: 'black' })}>
                    添加排除条件
                  </Button>
                  {kind === 'reward' && fields.length === 0 ? (
                    <Button onClick={() => void copyRewardExclusions()}>参照其他激励措施的排除条件</Button>
                  ) : null}
                </Space>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Space wrap size="large">
          <Form.Item
            label="生效日期"
            name="effectiveFrom"
            rules={[{ required: true, pattern: DATE, message: '格式为 YYYY-MM-DD' }]}
          >
            <Input placeholder="YYYY-MM-DD" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            label="失效日期"
            name="effectiveTo"
            rules={[{ pattern: DATE, message: '格式为 YYYY-MM-DD，或留空' }]}
          >
            <Input placeholder="留空为长期有效" style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item label="适用范围" name="scope">
          <Radio.Group
            options={[
              { value: 'general', label: '通用' },
              { value: 'field', label: '领域' },
            ]}
          />
        </Form.Item>
        {scope === 'field' ? (
          <Form.Item label="所属领域" name="field" rules={[{ required: true, message: '领域措施须填写所属领域' }]}>
            <Input placeholder="如 政府采购" />
          </Form.Item>
        ) : null}
        {!creating ? (
          <Form.Item label="状态" name="status">
            <Radio.Group options={Object.entries(measureStatusLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        ) : null}
        <Form.Item
          label={creating ? '新增原因' : '修改原因'}
          name="reason"
          rules={[
            {
              required: true,
              min: 2,
              max: 500,
              whitespace: true,
              message: '请填写原因（2 到 500 个字），将记入审计日志',
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Drawer>
  )
}
