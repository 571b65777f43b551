// 双随机抽查: the department's inspection plans (create, freeze = publish the seed's commitment, draw = reveal the
// seed), a plan's strata, targets, inspectors and results (record them), the draw's verification, and the inspector
// pool. Departments (provider) run their own; operators and auditors read every department's.
import { useState } from 'react'
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import type { DescriptionsProps, TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { useSearchParams } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import {
  type DrawVerification,
  FREQUENCY_LABELS,
  type Inspector,
  type Plan,
  type PlanDetail,
  type PlanPage,
  RESULT_OPTIONS,
  type SupervisionPolicy,
  stratumLabel,
} from './types.js'

const STATUS_COLORS: Record<string, string> = { draft: 'default', frozen: 'gold', drawn: 'blue', completed: 'green' }
const SECTIONS = 'ABCDEFGHIJKLMNOPQRST'.split('')
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

function StatusTag({ plan }: { plan: Pick<Plan, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLORS[plan.status]}>{plan.statusLabel}</Tag>
}

export function InspectionsPage() {
  const user = useUser()
  const isDept = user.role === 'provider' && user.dept !== null
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') === 'inspectors' ? 'inspectors' : 'plans'
  const setTab = (key: string) => {
    const copy = new URLSearchParams(params)
    if (key === 'plans') copy.delete('tab')
    else copy.set('tab', key)
    setParams(copy, { replace: true })
  }
  return (
    <Page
      title="双随机抽查"
      description="按信用等级分层随机抽取检查对象、随机匹配执法检查人员（回避同区和登记的利害关系），冻结时公布随机种子的承诺，抽取时揭示种子，任何人可据此重算核验；检查结果作为行政检查结果信息公示。"
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'plans', label: '抽查计划', children: <PlansTab isDept={isDept} /> },
          { key: 'inspectors', label: '执法检查人员', children: <InspectorsTab isDept={isDept} /> },
        ]}
      />
    </Page>
  )
}

// ------------------------------------------------------------------------------------------------ plans

