// One measure: its definition, its versions and the difference between two versions; operators edit and retire.
import { useState } from 'react'
import { App, Button, Descriptions, Empty, Space, Typography } from 'antd'
import { EditOutlined, StopOutlined } from '@ant-design/icons'
import { useParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { entityKindLabels, labelOf } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { PolicyDetailPage } from '../../components/policy-detail.js'
import { ChangesTable } from '../../components/versions.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import {
  describeExclusion,
  describeTrigger,
  labelledList,
  measurePropertyLabel,
  measureScopeLabels,
  measureValueText,
} from './format.js'
import { MeasureEditor } from './measure-editor.js'
import { MeasureKindTag, MeasureStatusTag, ScenarioTags } from './tags.js'
import type { Measure, MeasureDiff } from './types.js'

const listStyle = { margin: 0, paddingLeft: 20 } as const
const tabKeys = ['definition', 'versions'] as const

function Definition({ m }: { m: Measure }) {
  const depts = useDepartments()
  const classes = useClasses(true)
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      styles={{ label: { width: 160 } }}
      items={[
        { key: 'code', label: '措施代码', children: <code>{m.code}</code> },
        { key: 'kind', label: '措施类型', children: <MeasureKindTag value={m.kind} /> },
        { key: 'content', label: '措施内容', children: m.content },
        {
          key: 'basis',
          label: '法律和政策依据',
          children: (
            <ol style={listStyle} data-testid="measure-basis">
              {m.basis.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ol>
          ),
        },
        { key: 'departments', label: '实施部门', children: m.departments.map(depts.nameOf).join('、') },
        { key: 'scenarios', label: '适用场景', children: <ScenarioTags values={m.scenarios} /> },
        {
          key: 'triggers',
          label: '触发条件',
          children: (
            <ul style={listStyle}>
              {m.triggers.map((t) => (
                <li key={JSON.stringify(t)}>{describeTrigger(t, classes.nameOf)}</li>
              ))}
            </ul>
          ),
        },
        ...(m.exclusions?.length
          ? [
              {
                key: 'exclusions',
                label: '排除条件',
                children: (
                  <ul style={listStyle} data-testid="measure-exclusions">
                    {m.exclusions.map((x) => (
                      <li key={JSON.stringify(x)}>{describeExclusion(x, classes.nameOf)}</li>
                    ))}
                  </ul>
                ),
              },
            ]
          : []),
        {
          key: 'subjectKinds',
          label: '适用主体类型',
          children: m.subjectKinds.map((k) => labelOf(entityKindLabels, k)).join('、'),
        },
        {
          key: 'period',
          label: '有效期',
          children: `${m.effectiveFrom} 起${m.effectiveTo ? `，至 ${m.effectiveTo}` : '，长期有效'}`,
        },
        {
          key: 'scope',
          label: '适用范围',
          children: `${labelOf(measureScopeLabels, m.scope)}${m.field ? `（${m.field}）` : ''}`,
        },
        { key: 'status', label: '状态', children: <MeasureStatusTag value={m.status} /> },
      ]}
    />
  )
}

/** The property changes between two versions (GET /api/v1/measures/:code/diff), codes named. */
function MeasureDiffView({ diff }: { diff: MeasureDiff }) {
  const depts = useDepartments()
  const classes = useClasses(true)
  if (diff.changes.length === 0) return <Empty description={`第 ${diff.from} 版与第 ${diff.to} 版内容相同。`} />
  const changes = diff.changes.map((c) => ({
    ...c,
    before: labelledList(c.before, c.property, depts.nameOf, classes.nameOf),
    after: labelledList(c.after, c.property, depts.nameOf, classes.nameOf),
  }))
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="measure-diff">
      <Typography.Text strong>
        第 {diff.from} 版 → 第 {diff.to} 版：{diff.changes.length} 项变化。
      </Typography.Text>
      <ChangesTable
        changes={changes}
        labelOf={measurePropertyLabel}
        formatValue={(v, property) => measureValueText(v, property, depts.nameOf, classes.nameOf)}
      />
    </Space>
  )
}

export function MeasureDetailPage() {
  const { code = '' } = useParams()
  const canEdit = useUser().role === 'operator'
  const { message } = App.useApp()
  const [editing, setEditing] = useState(false)
  const [retiring, setRetiring] = useState(false)

  return (
    <PolicyDetailPage<Measure, MeasureDiff>
      api={`/api/v1/measures/${encodeURIComponent(code)}`}
      path={`/catalog/measures/${code}`}
      back={{ to: '/catalog/measures', label: '返回清单', errorLabel: '返回措施清单' }}
      labels={{
        title: '措施详情',
        unavailable: '无法显示该措施',
        single: '本措施只有一个版本，暂无可比较的版本。',
        diffForm: 'measure-diff',
      }}
      tabKeys={tabKeys}
      title={(m) => m.nameZh}
      keyOf={(m) => m.code}
      tags={(m) => (
        <>
          <MeasureKindTag value={m.kind} />
          <MeasureStatusTag value={m.status} />
        </>
      )}
      tabs={(m) => [{ key: 'definition', label: '措施定义', children: <Definition m={m} /> }]}
      renderDiff={(diff) => <MeasureDiffView diff={diff} />}
      actions={({ data }) =>
        canEdit ? (
          <>
            <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
              修改措施
            </Button>
            {data.status === 'active' ? (
              <Button danger icon={<StopOutlined aria-hidden />} onClick={() => setRetiring(true)}>
                停用措施
              </Button>
            ) : null}
          </>
        ) : null
      }
      editors={({ data, showSaved }) => {
        if (!canEdit) return null
        const showNewVersion = (saved: Measure, text: string) => {
          void message.success(text)
          showSaved(data.version, saved.version)
        }
        return (
          <>
            <MeasureEditor
              key={`${data.code}@${data.version}`}
              measure={data}
              open={editing}
              onClose={() => setEditing(false)}
              onSaved={(saved) => {
                setEditing(false)
                showNewVersion(saved, `已保存为第 ${saved.version} 版，现为当前版本。`)
              }}
            />
            <ReasonModal
              open={retiring}
              title={`停用措施：${data.nameZh}`}
              okText="停用"
              danger
              reasonLabel="停用原因"
              placeholder="如：上位文件废止；措施已并入其他措施。将记入审计日志。"
              effect={`停用后生成第 ${data.version + 1} 版（状态为「已停用」），该措施不再参与核查；历史版本保留，可修改状态重新启用。`}
              onCancel={() => setRetiring(false)}
              onSubmit={async (reason) => {
                const saved = await api<Measure>(`/api/v1/measures/${encodeURIComponent(data.code)}/retire`, {
                  method: 'POST',
                  body: { reason, baseVersion: data.version },
                })
                setRetiring(false)
                showNewVersion(saved, `措施已停用（第 ${saved.version} 版）。`)
              }}
            />
          </>
        )
      }}
    />
  )
}
