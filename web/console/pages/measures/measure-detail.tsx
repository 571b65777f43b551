// One measure: its definition, its versions and the difference between two versions; operators edit and retire.
import { useEffect, useState } from 'react'
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Result,
  Select,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import { DiffOutlined, EditOutlined, StopOutlined } from '@ant-design/icons'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { entityKindLabels, labelOf } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import { ChangesTable, VersionsTable } from '../catalog/versions.js'
import { describeTrigger, labelledList, measurePropertyLabel, measureScopeLabels, measureValueText } from './format.js'
import { MeasureEditor } from './measure-editor.js'
import { MeasureKindTag, MeasureStatusTag, ScenarioTags } from './tags.js'
import type { Measure, MeasureDiff, MeasureVersion } from './types.js'

const listStyle = { margin: 0, paddingLeft: 20 } as const
const tabKeys = ['definition', 'versions'] as const
type TabKey = (typeof tabKeys)[number]

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

/** Two version pickers and the property changes between them (GET /api/v1/measures/:code/diff). */
function MeasureCompare({
  code,
  versions,
  pair,
  onPair,
}: {
  code: string
  versions: MeasureVersion[]
  pair: [number, number] | null
  onPair(pair: [number, number]): void
}) {
  const depts = useDepartments()
  const classes = useClasses(true)
  const [from, setFrom] = useState<number | undefined>(pair?.[0])
  const [to, setTo] = useState<number | undefined>(pair?.[1])
  useEffect(() => {
    if (pair) {
      setFrom(pair[0])
      setTo(pair[1])
    }
  }, [pair])
  const diff = useRequest(
    (signal) =>
      pair
        ? api<MeasureDiff>(`/api/v1/measures/${encodeURIComponent(code)}/diff`, {
            query: { from: pair[0], to: pair[1] },
            signal,
          })
        : Promise.resolve(undefined),
    [code, pair?.[0], pair?.[1]],
  )
  if (versions.length < 2) return <Empty description="本措施只有一个版本，暂无可比较的版本。" />
  const options = versions.map((v) => ({
    value: v.version,
    label: `第 ${v.version} 版${v.isCurrent ? '（当前）' : ''}`,
  }))
  const data = diff.data
  const changes = data
    ? data.changes.map((c) => ({
        ...c,
        before: labelledList(c.before, c.property, depts.nameOf, classes.nameOf),
        after: labelledList(c.after, c.property, depts.nameOf, classes.nameOf),
      }))
    : []
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form layout="inline" name="measure-diff" className="gx-filter-form">
        <Form.Item label="从">
          <Select
            aria-label="比较的起始版本"
            value={from}
            onChange={setFrom}
            options={options}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item label="到">
          <Select aria-label="比较的目标版本" value={to} onChange={setTo} options={options} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item>
          <Button
            icon={<DiffOutlined aria-hidden />}
            disabled={from === undefined || to === undefined || from === to}
            onClick={() => {
              if (from !== undefined && to !== undefined) onPair([from, to])
            }}
          >
            比较
          </Button>
        </Form.Item>
      </Form>
      {diff.error ? <Alert type="error" showIcon title={diff.error} /> : null}
      {!pair ? <Typography.Text type="secondary">选择两个版本后点「比较」。</Typography.Text> : null}
      {data && !diff.loading ? (
        data.changes.length === 0 ? (
          <Empty description={`第 ${data.from} 版与第 ${data.to} 版内容相同。`} />
        ) : (
          <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="measure-diff">
            <Typography.Text strong>
              第 {data.from} 版 → 第 {data.to} 版：{data.changes.length} 项变化。
            </Typography.Text>
            <ChangesTable
              changes={changes}
              labelOf={measurePropertyLabel}
              formatValue={(v, property) => measureValueText(v, property, depts.nameOf, classes.nameOf)}
            />
          </Space>
        )
      ) : null}
    </Space>
  )
}

