import { useState } from 'react'
import { App, Button, Card, Result, Skeleton, Space, Tabs, } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { useUser } from '../../auth.js'
import { OldVersionAlert, useVersionedParams, VersionBadge, VersionsPanel } from '../../components/versions.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { BasicInfo, FieldsTable, LegalBasis, SeverityRules } from './class-sections.js'
import { ClassEditor } from './class-editor.js'
import { invalidateClasses, useDepartments } from './lookups.js'
import { PolarityTag, ScopeTag } from './tags.js'
import type { CatalogClass, CatalogDiff, VersionInfo } from './types.js'
import { DiffView } from './versions.js'

const tabKeys = ['fields', 'severity', 'basic', 'basis', 'versions'] as const

export function CatalogClassDetailPage() {
  const { code = '' } = useParams()
  const user = useUser()
  const canEdit = user.role === 'operator'
  const { message } = App.useApp()
  const depts = useDepartments()
  const { version: versionParam, tab, pair, setTab, compare, showSaved } = useVersionedParams(tabKeys)
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
            <VersionBadge version={data.version} old={viewingOld} />
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
      {viewingOld && current && data ? (
        <OldVersionAlert viewing={data.version} current={current.version} currentPath={`/catalog/classes/${code}`} />
      ) : null}
      {!data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={setTab}
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
                  <VersionsPanel<CatalogDiff>
                    versions={versions.data?.items ?? []}
                    error={versions.error}
                    viewing={data.version}
                    basePath={`/catalog/classes/${code}`}
                    pair={pair}
                    onPair={compare}
                    diffUrl={`/api/v1/catalog/classes/${encodeURIComponent(code)}/diff`}
                    formName="catalog-diff"
                    single="本类别只有一个版本，暂无可比较的版本。"
                    render={(diff) => <DiffView diff={diff} />}
                  />
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
            showSaved(data.version, saved.version)
            cls.reload()
          }}
        />
      ) : null}
    </Page>
  )
}
