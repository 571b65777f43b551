import { useState } from 'react'
import { App, Button } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { useParams } from 'react-router-dom'
import { useUser } from '../../auth.js'
import { PolicyDetailPage } from '../../components/policy-detail.js'
import { BasicInfo, FieldsTable, LegalBasis, SeverityRules } from './class-sections.js'
import { ClassEditor } from './class-editor.js'
import { invalidateClasses, useDepartments } from './lookups.js'
import { PolarityTag, ScopeTag } from './tags.js'
import type { CatalogClass, CatalogDiff } from './types.js'
import { DiffView } from './versions.js'

const tabKeys = ['fields', 'severity', 'basic', 'basis', 'versions'] as const

export function CatalogClassDetailPage() {
  const { code = '' } = useParams()
  const canEdit = useUser().role === 'operator'
  const { message } = App.useApp()
  const depts = useDepartments()
  const [editing, setEditing] = useState(false)

  return (
    <PolicyDetailPage<CatalogClass, CatalogDiff>
      api={`/api/v1/catalog/classes/${encodeURIComponent(code)}`}
      path={`/catalog/classes/${code}`}
      back={{ to: '/catalog/classes', label: '返回目录', errorLabel: '返回信用信息目录' }}
      labels={{
        title: '类别详情',
        unavailable: '无法显示该类别',
        single: '本类别只有一个版本，暂无可比较的版本。',
        diffForm: 'catalog-diff',
      }}
      tabKeys={tabKeys}
      title={(c) => c.nameZh}
      keyOf={(c) => c.code}
      tags={(c) => (
        <>
          <PolarityTag value={c.polarity} />
          <ScopeTag value={c.scope} />
          <span>{c.fields.length} 个字段</span>
        </>
      )}
      tabs={(c) => [
        { key: 'fields', label: `字段（${c.fields.length}）`, children: <FieldsTable cls={c} /> },
        {
          key: 'severity',
          label: `失信程度规则${c.severity ? `（${c.severity.rules.length}）` : ''}`,
          children: <SeverityRules cls={c} />,
        },
        { key: 'basic', label: '基本信息', children: <BasicInfo cls={c} deptName={depts.nameOf} /> },
        { key: 'basis', label: `法律依据（${c.legalBasis.length}）`, children: <LegalBasis cls={c} /> },
      ]}
      renderDiff={(diff) => <DiffView diff={diff} />}
      actions={() =>
        canEdit ? (
          <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
            修改类别
          </Button>
        ) : null
      }
      editors={({ data, showSaved }) =>
        canEdit ? (
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
            }}
          />
        ) : null
      }
    />
  )
}
