// 优质中小企业 (信易贷): the organisations the screening rule lists from their current credit grade, red and black
// lists and serious records - why each qualifies (grade, red list, no black list...), filtered by district,
// industry section, grade and red list. Government readers with grading.read (operators, departments using data);
// banks see the same list through the API only for the subjects that authorised them. Below the list: the rule in force
// with its versions and, for operators, its editor (rule.tsx).
import { useState } from 'react'
import { Form, Popover, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { entityKindLabels, industryLabels, labelOf } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { ErrorAlert, FilterCard, filterWidth, ReloadButton, useWide } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { RULE_API, type ScreeningRule, ScreeningRuleCard } from './rule.js'

interface Reason {
  code: string
  label: string
  records: string[]
}

interface ScreenedEntity {
  entityId: string
  name: string
  kind: string
  uscc: string | null
  district: string | null
  districtName: string | null
  industry: string | null
  model: string
  modelName: string
  modelVersion: number
  grade: string
  gradeLabel: string
  score: number
  asOf: string
  redList: boolean
  reasons: Reason[]
}

interface ScreenPage {
  rule: string
  ruleVersion: number
  asOf: string
  total: number
  page: number
  pageSize: number
  items: ScreenedEntity[]
  districts: { code: string; name: string; count: number }[]
}

const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue' }
const SECTIONS = Object.keys(industryLabels)

function Reasons({ row }: { row: ScreenedEntity }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} aria-label={`入选理由：${row.name}`}>
      {row.reasons.map((r) => (
        <li key={r.code}>
          {r.label}
          {r.records.length > 0 ? (
            <>
              {' '}
              {r.records.map((id, i) => (
                <Link key={id} to={`/records/${encodeURIComponent(id)}`}>
                  {r.records.length > 1 ? `记录 ${i + 1}` : '查看记录'}
                </Link>
              ))}
            </>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

export function SmeListPage() {
  const wide = useWide()
  // the rule's editor: holders of grading.write (operators)
  const canEdit = useUser().role === 'operator'
  const [district, setDistrict] = useState<string | undefined>(undefined)
  const [industry, setIndustry] = useState<string | undefined>(undefined)
  const [grade, setGrade] = useState<string | undefined>(undefined)
  const [redList, setRedList] = useState(false)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const rule = useRequest((signal) => api<ScreeningRule>(RULE_API, { signal }), [])
  const models = useRequest(
    (signal) => api<{ items: { code: string; name: string }[] }>('/api/v1/grading/models', { signal }),
    [],
  )
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<ScreenPage>('/api/v1/sme/list', {
        query: { district, industry, grade, redList: redList ? 'true' : undefined, page, pageSize },
        signal,
      }),
    [district, industry, grade, redList, page, pageSize],
  )
  const first =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setPage(1)
    }

  const columns: TableColumnsType<ScreenedEntity> = [
    {
      title: '主体',
      key: 'entity',
      width: 260,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/entities/${encodeURIComponent(row.entityId)}`}>{row.name}</Link>
          <Typography.Text type="secondary" className="gx-nowrap">
            {row.uscc ?? '—'}
          </Typography.Text>
          <Typography.Text type="secondary">{labelOf(entityKindLabels, row.kind)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '区县 / 行业',
      key: 'place',
      width: 170,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          {row.district ? <Tooltip title={row.district}>{row.districtName ?? row.district}</Tooltip> : '—'}
          {row.industry ? (
            <Tooltip title={`门类 ${row.industry}`}>
              <Typography.Text type="secondary">{labelOf(industryLabels, row.industry)}</Typography.Text>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: '信用等级',
      key: 'grade',
      width: 170,
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={2}>
          <span>
            <Tag color={GRADE_COLORS[row.grade] ?? 'default'}>
              {row.grade} {row.gradeLabel}
            </Tag>
            <span className="gx-nowrap">{row.score} 分</span>
          </span>
          {row.redList ? <Tag color="red">红名单</Tag> : null}
          <Tooltip title={`${row.modelName}（第 ${row.modelVersion} 版），评价日 ${row.asOf}`}>
            <Typography.Text type="secondary">
              {row.modelName.length > 12 ? `${row.modelName.slice(0, 12)}…` : row.modelName}
            </Typography.Text>
          </Tooltip>
        </Space>
      ),
    },
    {
      title: '入选理由',
      key: 'reasons',
      render: (_: unknown, row) => <Reasons row={row} />,
    },
  ]

  const modelName = (code: string) => models.data?.items.find((m) => m.code === code)?.name ?? code
  const ruleText = rule.data
    ? `筛选规则：${rule.data.name}（第 ${rule.data.version} 版）。最低等级：${rule.data.models
        .map(
          (m) =>
            `${modelName(m.model)} ${m.minGrade} 级${m.redListMinGrade ? `（红名单主体 ${m.redListMinGrade} 级）` : ''}`,
        )
        .join('；')}`
    : null

  return (
    <Page
      title="优质中小企业"
      description="信易贷：按筛选规则从公共信用综合评价等级、红黑名单和严重失信记录中筛选信用良好的中小企业、个体工商户和农民专业合作社，列明入选理由。银行等信用服务机构只能经主体授权查询。"
      extra={<ReloadButton loading={loading} onClick={reload} />}
    >
      <FilterCard name="sme-filters">
        <Form.Item label="区县" htmlFor="sme-district">
          <Select
            id="sme-district"
            allowClear
            placeholder="全部区县"
            style={{ width: filterWidth(wide, 180) }}
            value={district}
            options={(data?.districts ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.count}）` }))}
            onChange={first(setDistrict)}
          />
        </Form.Item>
        <Form.Item label="行业" htmlFor="sme-industry">
          <Select
            id="sme-industry"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部行业"
            style={{ width: filterWidth(wide, 220) }}
            value={industry}
            options={SECTIONS.map((s) => ({ value: s, label: `${s} ${industryLabels[s]}` }))}
            onChange={first(setIndustry)}
          />
        </Form.Item>
        <Form.Item label="信用等级" htmlFor="sme-grade">
          <Select
            id="sme-grade"
            allowClear
            placeholder="全部等级"
            style={{ width: filterWidth(wide, 140) }}
            value={grade}
            options={[
              { value: 'A', label: 'A 诚信' },
              { value: 'B', label: 'B 守信' },
              { value: 'C', label: 'C 失信风险' },
            ]}
            onChange={first(setGrade)}
          />
        </Form.Item>
        <Form.Item label="只看红名单">
          <Switch checked={redList} onChange={first(setRedList)} aria-label="只看红名单" />
        </Form.Item>
      </FilterCard>
      <ErrorAlert error={error ?? rule.error} />
      {ruleText ? (
        <Typography.Paragraph type="secondary" data-testid="sme-rule">
          {ruleText}
          {data ? `；评价日 ${data.asOf}` : ''}
          <Popover
            content={
              <span>
                有在列的黑名单、重点关注名单记录或在效的严重失信记录的主体不予列入；列入红名单的主体优先列示。
              </span>
            }
          >
            <Typography.Link style={{ marginInlineStart: 8 }}>规则说明</Typography.Link>
          </Popover>
          <Typography.Link
            style={{ marginInlineStart: 8 }}
            onClick={() => document.getElementById('sme-rule-card')?.scrollIntoView({ behavior: 'smooth' })}
          >
            {canEdit ? '规则版本与修改' : '规则版本'}
          </Typography.Link>
        </Typography.Paragraph>
      ) : null}
      <div data-testid="sme-list">
        <Table<ScreenedEntity>
          rowKey="entityId"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: '没有符合条件的主体。' }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => `共 ${total} 个主体`,
            onChange: (nextPage, nextSize) => {
              setPage(nextSize !== pageSize ? 1 : nextPage)
              setPageSize(nextSize)
            },
          }}
        />
      </div>
      <ScreeningRuleCard
        nameOf={modelName}
        canEdit={canEdit}
        onChanged={() => {
          rule.reload()
          reload()
        }}
      />
    </Page>
  )
}
