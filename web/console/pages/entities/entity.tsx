// 一户一档 in the console: the government entity file (GET /api/v1/entities/:id/file) with every section the
// reader's role may see - records by category in each scope it may read (授权查询 only with a stated purpose, audited),
// lists, marks, commitments, the checks run on the entity - the grade when a model covers it and the register's
// change history. Codes are shown by their labels; each record links to its console page.
import { useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import type { DescriptionsProps, TableColumnsType } from 'antd'
import { KeyOutlined } from '@ant-design/icons'
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom'
import { ApiError, api } from '../../../shared/api.js'
import { FlagTags } from '../../../shared/credit-tags.js'
import { formatInstant } from '../../../shared/format.js'
import {
  codeSchemeLabels,
  entityKindLabels,
  entityNameKindLabels,
  entityStatusLabels,
  industryLabels,
  labelOf,
  scenarioLabels,
} from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import { ListKindTag, ScopeTag, SeverityTag } from '../catalog/tags.js'
import { OutcomeTag } from '../checks/parts.js'
import { GradePanel } from '../grading/entity-grade.js'
import type { CheckOutcome } from '../checks/types.js'
import { CommitmentStatusTag } from '../commitments/parts.js'
import type { Commitment } from '../commitments/types.js'
import type {
  EntityFileJson,
  EntityHistoryJson,
  EntityJson,
  FileCategory,
  FileCheckJson,
  FileListJson,
  FileMarkJson,
  FileRecordJson,
  GradeView,
} from './file-types.js'

/** Roles that open the console pages the file links to (the routes in app.tsx check the same). */
const recordReaders = new Set(['operator', 'consumer'])
const commitmentReaders = new Set(['operator', 'consumer', 'provider'])
const receiptReaders = new Set(['consumer'])

const OPEN_ENDED = '9999-12-31'
const untilText = (d: string | null | undefined) => (!d ? '—' : d === OPEN_ENDED ? '长期' : d)

function districtText(e: EntityJson): string {
  if (!e.district) return '—'
  return e.districtName ? `${e.districtName}（${e.district}）` : e.district
}

function industryText(code: string | null): string {
  if (!code) return '—'
  const label = industryLabels[code]
  return label ? `${label}（${code}）` : code
}

function nameTag(n: EntityJson['names'][number]) {
  const range =
    n.validFrom && n.validTo
      ? `${n.validFrom} 至 ${n.validTo}`
      : n.validFrom
        ? `${n.validFrom} 起`
        : n.validTo
          ? `至 ${n.validTo}`
          : ''
  return (
    <Tag
      key={`${n.kind}-${n.name}-${n.validFrom}`}
      color={n.kind === 'current' ? 'blue' : undefined}
      className="gx-tag-wrap"
    >
      {labelOf(entityNameKindLabels, n.kind)}：{n.name}
      {range ? `（${range}）` : ''}
    </Tag>
  )
}

function basicItems(e: EntityJson): DescriptionsProps['items'] {
  const person = e.kind === 'natural_person'
  // a person has no USCC, industry or date of establishment: those rows are left out rather than shown empty
  const items: NonNullable<DescriptionsProps['items']> = [
    ...(person
      ? []
      : [
          {
            key: 'uscc',
            label: '统一社会信用代码',
            children: <span className="gx-code gx-nowrap">{e.uscc || '—'}</span>,
          },
        ]),
    { key: 'kind', label: '主体类型', children: labelOf(entityKindLabels, e.kind) },
    { key: 'status', label: '登记状态', children: labelOf(entityStatusLabels, e.status) },
    { key: 'district', label: '所属区县', children: districtText(e) },
    ...(person
      ? []
      : [
          { key: 'industry', label: '行业门类', children: industryText(e.industry) },
          { key: 'legalRep', label: '法定代表人', children: e.legalRep || '—' },
          { key: 'establishedOn', label: '成立日期', children: e.establishedOn || '—' },
        ]),
  ]
  if (e.idNumberMasked) items.push({ key: 'idNumber', label: '身份证件号码', children: e.idNumberMasked })
  // the id may break: it is long and only copied, never read out
  items.push({ key: 'id', label: '主体编号', children: <code className="gx-break">{e.id}</code> })
  const codes = e.identifiers.filter((i) => i.scheme !== 'uscc')
  if (codes.length)
    items.push({
      key: 'identifiers',
      label: '其他代码',
      span: 'filled',
      children: (
        <Space orientation="vertical" size={2}>
          {codes.map((i) => (
            <span key={`${i.scheme}-${i.value}`}>
              {labelOf(codeSchemeLabels, i.scheme)}：<span className="gx-code gx-nowrap">{i.value}</span>
            </span>
          ))}
        </Space>
      ),
    })
  items.push({
    key: 'names',
    label: '名称（含曾用名）',
    span: 'filled',
    children: e.names.length ? (
      <Space wrap size={[0, 6]}>
        {e.names.map(nameTag)}
      </Space>
    ) : (
      '—'
    ),
  })
  return items
}

/** The flags the portal shows, from the sections of the file. */
function flagsOf(file: EntityFileJson): string[] {
  const flags = (file.lists ?? []).map((l) => `${l.kind}_list`)
  if ((file.marks ?? []).length) flags.push('under_objection')
  return flags
}

function RecordLink({ id, purpose, children }: { id: string; purpose?: string | undefined; children: ReactNode }) {
  const user = useUser()
  if (!recordReaders.has(user.role)) return <>{children}</>
  return (
    <Link to={`/records/${encodeURIComponent(id)}`} state={purpose ? { purpose } : undefined}>
      {children}
    </Link>
  )
}

function MarkTags({ marks }: { marks: readonly string[] }) {
  return marks.includes('under_objection') ? <Tag color="blue">异议处理中</Tag> : null
}

/** The records of one category as a table (one per category, as the file groups them). */
function CategoryTable({
  category,
  purpose,
  deptName,
}: {
  category: FileCategory
  purpose?: string | undefined
  deptName(code: string | null | undefined): string
}) {
  const columns: TableColumnsType<FileRecordJson> = [
    {
      title: '信息类别',
      key: 'class',
      width: 180,
      render: (_: unknown, r) => (
        <RecordLink id={r.id} purpose={purpose}>
          {r.className}
        </RecordLink>
      ),
    },
    {
      title: '文书号',
      dataIndex: 'documentNo',
      key: 'documentNo',
      width: 220,
      render: (v: string | null, r) => (
        <RecordLink id={r.id} purpose={purpose}>
          <span className="gx-code">{v || '查看记录'}</span>
        </RecordLink>
      ),
    },
    { title: '决定机关', dataIndex: 'authority', key: 'authority', width: 200, render: (v: string | null) => v || '—' },
    { title: '决定日期', dataIndex: 'decidedOn', key: 'decidedOn', width: 110, render: (v: string | null) => v || '—' },
    {
      title: '公示期至',
      key: 'until',
      width: 110,
      render: (_: unknown, r) => (r.publication ? untilText(r.publication.until) : '不公示'),
    },
    { title: '共享范围', dataIndex: 'scope', key: 'scope', width: 100, render: (v: string) => <ScopeTag value={v} /> },
    {
      title: '严重程度',
      dataIndex: 'severity',
      key: 'severity',
      width: 100,
      render: (v: string | null) => <SeverityTag value={v} />,
    },
    { title: '提供单位', dataIndex: 'provider', key: 'provider', width: 180, render: (v: string) => deptName(v) },
    {
      title: '标注',
      key: 'marks',
      width: 130,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.list ? <ListKindTag value={r.list.kind} /> : null}
          <MarkTags marks={r.marks} />
        </Space>
      ),
    },
  ]
  return (
    <section className="gx-file-category" aria-label={category.label}>
      <Typography.Title level={3} className="gx-file-category-title">
        {category.label}（{category.count}）
      </Typography.Title>
      <Table<FileRecordJson>
        rowKey="id"
        columns={columns}
        dataSource={category.records}
        size="small"
        scroll={{ x: 1330 }}
        pagination={category.records.length > 10 ? { defaultPageSize: 10, showSizeChanger: false } : false}
      />
    </section>
  )
}

