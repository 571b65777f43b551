import { useState } from 'react'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf, versionSourceLabels } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { PolicyVersions, type PropertyDiff, PropertyDiffView, propertyChanges } from '../../components/policy-detail.js'
import type { VersionRow } from '../../components/versions.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { formatDates, formatHolidays, parseDates, parseHolidays, weekdayOf } from './holidays-text.js'
import type { Holiday } from './holidays-text.js'

/** GET /api/v1/calendar/years (the current version of every loaded year). */
export interface CalendarYear {
  year: number
  version: number
  source: string
  isCurrent: boolean
  createdAt: string
  createdBy: string | null
  reason: string | null
  hash: string
  data: { source: string; holidays: Holiday[]; workdays: string[] }
}

const holidayColumns: TableColumnsType<Holiday> = [
  { title: '节日', dataIndex: 'name', key: 'name', width: 110 },
  { title: '放假日期', key: 'dates', render: (_: unknown, h) => formatDates(h.dates) },
  { title: '天数', key: 'days', width: 70, align: 'right', render: (_: unknown, h) => h.dates.length },
]

/** A year's notice as properties to compare: 依据, each festival's dates, the adjusted working days. */
function noticeProperties(data: CalendarYear['data']): Record<string, unknown> {
  return {
    source: data.source,
    ...Object.fromEntries(data.holidays.map((h) => [`holiday:${h.name}`, h.dates])),
    workdays: data.workdays,
  }
}

const noticeLabel = (property: string) =>
  property === 'source'
    ? '依据'
    : property === 'workdays'
      ? '调休上班日'
      : `${property.slice('holiday:'.length)}放假日期`

/** The calendar API has no diff: the two versions of the year are loaded and compared here. */
async function yearDiff(year: number, from: number, to: number, signal: AbortSignal): Promise<PropertyDiff> {
  const [a, b] = await Promise.all(
    [from, to].map((version) => api<CalendarYear>(`/api/v1/calendar/years/${year}`, { query: { version }, signal })),
  )
  return {
    from,
    to,
    changes: propertyChanges(noticeProperties((a as CalendarYear).data), noticeProperties((b as CalendarYear).data)),
  }
}

/** The versions of one year with the comparison of two of them. */
function YearVersions({ item, onClose }: { item: CalendarYear; onClose(): void }) {
  return (
    <Drawer open title={`${item.year} 年节假日安排的版本`} size={900} onClose={onClose} destroyOnHidden>
      <PolicyVersions<VersionRow, PropertyDiff>
        api={`/api/v1/calendar/years/${item.year}`}
        reloadKey={item.version}
        diff={(from, to, _versions, signal) => yearDiff(item.year, from, to, signal)}
        formName={`calendar-diff-${item.year}`}
        single="该年份只有一个版本，暂无可比较的版本。"
        render={(diff) => <PropertyDiffView diff={diff} labelOf={noticeLabel} testId="calendar-diff" />}
      />
    </Drawer>
  )
}

