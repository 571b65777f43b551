import { useMemo, useState } from 'react'
import { Alert, Button, Form, Input, Modal, Space, Table } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../shared/api.js'
import { Page } from '../page.js'
import { useRequest } from '../use-request.js'

export interface Department {
  code: string
  name: string
  uscc: string | null
  district: string | null
}

interface DeptForm {
  code?: string
  name: string
  uscc?: string
  district?: string
}

export function DepartmentsPage() {
  const { data, error, loading, reload } = useRequest(
    (signal) => api<{ items: Department[] }>('/api/v1/departments', { signal }),
    [],
  )
  const [filter, setFilter] = useState('')
  const [editing, setEditing] = useState<Department | 'new' | null>(null)
  const [busy, setBusy] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [form] = Form.useForm<DeptForm>()
  const rows = useMemo(() => {
    const items = data?.items ?? []
    const f = filter.trim()
    if (!f) return items
    return items.filter((d) => d.name.includes(f) || d.code.includes(f) || (d.uscc ?? '').includes(f.toUpperCase()))
  }, [data, filter])

  const open = (d: Department | 'new') => {
    setFormError(null)
    setNotice(null)
    form.resetFields()
    if (d !== 'new') form.setFieldsValue({ name: d.name, district: d.district ?? '' })
    setEditing(d)
  }

  const save = async () => {
    const values = await form.validateFields()
    setBusy(true)
    setFormError(null)
    try {
      const district = values.district?.trim() || null
      if (editing === 'new') {
        await api('/api/v1/departments', {
          method: 'POST',
          body: {
            code: values.code?.trim() ?? '',
            name: values.name.trim(),
            uscc: values.uscc?.trim() ?? '',
            district,
          },
        })
        setNotice(`已登记部门「${values.name.trim()}」。`)
      } else if (editing) {
        await api(`/api/v1/departments/${encodeURIComponent(editing.code)}`, {
          method: 'PATCH',
          body: { name: values.name.trim(), district },
        })
        setNotice(`已保存部门 ${editing.code} 的修改。`)
      }
      setEditing(null)
      reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<Department> = [
    { title: '部门代码', dataIndex: 'code', key: 'code', width: 160 },
    { title: '部门名称', dataIndex: 'name', key: 'name' },
    {
      title: '统一社会信用代码',
      dataIndex: 'uscc',
      key: 'uscc',
      width: 220,
      render: (v: string | null) => (v ? <span className="gx-nowrap">{v}</span> : '—'),
    },
    { title: '行政区划', dataIndex: 'district', key: 'district', width: 120, render: (v: string | null) => v || '—' },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, d) => (
        <Button type="link" size="small" onClick={() => open(d)}>
          编辑
        </Button>
      ),
    },
  ]

  return (
    <Page
      title="部门"
      description="接入平台的部门。部门的归集、核查和审计记录都以部门代码关联；代码和统一社会信用代码登记后不能修改。"
      extra={
        <Space>
          <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open('new')}>
            登记部门
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      {notice ? (
        <Alert type="success" showIcon closable className="gx-block" title={notice} onClose={() => setNotice(null)} />
      ) : null}
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
        scroll={{ x: 800 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 条` }}
      />
      <Modal
        title={editing === 'new' ? '登记部门' : editing ? `编辑部门：${editing.code}` : ''}
        open={editing !== null}
        okText={editing === 'new' ? '登记' : '保存'}
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={() => void save().catch(() => undefined)}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form<DeptForm> form={form} layout="vertical" name="dept-form" requiredMark={false}>
          {editing === 'new' ? (
            <>
              <Form.Item
                label="部门代码"
                name="code"
                extra="2-32 位字母、数字、_ 或 -，例如 tj-scjg；登记后不能修改。"
                rules={[
                  { required: true, pattern: /^[A-Za-z0-9_-]{2,32}$/, message: '请填写 2-32 位字母、数字、_ 或 -。' },
                ]}
              >
                <Input maxLength={32} autoComplete="off" />
              </Form.Item>
              <Form.Item
                label="统一社会信用代码"
                name="uscc"
                rules={[{ required: true, len: 18, message: '请填写 18 位统一社会信用代码。' }]}
              >
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
            </>
          ) : null}
          <Form.Item
            label="部门名称"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请填写部门名称。' }]}
          >
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="所属区县（6 位行政区划代码）"
            name="district"
            rules={[{ pattern: /^\d{6}$/, message: '应为 6 位数字，例如 120101；市级部门可不填。' }]}
          >
            <Input maxLength={6} autoComplete="off" />
          </Form.Item>
        </Form>
        {formError ? <Alert type="error" showIcon title={formError} /> : null}
      </Modal>
    </Page>
  )
}