function Categories({
  categories,
  purpose,
  empty,
}: {
  categories: FileCategory[]
  purpose?: string | undefined
  empty: string
}) {
  const depts = useDepartments()
  if (!categories.length || categories.every((c) => c.count === 0)) return <Empty description={empty} />
  return (
    <>
      {categories
        .filter((c) => c.count > 0)
        .map((c) => (
          <CategoryTable key={c.code} category={c} purpose={purpose} deptName={depts.nameOf} />
        ))}
    </>
  )
}

/** 授权查询: the records shown under the stated purpose, or the note saying a purpose opens them, with the form. */
function AuthorizedPanel({ file, onPurpose }: { file: EntityFileJson; onPurpose(purpose: string): void }) {
  const wide = Grid.useBreakpoint().md !== false
  if (file.authorized)
    return (
      <>
        <Alert
          type="info"
          showIcon
          className="gx-block"
          title={`查询用途：${file.authorized.purpose}。本次查看授权查询范围的信用记录已记入审计日志，并列入主体的查询记录。`}
        />
        <Categories
          categories={file.authorized.categories}
          purpose={file.authorized.purpose}
          empty="该主体没有授权查询范围的信用记录。"
        />
      </>
    )
  return (
    <>
      <Alert
        type="warning"
        showIcon
        className="gx-block"
        title="授权查询范围的信用记录须说明查询用途后查看"
        description="填写查询用途后重新读取档案；该次查询记入审计日志，并列入主体的查询记录。"
      />
      <Form
        layout={wide ? 'inline' : 'vertical'}
        name="file-purpose"
        onFinish={({ purpose }: { purpose: string }) => onPurpose(purpose.trim())}
      >
        <Form.Item
          label="查询用途"
          name="purpose"
          rules={[
            { required: true, whitespace: true, message: '请填写查询用途。' },
            { min: 4, message: '查询用途至少 4 个字。' },
          ]}
        >
          <Input
            allowClear
            maxLength={200}
            style={{ width: wide ? 320 : '100%' }}
            placeholder="如：行政审批申请人信用审查"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            说明用途并查看
          </Button>
        </Form.Item>
      </Form>
    </>
  )
}

