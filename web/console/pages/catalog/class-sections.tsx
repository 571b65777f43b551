// Read-only sections of a class definition: fields, severity rules, basic facts, legal basis.
import { Descriptions, Empty, Space, Table, Tag, Typography } from 'antd'
import type { DescriptionsProps, TableColumnsType } from 'antd'
import {
  catalogCategoryLabels,
  classStatusLabels,
  entityKindLabels,
  fieldMaskLabels,
  fieldTypeLabels,
  labelOf,
} from '../../../shared/labels.js'
import { describeCondition, describeRequirement, formatMonths } from './format.js'
import { ListKindTag, PolarityTag, ScopeTag, SeverityTag } from './tags.js'
import type { CatalogClass, CatalogField } from './types.js'

export function fieldLabeller(cls: CatalogClass): (code: string) => string {
  const byCode = new Map(cls.fields.map((f) => [f.code, f.label]))
  return (code) => byCode.get(code) ?? code
}

function typeText(f: CatalogField): string {
  const parts = [labelOf(fieldTypeLabels, f.type)]
  if (f.unit) parts.push(`单位：${f.unit}`)
  if (f.maxLength) parts.push(`最长 ${f.maxLength} 字`)
  if (f.multi) parts.push('可多值，以「;」分隔')
  return parts.join('，')
}

