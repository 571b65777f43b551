import { useState } from 'react'
import { Alert, Button, Checkbox, Form, Input, Popconfirm, Table, Tag } from 'antd'
import type { GrantView } from '../../../../src/modules/authorizations/index.js'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { useSite } from '../../../shared/site.js'
import { useDocumentTitle } from '../../../shared/use-title.js'
import { ensureCsrf } from './csrf.js'
import { useSubjectKinds } from './reports.js'
import { SubjectPage, useSubjectApi } from './shared.js'

// 我的信用 · 授权管理 (/my/authorizations): the subject authorises a credit service agency (or a department) to get
// its reports (POST /api/v1/me/authorizations {grantee, scopes, until, note}), sees every grant with its uses, and
// revokes one (POST .../:id/revoke). docs/reports.md §5.

/** The grant that lets a bank see the organisation on the 优质中小企业 list (信易贷): grade and reasons, no records. */
const SME_SCOPE = 'sme.list'
const SME_SCOPE_LABEL = '信易贷：优质中小企业名单（信用等级及入选理由）'

interface Me {
  entity: { id: string; kind: string; name: string }
}

const grantStates: Record<string, { label: string; color: string }> = {
  active: { label: '有效', color: 'green' },
  expired: { label: '已过期', color: 'default' },
  revoked: { label: '已撤销', color: 'red' },
}

interface GrantForm {
  grantee: string
  scopes: string[]
  until: string
  note?: string
}

/** Civil date `days` from today in Beijing time. */
function daysFromToday(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function Grants({ me }: { me: Me }) {
  const kinds = useSubjectKinds(me.entity.kind)
  const [refresh, setRefresh] = useState(0)
  const list = useSubjectApi<{ items: GrantView[] }>('/api/v1/me/authorizations', refresh)
  const [form] = Form.useForm<GrantForm>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const scopeLabels = new Map(kinds.map((k) => [`report.${k.code}`, k.nameZh]))
  scopeLabels.set(SME_SCOPE, SME_SCOPE_LABEL)
  const scopeOptions = [
    ...kinds.filter((k) => k.code !== 'public_overview').map((k) => ({ value: `report.${k.code}`, label: k.nameZh })),
    // organisations only: persons are never graded, so never on the list
    ...(me.entity.kind === 'natural_person' ? [] : [{ value: SME_SCOPE, label: SME_SCOPE_LABEL }]),
  ]

  const grant = async (v: GrantForm) => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      await ensureCsrf()
      const g = await api<GrantView>('/api/v1/me/authorizations', {
        method: 'POST',
        body: { grantee: v.grantee.trim(), scopes: v.scopes, until: v.until, note: v.note?.trim() || undefined },
      })
      setDone(`已授权 ${g.grantee}，有效至 ${formatInstant(g.until)}。`)
      form.resetFields()
      setRefresh((n) => n + 1)
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (g: GrantView) => {
    setError(null)
    setDone(null)
    try {
      await ensureCsrf()
      await api(`/api/v1/me/authorizations/${encodeURIComponent(g.id)}/revoke`, { method: 'POST', body: {} })
      setDone(`已撤销对 ${g.grantee} 的授权，立即生效。`)
      setRefresh((n) => n + 1)
    } catch (cause) {
      setError(errorMessage(cause))
    }
  }

  return (
    <>
      <section className="gx-panel" aria-labelledby="gx-my-grant">
        <h2 className="gx-panel-title" id="gx-my-grant">
          新增授权
        </h2>
        <p className="gx-account-note">
          授权后，被授权的信用服务机构或部门在有效期内说明用途即可出具本单位（本人）所选种类的信用报告；每次使用都记入「查询记录」。可随时撤销，立即生效。
        </p>
        <Form<GrantForm>
          form={form}
          name="grant"
          layout="vertical"
          requiredMark={false}
          disabled={busy}
          initialValues={{ scopes: [], until: daysFromToday(90) }}
          onFinish={(v) => void grant(v)}
          className="gx-account-form"
        >
          <Form.Item
            label="被授权方"
            name="grantee"
            extra="被授权机构或部门的代码、统一社会信用代码或账户用户名。"
            rules={[{ required: true, whitespace: true, message: '请填写被授权方的代码或统一社会信用代码。' }]}
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="授权范围"
            name="scopes"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一种报告。' }]}
          >
            <Checkbox.Group options={scopeOptions} />
          </Form.Item>
          <Form.Item
            label="有效期至"
            name="until"
            extra="当日北京时间 24 时失效，最长一年。"
            rules={[{ required: true, message: '请选择授权的截止日期。' }]}
          >
            <Input type="date" min={daysFromToday(0)} max={daysFromToday(366)} />
          </Form.Item>
          <Form.Item label="备注" name="note">
            <Input maxLength={200} placeholder="如：某银行流动资金贷款审查" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            授权
          </Button>
        </Form>
        <div aria-live="polite">
          {error ? <Alert type="error" showIcon role="alert" title={error} className="gx-account-error" /> : null}
          {done ? <Alert type="success" showIcon role="status" title={done} className="gx-account-error" /> : null}
        </div>
      </section>
      <section className="gx-panel gx-my-section" aria-labelledby="gx-my-grants">
        <h2 className="gx-panel-title" id="gx-my-grants">
          授权记录
        </h2>
        <Table<GrantView>
          rowKey="id"
          loading={list.status === 'loading'}
          dataSource={list.status === 'ok' ? list.data.items : []}
          size="middle"
          scroll={{ x: 900 }}
          pagination={false}
          locale={{ emptyText: '尚未授权任何机构' }}
          columns={[
            { title: '被授权方', dataIndex: 'grantee', width: 180 },
            {
              title: '授权范围',
              dataIndex: 'scopes',
              render: (v: string[]) => v.map((s) => scopeLabels.get(s) ?? s).join('、'),
            },
            { title: '有效期至', dataIndex: 'until', width: 170, render: (v: string) => formatInstant(v) },
            {
              title: '状态',
              dataIndex: 'status',
              width: 90,
              render: (v: string) => <Tag color={grantStates[v]?.color}>{grantStates[v]?.label ?? v}</Tag>,
            },
            {
              title: '使用',
              key: 'uses',
              width: 200,
              render: (_: unknown, g: GrantView) =>
                g.uses ? `${g.uses} 次，最近 ${formatInstant(g.lastUsedAt)}` : '未使用',
            },
            { title: '备注', dataIndex: 'note', width: 160, render: (v: string | null) => v ?? '—' },
            {
              title: '操作',
              key: 'op',
              width: 90,
              render: (_: unknown, g: GrantView) =>
                g.status === 'active' ? (
                  <Popconfirm
                    title={`撤销对 ${g.grantee} 的授权？`}
                    description="撤销后对方不能再凭此授权出具报告，已出具的报告不受影响。"
                    okText="撤销"
                    cancelText="取消"
                    onConfirm={() => revoke(g)}
                  >
                    <Button size="small" danger>
                      撤销
                    </Button>
                  </Popconfirm>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </section>
    </>
  )
}

export default function MyAuthorizationsPage() {
  const site = useSite()
  useDocumentTitle('授权管理', site.name)
  const me = useSubjectApi<Me>('/api/v1/me')
  return (
    <SubjectPage title="授权管理" load={me}>
      {(data) => <Grants me={data} />}
    </SubjectPage>
  )
}
