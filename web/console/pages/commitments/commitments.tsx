import { useState } from 'react'
import { Alert, Button, Card, Form, Grid, Input, Select, Space, Switch, Table, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons'
import { useSearchParams } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { commitmentStatusLabels, commitmentTypeLabels } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import { CommitmentDrawer, CommitmentStatusTag, DecisionModal, FileCommitmentModal, WithdrawButton } from './parts.js'
import type { Commitment, CommitmentPage } from './types.js'

interface Filters {
  dept?: string
  status?: string
  type?: string
  subject?: string
  overdue: boolean
}

/** A USCC is looked up to its entity id; anything else is taken as the entity id. */
async function entityIdOf(subject: string): Promise<string> {
  const q = subject.trim().toUpperCase()
  if (/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(q))
    return (await api<{ id: string }>(`/api/v1/entities/by-uscc/${encodeURIComponent(q)}`)).id
  return subject.trim()
}

export function CommitmentsPage() {
  const user = useUser()
  // Departments (consumer, provider) receive commitments and decide on them; operators read all.
  const isDept = user.role !== 'operator' && user.dept !== null
  const wide = Grid.useBreakpoint().md !== false
  const depts = useDepartments()
  const [params, setParams] = useSearchParams()
  const [filters, setFilters] = useState<Filters>({ overdue: false })
  const [entityId, setEntityId] = useState<string | null>(null)
  const [filterError, setFilterError] = useState<string | null>(null)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [filing, setFiling] = useState(false)
  const [deciding, setDeciding] = useState<{ row: Commitment; kind: 'fulfil' | 'breach' } | null>(null)
  const openId = params.get('commitment')

  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<CommitmentPage>(filters.overdue ? '/api/v1/commitments/overdue' : '/api/v1/commitments', {
        query: {
          status: filters.overdue ? undefined : filters.status,
          type: filters.type,
          dept: isDept ? undefined : filters.dept,
          entity: entityId ?? undefined,
          page,
          pageSize,
        },
        signal,
      }),
    [filters, entityId, page, pageSize],
  )

  const open = (id: string | null) => {
    const copy = new URLSearchParams(params)
    if (id) copy.set('commitment', id)
    else copy.delete('commitment')
    setParams(copy, { replace: !id })
  }

  const applyFilters = async (v: Filters) => {
    setFilterError(null)
    try {
      setEntityId(v.subject?.trim() ? await entityIdOf(v.subject) : null)
      setFilters({ ...v, overdue: Boolean(v.overdue) })
      setPage(1)
    } catch (cause) {
      setFilterError(errorMessage(cause))
    }
  }

  // every column has its width and nothing is cut off: numbers and codes whole (never wrapped inside), names and
  // matters wrapped, the status tags side by side (wrapping as whole tags); the table scrolls sideways when narrow
  const columns: TableColumnsType<Commitment> = [
    {
      title: '承诺书编号',
      dataIndex: 'number',
      key: 'number',
      width: 190,
      // wraps only when longer than the column (never cut off)
      render: (v: string) => <span className="gx-wrap-code">{v}</span>,
    },
    {
      title: '承诺主体',
      key: 'entity',
      width: 200,
      render: (_: unknown, row) => (
        <span>
          {row.entity.name}
          <br />
          <Typography.Text type="secondary" className="gx-small-code">
            {row.entity.uscc ?? row.entity.idMasked ?? ''}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '承诺事项',
      key: 'matter',
      width: 200,
      render: (_: unknown, row) => (
        <span>
          {row.matter}
          <br />
          <Typography.Text type="secondary" className="gx-small-text">
            {row.typeLabel}
            {row.public ? ' · 公开' : ''}
          </Typography.Text>
        </span>
      ),
    },
    ...(isDept
      ? []
      : [
          {
            title: '受理部门',
            key: 'dept',
            width: 140,
            render: (_: unknown, row: Commitment) => row.deptName ?? row.dept,
          },
        ]),
    {
      title: '承诺日期 / 履约期限',
      key: 'dates',
      width: 120,
      render: (_: unknown, row) => (
        <span className="gx-nowrap">
          {row.filedOn}
          <br />
          <Typography.Text type={row.overdue ? 'danger' : 'secondary'} className="gx-small-text">
            {row.dueOn ? `至 ${row.dueOn}` : '无履约期限'}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_: unknown, row) => <CommitmentStatusTag row={row} />,
    },
    {
      title: '操作',
      key: 'actions',
      // not fixed to the right edge: a fixed column lies over the columns scrolled under it (the status tags)
      width: isDept ? 160 : 80,
      render: (_: unknown, row) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => open(row.id)}>
            详情
          </Button>
          {isDept && row.dept === user.dept && row.status === 'filed' ? (
            <>
              <Button size="small" type="link" onClick={() => setDeciding({ row, kind: 'fulfil' })}>
                登记履约
              </Button>
              <Button size="small" type="link" danger onClick={() => setDeciding({ row, kind: 'breach' })}>
                认定违诺
              </Button>
              <WithdrawButton row={row} onDone={reload} />
            </>
          ) : null}
        </Space>
      ),
    },
  ]
  const tableWidth = columns.reduce((sum, c) => sum + Number(c.width ?? 0), 0)

  return (
    <Page
      title="信用承诺"
      description={
        isDept
          ? '本部门受理的信用承诺：代申请人登记承诺，跟踪履约期限，登记履约或认定违诺。认定违诺将生成一条违背信用承诺信息记录；公开的承诺作为信用承诺信息公示。'
          : '各部门受理的信用承诺及其履约情况。'
      }
      extra={
        <Space>
          {isDept ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setFiling(true)}>
              代申请人提交承诺
            </Button>
          ) : null}
          <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
            刷新
          </Button>
        </Space>
      }
    >
      <Card className="gx-block">
        <Form<Filters>
          layout={wide ? 'inline' : 'vertical'}
          name="commitment-filters"
          initialValues={{ overdue: false }}
          onFinish={(v) => void applyFilters(v)}
        >
          <Form.Item label="承诺主体" name="subject">
            <Input allowClear placeholder="统一社会信用代码或主体编号" style={{ width: wide ? 240 : '100%' }} />
          </Form.Item>
          {isDept ? null : (
            <Form.Item label="受理部门" name="dept">
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 200 }}
                loading={depts.loading}
                options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
              />
            </Form.Item>
          )}
          <Form.Item label="状态" name="status">
            <Select
              allowClear
              style={{ width: 130 }}
              options={Object.entries(commitmentStatusLabels).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="类型" name="type">
            <Select
              allowClear
              style={{ width: 130 }}
              options={Object.entries(commitmentTypeLabels).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="仅看逾期未履约" name="overdue" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
              查询
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {filterError ? <Alert type="error" showIcon title={filterError} className="gx-block" /> : null}
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<Commitment>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: tableWidth }}
        tableLayout="fixed"
        locale={{ emptyText: filters.overdue ? '没有逾期未履约的承诺。' : '暂无信用承诺。' }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 项`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage)
            setPageSize(nextSize)
          },
        }}
      />
      <FileCommitmentModal
        open={filing}
        onClose={() => setFiling(false)}
        onFiled={(c) => {
          setFiling(false)
          reload()
          open(c.id)
        }}
      />
      <DecisionModal
        target={deciding}
        onClose={() => setDeciding(null)}
        onDone={(c) => {
          setDeciding(null)
          reload()
          open(c.id)
        }}
      />
      <CommitmentDrawer
        id={openId}
        canOpenRecords={user.role === 'operator' || user.role === 'consumer'}
        onClose={() => open(null)}
      />
    </Page>
  )
}
