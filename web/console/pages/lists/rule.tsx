// The escalation rule (N general records in M months propose a focus-list entry): the current version, the
// operator's editor (every save is a new version with a reason) and the version history.
import { useState } from 'react'
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Switch, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { api, errorMessage } from '../../../shared/api.js'
import { PolicyVersions, type PropertyDiff, PropertyDiffView, propertyChanges } from '../../components/policy-detail.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import type { EscalationRule, RuleVersion } from './types.js'

interface RuleForm {
  enabled: boolean
  generalRecords: number
  withinMonths: number
  focusMonths: number
  classes: string[]
  department?: string
  basis: string
  reason: string
}

/** The rule's properties as the editor names them. */
const RULE_LABELS: Record<string, string> = {
  enabled: '启用规则',
  generalRecords: '一般失信记录条数（N）',
  withinMonths: '统计期间（月）',
  classes: '计入类别',
  focusMonths: '列入期限（月）',
  department: '认定单位',
  basis: '列入依据',
}

/** The escalation rule API has no diff: two versions from the versions list (which carries each rule) compared. */
function ruleDiff(versions: readonly RuleVersion[], from: number, to: number): PropertyDiff {
  const rule = (v: number) => {
    const row = versions.find((r) => r.version === v)
    if (!row) throw new Error(`升级规则没有第 ${v} 版。`)
    return row.rule as unknown as Record<string, unknown>
  }
  return { from, to, changes: propertyChanges(rule(from), rule(to), Object.keys(RULE_LABELS)) }
}

