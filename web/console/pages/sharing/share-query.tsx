// 共享查询 (政务共享, docs/sharing.md): a department with share.query enters subjects (统一社会信用代码, 名称+代码 or
// 身份证号, one a line), may narrow the classes, states the purpose (required: it goes into each subject's access log),
// and reads the records in force per subject. ID numbers come back masked; authorised-only classes never appear.
import { useMemo, useState } from 'react'
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { SearchOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../../shared/api.js'
import {
  disclosureScopeLabels,
  entityKindLabels,
  labelOf,
  listKindLabels,
  polarityLabels,
  severityLabels,
  unresolvedCauseLabels,
} from '../../../shared/labels.js'
import { ErrorAlert } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useClasses, useDepartments } from '../catalog/lookups.js'

/** One subject as the API takes it. */
export type ShareSubject = { uscc: string } | { idNumber: string } | { name: string; code?: string }

interface SharedRecord {
  id: string
  class: string
  className: string
  categoryLabel: string
  polarity: string
  severity: string | null
  decidedOn: string | null
  documentNo: string | null
  authority: string | null
  list: { kind: string; until: string | null } | null
  fields: { code: string; label: string; value: unknown; type: string }[]
  scope: string
  provider: string
}

interface ShareRow {
  index: number
  status: 'matched' | 'unresolved' | 'refused'
  entity?: { id: string; kind: string; name: string; uscc: string | null; idMasked: string | null; status: string }
  total?: number
  records?: SharedRecord[]
  reason?: string
  cause?: string | null
  message?: string
  candidates?: { entityId: string; name: string; uscc: string | null }[]
  error?: { code: string; message: string }
}

interface ShareAnswer {
  purpose: string
  asOf: string
  classes: string[] | null
  matched: number
  unresolved: number
  items: ShareRow[]
}

const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/
const ID_RE = /^\d{17}[\dX]$/

/** Whether an 18-character string is a resident ID number (GB 11643: a birth date and its check digit). */
export function isIdNumber(s: string): boolean {
  if (!ID_RE.test(s)) return false
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return false
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((acc, w, i) => acc + w * Number(s[i]), 0)
  return '10X98765432'[sum % 11] === s[17]
}

/**
 * The subjects of the text box, one a line: an 18-character code is an ID number when it is one (birth date and check
 * digit), else a 统一社会信用代码; otherwise 「名称，代码」 (comma, tab or spaces before the code) or a name alone.
 */
export function parseSubjects(text: string): ShareSubject[] {
  const out: ShareSubject[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    const upper = line.toUpperCase()
    if (upper.length === 18 && isIdNumber(upper)) out.push({ idNumber: upper })
    else if (USCC_RE.test(upper)) out.push({ uscc: upper })
    else {
      const m = /^(.+?)[\s,，\t]+([0-9A-Za-z-]{6,30})$/.exec(line)
      out.push(m ? { name: (m[1] as string).trim(), code: (m[2] as string).toUpperCase() } : { name: line })
    }
  }
  return out
}

/** How a line was read, for the person (an ID number is shown masked). */
function subjectText(s: ShareSubject | undefined): string {
  if (!s) return '—'
  if ('uscc' in s) return `统一社会信用代码 ${s.uscc}`
  if ('idNumber' in s) return `身份证号 ${s.idNumber.slice(0, 4)}**********${s.idNumber.slice(14)}`
  return s.code ? `名称 ${s.name}，代码 ${s.code}` : `名称 ${s.name}`
}

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—'
  if (Array.isArray(v)) return v.map(String).join('、')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

interface QueryForm {
  subjects: string
  classes?: string[]
  purpose: string
}