function YearCard({
  item,
  canEdit,
  onEdit,
  onVersions,
}: {
  item: CalendarYear
  canEdit: boolean
  onEdit(): void
  onVersions(): void
}) {
  const restDays = item.data.holidays.reduce((n, h) => n + h.dates.length, 0)
  return (
    <Card
      data-testid={`calendar-year-${item.year}`}
      title={
        <span>
          {item.year} 年<Tag className="gx-home-tag">第 {item.version} 版</Tag>
          {item.source === 'operator' ? <Tag color="gold">{labelOf(versionSourceLabels, item.source)}</Tag> : null}
        </span>
      }
      extra={
        <Space size="small">
          <Button size="small" icon={<HistoryOutlined aria-hidden />} onClick={onVersions}>
            版本历史
          </Button>
          {canEdit ? (
            <Button size="small" icon={<EditOutlined aria-hidden />} onClick={onEdit}>
              更正
            </Button>
          ) : null}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        依据：{item.data.source}
      </Typography.Paragraph>
      <Table<Holiday>
        rowKey="name"
        columns={holidayColumns}
        dataSource={item.data.holidays}
        size="small"
        pagination={false}
        aria-label={`${item.year} 年节假日`}
      />
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
        <strong>调休上班</strong>（{item.data.workdays.length} 天）：
      </Typography.Paragraph>
      {item.data.workdays.length ? (
        <Space wrap size={[4, 4]}>
          {item.data.workdays.map((d) => (
            <Tag key={d}>
              {d} {weekdayOf(d)}
            </Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">无</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        放假共 {restDays} 天 · {labelOf(versionSourceLabels, item.source)} · {formatInstant(item.createdAt)}
        {item.reason ? ` · ${item.reason}` : ''}
      </Typography.Paragraph>
    </Card>
  )
}

interface YearForm {
  year: number
  source: string
  holidays: string
  workdays: string
}

function LoadYearModal({
  open,
  initial,
  years,
  onClose,
  onSaved,
}: {
  open: boolean
  initial: CalendarYear | null
  years: readonly CalendarYear[]
  onClose(): void
  onSaved(result: { year: number; version: number; changed: boolean }): void
}) {
  const [form] = Form.useForm<YearForm>()
  const year = Form.useWatch('year', form) ?? initial?.year
  const existing = years.find((y) => y.year === year)
  const nextYear = Math.max(new Date().getFullYear(), ...years.map((y) => y.year)) + 1

  return (
    <ReasonModal
      open={open}
      title={initial ? `更正 ${initial.year} 年节假日安排` : '导入节假日安排'}
      okText={existing ? '保存为新版本' : '导入'}
      width={720}
      reasonLabel={existing ? '更正原因' : '导入说明'}
      effect={
        existing ? (
          <>
            将生成 {existing.year} 年<strong>第 {existing.version + 1} 版</strong>
            {`并设为当前版本，第 ${existing.version} 版保留。此后计算报送时限和办理期限按新安排执行。操作记入审计日志。`}
          </>
        ) : (
          <>导入后，该年的报送时限和办理期限按此安排计算（周末休息，另有放假日和调休上班日）。操作记入审计日志。</>
        )
      }
      onCancel={onClose}
      onSubmit={async (reason) => {
        const values = await form.validateFields().catch(() => {
          throw new Error('请先补全上方的年份、通知和节假日。')
        })
        const holidays = parseHolidays(values.holidays)
        const workdays = parseDates(values.workdays ?? '', '调休上班日')
        const problems = [...holidays.problems, ...workdays.problems]
        if (problems.length) throw new Error(`${problems.join('；')}。`)
        const result = await api<{ year: number; version: number; changed: boolean }>(
          `/api/v1/calendar/years/${values.year}`,
          {
            method: 'PUT',
            body: { source: values.source.trim(), holidays: holidays.holidays, workdays: workdays.dates, reason },
          },
        )
        form.resetFields()
        onSaved(result)
      }}
    >
      <Form<YearForm>
        form={form}
        layout="vertical"
        name="calendar-year"
        initialValues={
          initial
            ? {
                year: initial.year,
                source: initial.data.source,
                holidays: formatHolidays(initial.data.holidays),
                workdays: formatDates(initial.data.workdays),
              }
            : { year: nextYear, source: '', holidays: '', workdays: '' }
        }
      >
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item label="年份" name="year" rules={[{ required: true, message: '请填写年份。' }]}>
              <InputNumber min={1990} max={2200} precision={0} disabled={Boolean(initial)} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              label="依据（通知名称、文号、日期）"
              name="source"
              rules={[
                { required: true, whitespace: true, message: '请填写国务院办公厅通知的名称和文号。' },
                { min: 4, message: '依据至少 4 个字。' },
              ]}
            >
              <Input
                placeholder="国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"
                maxLength={500}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label="放假日期"
          name="holidays"
          extra="每行一个节日：名称、冒号，然后是日期；连续日期可写作「2027-02-06 至 2027-02-13」，多个日期以顿号分隔。"
          rules={[{ required: true, whitespace: true, message: '请至少填写一个节日。' }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 5, maxRows: 10 }}
            placeholder={'元旦：2027-01-01 至 2027-01-03\n春节：2027-02-06 至 2027-02-13'}
            spellCheck={false}
          />
        </Form.Item>
        <Form.Item label="调休上班日" name="workdays" extra="周末调为工作日的日期，以顿号分隔；没有可留空。">
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder="2027-02-14、2027-02-20"
            spellCheck={false}
          />
        </Form.Item>
      </Form>
    </ReasonModal>
  )
}

export function CalendarPage() {
  const user = useUser()
  const canEdit = user.role === 'operator'
  const { message } = App.useApp()
  const { data, error, loading, reload } = useRequest(
    (signal) => api<{ items: CalendarYear[] }>('/api/v1/calendar/years', { signal }),
    [],
  )
  const [editing, setEditing] = useState<{ initial: CalendarYear | null } | null>(null)
  const [history, setHistory] = useState<number | null>(null)
  const years = [...(data?.items ?? [])].sort((a, b) => b.year - a.year)

  return (
    <Page
      title="工作日历"
      description="按国务院办公厅每年公布的节假日安排计算工作日，用于报送时限（如决定之日起 7 个工作日）和办理期限。未导入的年份无法判断是否超期。"
      extra={
        canEdit ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing({ initial: null })}>
            导入年份
          </Button>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      {loading && !data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : null}
      {data && !years.length ? (
        <Card>
          <Empty description="尚未导入任何年份的节假日安排。" />
        </Card>
      ) : null}
      {years.length ? (
        <Typography.Paragraph>
          已导入：{years.map((y) => `${y.year} 年`).join('、')}。
          {years[0] && years[0].year <= new Date().getFullYear()
            ? '明年的安排通常于今年 10 至 11 月公布，公布后请及时导入。'
            : ''}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[16, 16]}>
        {years.map((item) => (
          <Col key={item.year} xs={24} xl={12}>
            <YearCard
              item={item}
              canEdit={canEdit}
              onEdit={() => setEditing({ initial: item })}
              onVersions={() => setHistory(item.year)}
            />
          </Col>
        ))}
      </Row>
      {history !== null && years.some((y) => y.year === history) ? (
        <YearVersions item={years.find((y) => y.year === history) as CalendarYear} onClose={() => setHistory(null)} />
      ) : null}
      {canEdit && editing ? (
        <LoadYearModal
          open
          initial={editing.initial}
          years={years}
          onClose={() => setEditing(null)}
          onSaved={(result) => {
            setEditing(null)
            void message.success(
              result.changed
                ? `已保存 ${result.year} 年第 ${result.version} 版节假日安排。`
                : `${result.year} 年节假日安排与当前版本相同，未生成新版本。`,
            )
            reload()
          }}
        />
      ) : null}
    </Page>
  )
}