function PlansTab({ isDept }: { isDept: boolean }) {
  const [params, setParams] = useSearchParams()
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const openId = params.get('plan')
  const { data, error, loading, reload } = useRequest(
    (signal) => api<PlanPage>('/api/v1/inspections/plans', { query: { page, pageSize: 20 }, signal }),
    [page],
  )
  const open = (id: string | null) => {
    const copy = new URLSearchParams(params)
    if (id) copy.set('plan', id)
    else copy.delete('plan')
    setParams(copy, { replace: !id })
  }
  const columns: TableColumnsType<Plan> = [
    { title: '计划号', dataIndex: 'number', key: 'number', width: 170 },
    { title: '计划名称', dataIndex: 'name', key: 'name', ellipsis: true },
    ...(isDept
      ? []
      : [{ title: '部门', key: 'dept', width: 180, render: (_: unknown, p: Plan) => p.deptName ?? p.dept }]),
    {
      title: '检查期间',
      key: 'period',
      width: 200,
      render: (_: unknown, p) => `${p.period.from} 至 ${p.period.to}`,
    },
    { title: '状态', key: 'status', width: 170, render: (_: unknown, p) => <StatusTag plan={p} /> },
    {
      title: '候选 / 抽取 / 结果',
      key: 'counts',
      width: 140,
      render: (_: unknown, p) => `${p.candidates} / ${p.targets} / ${p.results}`,
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_: unknown, p) => (
        <Button size="small" type="link" onClick={() => open(p.id)}>
          详情
        </Button>
      ),
    },
  ]
  return (
    <>
      <Space className="gx-block">
        {isDept ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            新建抽查计划
          </Button>
        ) : null}
        <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
          刷新
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<Plan>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 1000 }}
        locale={{ emptyText: '暂无抽查计划。' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 项`,
          onChange: setPage,
        }}
      />
      <NewPlanModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(p) => {
          setCreating(false)
          reload()
          open(p.id)
        }}
      />
      <PlanDrawer id={openId} isDept={isDept} onClose={() => open(null)} onChanged={reload} />
    </>
  )
}

interface PlanForm {
  name: string
  matter: string
  policy: string
  industries?: string[]
  districts?: string
  from: string
  to: string
}

function NewPlanModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(p: Plan): void }) {
  const [form] = Form.useForm<PlanForm>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const policies = useRequest(
    (signal) =>
      open
        ? api<{ items: SupervisionPolicy[] }>('/api/v1/supervision/policies', { signal })
        : Promise.resolve(undefined),
    [open],
  )
  const submit = async (v: PlanForm) => {
    setSaving(true)
    setError(null)
    try {
      const districts = (v.districts ?? '')
        .split(/[\s,，、]+/)
        .map((s) => s.trim())
        .filter(Boolean)
      const plan = await api<Plan>('/api/v1/inspections/plans', {
        method: 'POST',
        body: {
          name: v.name,
          matter: v.matter,
          policy: v.policy,
          industries: v.industries ?? [],
          districts,
          period: { from: v.from, to: v.to },
        },
      })
      form.resetFields()
      onCreated(plan)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={open}
      title="新建抽查计划"
      okText="保存为草稿"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Form<PlanForm> form={form} layout="vertical" name="new-plan" onFinish={(v) => void submit(v)}>
        <Form.Item label="计划名称" name="name" rules={[{ required: true, message: '请填写计划名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label="检查事项" name="matter" rules={[{ required: true, message: '请填写检查事项' }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item label="监管政策" name="policy" rules={[{ required: true, message: '请选择监管政策' }]}>
          <Select
            loading={policies.loading}
            options={(policies.data?.items ?? [])
              .filter((p) => p.status === 'active')
              .map((p) => ({
                value: p.code,
                label: `${p.name}（${p.strata
                  .map((s) => `${s.grade} ${s.percent}%/${FREQUENCY_LABELS[s.frequency] ?? s.frequency}`)
                  .join('，')}）`,
              }))}
          />
        </Form.Item>
        <Form.Item label="行业门类（不选：政策评价的全部行业）" name="industries">
          <Select mode="multiple" allowClear options={SECTIONS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item
          label="区县（6 位行政区划代码，多个用逗号分隔；不填：全部区县）"
          name="districts"
          rules={[{ pattern: /^(\s*\d{6}\s*[,，、\s]?)*$/, message: '请填写 6 位行政区划代码' }]}
        >
          <Input placeholder="如 120101, 120102" />
        </Form.Item>
        <Space>
          <Form.Item label="检查期间起" name="from" rules={[{ required: true, message: '请选择开始日期' }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item label="检查期间止" name="to" rules={[{ required: true, message: '请选择结束日期' }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  )
}

function describePlan(p: PlanDetail): DescriptionsProps['items'] {
  return [
    { key: 'number', label: '计划号', children: p.number },
    { key: 'status', label: '状态', children: <StatusTag plan={p} /> },
    { key: 'name', label: '计划名称', children: p.name, span: 2 },
    { key: 'matter', label: '检查事项', children: p.matter, span: 2 },
    { key: 'dept', label: '部门', children: p.deptName ?? p.dept },
    {
      key: 'policy',
      label: '监管政策',
      children: `${p.policy.code}${p.policy.version ? `（第 ${p.policy.version} 版）` : ''}`,
    },
    { key: 'industries', label: '行业门类', children: p.industries.length ? p.industries.join('、') : '全部' },
    { key: 'districts', label: '区县', children: p.districts.length ? p.districts.join('、') : '全部' },
    { key: 'period', label: '检查期间', children: `${p.period.from} 至 ${p.period.to}`, span: 2 },
  ]
}

function Hash({ value }: { value: string | null | undefined }) {
  return value ? (
    <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
      {value}
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary">—</Typography.Text>
  )
}

function PlanDrawer({
  id,
  isDept,
  onClose,
  onChanged,
}: {
  id: string | null
  isDept: boolean
  onClose(): void
  onChanged(): void
}) {
  const { message } = App.useApp()
  const { data, error, loading, reload } = useRequest(
    (signal) => (id ? api<PlanDetail>(`/api/v1/inspections/plans/${id}`, { signal }) : Promise.resolve(undefined)),
    [id],
  )
  const [busy, setBusy] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const [verification, setVerification] = useState<DrawVerification | null>(null)
  const [recording, setRecording] = useState<PlanDetail['items'][number] | null>(null)
  const act = async (what: 'freeze' | 'draw') => {
    if (!id) return
    setBusy(what)
    setActionError(null)
    try {
      await api(`/api/v1/inspections/plans/${id}/${what}`, { method: 'POST', body: {} })
      void message.success(what === 'freeze' ? '已冻结候选名单并公布随机种子的承诺。' : '已完成抽取并揭示随机种子。')
      reload()
      onChanged()
    } catch (cause) {
      setActionError(errorMessage(cause))
    } finally {
      setBusy(null)
    }
  }
  const verify = async () => {
    if (!id) return
    setBusy('verify')
    setActionError(null)
    try {
      setVerification(await api<DrawVerification>(`/api/v1/inspections/plans/${id}/verify`))
    } catch (cause) {
      setActionError(errorMessage(cause))
    } finally {
      setBusy(null)
    }
  }
  const targetColumns: TableColumnsType<PlanDetail['items'][number]> = [
    { title: '序号', dataIndex: 'position', key: 'position', width: 64 },
    {
      title: '检查对象',
      key: 'entity',
      render: (_: unknown, t) => (
        <span>
          {t.name ?? t.entityId}
          {t.uscc ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t.uscc}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { title: '等级层', key: 'stratum', width: 80, render: (_: unknown, t) => stratumLabel(t.stratum) },
    {
      title: '执法检查人员',
      key: 'inspectors',
      width: 180,
      render: (_: unknown, t) =>
        t.inspectors.length
          ? t.inspectors.map((i) => `${i.name ?? i.id}（${i.badgeNo ?? '—'}）`).join('、')
          : '（无可派人员）',
    },
    {
      title: '检查结果',
      key: 'result',
      width: 200,
      render: (_: unknown, t) =>
        t.result ? (
          <span>
            {t.result}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t.inspectedOn} · {t.documentNo}
            </Typography.Text>
          </span>
        ) : isDept && data?.status === 'drawn' ? (
          <Button size="small" onClick={() => setRecording(t)}>
            登记结果
          </Button>
        ) : (
          '—'
        ),
    },
  ]
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title="抽查计划详情" destroyOnHidden>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {actionError ? <Alert type="error" showIcon title={actionError} className="gx-block" /> : null}
      {loading && !data ? (
        <Skeleton active />
      ) : data ? (
        <>
          <Descriptions bordered size="small" column={2} items={describePlan(data)} />
          <Space className="gx-block" style={{ marginTop: 16 }}>
            {isDept && data.status === 'draft' ? (
              <Popconfirm
                title="冻结后候选名单和执法检查人员不再变化，并公布随机种子的承诺。确定冻结？"
                okText="冻结"
                cancelText="取消"
                onConfirm={() => void act('freeze')}
              >
                <Button type="primary" loading={busy === 'freeze'}>
                  冻结并公布承诺
                </Button>
              </Popconfirm>
            ) : null}
            {isDept && data.status === 'frozen' ? (
              <Popconfirm
                title="抽取后将揭示随机种子并公布检查对象。确定抽取？"
                okText="抽取"
                cancelText="取消"
                onConfirm={() => void act('draw')}
              >
                <Button type="primary" loading={busy === 'draw'}>
                  双随机抽取
                </Button>
              </Popconfirm>
            ) : null}
            {data.status === 'drawn' || data.status === 'completed' ? (
              <Button
                icon={<SafetyCertificateOutlined aria-hidden />}
                loading={busy === 'verify'}
                onClick={() => void verify()}
              >
                核验抽取
              </Button>
            ) : null}
          </Space>
          {verification ? (
            <Alert
              className="gx-block"
              type={verification.matches ? 'success' : 'error'}
              showIcon
              title={
                verification.matches
                  ? '核验通过：由揭示的种子和冻结的候选名单重算的抽取与记录一致。'
                  : '核验未通过：抽取与公布的种子或候选名单不符。'
              }
              description={
                verification.differences.length ? verification.differences.slice(0, 10).join('；') : undefined
              }
            />
          ) : null}
          <Typography.Title level={2} className="gx-subtitle" style={{ fontSize: 16, marginTop: 16 }}>
            承诺与揭示
          </Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              {
                key: 'seedHash',
                label: '随机种子承诺（SHA-256）',
                children: <Hash value={data.commitment?.seedHash} />,
              },
              {
                key: 'frozenHash',
                label: '候选名单哈希（SHA-256）',
                children: <Hash value={data.commitment?.frozenHash} />,
              },
              { key: 'frozenAt', label: '冻结时间', children: formatInstant(data.commitment?.frozenAt) || '—' },
              {
                key: 'seed',
                label: '揭示的随机种子',
                children: data.seed ? (
                  <Hash value={data.seed} />
                ) : (
                  <Typography.Text type="secondary">抽取时揭示</Typography.Text>
                ),
              },
              { key: 'drawnAt', label: '抽取时间', children: formatInstant(data.drawnAt) || '—' },
            ]}
          />
          {data.strata.length ? (
            <>
              <Typography.Title level={2} className="gx-subtitle" style={{ fontSize: 16, marginTop: 16 }}>
                分层抽取
              </Typography.Title>
              <Table
                rowKey="grade"
                size="small"
                pagination={false}
                dataSource={data.strata}
                columns={[
                  { title: '等级层', key: 'grade', render: (_: unknown, s) => stratumLabel(s.grade) },
                  { title: '候选', dataIndex: 'candidates', key: 'candidates' },
                  { title: '应抽', dataIndex: 'requested', key: 'requested' },
                  { title: '抽取', key: 'drawn', render: (_: unknown, s) => s.drawn ?? '—' },
                  { title: '说明', key: 'note', render: (_: unknown, s) => s.note ?? '' },
                ]}
              />
            </>
          ) : null}
          {data.items.length ? (
            <>
              <Typography.Title level={2} className="gx-subtitle" style={{ fontSize: 16, marginTop: 16 }}>
                检查对象（{data.results} / {data.targets} 已登记结果）
              </Typography.Title>
              <Table
                rowKey="position"
                size="small"
                dataSource={data.items}
                columns={targetColumns}
                pagination={{ pageSize: 20 }}
              />
            </>
          ) : null}
          <ResultModal
            planId={data.id}
            target={recording}
            from={data.period.from}
            onClose={() => setRecording(null)}
            onDone={() => {
              setRecording(null)
              reload()
              onChanged()
            }}
          />
        </>
      ) : null}
    </Drawer>
  )
}

function ResultModal({
  planId,
  target,
  from,
  onClose,
  onDone,
}: {
  planId: string
  target: PlanDetail['items'][number] | null
  from: string
  onClose(): void
  onDone(): void
}) {
  const [form] = Form.useForm<{ result: string; detail?: string; inspectedOn: string }>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async (v: { result: string; detail?: string; inspectedOn: string }) => {
    if (!target) return
    setSaving(true)
    setError(null)
    try {
      await api(`/api/v1/inspections/plans/${planId}/results`, {
        method: 'POST',
        body: {
          items: [
            { entityId: target.entityId, result: v.result, detail: v.detail || undefined, inspectedOn: v.inspectedOn },
          ],
        },
      })
      form.resetFields()
      onDone()
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={target !== null}
      title={`登记检查结果：${target?.name ?? ''}`}
      okText="登记并公示"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Typography.Paragraph type="secondary">
        检查结果将作为「行政检查结果信息」归集，并在门户公示。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="inspection-result"
        initialValues={{ result: '未发现问题', inspectedOn: today() }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label="检查结果" name="result" rules={[{ required: true, message: '请选择检查结果' }]}>
          <Select options={RESULT_OPTIONS.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item label="检查结果说明" name="detail">
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        <Form.Item
          label={`检查完成日期（${from} 至今天）`}
          name="inspectedOn"
          rules={[{ required: true, message: '请选择检查完成日期' }]}
        >
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

// ------------------------------------------------------------------------------------------------ inspectors

function InspectorsTab({ isDept }: { isDept: boolean }) {
  const { data, error, loading, reload } = useRequest(
    (signal) => api<{ items: Inspector[] }>('/api/v1/inspections/inspectors', { signal }),
    [],
  )
  const [adding, setAdding] = useState(false)
  const [form] = Form.useForm<{ name: string; badgeNo: string; district: string }>()
  const [formError, setFormError] = useState<string | null>(null)
  const add = async (v: { name: string; badgeNo: string; district: string }) => {
    setFormError(null)
    try {
      await api('/api/v1/inspections/inspectors', { method: 'POST', body: v })
      form.resetFields()
      setAdding(false)
      reload()
    } catch (cause) {
      setFormError(errorMessage(cause))
    }
  }
  const columns: TableColumnsType<Inspector> = [
    { title: '姓名', dataIndex: 'name', key: 'name', width: 120 },
    { title: '执法证号', dataIndex: 'badgeNo', key: 'badgeNo', width: 140 },
    ...(isDept ? [] : [{ title: '部门', dataIndex: 'dept', key: 'dept', width: 120 }]),
    {
      title: '所在区县',
      key: 'district',
      render: (_: unknown, i) => `${i.districtName ?? ''}（${i.district}）`,
    },
    {
      title: '状态',
      key: 'status',
      width: 80,
      render: (_: unknown, i) => (i.status === 'active' ? <Tag color="green">在岗</Tag> : <Tag>不在岗</Tag>),
    },
  ]
  return (
    <>
      <Card className="gx-block" size="small">
        <Typography.Text type="secondary">
          抽取时每个检查对象随机匹配执法检查人员：不派所在区县与检查对象登记区县相同的人员，也不派登记了回避关系的人员。
        </Typography.Text>
      </Card>
      <Space className="gx-block">
        {isDept ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            新增执法检查人员
          </Button>
        ) : null}
        <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
          刷新
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <Table<Inspector>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        locale={{ emptyText: '暂无执法检查人员。' }}
        pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 人` }}
      />
      <Modal
        open={adding}
        title="新增执法检查人员"
        okText="保存"
        cancelText="取消"
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {formError ? <Alert type="error" showIcon title={formError} className="gx-block" /> : null}
        <Form form={form} layout="vertical" name="new-inspector" onFinish={(v) => void add(v)}>
          <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label="执法证号" name="badgeNo" rules={[{ required: true, message: '请填写执法证号' }]}>
            <Input maxLength={32} />
          </Form.Item>
          <Form.Item
            label="所在区县（6 位行政区划代码）"
            name="district"
            rules={[{ required: true, pattern: /^\d{6}$/, message: '请填写 6 位行政区划代码' }]}
          >
            <Input maxLength={6} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
