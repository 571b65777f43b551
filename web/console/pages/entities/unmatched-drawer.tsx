// One entry of 待匹配主体: why the subject could not be determined, the rows waiting (batch, row, document number),
// the candidate entities (by codes, names and name fragments), and the two decisions: match to an entity, or
// register a new one from the rows' subject data. Both ask what was verified and say what they will change.
import { useState } from 'react'
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { ReasonModal } from '../../../shared/components/reason-modal.js'
import { formatInstant } from '../../../shared/format.js'
import {
  candidateMatchLabels,
  codeSchemeLabels,
  entityKindLabels,
  entityStatusLabels,
  labelOf,
  rowOutcomeLabels,
  unmatchedRowStatusLabels,
  unmatchedStatusLabels,
  unresolvedCauseLabels,
} from '../../../shared/labels.js'
import { useRequest } from '../../use-request.js'
import { useClasses } from '../catalog/lookups.js'
import type { Candidate, DecisionResult, EntryStatus, QueueRowJson, UnmatchedDetail } from './types.js'

export const statusColors: Readonly<Record<EntryStatus, string>> = {
  open: 'orange',
  matched: 'green',
  registered: 'blue',
  resubmitted: 'default',
  withdrawn: 'default',
}

/** Kinds an organisation can be registered as (natural persons are only ever found by their ID number). */
const kindOptions = Object.entries(entityKindLabels)
  .filter(([code]) => code !== 'natural_person')
  .map(([value, label]) => ({ value, label }))

function decisionText(verb: string, r: DecisionResult): string {
  const parts = [`重新归集 ${r.released} 行`, `新增记录 ${r.added} 条`]
  if (r.corrected) parts.push(`更正 ${r.corrected} 条`)
  if (r.revoked) parts.push(`撤销 ${r.revoked} 条`)
  if (r.duplicates) parts.push(`与已有记录相同 ${r.duplicates} 行`)
  if (r.rejected) parts.push(`拒收 ${r.rejected} 行`)
  return `${verb}「${r.entry.entity?.name ?? ''}」：${parts.join('，')}。`
}

