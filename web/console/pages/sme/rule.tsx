// The 优质中小企业 screening rule in force, in words, with its version; for operators (grading.write) an editor of
// its definition as JSON (saved as a new version with a reason; a refused definition lists every problem), and its
// version history with the difference between two versions.
import { useState } from 'react'
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, List, Space, Tag, Typography } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { api, ApiError, errorMessage } from '../../../shared/api.js'
import { PolicyVersions, type PropertyDiff, PropertyDiffView } from '../../components/policy-detail.js'
import { ErrorAlert } from '../../components/list-page.js'
import type { VersionRow } from '../../components/versions.js'
import { useRequest } from '../../use-request.js'

export interface ScreeningRule {
  code: string
  version: number
  name: string
  description: string
  status: 'active' | 'retired'
  models: { model: string; minGrade: string; redListMinGrade: string | null }[]
  excludeLists: string[]
  excludeSerious: boolean
  basis: string[]
}

const LIST_LABELS: Record<string, string> = { black: '黑名单', focus: '重点关注名单' }
const STATUS_LABELS: Record<string, string> = { active: '有效', retired: '已停用' }
const PROPERTY_LABELS: Record<string, string> = {
  code: '规则代码',
  name: '规则名称',
  description: '说明',
  status: '状态',
  models: '评价模型及最低等级',
  excludeLists: '排除的名单',
  excludeSerious: '排除严重失信记录',
  basis: '依据',
}

export const RULE_API = '/api/v1/sme/rules/sme'

/** Each model's lowest grade in words. */
export function modelsText(rule: ScreeningRule, nameOf: (code: string) => string): string {
  return rule.models
    .map(
      (m) =>
        `${nameOf(m.model)} ${m.minGrade} 级及以上${m.redListMinGrade ? `（红名单主体 ${m.redListMinGrade} 级）` : ''}`,
    )
    .join('；')
}

function exclusionText(rule: ScreeningRule): string {
  const parts = rule.excludeLists.map((l) => `在列的${LIST_LABELS[l] ?? l}记录`)
  if (rule.excludeSerious) parts.push('在效的严重失信记录')
  return parts.length ? `有${parts.join('、')}的主体不予列入` : '不按名单或严重失信记录排除'
}

const editable = (rule: ScreeningRule): string => {
  const { version: _v, ...definition } = rule
  return JSON.stringify(definition, null, 2)
}

function RuleEditor({
  rule,
  onClose,
  onSaved,
}: {
  rule: ScreeningRule
  onClose(): void
  onSaved(r: ScreeningRule): void
}) {
  const [text, setText] = useState(() => editable(rule))
  const [reason, setReason] = useState('')
  const [problems, setProblems] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const save = async () => {
    setError(null)
    setProblems(null)
    let definition: unknown
    try {
      definition = JSON.parse(text) as unknown
    } catch (cause) {
      setError(`JSON 格式有误：${(cause as Error).message}`)
      return
    }
    if (reason.trim().length < 2) {
      setError('请填写修改原因（2 到 500 个字），将记入审计日志。')
      return
    }
    setBusy(true)
    try {
      onSaved(
        await api<ScreeningRule>(RULE_API, {
          method: 'PUT',
          body: { definition, reason: reason.trim(), baseVersion: rule.version },
        }),
      )
    } catch (cause) {
      const listed = (
        cause instanceof ApiError && cause.code === 'sme.invalid_definition'
          ? (cause.details as { problems?: unknown } | null)?.problems
          : null
      ) as unknown
      if (Array.isArray(listed) && listed.length) setProblems(listed.map(String))
      else setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Drawer
      title={`修改筛选规则：${rule.name}`}
      open
      onClose={onClose}
      size={820}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            保存为新版本
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        按 JSON 编辑筛选规则：models（评价模型 model 及最低等级 minGrade，红名单主体的最低等级 redListMinGrade 可为
        null）、excludeLists（排除的名单：black 黑名单、focus
        重点关注名单）、excludeSerious（是否排除有在效严重失信记录的主体）、basis（依据）。保存后生成第{' '}
        {rule.version + 1} 版并立即用于名单筛选；第 {rule.version} 版保留可比较。
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" data-testid="sme-rule-error" /> : null}
      {problems ? (
        <Alert
          type="error"
          showIcon
          className="gx-block"
          title={`筛选规则有 ${problems.length} 个问题，未保存：`}
          data-testid="sme-rule-problems"
          description={<List size="small" dataSource={problems} renderItem={(p) => <List.Item>{p}</List.Item>} />}
        />
      ) : null}
      <Form layout="vertical">
        <Form.Item label="筛选规则（JSON）">
          <Input.TextArea
            aria-label="筛选规则（JSON）"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 16, maxRows: 30 }}
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
            placeholder="如：按新的信易贷实施方案调整最低等级。将记入审计日志。"
          />
        </Form.Item>
      </Form>
    </Drawer>
  )
}