function ruleValue(v: unknown, key: string, className: (c: string) => string, deptName: (d: string) => string) {
  if (key === 'enabled') return v ? '启用' : '关闭'
  if (key === 'department') return typeof v === 'string' ? deptName(v) : '确认人所在部门'
  if (key === 'classes' && Array.isArray(v))
    return v.length ? v.map((c) => className(String(c))).join('、') : '全部负面类别'
  if (v === null || v === undefined) return '—'
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function RuleText({ rule }: { rule: EscalationRule }) {
  return (
    <span>
      {rule.withinMonths} 个月内一般失信记录达到 {rule.generalRecords} 条时提出列入建议，列入期限 {rule.focusMonths}{' '}
      个月
    </span>
  )
}

export function RulePanel({
  current,
  canEdit,
  onSaved,
}: {
  current: RuleVersion | undefined
  canEdit: boolean
  onSaved(v: RuleVersion): void
}) {
  const { message } = App.useApp()
  const classes = useClasses()
  const depts = useDepartments()
  const [form] = Form.useForm<RuleForm>()
  const [editing, setEditing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [refresh, setRefresh] = useState(0)
  const counting = classes.classes.filter((c) => c.polarity === 'negative' && !c.listKind)

  const startEdit = () => {
    if (!current) return
    const r = current.rule
    form.setFieldsValue({
      enabled: r.enabled,
      generalRecords: r.generalRecords,
      withinMonths: r.withinMonths,
      focusMonths: r.focusMonths,
      classes: r.classes,
      department: r.department ?? undefined,
      basis: r.basis.join('\n'),
      reason: '',
    })
    setError(null)
    setEditing(true)
  }

  const save = async () => {
    let v: RuleForm
    try {
      v = await form.validateFields()
    } catch {
      return
    }
    setBusy(true)
    setError(null)
    try {
      const saved = await api<RuleVersion>('/api/v1/lists/escalation-rule', {
        method: 'PUT',
        body: {
          baseVersion: current?.version,
          reason: v.reason.trim(),
          rule: {
            enabled: v.enabled,
            generalRecords: v.generalRecords,
            withinMonths: v.withinMonths,
            focusMonths: v.focusMonths,
            classes: v.classes ?? [],
            department: v.department ?? null,
            basis: v.basis
              .split('\n')
              .map((b) => b.trim())
              .filter(Boolean),
          },
        },
      })
      setEditing(false)
      setRefresh((n) => n + 1)
      void message.success(`升级规则已保存为第 ${saved.version} 版。`)
      onSaved(saved)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const ruleColumn: TableColumnsType<RuleVersion> = [
    {
      title: '规则',
      key: 'rule',
      render: (_: unknown, row) => (
        <span>
          {row.rule.enabled ? <Tag color="green">启用</Tag> : <Tag>关闭</Tag>}
          <RuleText rule={row.rule} />
        </span>
      ),
    },
  ]

  const r = current?.rule
  return (
    <>
      <Card
        title={current ? `当前规则（第 ${current.version} 版）` : '当前规则'}
        className="gx-block"
        extra={
          canEdit && !editing ? (
            <Button type="primary" onClick={startEdit} disabled={!current}>
              修改规则
            </Button>
          ) : null
        }
      >
        {r ? (
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="状态">
              {r.enabled ? <Tag color="green">已启用</Tag> : <Tag>未启用（不提出建议）</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="升级条件">
              <RuleText rule={r} />
            </Descriptions.Item>
            <Descriptions.Item label="计入类别">
              {r.classes.length
                ? r.classes.map((c) => classes.nameOf(c)).join('、')
                : '全部负面（失信）类别，名单记录除外'}
            </Descriptions.Item>
            <Descriptions.Item label="认定单位">
              {r.department ? `${depts.nameOf(r.department)}（确认人未绑定部门时）` : '确认人所在部门'}
            </Descriptions.Item>
            <Descriptions.Item label="列入依据" span={2}>
              {r.basis.join('；')}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">正在加载…</Typography.Text>
        )}
        {editing ? (
          <Form<RuleForm> form={form} layout="vertical" name="escalation-rule" className="gx-block">
            <Form.Item label="启用规则" name="enabled" valuePropName="checked">
              <Switch checkedChildren="启用" unCheckedChildren="关闭" />
            </Form.Item>
            <Form.Item
              label="一般失信记录条数（N）"
              name="generalRecords"
              rules={[{ required: true, type: 'integer', min: 2, max: 100, message: '2 到 100 的整数' }]}
            >
              <InputNumber min={2} max={100} precision={0} />
            </Form.Item>
            <Form.Item
              label="统计期间（M 个月）"
              name="withinMonths"
              rules={[{ required: true, type: 'integer', min: 1, max: 60, message: '1 到 60 的整数' }]}
            >
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
            <Form.Item
              label="列入期限（月）"
              name="focusMonths"
              rules={[{ required: true, type: 'integer', min: 1, max: 36, message: '1 到 36 的整数' }]}
            >
              <InputNumber min={1} max={36} precision={0} />
            </Form.Item>
            <Form.Item label="计入类别（不选为全部负面类别）" name="classes">
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                options={counting.map((c) => ({ value: c.code, label: c.nameZh }))}
              />
            </Form.Item>
            <Form.Item label="认定单位（确认人未绑定部门时）" name="department">
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
              />
            </Form.Item>
            <Form.Item
              label="列入依据（每行一项）"
              name="basis"
              rules={[{ required: true, whitespace: true, message: '至少填写一项列入依据' }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Form.Item
              label="修改原因"
              name="reason"
              rules={[
                { required: true, whitespace: true, message: '请填写修改原因' },
                { min: 2, max: 500, message: '2 到 500 个字' },
              ]}
            >
              <Input placeholder="如：经信用体系建设领导小组办公室会议研究，试行升级规则。将记入审计日志。" />
            </Form.Item>
            {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
            <Button type="primary" loading={busy} onClick={() => void save()}>
              保存为新版本
            </Button>{' '}
            <Button disabled={busy} onClick={() => setEditing(false)}>
              取消
            </Button>
          </Form>
        ) : null}
      </Card>
      <Card title="版本历史">
        <PolicyVersions<RuleVersion, PropertyDiff>
          api="/api/v1/lists/escalation-rule"
          reloadKey={`${refresh}@${current?.version}`}
          diff={async (from, to, versions) => ruleDiff(versions, from, to)}
          formName="escalation-rule-diff"
          single="升级规则只有一个版本，暂无可比较的版本。"
          render={(diff) => (
            <PropertyDiffView
              diff={diff}
              labelOf={(k) => RULE_LABELS[k] ?? k}
              formatValue={(v, k) => ruleValue(v, k, classes.nameOf, depts.nameOf)}
              testId="escalation-rule-diff"
            />
          )}
          author={false}
          columns={ruleColumn}
        />
      </Card>
    </>
  )
}
