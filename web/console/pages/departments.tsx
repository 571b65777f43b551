import { useMemo, useState } from 'react'
import { Alert, Button, Input, Table } from 'antd'
import type { TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api } from '../../shared/api.js'
import { Page } from '../page.js'
import { useRequest } from '../use-request.js'

export interface Department {
  code: string
  name: string
  uscc: string | null
  district: string | null
}

const columns: TableColumnsType<Department> = [
  { title: '部门代码', dataIndex: 'code', key: 'code', width: 160 },
  { title: '部门名称', dataIndex: 'name', key: 'name' },
  { title: '统一社会信用代码', dataIndex: 'uscc', key: 'uscc', width: 220, render: (v: string | null) => v || '—' },
  { title: '行政区划', dataIndex: 'district', key: 'district', width: 120, render: (v: string | null) => v || '—' },
]

export function DepartmentsPage() {
  const { data, error, loading, reload } = useRequest(
    (signal) => api<{ items: Department[] }>('/api/v1/departments', { signal }),
    [],
  )
  const [filter, setFilter] = useState('')
  const rows = useMemo(() => {
    const items = data?.items ?? []
    const f = filter.trim()
    if (!f) return items
    return items.filter((d) => d.name.includes(f) || d.code.includes(f) || (d.uscc ?? '').includes(f.toUpperCase()))
  }, [data, filter])

  return (
    <Page
      title="部门"
      description="接入平台的部门。部门的归集、核查和审计记录都以部门代码关联。"
      extra={
        <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
          刷新
        </Button>
      }
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <div className="gx-toolbar">
        <Input.Search
          aria-label="筛选部门"
          placeholder="按名称、代码或统一社会信用代码筛选"
          allowClear
          onSearch={setFilter}
          onChange={(event) => {
            if (!event.target.value) setFilter('')
          }}
          style={{ maxWidth: 360 }}
        />
      </div>
      <Table<Department>
        rowKey="code"
        columns={columns}
        dataSource={rows}
        loading={loading}
        size="middle"
        scroll={{ x: 720 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 条` }}
      />
    </Page>
  )
}
