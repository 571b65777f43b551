// 举报 case page: the shared case frame with what was reported, the routing suggestion, the tipster's contact (the
// handling department only) and the dialogs of the actions the caller may take (分办, 移交, 查证属实, 查无实据, 登记奖励).
import {
  Alert,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { CaseActionButton, type CaseActionButtonProps, CaseFrame } from '../../components/cases/index.js'
import type { CaseEvent, CaseFile, CaseSummary } from '../../components/cases/index.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'

interface TipDetail extends CaseSummary {
  category: string
  categoryLabel: string
  entityName: string | null
  entityUscc: string | null
  wantsReward: boolean
  handlerDeptName: string | null
  suggestedDept: string | null
  suggestedDeptName: string | null
  routingVersion: number
  reward: { amount: string; amountFen: number; paidOn: string } | null
  content: string
  evidence: CaseFile[]
  contactVisible: boolean
  contact: { name: string; phone: string; email: string } | null
  actions: string[]
  history: CaseEvent[]
}

const required = (message: string) => [{ required: true, whitespace: true, message }]

export function TipCasePage() {
  const { id = '' } = useParams()
  const depts = useDepartments()
  const tip = useRequest((signal) => api<TipDetail>(`/api/v1/tips/${encodeURIComponent(id)}`, { signal }), [id])
  const t = tip.data
  if (tip.error && !t)
    return (
      <Page title="举报办理">
        <Result
          status="warning"
          title="无法显示该举报"
          subTitle={tip.error}
          extra={<Link to="/rights/tips">返回举报处理</Link>}
        />
      </Page>
    )
  if (!t)
    return (
      <Page title="举报办理">
        <Card>
          <Skeleton active />
        </Card>
      </Page>
    )

  const url = (action: string) => `/api/v1/tips/${encodeURIComponent(t.id)}/${action}`
  const deptOptions = depts.departments.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))
  const otherDepts = deptOptions.filter((d) => d.value !== t.handlerDept)
  const done = () => tip.reload()
  const can = (a: string) => t.actions.includes(a)

  /** The dialog of one of the actions the case offers now (none otherwise). */
  const step = (action: string, props: Omit<CaseActionButtonProps, 'url' | 'version' | 'onDone'>) =>
    can(action) ? <CaseActionButton {...props} url={url(action)} version={t.version} onDone={done} /> : null

  const actions = (
    <>
      {step('route', {
        label: '分办',
        primary: true,
        fields: (
          <>
            <Alert
              type="info"
              showIcon
              className="gx-block"
              title={
                t.suggestedDept
                  ? `分办表（第 ${t.routingVersion} 版）建议：${t.suggestedDeptName ?? t.suggestedDept}`
                  : `分办表（第 ${t.routingVersion} 版）对「${t.categoryLabel}」没有建议部门，请按职责选择`
              }
            />
            <Form.Item
              name="dept"
              label="承办部门"
              initialValue={t.suggestedDept ?? undefined}
              rules={[{ required: true, message: '请选择承办部门' }]}
            >
              <Select showSearch optionFilterProp="label" options={deptOptions} placeholder="选择主管部门" />
            </Form.Item>
            <Form.Item name="note" label="分办说明">
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        ),
      })}
      {step('verify', {
        label: '查证属实',
        primary: true,
        fields: (
          <Form.Item name="note" label="查证情况" rules={required('请填写查证情况')}>
            <Input.TextArea rows={4} maxLength={2000} placeholder="核查经过、认定的事实和处理措施" />
          </Form.Item>
        ),
      })}
      {step('unfound', {
        label: '查无实据',
        fields: (
          <Form.Item name="note" label="核查情况" rules={required('请填写核查情况')}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        ),
      })}
      {step('transfer', {
        label: '移交其他部门',
        fields: (
          <>
            <Form.Item name="dept" label="移交给" rules={[{ required: true, message: '请选择部门' }]}>
              <Select showSearch optionFilterProp="label" options={otherDepts} />
            </Form.Item>
            <Form.Item name="reason" label="移交理由" rules={required('请填写移交理由')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        ),
      })}
      {step('reward', {
        label: '登记奖励发放',
        primary: true,
        toBody: (v) => ({
          amount: String(v.amount ?? '').trim(),
          paidOn: (v.paidOn as Dayjs).format('YYYY-MM-DD'),
          ...(v.note ? { note: v.note } : {}),
        }),
        fields: (
          <>
            <Form.Item
              name="amount"
              label="奖励金额（元）"
              rules={[
                { required: true, message: '请填写奖励金额' },
                { pattern: /^\d{1,7}(\.\d{1,2})?$/, message: '金额最多两位小数，如 500.00' },
              ]}
            >
              <Input inputMode="decimal" placeholder="500.00" />
            </Form.Item>
            <Form.Item
              name="paidOn"
              label="发放日期"
              initialValue={dayjs()}
              rules={[{ required: true, message: '请选择发放日期' }]}
            >
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="note" label="说明">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        ),
      })}
    </>
  )

  return (
    <Page
      title={`举报 ${t.number}`}
      extra={
        <Space>
          <Link to="/rights/tips/routing">举报分办表</Link>
          <Link to="/rights/tips">返回举报处理</Link>
        </Space>
      }
    >
      <CaseFrame summary={t} history={t.history} evidence={t.evidence} actions={actions} deptName={depts.nameOf}>
        <Card title="举报内容" data-testid="tip-content">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="举报类别">{t.categoryLabel}</Descriptions.Item>
            <Descriptions.Item label="申请奖励">{t.wantsReward ? '是' : '否'}</Descriptions.Item>
            <Descriptions.Item label="被举报主体">{t.entityName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="统一社会信用代码">{t.entityUscc ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="建议承办部门">
              {t.suggestedDept ? (t.suggestedDeptName ?? t.suggestedDept) : '分办表未指定'}
              <Typography.Text type="secondary">（分办表第 {t.routingVersion} 版）</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="证据文件">
              {t.evidence.length ? `${t.evidence.length} 个` : '无'}
            </Descriptions.Item>
            <Descriptions.Item label="内容" span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {t.content}
              </Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title="举报人联系方式">
          {t.contactVisible ? (
            t.contact ? (
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label="姓名">{t.contact.name || '—'}</Descriptions.Item>
                <Descriptions.Item label="电话">{t.contact.phone || '—'}</Descriptions.Item>
                <Descriptions.Item label="电子邮箱">{t.contact.email || '—'}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">匿名举报，未留联系方式</Typography.Text>
            )
          ) : (
            <Typography.Text type="secondary">举报人联系方式加密保存，只对承办部门显示。</Typography.Text>
          )}
        </Card>
        {t.reward ? (
          <Card title="奖励">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="金额">
                <Tag color="gold">{t.reward.amount} 元</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="发放日期">{t.reward.paidOn}</Descriptions.Item>
            </Descriptions>
          </Card>
        ) : null}
      </CaseFrame>
    </Page>
  )
}
