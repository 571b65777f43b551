import { useState } from 'react'
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { Link, useSearchParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { labelOf, listKindLabels, recordStateLabels } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'
import type { CatalogClass, CatalogField } from '../catalog/types.js'

/** GET /api/v1/records (src/flows/record-corrections). */
export interface RecordSearchItem {
  id: string
  class: string
  classVersion: number
  provider: string
  documentNo: string | null
  decidedOn: string | null
  authority: string | null
  state: string
  version: number
  scope: string
  polarity: string
  entity: { id: string; name: string; uscc: string | null }
  list: { kind: string; until: string | null; inForce: boolean } | null
  batchId: string | null
  updatedAt: string
  canCorrect: boolean
  canEndListEntry: boolean
}

interface Filters {
  dept?: string
  class?: string
  dates?: [Dayjs | null, Dayjs | null] | null
  entity?: string
  state?: string
}

/** Fields naming the record itself (subject, document number): a correction never changes them (server rule). */
const LOCKED_ROLES = new Set([
  'subject_name',
  'subject_category',
  'uscc',
  'org_code',
  'reg_no',
  'id_type',
  'id_number',
  'document_no',
])

const stateColors: Readonly<Record<string, string>> = { active: 'green', revoked: 'default', repaired: 'blue' }

function CorrectModal({
  record,
  onClose,
  onDone,
}: {
  record: RecordSearchItem | null
  onClose(): void
  onDone(): void
}) {
  const [field, setField] = useState<string | undefined>()
  const [value, setValue] = useState('')
  const cls = useRequest(
    (signal) =>
      record
        ? api<CatalogClass>(`/api/v1/catalog/classes/${encodeURIComponent(record.class)}`, {
            query: { version: record.classVersion },
            signal,
          })
        : Promise.resolve(undefined),
    [record?.id],
  )
  const fields: CatalogField[] = (cls.data?.fields ?? []).filter((f) => !f.role || !LOCKED_ROLES.has(f.role))
  const chosen = fields.find((f) => f.code === field)
  return (
    <ReasonModal
      open={record !== null}
      title="更正记录"
      okText="提交更正"
      reasonLabel="更正原因"
      placeholder="如：罚款金额录入错误。将记入记录的版本历史和审计日志。"
      effect={
        record
          ? `更正「${record.entity.name}」的记录${record.documentNo ? `（${record.documentNo}）` : ''}：按归集规则重新校验后保存为第 ${record.version + 1} 版，原版本保留在版本历史中。主体和文书号不能更正，如整条记录有误请撤销。`
          : null
      }
      onCancel={() => {
        setField(undefined)
        setValue('')
        onClose()
      }}
      onSubmit={async (reason) => {
        if (!record || !field) throw new Error('请选择要更正的字段。')
        await api(`/api/v1/records/${encodeURIComponent(record.id)}/correct`, {
          method: 'POST',
          body: { fields: { [field]: value }, reason },
        })
        setField(undefined)
        setValue('')
        onDone()
      }}
    >
      <Form layout="vertical" component="div">
        <Form.Item label="更正字段" required>
          <Select
            aria-label="更正字段"
            showSearch={{ optionFilterProp: 'label' }}
            value={field}
            onChange={setField}
            loading={cls.loading}
            placeholder="选择要更正的字段"
            options={fields.map((f) => ({ value: f.code, label: f.label }))}
          />
        </Form.Item>
        <Form.Item
          label="更正后的值"
          extra={chosen?.type === 'amount' ? '金额按元填写；留空表示清除该字段。' : '留空表示清除该字段。'}
        >
          <Input aria-label="更正后的值" value={value} onChange={(e) => setValue(e.target.value)} />
        </Form.Item>
      </Form>
    </ReasonModal>
  )
}

export function RecordSearchPage() {
  const user = useUser()
  const { message } = App.useApp()
  const classes = useClasses(true)
  const depts = useDepartments()
  const [params, setParams] = useSearchParams()
  const batch = params.get('batch') ?? undefined
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [refresh, setRefresh] = useState(0)
  const [correcting, setCorrecting] = useState<RecordSearchItem | null>(null)
  const [revoking, setRevoking] = useState<RecordSearchItem | null>(null)
  const [ending, setEnding] = useState<RecordSearchItem | null>(null)
  const readsAll = user.role !== 'provider'
  // a provider opens its own records in the government view: an authorised-scope (授权查询) record is not shown there
  const mayOpen = (r: RecordSearchItem) => readsAll || r.scope !== 'authorized'
  const { data, error, loading } = useRequest(
    (signal) =>
      api<{ total: number; items: RecordSearchItem[] }>('/api/v1/records', {
        query: {
          dept: filters.dept,
          class: filters.class,
          from: filters.dates?.[0]?.format('YYYY-MM-DD'),
          to: filters.dates?.[1]?.format('YYYY-MM-DD'),
          entity: filters.entity?.trim() || undefined,
          state: filters.state,
          batch,
          page,
          pageSize,
        },
        signal,
      }),
    [filters, batch, page, pageSize, refresh],
  )
  const done = (text: string) => {
    message.success(text)
    setRefresh((n) => n + 1)
  }

  const columns: TableColumnsType<RecordSearchItem> = [
    {
      title: '主体',
      key: 'entity',
      render: (_, r) => (
        <span>
          {r.entity.name}
          {r.entity.uscc ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} className="gx-nowrap">
              {r.entity.uscc}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { title: '信息类别', key: 'class', render: (_, r) => classes.nameOf(r.class) },
    { title: '文书号', dataIndex: 'documentNo', key: 'documentNo', render: (v: string | null) => v || '—' },
    { title: '决定日期', dataIndex: 'decidedOn', key: 'decidedOn', width: 110, render: (v: string | null) => v || '—' },
    ...(readsAll
      ? [{ title: '报送部门', key: 'provider', render: (_: unknown, r: RecordSearchItem) => depts.nameOf(r.provider) }]
      : []),
    {
      title: '状态',
      key: 'state',
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={stateColors[r.state]}>{labelOf(recordStateLabels, r.state)}</Tag>
          {r.list ? (
            <Tooltip title={r.list.until ? `名单期至 ${r.list.until}` : '名单期未定'}>
              <Tag color={r.list.inForce ? 'volcano' : 'default'}>
                {labelOf(listKindLabels, r.list.kind)}
                {r.list.inForce ? '' : '（已移出）'}
              </Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.scope === 'public' ? (
            <a href={`/records/${encodeURIComponent(r.id)}`} target="_blank" rel="noreferrer">
              公示页
            </a>
          ) : null}
          {mayOpen(r) ? <Link to={`/records/${encodeURIComponent(r.id)}`}>详情</Link> : null}
          {r.canCorrect ? (
            <Button size="small" type="link" onClick={() => setCorrecting(r)}>
              更正
            </Button>
          ) : null}
          {r.canCorrect ? (
            <Button size="small" type="link" danger onClick={() => setRevoking(r)}>
              撤销
            </Button>
          ) : null}
          {r.canEndListEntry ? (
            <Button size="small" type="link" onClick={() => setEnding(r)}>
              移出
            </Button>
          ) : null}
        </Space>
      ),
    },
  ]

  return (
    <Page
      title="信用记录"
      description={
        readsAll
          ? '按部门、信息类别、决定日期、主体和状态查询已入库的信用记录；名单记录可提前移出。'
          : '查询本部门报送入库的信用记录，逐条更正或撤销（须填写原因，保留版本历史），名单记录可提前移出。'
      }
    >
      <Card className="gx-block">
        <Form
          layout="inline"
          name="record-search"
          onFinish={(v: Filters) => {
            setPage(1)
            setFilters(v)
          }}
        >
          {readsAll ? (
            <Form.Item name="dept" label="报送部门">
              <Select
                allowClear
                style={{ width: 200 }}
                placeholder="全部部门"
                options={depts.departments.map((d) => ({ value: d.code, label: d.name }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="class" label="信息类别">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200 }}
              placeholder="全部类别"
              options={classes.classes.map((c) => ({ value: c.code, label: c.nameZh }))}
            />
          </Form.Item>
          <Form.Item name="dates" label="决定日期">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="entity" label="主体">
            <Input allowClear placeholder="名称、统一社会信用代码或文书号" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="state" label="状态">
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder="全部"
              options={['active', 'revoked', 'repaired'].map((s) => ({ value: s, label: recordStateLabels[s] }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </Form.Item>
        </Form>
        {batch ? (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title={
              <span>
                仅显示批次 <code>{batch.slice(0, 8)}</code> 入库或更正的记录。
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    params.delete('batch')
                    setParams(params)
                  }}
                >
                  显示全部
                </Button>
              </span>
            }
          />
        ) : null}
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        aria-label="信用记录"
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showTotal: (t) => `共 ${t} 条`,
          onChange: (p, s) => {
            setPage(p)
            setPageSize(s)
          },
        }}
      />
      <CorrectModal
        record={correcting}
        onClose={() => setCorrecting(null)}
        onDone={() => {
          setCorrecting(null)
          done('记录已更正')
        }}
      />
      <ReasonModal
        open={revoking !== null}
        title="撤销记录"
        okText="撤销记录"
        danger
        reasonLabel="撤销原因"
        placeholder="如：处罚决定已被复议撤销。将记入记录的版本历史和审计日志。"
        effect={
          revoking
            ? `撤销「${revoking.entity.name}」的记录${revoking.documentNo ? `（${revoking.documentNo}）` : ''}：记录标记为「已撤销」，不再公示和共享；记录和历史版本保留备查。此操作不可恢复。`
            : null
        }
        onCancel={() => setRevoking(null)}
        onSubmit={async (reason) => {
          if (!revoking) return
          await api(`/api/v1/records/${encodeURIComponent(revoking.id)}/revoke`, { method: 'POST', body: { reason } })
          setRevoking(null)
          done('记录已撤销')
        }}
      />
      <ReasonModal
        open={ending !== null}
        title="提前移出名单"
        okText="移出"
        reasonLabel="移出原因"
        placeholder="如：已纠正失信行为并作出信用承诺，经认定单位同意提前移出。"
        effect={
          ending
            ? `将「${ending.entity.name}」移出${labelOf(listKindLabels, ending.list?.kind ?? '')}：以更正记录「移出日期」为昨天的方式办理，自今日起不再列入、不再公示；原版本保留在版本历史中。`
            : null
        }
        onCancel={() => setEnding(null)}
        onSubmit={async (reason) => {
          if (!ending) return
          await api(`/api/v1/records/${encodeURIComponent(ending.id)}/list-exit`, { method: 'POST', body: { reason } })
          setEnding(null)
          done('已移出名单')
        }}
      />
    </Page>
  )
}