export function UnmatchedDrawer({
  entryId,
  deptName,
  onClose,
  onDecided,
}: {
  entryId: string | null
  deptName(code: string | null): string
  onClose(): void
  onDecided(): void
}) {
  const { message } = App.useApp()
  const classes = useClasses(true)
  const [tick, setTick] = useState(0)
  const [matching, setMatching] = useState<{ entityId: string; name: string; uscc: string | null } | null>(null)
  const [registering, setRegistering] = useState(false)
  const [entityIdInput, setEntityIdInput] = useState('')
  const { data, error, loading } = useRequest(
    (signal) =>
      entryId
        ? api<UnmatchedDetail>(`/api/v1/unmatched/${encodeURIComponent(entryId)}`, { signal })
        : Promise.resolve(undefined),
    [entryId, tick],
  )
  const entry = data && data.id === entryId ? data : undefined
  const isOpen = entry?.status === 'open'
  const decided = (text: string) => {
    void message.success(text)
    setTick((n) => n + 1)
    onDecided()
  }
  const scope = entry ? `${entry.rows.pending} 行（来自 ${entry.rows.batches} 个批次）` : ''

  const rowColumns: TableColumnsType<QueueRowJson> = [
    {
      title: '报送',
      key: 'batch',
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          <span>
            {deptName(r.dept)} · {classes.nameOf(r.class)}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatInstant(r.submittedAt)} · {r.fileName ?? '接口报送'} · 批次 <code>{r.batchId.slice(0, 8)}</code> 第{' '}
            {r.rowNo} 行
          </Typography.Text>
        </Space>
      ),
    },
    { title: '文书号', dataIndex: 'documentNo', key: 'documentNo', width: 170, render: (v: string | null) => v ?? '—' },
    { title: '决定日期', dataIndex: 'decidedOn', key: 'decidedOn', width: 100, render: (v: string | null) => v ?? '—' },
    {
      title: '状态',
      key: 'status',
      width: 170,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          <span>
            {labelOf(unmatchedRowStatusLabels, r.status)}
            {r.outcome ? `：${labelOf(rowOutcomeLabels, r.outcome)}` : ''}
          </span>
          {r.recordId ? <Link to={`/records/${encodeURIComponent(r.recordId)}`}>查看记录</Link> : null}
          {r.outcomeMessage ? <Typography.Text type="danger">{r.outcomeMessage}</Typography.Text> : null}
        </Space>
      ),
    },
  ]

  const candidateColumns: TableColumnsType<Candidate> = [
    {
      title: '主体',
      key: 'name',
      render: (_: unknown, c) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{c.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labelOf(entityKindLabels, c.kind)} · {c.districtName ?? c.district ?? '区县未知'} ·{' '}
            {labelOf(entityStatusLabels, c.status)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '代码',
      key: 'codes',
      width: 250,
      render: (_: unknown, c) =>
        c.codes.length ? (
          <Space orientation="vertical" size={0}>
            {c.codes.map((code) => (
              <span key={`${code.scheme}:${code.value}`} className="gx-nowrap">
                <Typography.Text type="secondary">{labelOf(codeSchemeLabels, code.scheme)}</Typography.Text>{' '}
                {code.value}
              </span>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '依据',
      key: 'matchedBy',
      width: 150,
      render: (_: unknown, c) => (
        <Space size={[0, 4]} wrap>
          {c.matchedBy.map((m) => (
            <Tag key={m} color={m === 'name_fragment' ? 'default' : 'blue'}>
              {labelOf(candidateMatchLabels, m)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_: unknown, c) => (
        <Button size="small" onClick={() => setMatching({ entityId: c.entityId, name: c.name, uscc: c.uscc })}>
          匹配到此主体
        </Button>
      ),
    },
  ]

  return (
    <Drawer
      open={entryId !== null}
      onClose={onClose}
      size={960}
      title={entry ? `待匹配主体：${entry.subject.name ?? '（未填写名称）'}` : '待匹配主体'}
      destroyOnHidden
      extra={
        isOpen ? (
          <Button type="primary" onClick={() => setRegistering(true)}>
            登记为新主体
          </Button>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {!entry && loading ? <Skeleton active /> : null}
      {entry ? (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'name', label: '行政相对人名称', span: 2, children: entry.subject.name ?? '—' },
              { key: 'uscc', label: '统一社会信用代码', children: entry.subject.uscc ?? '未填写' },
              { key: 'codes', label: '其他代码', children: entry.subject.codes.join('、') || '—' },
              { key: 'category', label: '行政相对人类别', children: entry.subject.category ?? '—' },
              {
                key: 'district',
                label: '所属区县',
                children: entry.subject.districtName ?? entry.subject.district ?? '—',
              },
              { key: 'legalRep', label: '法定代表人', children: entry.subject.legalRep ?? '—' },
              {
                key: 'status',
                label: '状态',
                children: <Tag color={statusColors[entry.status]}>{labelOf(unmatchedStatusLabels, entry.status)}</Tag>,
              },
              { key: 'first', label: '首次报送', children: formatInstant(entry.firstSeenAt) },
              { key: 'last', label: '最近报送', children: formatInstant(entry.lastSeenAt) },
            ]}
          />
          {isOpen ? (
            <Alert
              type="warning"
              showIcon
              title={`无法确定行政相对人：${labelOf(unresolvedCauseLabels, entry.cause)}`}
              description={entry.message}
            />
          ) : (
            <Alert
              type={entry.status === 'resubmitted' || entry.status === 'withdrawn' ? 'info' : 'success'}
              showIcon
              title={
                entry.entity
                  ? `${labelOf(unmatchedStatusLabels, entry.status)}：「${entry.entity.name}」${entry.entity.uscc ? `（${entry.entity.uscc}）` : ''}`
                  : labelOf(unmatchedStatusLabels, entry.status)
              }
              description={
                entry.status === 'resubmitted'
                  ? '报送部门已自行更正并重新报送这些行，无需处理。'
                  : entry.status === 'withdrawn'
                    ? '报送部门已撤销这些行所在的批次，无需处理。'
                    : `${formatInstant(entry.decidedAt)}${entry.reason ? `，核实情况：${entry.reason}` : ''}`
              }
            />
          )}
          <section aria-labelledby="unmatched-rows">
            <Typography.Title level={2} id="unmatched-rows" style={{ fontSize: 16 }}>
              涉及的行
            </Typography.Title>
            <Table<QueueRowJson>
              rowKey={(r) => `${r.batchId}:${r.rowNo}`}
              columns={rowColumns}
              dataSource={entry.items}
              size="small"
              pagination={entry.items.length > 20 ? { pageSize: 20 } : false}
              aria-label="涉及的行"
            />
          </section>
          {isOpen ? (
            <section aria-labelledby="unmatched-candidates">
              <Typography.Title level={2} id="unmatched-candidates" style={{ fontSize: 16 }}>
                候选主体
              </Typography.Title>
              <Typography.Paragraph type="secondary">
                按统一社会信用代码、组织机构代码、工商注册号、名称和名称片段（去掉地名和组织形式）找到的已登记主体。核实后匹配；都不是的，登记为新主体。
              </Typography.Paragraph>
              <Table<Candidate>
                rowKey="entityId"
                columns={candidateColumns}
                dataSource={entry.candidates}
                size="small"
                pagination={false}
                aria-label="候选主体"
                locale={{ emptyText: '没有找到候选主体。' }}
              />
              <Form layout="inline" name="match-by-id" style={{ marginTop: 12 }}>
                <Form.Item label="按主体编号匹配" htmlFor="match-entity-id">
                  <Input
                    id="match-entity-id"
                    placeholder="主体编号（主体查询中可见）"
                    value={entityIdInput}
                    onChange={(e) => setEntityIdInput(e.target.value)}
                    style={{ width: 320 }}
                  />
                </Form.Item>
                <Form.Item>
                  <Button
                    disabled={!entityIdInput.trim()}
                    onClick={() =>
                      setMatching({ entityId: entityIdInput.trim(), name: entityIdInput.trim(), uscc: null })
                    }
                  >
                    匹配
                  </Button>
                </Form.Item>
              </Form>
            </section>
          ) : null}
        </Space>
      ) : null}
      <ReasonModal
        open={matching !== null}
        title="匹配主体"
        okText="确认匹配"
        reasonLabel="核实情况"
        placeholder="如：经与报送部门电话核实，为同一企业。将记入审计日志。"
        effect={
          matching && entry
            ? `将「${entry.subject.name ?? ''}」的 ${scope}归入「${matching.name}」${matching.uscc ? `（${matching.uscc}）` : ''}，以报送部门的名义重新归集为信用记录；记录注明由您代为重新提交，记入审计日志。`
            : null
        }
        onCancel={() => setMatching(null)}
        onSubmit={async (reason) => {
          if (!entry || !matching) return
          const r = await api<DecisionResult>(`/api/v1/unmatched/${encodeURIComponent(entry.id)}/match`, {
            method: 'POST',
            body: { entityId: matching.entityId, reason },
          })
          setMatching(null)
          decided(decisionText('已匹配到', r))
        }}
      />
      {entry ? (
        <RegisterModal
          open={registering}
          entry={entry}
          scope={scope}
          onCancel={() => setRegistering(false)}
          onDone={(r) => {
            setRegistering(false)
            decided(decisionText('已登记为新主体', r))
          }}
        />
      ) : null}
    </Drawer>
  )
}

interface RegisterValues {
  name: string
  kind: string
  district?: string
  legalRep?: string
}

function RegisterModal({
  open,
  entry,
  scope,
  onCancel,
  onDone,
}: {
  open: boolean
  entry: UnmatchedDetail
  scope: string
  onCancel(): void
  onDone(r: DecisionResult): void
}) {
  const [form] = Form.useForm<RegisterValues>()
  return (
    <ReasonModal
      open={open}
      title="登记为新主体"
      okText="登记并归集"
      reasonLabel="核实情况"
      placeholder="如：经核实为新设立企业，尚未登记。将记入审计日志。"
      width={640}
      effect={`按报送的信息登记新主体${entry.subject.uscc ? `（统一社会信用代码 ${entry.subject.uscc}，不可修改）` : ''}，${scope}随即以报送部门的名义重新归集为该主体的信用记录；记入审计日志。`}
      onCancel={() => {
        form.resetFields()
        onCancel()
      }}
      onSubmit={async (reason) => {
        let v: RegisterValues
        try {
          v = await form.validateFields()
        } catch {
          throw new Error('请按提示修改登记信息。')
        }
        const r = await api<DecisionResult>(`/api/v1/unmatched/${encodeURIComponent(entry.id)}/register`, {
          method: 'POST',
          body: {
            reason,
            name: v.name.trim(),
            kind: v.kind,
            ...(v.district ? { district: v.district } : {}),
            ...(v.legalRep?.trim() ? { legalRep: v.legalRep.trim() } : {}),
          },
        })
        onDone(r)
      }}
    >
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        name="register-entity"
        preserve={false}
        initialValues={{
          name: entry.subject.name ?? '',
          kind:
            entry.subject.kind ?? (entry.subject.category === '个体工商户' ? 'individual_business' : 'legal_person'),
          district: entry.subject.district ?? undefined,
          legalRep: entry.subject.legalRep ?? undefined,
        }}
      >
        <Form.Item
          label="主体名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请填写主体名称。' },
            { max: 200, message: '最多 200 个字。' },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label="主体类别" name="kind" rules={[{ required: true, message: '请选择主体类别。' }]}>
          <Select options={kindOptions} />
        </Form.Item>
        <Form.Item
          label="所属区县（6 位行政区划代码）"
          name="district"
          rules={[{ pattern: /^\d{6}$/, message: '应为 6 位行政区划代码，如 120101。' }]}
        >
          <Input maxLength={6} placeholder="如 120101" />
        </Form.Item>
        <Form.Item label="法定代表人" name="legalRep" rules={[{ max: 100, message: '最多 100 个字。' }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </ReasonModal>
  )
}