function ListsTable({ lists }: { lists: FileListJson[] }) {
  const columns: TableColumnsType<FileListJson> = [
    { title: '名单', dataIndex: 'kind', key: 'kind', width: 130, render: (v: string) => <ListKindTag value={v} /> },
    {
      title: '列入依据类别',
      key: 'class',
      width: 200,
      render: (_: unknown, l) => <RecordLink id={l.recordId}>{l.className}</RecordLink>,
    },
    { title: '列入日期', dataIndex: 'listedOn', key: 'listedOn', width: 110, render: (v: string | null) => v || '—' },
    { title: '列入期限至', dataIndex: 'until', key: 'until', width: 110, render: (v: string | null) => untilText(v) },
    { title: '认定机关', dataIndex: 'authority', key: 'authority', width: 200, render: (v: string | null) => v || '—' },
    { title: '列入事由', dataIndex: 'basis', key: 'basis', render: (v: string | null) => v || '—' },
    { title: '标注', key: 'marks', width: 110, render: (_: unknown, l) => <MarkTags marks={l.marks} /> },
  ]
  if (!lists.length) return <Empty description="该主体不在红名单、黑名单或重点关注名单上。" />
  return (
    <Table<FileListJson>
      rowKey="recordId"
      columns={columns}
      dataSource={lists}
      size="small"
      pagination={false}
      scroll={{ x: 1000 }}
    />
  )
}