export function FieldsTable({ cls }: { cls: CatalogClass }) {
  const labelOfField = fieldLabeller(cls)
  const columns: TableColumnsType<CatalogField> = [
    { title: '代码', dataIndex: 'code', key: 'code', width: 130, render: (v: string) => <code>{v}</code> },
    {
      title: '名称',
      dataIndex: 'label',
      key: 'label',
      width: 170,
      render: (v: string, f) => (
        <span>
          {v}
          {f.description ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {f.description}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: '类型',
      key: 'type',
      width: 170,
      render: (_: unknown, f) => (
        <Space orientation="vertical" size={2}>
          <span>{typeText(f)}</span>
          {f.enum?.length ? (
            <Typography.Text type="secondary" ellipsis={{ tooltip: f.enum.join('、') }} style={{ maxWidth: 170 }}>
              可选：{f.enum.join('、')}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: '是否必填',
      key: 'required',
      width: 170,
      render: (_: unknown, f) =>
        f.required ? <Tag color="red">必填</Tag> : <span>{describeRequirement(f, labelOfField)}</span>,
    },
    { title: '公开范围', dataIndex: 'scope', key: 'scope', width: 100, render: (v: string) => <ScopeTag value={v} /> },
    {
      title: '脱敏',
      dataIndex: 'mask',
      key: 'mask',
      width: 120,
      render: (v: string | undefined) => labelOf(fieldMaskLabels, v ?? 'none'),
    },
    {
      title: '别名（可用作表头）',
      dataIndex: 'aliases',
      key: 'aliases',
      width: 260,
      render: (v: string[] | undefined) =>
        v?.length ? (
          <Space wrap size={[0, 4]}>
            {v.map((a) => (
              <Tag key={a}>{a}</Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
  ]
  return (
    <Table<CatalogField>
      rowKey="code"
      columns={columns}
      dataSource={cls.fields}
      size="small"
      pagination={false}
      scroll={{ x: 1130 }}
      aria-label="字段"
    />
  )
}

interface RuleRow {
  key: number
  when: string
  severity: string
  note: string | undefined
}

export function SeverityRules({ cls }: { cls: CatalogClass }) {
  if (!cls.severity) {
    return (
      <Empty
        description={
          cls.polarity === 'negative'
            ? '本类别未设失信程度规则。'
            : '本类别不是负面信息，不区分失信程度；公示期见「基本信息」。'
        }
      />
    )
  }
  const labelOfField = fieldLabeller(cls)
  const rows: RuleRow[] = cls.severity.rules.map((r, i) => ({
    key: i,
    when: r.when.map((c) => describeCondition(c, labelOfField)).join('，且'),
    severity: r.severity,
    note: r.note,
  }))
  const columns: TableColumnsType<RuleRow> = [
    { title: '序号', key: 'index', width: 64, render: (_: unknown, __, index) => index + 1 },
    { title: '条件', dataIndex: 'when', key: 'when' },
    {
      title: '失信程度',
      dataIndex: 'severity',
      key: 'severity',
      width: 100,
      render: (v: string) => <SeverityTag value={v} />,
    },
    { title: '说明', dataIndex: 'note', key: 'note', width: 360, render: (v: string | undefined) => v || '—' },
  ]
  return (
    <>
      <Typography.Paragraph>
        每条满足的规则各提出一个失信程度，取其中最严重的；都不满足时为 <SeverityTag value={cls.severity.default} />
        。报送时可在 <code>_severity</code> 列调整，并须在 <code>_reason</code> 列说明理由。
      </Typography.Paragraph>
      <Table<RuleRow>
        rowKey="key"
        columns={columns}
        dataSource={rows}
        size="small"
        pagination={false}
        scroll={{ x: 900 }}
      />
    </>
  )
}

export function BasicInfo({ cls, deptName }: { cls: CatalogClass; deptName: (code: string) => string }) {
  const publication =
    cls.polarity === 'negative'
      ? '按失信程度和决定日期适用的公示期规则计算'
      : cls.publicationMonths !== null
        ? `自决定日期起 ${formatMonths(cls.publicationMonths)}（有效期至早于此时以有效期为准）`
        : '有效期内公示'
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: '代码', children: <code>{cls.code}</code> },
    { key: 'version', label: '版本', children: `第 ${cls.version} 版` },
    { key: 'nameZh', label: '中文名称', children: cls.nameZh },
    { key: 'nameEn', label: '英文名称', children: cls.nameEn || '—' },
    { key: 'category', label: '信息类别', children: labelOf(catalogCategoryLabels, cls.category) },
    { key: 'polarity', label: '性质', children: <PolarityTag value={cls.polarity} /> },
    { key: 'scope', label: '公开范围', children: <ScopeTag value={cls.scope} /> },
    { key: 'status', label: '状态', children: labelOf(classStatusLabels, cls.status) },
    {
      key: 'subjects',
      label: '适用主体',
      span: 2,
      children: cls.subjectKinds.length ? cls.subjectKinds.map((k) => labelOf(entityKindLabels, k)).join('、') : '—',
    },
    {
      key: 'providers',
      label: '提供部门',
      span: 2,
      children: cls.providers.length ? cls.providers.map(deptName).join('、') : '不限（已登记的部门均可报送）',
    },
    { key: 'publication', label: '公示期', span: 2, children: publication },
    {
      key: 'publishMinor',
      label: '轻微失信信息',
      children: cls.polarity === 'negative' ? (cls.publishMinor ? '公示' : '不公示（保存并共享）') : '不适用',
    },
    {
      key: 'deadline',
      label: '报送时限',
      children: cls.deadlineWorkingDays !== null ? `决定之日起 ${cls.deadlineWorkingDays} 个工作日内` : '未规定',
    },
    {
      key: 'list',
      label: '名单',
      span: 2,
      children: cls.list ? (
        <Space orientation="vertical" size={2}>
          <span>
            <ListKindTag value={cls.list.kind} />
            {cls.list.periodMonths !== null
              ? `列入期限 ${formatMonths(cls.list.periodMonths)}`
              : '列入期限：至依决定移出'}
          </span>
          {cls.list.exitRules.length ? <span>移出条件：{cls.list.exitRules.join('；')}</span> : null}
        </Space>
      ) : (
        '不列入名单'
      ),
    },
    { key: 'repairable', label: '信用修复', children: cls.repairable ? '可申请' : '不适用' },
    { key: 'retention', label: '保存年限', children: `${cls.retentionYears} 年` },
    { key: 'description', label: '说明', span: 2, children: cls.description || '—' },
  ]
  return <Descriptions bordered column={{ xs: 1, md: 2 }} items={items} size="small" />
}

export function LegalBasis({ cls }: { cls: CatalogClass }) {
  if (!cls.legalBasis.length) return <Empty description="未填写法律依据。" />
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }}>
      {cls.legalBasis.map((b) => (
        <li key={b}>{b}</li>
      ))}
    </ol>
  )
}
