// 举报分办表: the routing table (GET/PUT /api/v1/tips/routing, a versioned policy): each tip category and the
// department suggested for it; operators edit it as a new version (applies to tips filed afterwards), everybody who
// handles tips reads it with its version history.
import { useState } from 'react'
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useUser } from '../../auth.js'
import { PolicyVersions, type PropertyDiff, PropertyDiffView, propertyChanges } from '../../components/policy-detail.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'

interface Category {
  code: string
  nameZh: string
  dept: string | null
}

interface RoutingVersion {
  version: number
  source: string
  hash: string
  isCurrent: boolean
  createdAt: string
  createdBy: string | null
  reason: string | null
  routing: { categories: Category[]; basis: string[] }
}

const byCode = (v: RoutingVersion | undefined): Record<string, unknown> =>
  Object.fromEntries((v?.routing.categories ?? []).map((c) => [c.code, c.dept]))

export function TipRoutingPage() {
  const user = useUser()
  const depts = useDepartments()
  const [refresh, setRefresh] = useState(0)
  const [editing, setEditing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [form] = Form.useForm<Record<string, string | null>>()
  const current = useRequest((signal) => api<RoutingVersion>('/api/v1/tips/routing', { signal }), [refresh])
  const v = current.data
  const names = new Map((v?.routing.categories ?? []).map((c) => [c.code, c.nameZh]))
  const deptOptions = [
    { value: '', label: '不指定（由信用办分办时选择）' },
    ...depts.departments.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
  ]

  const save = async () => {
    if (!v) return
    const values = await form.validateFields()
    setBusy(true)
    setError(null)
    try {
      await api('/api/v1/tips/routing', {
        method: 'PUT',
        body: {
          routing: {
            categories: v.routing.categories.map((c) => ({ ...c, dept: values[`dept:${c.code}`] || null })),
            basis: v.routing.basis,
          },
          reason: values.reason,
          baseVersion: v.version,
        },
      })
      setEditing(false)
      setRefresh((n) => n + 1)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page
      title="举报分办表"
      description="每个举报类别建议的承办部门。信用办分办举报时以此为建议；修改生成新版本，只适用于此后提交的举报。"
      extra={<Link to="/rights/tips">返回举报处理</Link>}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {current.error ? <Alert type="error" showIcon title={current.error} /> : null}
        <Card
          title={
            v ? (
              <Space>
                <span>第 {v.version} 版</span>
                <Tag>{v.source === 'default' ? '默认' : '运维修改'}</Tag>
                <Typography.Text type="secondary">{formatInstant(v.createdAt)}</Typography.Text>
              </Space>
            ) : (
              '当前版本'
            )
          }
          extra={
            user.role === 'operator' && v && !editing ? (
              <Button
                onClick={() => {
                  form.setFieldsValue(
                    Object.fromEntries(v.routing.categories.map((c) => [`dept:${c.code}`, c.dept ?? ''])),
                  )
                  setEditing(true)
                }}
              >
                修改
              </Button>
            ) : null
          }
        >
          {editing && v ? (
            <Form form={form} layout="vertical" name="tip-routing">
              {v.routing.categories.map((c) => (
                <Form.Item key={c.code} name={`dept:${c.code}`} label={c.nameZh}>
                  <Select showSearch optionFilterProp="label" options={deptOptions} />
                </Form.Item>
              ))}
              <Form.Item
                name="reason"
                label="修改原因"
                rules={[
                  { required: true, whitespace: true, message: '请填写修改原因' },
                  { min: 2, max: 500, message: '2 到 500 个字' },
                ]}
              >
                <Input placeholder="如：根据机构改革后的职责分工调整。将记入审计日志。" />
              </Form.Item>
              {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
              <Space>
                <Button type="primary" loading={busy} onClick={() => void save()}>
                  保存为新版本
                </Button>
                <Button disabled={busy} onClick={() => setEditing(false)}>
                  取消
                </Button>
              </Space>
            </Form>
          ) : (
            <>
              <Table<Category>
                rowKey="code"
                size="small"
                pagination={false}
                loading={current.loading}
                dataSource={v?.routing.categories ?? []}
                columns={[
                  { title: '举报类别', dataIndex: 'nameZh' },
                  { title: '代码', dataIndex: 'code' },
                  {
                    title: '建议承办部门',
                    dataIndex: 'dept',
                    render: (d: string | null) =>
                      d ? depts.nameOf(d) : <Typography.Text type="secondary">由信用办选择</Typography.Text>,
                  },
                ]}
              />
              {v?.routing.basis.length ? (
                <div className="gx-block">
                  <Typography.Text strong>依据</Typography.Text>
                  <ul>
                    {v.routing.basis.map((b) => (
                      <li key={b}>{b}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </>
          )}
        </Card>
        <Card title="版本历史">
          <PolicyVersions<RoutingVersion, PropertyDiff>
            api="/api/v1/tips/routing"
            reloadKey={`${refresh}@${v?.version}`}
            diff={async (from, to, versions) => ({
              from,
              to,
              changes: propertyChanges(
                byCode(versions.find((x) => x.version === from)),
                byCode(versions.find((x) => x.version === to)),
              ),
            })}
            formName="tip-routing-diff"
            single="分办表只有一个版本，暂无可比较的版本。"
            render={(diff) => (
              <PropertyDiffView
                diff={diff}
                labelOf={(k) => names.get(k) ?? k}
                formatValue={(value) => (typeof value === 'string' && value ? depts.nameOf(value) : '由信用办选择')}
                testId="tip-routing-diff"
              />
            )}
          />
        </Card>
      </Space>
    </Page>
  )
}