function MarksTable({ marks, file }: { marks: FileMarkJson[]; file: EntityFileJson }) {
  const records = recordsById(file)
  const columns: TableColumnsType<FileMarkJson> = [
    {
      title: '信用记录',
      key: 'record',
      render: (_: unknown, m) => {
        const r = records.get(m.recordId)
        return (
          <RecordLink id={m.recordId}>
            {r ? `${r.className}${r.documentNo ? ` ${r.documentNo}` : ''}` : m.recordId}
          </RecordLink>
        )
      },
    },
    { title: '标注', dataIndex: 'label', key: 'label', width: 140, render: (v: string) => <Tag color="blue">{v}</Tag> },
    { title: '标注时间', dataIndex: 'since', key: 'since', width: 170, render: (v: string) => formatInstant(v) },
  ]
  if (!marks.length) return <Empty description="该主体的信用记录没有异议处理中的标注。" />
  return <Table<FileMarkJson> rowKey="recordId" columns={columns} dataSource={marks} size="small" pagination={false} />
}

function CommitmentsPanel({ data }: { data: NonNullable<EntityFileJson['commitments']> }) {
  const user = useUser()
  const columns: TableColumnsType<Commitment> = [
    {
      title: '承诺书编号',
      dataIndex: 'number',
      key: 'number',
      width: 200,
      render: (v: string, c) =>
        commitmentReaders.has(user.role) ? (
          <Link to={`/checks/commitments?commitment=${encodeURIComponent(c.id)}`} className="gx-wrap-code">
            {v}
          </Link>
        ) : (
          <span className="gx-wrap-code">{v}</span>
        ),
    },
    {
      title: '承诺事项',
      key: 'matter',
      width: 240,
      render: (_: unknown, c) => (
        <span>
          {c.matter}
          <br />
          <Typography.Text type="secondary" className="gx-small-text">
            {c.typeLabel}
            {c.public ? ' · 公开' : ''}
          </Typography.Text>
        </span>
      ),
    },
    { title: '受理部门', key: 'dept', width: 160, render: (_: unknown, c) => c.deptName ?? c.dept },
    {
      title: '承诺日期 / 履约期限',
      key: 'dates',
      width: 130,
      render: (_: unknown, c) => (
        <span className="gx-nowrap">
          {c.filedOn}
          <br />
          <Typography.Text type={c.overdue ? 'danger' : 'secondary'} className="gx-small-text">
            {c.dueOn ? `至 ${c.dueOn}` : '无履约期限'}
          </Typography.Text>
        </span>
      ),
    },
    { title: '状态', key: 'status', width: 150, render: (_: unknown, c) => <CommitmentStatusTag row={c} /> },
    {
      title: '信用记录',
      key: 'records',
      width: 130,
      render: (_: unknown, c) => (
        <Space size={8} wrap>
          {c.recordId ? <RecordLink id={c.recordId}>承诺记录</RecordLink> : null}
          {c.breachRecordId ? <RecordLink id={c.breachRecordId}>违诺记录</RecordLink> : null}
          {!c.recordId && !c.breachRecordId ? '—' : null}
        </Space>
      ),
    },
  ]
  const s = data.summary
  return (
    <>
      <Space size="large" wrap className="gx-block">
        <Statistic title="承诺" value={s.total} />
        <Statistic title="履约中" value={s.filed} />
        <Statistic title="已履约" value={s.fulfilled} />
        <Statistic title="已认定违诺" value={s.breached} />
        <Statistic title="逾期未履约" value={s.overdue} />
      </Space>
      {data.items.length ? (
        <Table<Commitment>
          rowKey="id"
          columns={columns}
          dataSource={data.items}
          size="small"
          scroll={{ x: 1010 }}
          tableLayout="fixed"
          pagination={data.items.length > 10 ? { defaultPageSize: 10 } : false}
        />
      ) : (
        <Empty description="该主体没有信用承诺。" />
      )}
    </>
  )
}