export function MeasureDetailPage() {
  const { code = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const user = useUser()
  const canEdit = user.role === 'operator'
  const { message } = App.useApp()
  const versionParam = Number(params.get('version')) || undefined
  const tabParam = params.get('tab') as TabKey | null
  const tab: TabKey = tabParam && tabKeys.includes(tabParam) ? tabParam : 'definition'
  const diffParam = /^(\d+)-(\d+)$/.exec(params.get('diff') ?? '')
  const pair: [number, number] | null = diffParam ? [Number(diffParam[1]), Number(diffParam[2])] : null
  const [editing, setEditing] = useState(false)
  const [retiring, setRetiring] = useState(false)

  const measure = useRequest(
    (signal) =>
      api<Measure>(`/api/v1/measures/${encodeURIComponent(code)}`, { query: { version: versionParam }, signal }),
    [code, versionParam],
  )
  const versions = useRequest(
    (signal) => api<{ items: MeasureVersion[] }>(`/api/v1/measures/${encodeURIComponent(code)}/versions`, { signal }),
    [code, measure.data?.version],
  )

  const update = (next: Record<string, string | null>) => {
    const copy = new URLSearchParams(params)
    for (const [k, v] of Object.entries(next)) {
      if (v === null) copy.delete(k)
      else copy.set(k, v)
    }
    setParams(copy, { replace: true })
  }
  const showNewVersion = (from: number, saved: Measure, text: string) => {
    void message.success(text)
    const copy = new URLSearchParams()
    copy.set('tab', 'versions')
    copy.set('diff', `${from}-${saved.version}`)
    setParams(copy, { replace: false })
    measure.reload()
  }

  const current = versions.data?.items.find((v) => v.isCurrent)
  const data = measure.data
  const viewingOld = Boolean(data && current && data.version !== current.version)

  if (measure.error && !data) {
    return (
      <Page title="措施详情">
        <Result
          status="warning"
          title="无法显示该措施"
          subTitle={measure.error}
          extra={<Link to="/catalog/measures">返回措施清单</Link>}
        />
      </Page>
    )
  }

  return (
    <Page
      title={data ? data.nameZh : '措施详情'}
      description={
        data ? (
          <Space wrap size={[8, 4]}>
            <code>{data.code}</code>
            <span>第 {data.version} 版</span>
            {viewingOld ? <Tag color="blue">历史版本</Tag> : <Tag color="green">当前版本</Tag>}
            <MeasureKindTag value={data.kind} />
            <MeasureStatusTag value={data.status} />
          </Space>
        ) : null
      }
      extra={
        <Space>
          <Link to="/catalog/measures">返回清单</Link>
          {canEdit && data && !viewingOld ? (
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
          ) : null}
        </Space>
      }
    >
      {viewingOld && current ? (
        <Alert
          type="info"
          showIcon
          className="gx-block"
          title={`正在查看第 ${data?.version} 版（当前为第 ${current.version} 版）。`}
          action={<Link to={`/catalog/measures/${code}`}>查看当前版本</Link>}
        />
      ) : null}
      {!data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(key) => update({ tab: key === 'definition' ? null : key })}
            items={[
              { key: 'definition', label: '措施定义', children: <Definition m={data} /> },
              {
                key: 'versions',
                label: `版本${versions.data ? `（${versions.data.items.length}）` : ''}`,
                children: (
                  <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                    {versions.error ? <Alert type="error" showIcon title={versions.error} /> : null}
                    <VersionsTable
                      code={code}
                      basePath={`/catalog/measures/${code}`}
                      versions={versions.data?.items ?? []}
                      viewing={data.version}
                      onCompare={(from, to) => update({ tab: 'versions', diff: `${from}-${to}` })}
                    />
                    <Card size="small" title="版本比较">
                      <MeasureCompare
                        code={code}
                        versions={versions.data?.items ?? []}
                        pair={pair}
                        onPair={([from, to]) => update({ diff: `${from}-${to}` })}
                      />
                    </Card>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      {canEdit && data && !viewingOld ? (
        <>
          <MeasureEditor
            key={`${data.code}@${data.version}`}
            measure={data}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false)
              showNewVersion(data.version, saved, `已保存为第 ${saved.version} 版，现为当前版本。`)
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
              showNewVersion(data.version, saved, `措施已停用（第 ${saved.version} 版）。`)
            }}
          />
        </>
      ) : null}
    </Page>
  )
}
