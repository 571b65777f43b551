// 主体查询: find an entity by a fragment of its name (2 characters or more: the portal's search, GET
// /api/v1/public/search), by any code (统一社会信用代码, 组织机构代码, 工商注册号 - the same search - or the platform's
// entity id), or a natural person by ID number with a stated purpose (POST /api/v1/entities/resolve, audited).
// Every result opens the entity's government file (一户一档) at /console/entities/:id.
import { useMemo, useState } from 'react'
import { Alert, Button, Card, Form, Grid, Input, Radio, Table, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { SearchOutlined } from '@ant-design/icons'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import type { PublicSearchItem, PublicSearchJson, PublicStatsJson } from '../../../src/modules/public/index.js'
import { api, errorMessage } from '../../shared/api.js'
import { FlagTags, Highlight } from '../../shared/credit-tags.js'
import { entityKindLabels, labelOf } from '../../shared/labels.js'
import { Page } from '../page.js'
import { useRequest } from '../use-request.js'

const PAGE_SIZE = 20
/** The platform's entity ids (UUIDv7, as core/ids.ts makes them). */
const ENTITY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The console path of an entity's file. */
export const entityFilePath = (id: string): string => `/entities/${encodeURIComponent(id)}`

type Mode = 'name' | 'id_number'

interface ResolveAnswer {
  status: 'matched' | 'unresolved'
  entityId?: string
  name?: string
  message?: string
}

/** What the search box holds: a name fragment or a code (the portal's search), or an entity id (opened directly). */
function NameOrCodeForm({ initial, onSearch }: { initial: string; onSearch(q: string): void }) {
  const wide = Grid.useBreakpoint().md !== false
  const navigate = useNavigate()
  return (
    <Form
      layout={wide ? 'inline' : 'vertical'}
      name="entity-search"
      initialValues={{ q: initial }}
      onFinish={({ q }: { q: string }) => {
        const text = q.trim()
        if (ENTITY_ID.test(text)) navigate(entityFilePath(text.toLowerCase()))
        else onSearch(text)
      }}
      className="gx-lookup-form"
    >
      <Form.Item
        label="名称或代码"
        name="q"
        rules={[
          { required: true, whitespace: true, message: '请输入主体名称（至少 2 个字）或代码。' },
          { min: 2, message: '名称至少输入 2 个字。' },
        ]}
      >
        <Input
          allowClear
          style={{ width: wide ? 360 : '100%' }}
          maxLength={100}
          autoComplete="off"
          placeholder="名称片段、统一社会信用代码、组织机构代码、工商注册号或主体编号"
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
          查询
        </Button>
      </Form.Item>
    </Form>
  )
}

/** A person by ID number: the lookup needs a stated purpose and is audited (entity.resolve_personal). */
function IdNumberForm() {
  const wide = Grid.useBreakpoint().md !== false
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const onFinish = async ({ idNumber, purpose }: { idNumber: string; purpose: string }) => {
    setBusy(true)
    setProblem(null)
    try {
      const r = await api<ResolveAnswer>('/api/v1/entities/resolve', {
        method: 'POST',
        body: { idNumber: idNumber.trim(), purpose: purpose.trim() },
      })
      if (r.status === 'matched' && r.entityId)
        navigate(entityFilePath(r.entityId), { state: { purpose: purpose.trim() } })
      else setProblem(r.message ?? '未找到该身份证件号码对应的主体。')
    } catch (cause) {
      setProblem(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Form
        layout={wide ? 'inline' : 'vertical'}
        name="entity-id-number"
        onFinish={onFinish}
        className="gx-lookup-form"
      >
        <Form.Item
          label="身份证件号码"
          name="idNumber"
          rules={[{ required: true, whitespace: true, message: '请输入身份证件号码。' }]}
        >
          <Input allowClear style={{ width: wide ? 240 : '100%' }} maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="查询用途"
          name="purpose"
          rules={[
            { required: true, whitespace: true, message: '按身份证件号码查询须说明用途（记入审计日志）。' },
            { min: 4, message: '查询用途至少 4 个字。' },
          ]}
        >
          <Input
            allowClear
            style={{ width: wide ? 280 : '100%' }}
            maxLength={200}
            placeholder="如：政府采购供应商资格审查"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} loading={busy}>
            查询
          </Button>
        </Form.Item>
      </Form>
      {problem ? <Alert type="warning" showIcon title={problem} className="gx-block-top" /> : null}
    </>
  )
}

export function EntityLookupPage() {
  const [params, setParams] = useSearchParams()
  const mode: Mode = params.get('by') === 'id_number' ? 'id_number' : 'name'
  const q = (params.get('q') ?? '').trim()
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)

  const results = useRequest(
    (signal) =>
      q && mode === 'name'
        ? api<PublicSearchJson>('/api/v1/public/search', { query: { q, page, pageSize: PAGE_SIZE }, signal })
        : Promise.resolve(undefined),
    [q, page, mode],
  )
  const stats = useRequest((signal) => api<PublicStatsJson>('/api/v1/public/stats', { signal }), [])
  const districtName = useMemo(() => {
    const names = new Map((stats.data?.byDistrict ?? []).map((d) => [d.code, d.label]))
    return (code: string | null) => (code ? (names.get(code) ?? code) : '—')
  }, [stats.data])

  const go = (next: Record<string, string>) => setParams(new URLSearchParams(next))

  const columns: TableColumnsType<PublicSearchItem> = [
    {
      title: '名称',
      key: 'name',
      render: (_: unknown, row) => (
        <span>
          <Link to={entityFilePath(row.id)}>
            <Highlight text={row.name} q={q} />
          </Link>
          <FlagTags flags={row.flags} />
          {row.matchedName ? (
            <Typography.Text type="secondary" className="gx-matched-name">
              曾用名：
              <Highlight text={row.matchedName} q={q} />
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: '统一社会信用代码',
      dataIndex: 'uscc',
      key: 'uscc',
      width: 200,
      render: (v: string | null) => <span className="gx-code">{v ?? '—'}</span>,
    },
    {
      title: '主体类型',
      dataIndex: 'kind',
      key: 'kind',
      width: 150,
      render: (v: string) => labelOf(entityKindLabels, v),
    },
    {
      title: '所属区县',
      dataIndex: 'district',
      key: 'district',
      width: 120,
      render: (v: string | null) => districtName(v),
    },
  ]

  return (
    <Page
      title="主体查询"
      description="按名称（任意 2 个字以上的片段，含曾用名）、统一社会信用代码、组织机构代码、工商注册号或主体编号查询；自然人按身份证件号码查询，须说明用途并记入审计日志。点名称查看主体的一户一档。"
    >
      <Card className="gx-block">
        <Radio.Group
          aria-label="查询方式"
          optionType="button"
          value={mode}
          onChange={(e) => go(e.target.value === 'id_number' ? { by: 'id_number' } : {})}
          options={[
            { value: 'name', label: '名称或代码' },
            { value: 'id_number', label: '身份证件号码' },
          ]}
          className="gx-lookup-mode"
        />
        {mode === 'name' ? (
          <NameOrCodeForm key={q} initial={q} onSearch={(text) => go({ q: text })} />
        ) : (
          <IdNumberForm />
        )}
      </Card>
      {mode === 'name' && q ? (
        <section aria-live="polite" aria-label="查询结果">
          {results.error ? <Alert type="error" showIcon title={results.error} className="gx-block" /> : null}
          <Table<PublicSearchItem>
            rowKey="id"
            columns={columns}
            dataSource={results.data?.items ?? []}
            loading={results.loading}
            size="middle"
            scroll={{ x: 760 }}
            locale={{ emptyText: `没有名称或代码与「${q}」匹配的主体。自然人请按身份证件号码查询。` }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: results.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) =>
                results.data?.totalCapped ? `超过 ${total} 个主体，请输入更长的名称` : `共 ${total} 个主体`,
              onChange: (next) => go({ q, page: String(next) }),
            }}
          />
        </section>
      ) : null}
    </Page>
  )
}