function ChecksPanel({ data }: { data: NonNullable<EntityFileJson['checks']> }) {
  const user = useUser()
  const depts = useDepartments()
  const columns: TableColumnsType<FileCheckJson> = [
    {
      title: '核查编号',
      key: 'number',
      width: 230,
      render: (_: unknown, c) => (
        <span>
          {receiptReaders.has(user.role) && c.dept === user.dept ? (
            <Link to={`/checks/receipts/${encodeURIComponent(c.checkId)}`} className="gx-code">
              {c.number ?? c.checkId}
            </Link>
          ) : (
            <span className="gx-code">{c.number ?? c.checkId}</span>
          )}
          <br />
          <Typography.Text type="secondary" className="gx-small-code">
            {c.checkId}
          </Typography.Text>
        </span>
      ),
    },
    { title: '核查时间', dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatInstant(v) },
    {
      title: '应用场景',
      dataIndex: 'scenario',
      key: 'scenario',
      width: 160,
      render: (v: string) => labelOf(scenarioLabels, v),
    },
    { title: '核查部门', dataIndex: 'dept', key: 'dept', width: 180, render: (v: string | null) => depts.nameOf(v) },
    {
      title: '核查结果',
      dataIndex: 'outcome',
      key: 'outcome',
      width: 120,
      render: (v: string) => <OutcomeTag value={v as CheckOutcome} />,
    },
    { title: '命中措施', dataIndex: 'hitCount', key: 'hitCount', width: 90, align: 'right' },
    { title: '用途', dataIndex: 'purpose', key: 'purpose', render: (v: string | null) => v || '—' },
  ]
  return (
    <>
      <Typography.Paragraph type="secondary">
        {data.scope === 'all' ? '各部门' : '本部门'}对该主体的联合奖惩核查，共 {data.total} 次
        {data.total > data.items.length ? `，显示最近 ${data.items.length} 次` : ''}。
      </Typography.Paragraph>
      {data.items.length ? (
        <Table<FileCheckJson>
          rowKey="checkId"
          columns={columns}
          dataSource={data.items}
          size="small"
          scroll={{ x: 1150 }}
          pagination={false}
        />
      ) : (
        <Empty description={data.scope === 'all' ? '尚无部门核查过该主体。' : '本部门尚未核查过该主体。'} />
      )}
    </>
  )
}

/** The records of the file by id (both record sections), to name the records other sections point to. */
function recordsById(file: EntityFileJson): Map<string, FileRecordJson> {
  return new Map(
    [...(file.records?.categories ?? []), ...(file.authorized?.categories ?? [])].flatMap((c) =>
      c.records.map((r) => [r.id, r] as const),
    ),
  )
}

/** The register fields a change may touch, with their labels and how to show a value. */
const historyFields: readonly { key: string; label: string; show?: (v: unknown) => string }[] = [
  { key: 'name', label: '名称' },
  { key: 'uscc', label: '统一社会信用代码' },
  { key: 'kind', label: '主体类型', show: (v) => labelOf(entityKindLabels, v as string) },
  { key: 'status', label: '登记状态', show: (v) => labelOf(entityStatusLabels, v as string) },
  { key: 'district', label: '所属区县' },
  { key: 'industry', label: '行业门类', show: (v) => industryText((v as string | null) ?? null) },
  { key: 'legal_rep', label: '法定代表人' },
  { key: 'established_on', label: '成立日期' },
]

interface Change {
  version: number
  at: string
  fields: { label: string; before: string; after: string }[]
}