export function ShareQueryPage() {
  const [form] = Form.useForm<QueryForm>()
  const classes = useClasses()
  const depts = useDepartments()
  const [answer, setAnswer] = useState<ShareAnswer | null>(null)
  const [sent, setSent] = useState<ShareSubject[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const classOptions = useMemo(
    () =>
      classes.classes
        .filter((c) => c.scope !== 'authorized')
        .map((c) => ({ value: c.code, label: c.nameZh, title: c.code })),
    [classes.classes],
  )

  const run = async () => {
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    const subjects = parseSubjects(v.subjects)
    if (subjects.length === 0) {
      setError('请至少填写一个主体。')
      return
    }
    if (subjects.length > 1000) {
      setError(`一次最多查询 1000 个主体（现有 ${subjects.length} 个）。`)
      return
    }
    setBusy(true)
    setError(null)
    try {
      const a = await api<ShareAnswer>('/api/v1/share/query', {
        method: 'POST',
        body: {
          subjects,
          ...(v.classes && v.classes.length > 0 ? { classes: v.classes } : {}),
          purpose: v.purpose.trim(),
        },
      })
      setSent(subjects)
      setAnswer(a)
    } catch (cause) {
      setAnswer(null)
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<SharedRecord> = [
    { title: '信息类别', dataIndex: 'className', key: 'className', width: 160 },
    {
      title: '性质',
      key: 'polarity',
      width: 110,
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{labelOf(polarityLabels, r.polarity)}</span>
          {r.severity ? <Tag color="red">{labelOf(severityLabels, r.severity)}</Tag> : null}
          {r.list ? <Tag color="volcano">{labelOf(listKindLabels, r.list.kind)}</Tag> : null}
        </Space>
      ),
    },
    { title: '决定日期', dataIndex: 'decidedOn', key: 'decidedOn', width: 110, render: (v: string | null) => v ?? '—' },
    { title: '文书号', dataIndex: 'documentNo', key: 'documentNo', render: (v: string | null) => v ?? '—' },
    { title: '决定机关', dataIndex: 'authority', key: 'authority', render: (v: string | null) => v ?? '—' },
    {
      title: '提供部门',
      dataIndex: 'provider',
      key: 'provider',
      render: (v: string) => <span title={v}>{depts.nameOf(v)}</span>,
    },
    {
      title: '公开范围',
      dataIndex: 'scope',
      key: 'scope',
      width: 100,
      render: (v: string) => labelOf(disclosureScopeLabels, v),
    },
  ]

  return (
    <Page
      title="共享查询"
      description="按统一社会信用代码、名称和代码或身份证号查询主体在社会公开和政务共享范围内现行有效的信用记录（授权查询类别除外）。须说明查询用途：每次查询都记入被查询主体的查询记录，主体本人可以看到。"
    >
      <Card className="gx-block">
        <Form form={form} layout="vertical" name="share-query" requiredMark>
          <Form.Item
            name="subjects"
            label="查询主体"
            extra="每行一个：统一社会信用代码、身份证号，或「名称，代码」（代码可为注册号、组织机构代码）。一次最多 1000 个。"
            rules={[{ required: true, whitespace: true, message: '请填写要查询的主体' }]}
          >
            <Input.TextArea rows={5} placeholder={'91120116MA05XXXXXX\n天津市某某有限公司，120116000123456'} />
          </Form.Item>
          <Form.Item name="classes" label="信息类别" extra="不选：全部可共享的类别。">
            <Select
              mode="multiple"
              allowClear
              options={classOptions}
              loading={classes.loading}
              placeholder="全部可共享的类别"
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item
            name="purpose"
            label="查询用途"
            extra="例如：行政许可审查、政府采购供应商资格审查。记入被查询主体的查询记录。"
            rules={[{ required: true, whitespace: true, message: '请说明查询用途' }]}
          >
            <Input maxLength={200} showCount />
          </Form.Item>
          <Button type="primary" icon={<SearchOutlined aria-hidden />} loading={busy} onClick={() => void run()}>
            查询
          </Button>
        </Form>
      </Card>
      <ErrorAlert error={error} />
      {answer ? (
        <section aria-label="查询结果">
          <Alert
            type="info"
            showIcon
            className="gx-block"
            title={`查询 ${answer.items.length} 个主体：找到 ${answer.matched} 个，未能确定 ${answer.unresolved} 个。查询用途「${answer.purpose}」已记入被查询主体的查询记录。`}
          />
          {answer.items.map((row) => (
            <Card
              key={row.index}
              className="gx-block"
              size="small"
              title={
                row.status === 'matched' && row.entity
                  ? `${row.index + 1}. ${row.entity.name}`
                  : `${row.index + 1}. ${subjectText(sent[row.index])}`
              }
              extra={
                row.status === 'matched' ? (
                  <Tag color="green">{`${row.total ?? 0} 条记录`}</Tag>
                ) : row.status === 'unresolved' ? (
                  <Tag color="orange">未能确定主体</Tag>
                ) : (
                  <Tag color="red">未查询</Tag>
                )
              }
            >
              {row.status === 'matched' && row.entity ? (
                <>
                  <Descriptions size="small" column={{ xs: 1, md: 3 }} className="gx-block">
                    <Descriptions.Item label="主体类型">{labelOf(entityKindLabels, row.entity.kind)}</Descriptions.Item>
                    {row.entity.uscc ? (
                      <Descriptions.Item label="统一社会信用代码">{row.entity.uscc}</Descriptions.Item>
                    ) : null}
                    {row.entity.idMasked ? (
                      <Descriptions.Item label="身份证号">{row.entity.idMasked}</Descriptions.Item>
                    ) : null}
                  </Descriptions>
                  {(row.records ?? []).length === 0 ? (
                    <Empty description="没有可共享的现行有效记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  ) : (
                    <Table<SharedRecord>
                      rowKey="id"
                      size="small"
                      columns={columns}
                      dataSource={row.records}
                      pagination={false}
                      scroll={{ x: 900 }}
                      expandable={{
                        expandedRowRender: (r) => (
                          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                            {r.fields.map((f) => (
                              <Descriptions.Item key={f.code} label={f.label}>
                                {valueText(f.value)}
                              </Descriptions.Item>
                            ))}
                          </Descriptions>
                        ),
                      }}
                    />
                  )}
                </>
              ) : row.status === 'unresolved' ? (
                <Space direction="vertical">
                  <Typography.Text>
                    {row.message}
                    {row.cause ? `（${labelOf(unresolvedCauseLabels, row.cause)}）` : ''}
                  </Typography.Text>
                  {(row.candidates ?? []).length > 0 ? (
                    <Typography.Text type="secondary">
                      可能是：
                      {(row.candidates ?? []).map((c) => `${c.name}${c.uscc ? `（${c.uscc}）` : ''}`).join('；')}
                    </Typography.Text>
                  ) : null}
                </Space>
              ) : (
                <Typography.Text type="danger">{row.error?.message ?? '未查询'}</Typography.Text>
              )}
            </Card>
          ))}
        </section>
      ) : null}
    </Page>
  )
}