/** The rule card: in words, its version, the editor (operators) and the versions with their differences. */
export function ScreeningRuleCard({
  nameOf,
  canEdit,
  onChanged,
}: {
  nameOf(code: string): string
  canEdit: boolean
  onChanged(): void
}) {
  const { message } = App.useApp()
  const rule = useRequest((signal) => api<ScreeningRule>(RULE_API, { signal }), [])
  const [editing, setEditing] = useState(false)
  const r = rule.data
  return (
    <Card
      size="small"
      title="筛选规则"
      className="gx-block"
      id="sme-rule-card"
      data-testid="sme-rule-card"
      extra={
        canEdit && r ? (
          <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            修改筛选规则
          </Button>
        ) : null
      }
    >
      <ErrorAlert error={rule.error} />
      {r ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'name',
              label: '规则',
              children: (
                <Space wrap size={[8, 4]}>
                  <span>{r.name}</span>
                  <Tag title={`版本 ${r.version}`} data-testid="sme-rule-version">
                    第 {r.version} 版
                  </Tag>
                  <Tag color={r.status === 'active' ? 'green' : 'default'} title={r.status}>
                    {STATUS_LABELS[r.status] ?? r.status}
                  </Tag>
                </Space>
              ),
            },
            {
              key: 'models',
              label: '最低等级',
              children: <span data-testid="sme-rule-models">{modelsText(r, nameOf)}</span>,
            },
            { key: 'exclude', label: '排除', children: exclusionText(r) },
            { key: 'basis', label: '依据', children: r.basis.join('；') },
          ]}
        />
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        版本历史
      </Typography.Title>
      <PolicyVersions<VersionRow, PropertyDiff>
        api={RULE_API}
        reloadKey={r?.version}
        formName="sme-rule-diff"
        single="筛选规则只有一个版本，暂无可比较的版本。"
        render={(diff) => (
          <PropertyDiffView
            diff={diff}
            labelOf={(k) => PROPERTY_LABELS[k] ?? k}
            formatValue={(v, k) => ruleValue(v, k, nameOf)}
            testId="sme-rule-diff"
          />
        )}
      />
      {editing && r ? (
        <RuleEditor
          rule={r}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false)
            void message.success(`筛选规则已保存为第 ${saved.version} 版。`)
            rule.reload()
            onChanged()
          }}
        />
      ) : null}
    </Card>
  )
}

/** A changed property's value in words for the diff. */
function ruleValue(v: unknown, property: string, nameOf: (code: string) => string): string {
  if (v === null || v === undefined) return '—'
  if (property === 'models' && Array.isArray(v)) return modelsText({ models: v } as ScreeningRule, nameOf) || '（无）'
  if (property === 'excludeLists' && Array.isArray(v))
    return v.map((l) => LIST_LABELS[String(l)] ?? String(l)).join('、') || '（无）'
  if (property === 'excludeSerious') return v ? '排除' : '不排除'
  if (property === 'status') return STATUS_LABELS[String(v)] ?? String(v)
  if (Array.isArray(v)) return v.map(String).join('；')
  return typeof v === 'string' ? v : JSON.stringify(v)
}