/** Each stored version against the next one (the last against the entity as it is now). */
function changesOf(history: EntityHistoryJson, e: EntityJson): Change[] {
  const now: Record<string, unknown> = {
    name: e.name,
    uscc: e.uscc,
    kind: e.kind,
    status: e.status,
    district: e.district,
    industry: e.industry,
    legal_rep: e.legalRep,
    established_on: e.establishedOn,
  }
  const items = history.items
  return items
    .map((h, i) => {
      const after = items[i + 1]?.snapshot ?? now
      const fields = historyFields.flatMap((f) => {
        const a = h.snapshot[f.key] ?? null
        const b = after[f.key] ?? null
        if (a === b) return []
        const show = f.show ?? ((v: unknown) => (v === null || v === '' ? '—' : String(v)))
        return [{ label: f.label, before: show(a), after: show(b) }]
      })
      return { version: h.version, at: h.at, fields }
    })
    .reverse()
}

function HistoryPanel({ history, entity }: { history: EntityHistoryJson; entity: EntityJson }) {
  const changes = changesOf(history, entity)
  return (
    <>
      <Typography.Paragraph type="secondary">
        登记信息第 {entity.version} 版；{formatInstant(entity.createdAt)} 登记，{formatInstant(entity.updatedAt)}{' '}
        最近更新。
      </Typography.Paragraph>
      {changes.length ? (
        <Table<Change>
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={changes}
          columns={[
            { title: '变更时间', dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatInstant(v) },
            {
              title: '版本',
              key: 'version',
              width: 110,
              render: (_: unknown, c) => `第 ${c.version} 版 → 第 ${c.version + 1} 版`,
            },
            {
              title: '变更内容',
              key: 'fields',
              render: (_: unknown, c) =>
                c.fields.length ? (
                  <ul className="gx-change-list">
                    {c.fields.map((f) => (
                      <li key={f.label}>
                        {f.label}：{f.before} → {f.after}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '名称、代码等登记事项未变（其他信息更新）'
                ),
            },
          ]}
        />
      ) : (
        <Empty description="登记以来没有变更。" />
      )}
    </>
  )
}

/** A grade, or null when no model covers the entity (a person, an industry without a model) or the role reads none. */
function useGrade(id: string, role: string) {
  // grading.read: operators and consumers
  const reads = role === 'operator' || role === 'consumer'
  return useRequest(
    (signal) =>
      reads
        ? api<GradeView>(`/api/v1/entities/${encodeURIComponent(id)}/grade`, { signal }).catch((cause: unknown) => {
            if (cause instanceof ApiError && cause.code.startsWith('grading.')) return null
            throw cause
          })
        : Promise.resolve(null),
    [id, reads],
  )
}

function EntityFileView({
  file,
  history,
  grade,
  onPurpose,
}: {
  file: EntityFileJson
  history: EntityHistoryJson | undefined
  grade: GradeView | null | undefined
  onPurpose(purpose: string): void
}) {
  const [params, setParams] = useSearchParams()
  const wide = Grid.useBreakpoint().md !== false
  const e = file.basic
  const authorizedNote = file.notes.some((n) => n.section === 'authorized')
  const records = recordsById(file)
  const tabs = [
    {
      key: 'records',
      label: `信用记录 (${file.records?.total ?? 0})`,
      show: file.records !== undefined,
      children: file.records ? (
        <>
          <Typography.Paragraph type="secondary">
            有效期内的信用记录：社会公开 {file.records.byScope.public} 条，政务共享 {file.records.byScope.government}{' '}
            条，按国家信用信息分类列出。
          </Typography.Paragraph>
          <Categories categories={file.records.categories} empty="该主体没有有效期内的信用记录。" />
        </>
      ) : null,
    },
    {
      key: 'authorized',
      label: file.authorized ? `授权查询 (${file.authorized.total})` : '授权查询',
      show: file.authorized !== undefined || authorizedNote,
      children: <AuthorizedPanel file={file} onPurpose={onPurpose} />,
    },
    {
      key: 'lists',
      label: `名单 (${file.lists?.length ?? 0})`,
      show: file.lists !== undefined,
      children: <ListsTable lists={file.lists ?? []} />,
    },
    {
      key: 'marks',
      label: `异议标注 (${file.marks?.length ?? 0})`,
      show: file.marks !== undefined,
      children: <MarksTable marks={file.marks ?? []} file={file} />,
    },
    {
      key: 'commitments',
      label: `信用承诺 (${file.commitments?.summary.total ?? 0})`,
      show: file.commitments !== undefined,
      children: file.commitments ? <CommitmentsPanel data={file.commitments} /> : null,
    },
    {
      key: 'checks',
      label: `核查记录 (${file.checks?.total ?? 0})`,
      show: file.checks !== undefined,
      children: file.checks ? <ChecksPanel data={file.checks} /> : null,
    },
    {
      key: 'grade',
      label: '信用评价',
      show: Boolean(grade),
      children: grade ? (
        <GradePanel
          entityId={e.id}
          grade={grade}
          recordName={(id) => {
            const r = records.get(id)
            return r?.documentNo || r?.className || `记录 ${id.slice(0, 8)}`
          }}
          recordLink={(id, children) => <RecordLink id={id}>{children}</RecordLink>}
        />
      ) : null,
    },
    {
      key: 'history',
      label: `变更历史 (${history?.items.length ?? 0})`,
      show: history !== undefined,
      children: history ? <HistoryPanel history={history} entity={e} /> : null,
    },
  ].filter((t) => t.show)
  const asked = params.get('tab')
  const active = tabs.find((t) => t.key === asked)?.key ?? tabs[0]?.key
  return (
    <>
      <Card className="gx-block">
        <Descriptions
          title={
            <span>
              登记信息
              <FlagTags flags={flagsOf(file)} />
            </span>
          }
          bordered
          size="small"
          // phones: each label above its value, so a whole code fits the screen's width
          layout={wide ? 'horizontal' : 'vertical'}
          column={{ xs: 1, md: 2, xxl: 3 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={basicItems(e)}
        />
      </Card>
      <Card>
        <Tabs
          activeKey={active}
          onChange={(key) => {
            const next = new URLSearchParams(params)
            next.set('tab', key)
            setParams(next, { replace: true, state: undefined })
          }}
          items={tabs.map(({ key, label, children }) => ({ key, label, children }))}
        />
      </Card>
    </>
  )
}

export function EntityPage() {
  const { id = '' } = useParams()
  const location = useLocation()
  const user = useUser()
  // a purpose stated in 主体查询 (ID-number lookup) carries over: it opens the authorised section
  const stated = (location.state as { purpose?: string } | null)?.purpose
  const [purpose, setPurpose] = useState<string | undefined>(stated)
  const file = useRequest(
    (signal) =>
      api<EntityFileJson>(`/api/v1/entities/${encodeURIComponent(id)}/file`, {
        signal,
        ...(purpose ? { purpose } : {}),
      }),
    [id, purpose],
  )
  const history = useRequest(
    (signal) => api<EntityHistoryJson>(`/api/v1/entities/${encodeURIComponent(id)}/history`, { signal }),
    [id],
  )
  const grade = useGrade(id, user.role)
  const name = file.data?.basic.name
  const trail = useMemo(
    () => [{ title: '主体管理' }, { title: '主体查询', path: '/entities/lookup' }, { title: name ?? '一户一档' }],
    [name],
  )
  return (
    <Page
      title={name ?? '一户一档'}
      trail={trail}
      description="一户一档：本主体在您的角色可查看的各范围内的信用记录、名单、异议标注、信用承诺、核查记录和登记变更。查看本档案记入审计日志。"
      extra={
        user.role === 'operator' && file.data ? (
          <Link to={`/entities/subjects?entityId=${encodeURIComponent(id)}`}>
            <KeyOutlined aria-hidden /> 发放账户激活码
          </Link>
        ) : null
      }
    >
      {file.error ? <Alert type="error" showIcon title={file.error} className="gx-block" /> : null}
      {!file.data && file.loading ? <Skeleton active /> : null}
      {file.data ? (
        <EntityFileView file={file.data} history={history.data} grade={grade.data} onPurpose={(p) => setPurpose(p)} />
      ) : null}
    </Page>
  )
}
