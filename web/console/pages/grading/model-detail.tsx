// One grading model: its dimensions, items and grade bands, its versions and the difference between two versions;
// operators edit it (JSON, checked by the server) into a new version.
import { useState } from 'react'
import { App, Button, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { useParams } from 'react-router-dom'
import { labelOf } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { PolicyDetailPage } from '../../components/policy-detail.js'
import { ChangesTable } from '../../components/versions.js'
import { useClasses } from '../catalog/lookups.js'
import {
  industriesText,
  kindsText,
  maxScore,
  modelPropertyLabel,
  modelStatusLabels,
  objectionLabels,
  severitiesText,
} from './format.js'
import { ModelEditor } from './model-editor.js'
import type { GradingModel, ModelDiff } from './types.js'

const tabKeys = ['definition', 'versions'] as const
type Item = GradingModel['items'][number]

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

function decayText(item: Item): string {
  if (item.decay.length === 1 && item.decay[0]?.percent === 100) return '不衰减'
  return item.decay.map((d) => `${d.fromMonths} 个月起 ${d.percent}%`).join('，')
}

function Definition({ m }: { m: GradingModel }) {
  const classes = useClasses(true)
  const dims = new Map(m.dimensions.map((d) => [d.code, d.label]))
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 160 } }}
        items={[
          { key: 'code', label: '模型代码', children: <code>{m.code}</code> },
          { key: 'description', label: '说明', children: m.description || '—' },
          { key: 'kinds', label: '适用主体类型', children: kindsText(m) },
          { key: 'industries', label: '适用行业门类', children: industriesText(m) },
          { key: 'objections', label: '异议期间计分', children: labelOf(objectionLabels, m.objections) },
          { key: 'range', label: '分数范围', children: `0 到 ${maxScore(m)} 分` },
          {
            key: 'basis',
            label: '评价依据',
            children: (
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {m.basis.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ol>
            ),
          },
        ]}
      />
      <Typography.Title level={5}>评价维度</Typography.Title>
      <div data-testid="model-dimensions">
        <Table
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={m.dimensions}
          columns={[
            {
              title: '维度',
              dataIndex: 'label',
              key: 'label',
              render: (v: string, d) => <span title={d.code}>{v}</span>,
            },
            { title: '基础分', dataIndex: 'base', key: 'base', width: 100, align: 'right' },
            { title: '满分', dataIndex: 'max', key: 'max', width: 100, align: 'right' },
          ]}
        />
      </div>
      <Typography.Title level={5}>评分项</Typography.Title>
      <Table<Item>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={m.items}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: '评分项',
            dataIndex: 'label',
            key: 'label',
            width: 200,
            render: (v: string, i) => <span title={i.code}>{v}</span>,
          },
          {
            title: '维度',
            dataIndex: 'dimension',
            key: 'dimension',
            width: 100,
            render: (v: string) => dims.get(v) ?? v,
          },
          {
            title: '目录类别',
            dataIndex: 'classes',
            key: 'classes',
            width: 220,
            render: (v: string[]) => v.map(classes.nameOf).join('、'),
          },
          {
            title: '严重程度',
            dataIndex: 'severities',
            key: 'severities',
            width: 110,
            render: (v: string[]) => severitiesText(v),
          },
          { title: '每条分值', dataIndex: 'points', key: 'points', width: 90, align: 'right', render: signed },
          {
            title: '金额加减分',
            key: 'amount',
            width: 160,
            render: (_: unknown, i) =>
              i.amount ? `每 ${i.amount.step} 元 ${signed(i.amount.points)}，至多 ${i.amount.maxPoints} 分` : '—',
          },
          { title: '时间衰减', key: 'decay', width: 200, render: (_: unknown, i) => decayText(i) },
          {
            title: '上限',
            dataIndex: 'cap',
            key: 'cap',
            width: 80,
            align: 'right',
            render: (v: number | null) => v ?? '—',
          },
        ]}
      />
      <Typography.Title level={5}>等级划分</Typography.Title>
      <div data-testid="model-bands">
        <Table
          rowKey="grade"
          size="small"
          pagination={false}
          dataSource={[...m.bands].sort((a, b) => b.min - a.min)}
          columns={[
            {
              title: '等级',
              dataIndex: 'grade',
              key: 'grade',
              width: 80,
              render: (v: string) => <Tag color="blue">{v}</Tag>,
            },
            { title: '名称', dataIndex: 'label', key: 'label' },
            { title: '分数', key: 'range', width: 160, render: (_: unknown, b) => `${b.min} – ${b.max} 分` },
          ]}
        />
      </div>
    </Space>
  )
}

/** A changed property's value: lists of objects as one line each (dimensions, items, bands), codes as they are. */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'string') return modelStatusLabels[v] ?? v
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n')
  return JSON.stringify(v)
}

function ModelDiffView({ diff }: { diff: ModelDiff }) {
  if (diff.changes.length === 0) return <Empty description={`第 ${diff.from} 版与第 ${diff.to} 版内容相同。`} />
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="model-diff">
      <Typography.Text strong>
        第 {diff.from} 版 → 第 {diff.to} 版：{diff.changes.length} 项变化。
      </Typography.Text>
      <ChangesTable changes={diff.changes} labelOf={modelPropertyLabel} formatValue={valueText} />
    </Space>
  )
}

export function GradingModelPage() {
  const { code = '' } = useParams()
  const canEdit = useUser().role === 'operator'
  const { message } = App.useApp()
  const [editing, setEditing] = useState(false)
  return (
    <PolicyDetailPage<GradingModel, ModelDiff>
      api={`/api/v1/grading/models/${encodeURIComponent(code)}`}
      path={`/catalog/grading/${code}`}
      back={{ to: '/catalog/grading', label: '返回模型列表', errorLabel: '返回评价模型' }}
      labels={{
        title: '评价模型',
        unavailable: '无法显示该评价模型',
        single: '本模型只有一个版本，暂无可比较的版本。',
        diffForm: 'model-diff',
      }}
      tabKeys={tabKeys}
      title={(m) => m.name}
      keyOf={(m) => m.code}
      tags={(m) => (
        <Tag color={m.status === 'active' ? 'green' : 'default'}>{labelOf(modelStatusLabels, m.status)}</Tag>
      )}
      tabs={(m) => [{ key: 'definition', label: '模型定义', children: <Definition m={m} /> }]}
      renderDiff={(diff) => <ModelDiffView diff={diff} />}
      actions={() =>
        canEdit ? (
          <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            修改模型
          </Button>
        ) : null
      }
      editors={({ data, showSaved }) =>
        canEdit ? (
          <ModelEditor
            key={`${data.code}@${data.version}`}
            model={data}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false)
              void message.success(`已保存为第 ${saved.version} 版，现为当前版本。`)
              showSaved(data.version, saved.version)
            }}
          />
        ) : null
      }
    />
  )
}
