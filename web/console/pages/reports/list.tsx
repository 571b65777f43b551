// 已出具报告: the reports this user may see (GET /api/v1/reports: the credit office and auditors all, a department
// its own), filtered by kind, department, subject and date, with the PDF of each.
import { useState } from 'react'
import { Button, Card, DatePicker, Form, Select, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useUser } from '../../auth.js'
import { ErrorAlert, ReloadButton, filterWidth, useWide } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import { pdfHref, recipientLabels, ReportStatusTag, useDepartmentKinds } from './shared.js'
import type { ReportListItem, ReportPage } from './types.js'
import '../../dayjs-zh.js'

interface Filters {
  kind?: string
  dept?: string
  from?: string
  to?: string
  entityId?: string
  subjectName?: string
}
interface FilterForm {
  kind?: string
  dept?: string
  range?: [Dayjs | null, Dayjs | null] | null
}

const PAGE_SIZE = 20

export function ReportListPage() {
  const user = useUser()
  const wide = useWide()
  const [form] = Form.useForm<FilterForm>()
  const { kinds } = useDepartmentKinds()
  const depts = useDepartments()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  const allDepts = user.role !== 'consumer'
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<ReportPage>('/api/v1/reports', {
        signal,
        query: {
          kind: filters.kind,
          dept: filters.dept,
          from: filters.from,
          to: filters.to,
          entityId: filters.entityId,
          page,
          pageSize: PAGE_SIZE,
        },
      }),
    [filters, page],
  )

  const columns: TableColumnsType<ReportListItem> = [
    { title: '报告编号', dataIndex: 'number', width: 190, render: (v: string) => <span className="gx-code">{v}</span> },
    { title: '种类', dataIndex: 'kindLabel', width: 150 },
    {
      title: '主体',
      key: 'subject',
      render: (_: unknown, r) => (
        <Typography.Link
          onClick={() => {
            setPage(1)
            setFilters({ ...filters, entityId: r.entityId, subjectName: r.subjectName })
          }}
          title="只看该主体的报告"
        >
          {r.subjectName}
        </Typography.Link>
      ),
    },
    {
      title: '出具时间',
      dataIndex: 'issuedAt',
      width: 170,
      render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
    { title: '有效期至', dataIndex: 'validUntil', width: 110 },
    {
      title: '接收方与用途',
      key: 'recipient',
      width: 260,
      render: (_: unknown, r) =>
        `${recipientLabels[r.recipientKind] ?? r.recipientKind}${r.recipientName ? `：${r.recipientName}` : ''}${r.purpose ? `（${r.purpose}）` : ''}`,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (v: string, r) => <ReportStatusTag status={v} label={r.statusLabel} />,
    },
    {
      title: '下载',
      key: 'pdf',
      width: 90,
      render: (_: unknown, r) => (
        <a href={pdfHref(r.number)} download aria-label={`下载 ${r.number} 的 PDF`}>
          <DownloadOutlined aria-hidden /> PDF
        </a>
      ),
    },
  ]

  return (
    <Page
      title="已出具报告"
      description={
        allDepts
          ? '平台出具的全部信用报告：状态「信息已更新」表示出具后主体的信用记录有变化。点击主体名称只看该主体的报告。'
          : '本部门出具的信用报告：状态「信息已更新」表示出具后主体的信用记录有变化。点击主体名称只看该主体的报告。'
      }
      extra={<ReloadButton loading={loading} onClick={reload} />}
    >
      <Card className="gx-block">
        <Form<FilterForm>
          form={form}
          name="report-filters"
          layout={wide ? 'inline' : 'vertical'}
          className="gx-filter-form"
        >
          <Form.Item label="种类" name="kind">
            <Select
              allowClear
              aria-label="报告种类"
              placeholder="全部"
              options={kinds.map((k) => ({ value: k.code, label: k.nameZh }))}
              style={{ width: filterWidth(wide, 180) }}
            />
          </Form.Item>
          {allDepts ? (
            <Form.Item label="出具部门" name="dept">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                aria-label="出具部门"
                placeholder="全部"
                options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
                style={{ width: filterWidth(wide, 220) }}
              />
            </Form.Item>
          ) : null}
          <Form.Item label="出具日期" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button
                type="primary"
                icon={<SearchOutlined aria-hidden />}
                onClick={() => {
                  const v = form.getFieldsValue()
                  setPage(1)
                  setFilters({
                    ...(filters.entityId ? { entityId: filters.entityId, subjectName: filters.subjectName } : {}),
                    kind: v.kind,
                    dept: v.dept,
                    from: v.range?.[0]?.format('YYYY-MM-DD'),
                    to: v.range?.[1]?.format('YYYY-MM-DD'),
                  })
                }}
              >
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields()
                  setPage(1)
                  setFilters({})
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {filters.entityId ? (
        <p>
          主体：
          <Tag
            closable
            onClose={() => {
              setPage(1)
              setFilters({ ...filters, entityId: undefined, subjectName: undefined })
            }}
          >
            {filters.subjectName}
          </Tag>
        </p>
      ) : null}
      <ErrorAlert error={error} />
      <Table<ReportListItem>
        rowKey="number"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 1200 }}
        locale={{ emptyText: '没有符合条件的报告' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 份`,
          onChange: setPage,
        }}
      />
    </Page>
  )
}
