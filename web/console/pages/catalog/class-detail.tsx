import { useState } from 'react'
import { Alert, App, Button, Card, Result, Skeleton, Space, Tabs, Tag } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { Link, useParams, useSearchParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { BasicInfo, FieldsTable, LegalBasis, SeverityRules } from './class-sections.js'
import { ClassEditor } from './class-editor.js'
import { invalidateClasses, useDepartments } from './lookups.js'
import { PolarityTag, ScopeTag } from './tags.js'
import type { CatalogClass, VersionInfo } from './types.js'
import { VersionCompare, VersionsTable } from './versions.js'

const tabKeys = ['fields', 'severity', 'basic', 'basis', 'versions'] as const
type TabKey = (typeof tabKeys)[number]

export function CatalogClassDetailPage() {
  const { code = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const user = useUser()
  const canEdit = user.role === 'operator'
  const { message } = App.useApp()
  const depts = useDepartments()
  const versionParam = Number(params.get('version')) || undefined
  const tabParam = params.get('tab') as TabKey | null
  const tab: TabKey = tabParam && tabKeys.includes(tabParam) ? tabParam : 'fields'
  const diffParam = /^(\d+)-(\d+)$/.exec(params.get('diff') ?? '')
  const pair: [number, number] | null = diffParam ? [Number(diffParam[1]), Number(diffParam[2])] : null
  const [editing, setEditing] = useState(false)

  const cls = useRequest(
    (signal) =>
      api<CatalogClass>(`/api/v1/catalog/classes/${encodeURIComponent(code)}`, {
        query: { version: versionParam },
        signal,
      }),
    [code, versionParam],
  )
  const versions = useRequest(
    (signal) =>
      api<{ items: VersionInfo[] }>(`/api/v1/catalog/classes/${encodeURIComponent(code)}/versions`, { signal }),
    [code, cls.data?.version],
  )

  const update = (next: Record<string, string | null>) => {
    const copy = new URLSearchParams(params)
    for (const [k, v] of Object.entries(next)) {
      if (v === null) copy.delete(k)
      else copy.set(k, v)
    }
    setParams(copy, { replace: true })
  }

  const current = versions.data?.items.find((v) => v.isCurrent)
  const data = cls.data
  const viewingOld = Boolean(data && current && data.version !== current.version)

  if (cls.error && !data) {
    return (
      <Page title="类别详情">
        <Result
          status="warning"
          title="无法显示该类别"
          subTitle={cls.error}
          extra={<Link to="/catalog/classes">返回信用信息目录</Link>}
        />
      </Page>
    )
  }

  return (
    <Page
      title={data ? data.nameZh : '类别详情'}
      description={
        data ? (
          <Space wrap size={[8, 4]}>
            <code>{data.code}</code>
            <span>第 {data.version} 版</span>
            {viewingOld ? <Tag color="blue">历史版本</Tag> : <Tag color="green">当前版本</Tag>}
            <PolarityTag value={data.polarity} />
            <ScopeTag value={data.scope} />
            <span>{data.fields.length} 个字段</span>
          </Space>
        ) : null
      }
      extra={
        <Space>
          <Link to="/catalog/classes">返回目录</Link>
          {canEdit && data && !viewingOld ? (
            <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
              修改类别
            </Button>
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
          action={<Link to={`/catalog/classes/${code}`}>查看当前版本</Link>}
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
            onChange={(key) => update({ tab: key === 'fields' ? null : key })}
            items={[
              { key: 'fields', label: `字段（${data.fields.length}）`, children: <FieldsTable cls={data} /> },
              {
                key: 'severity',
                label: `失信程度规则${data.severity ? `（${data.severity.rules.length}）` : ''}`,
                children: <SeverityRules cls={data} />,
              },
              { key: 'basic', label: '基本信息', children: <BasicInfo cls={data} deptName={depts.nameOf} /> },
              { key: 'basis', label: `法律依据（${data.legalBasis.length}）`, children: <LegalBasis cls={data} /> },
              {
                key: 'versions',
                label: `版本${versions.data ? `（${versions.data.items.length}）` : ''}`,
                children: (
                  <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                    {versions.error ? <Alert type="error" showIcon title={versions.error} /> : null}
                    <VersionsTable
                      code={code}
                      versions={versions.data?.items ?? []}
                      viewing={data.version}
                      onCompare={(from, to) => update({ tab: 'versions', diff: `${from}-${to}` })}
                    />
                    <Card size="small" title="版本比较">
                      <VersionCompare
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
        <ClassEditor
          key={`${data.code}@${data.version}`}
          cls={data}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false)
            invalidateClasses()
            void message.success(`已保存为第 ${saved.version} 版，现为当前版本。`)
            const copy = new URLSearchParams()
            copy.set('tab', 'versions')
            copy.set('diff', `${data.version}-${saved.version}`)
            setParams(copy, { replace: false })
            cls.reload()
          }}
        />
      ) : null}
    </Page>
  )
}
