// 单个核查: a department checks one subject in a scenario before it approves; the result card, feedback per hit and
// the printable receipt.
import { useEffect, useRef, useState } from 'react'
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd'
import { PrinterOutlined, SearchOutlined } from '@ant-design/icons'
import { Link, useSearchParams } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { labelOf, scenarioLabels } from '../../../shared/labels.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { CheckNumber, ExclusionList, FeedbackModal, HitCard, OutcomeTag, SubjectDescriptions } from './parts.js'
import type { CheckHit, CheckReceipt, CheckResult, Feedback } from './types.js'

type Mode = 'uscc' | 'code' | 'name_code' | 'idNumber'

interface FormValues {
  mode: Mode
  uscc?: string
  code?: string
  name?: string
  idNumber?: string
  scenario: string
  purpose?: string
  allMeasures: boolean
}

const modeOptions: { value: Mode; label: string }[] = [
  { value: 'uscc', label: '统一社会信用代码' },
  { value: 'code', label: '其他代码' },
  { value: 'name_code', label: '主体名称+代码' },
  { value: 'idNumber', label: '身份证件号码' },
]

/**
 * The scenarios a check may ask for: those of the measure list in force (GET /api/v1/checks/scenarios); a scenario
 * no measure in force names is refused by the server (checks.scenario_unknown), so it is not offered.
 */
export function useScenarioOptions(): { value: string; label: string }[] {
  const scenarios = useRequest(
    (signal) => api<{ items: { code: string; nameZh: string }[] }>('/api/v1/checks/scenarios', { signal }),
    [],
  )
  return (scenarios.data?.items ?? []).map((s) => ({ value: s.code, label: scenarioLabels[s.code] ?? s.nameZh }))
}

function subjectOf(v: FormValues): Record<string, string> {
  switch (v.mode) {
    case 'uscc':
      return { uscc: (v.uscc ?? '').trim() }
    case 'code':
      return { code: (v.code ?? '').trim() }
    case 'name_code':
      return { name: (v.name ?? '').trim(), code: (v.code ?? '').trim() }
    default:
      return { idNumber: (v.idNumber ?? '').trim() }
  }
}

/** The result card: outcome, subject, every hit (with feedback), the receipt link. */
export function CheckResultCard({
  result,
  feedback,
  onFeedback,
}: {
  result: CheckResult
  feedback: Feedback[]
  onFeedback?: ((hit: CheckHit) => void) | undefined
}) {
  const current = (measure: string) => feedback.find((f) => f.measure === measure && f.current)
  return (
    <Card
      className="gx-block"
      data-testid="check-result"
      title={
        <Space wrap>
          <span>核查结果</span>
          <OutcomeTag value={result.outcome} />
        </Space>
      }
      extra={
        <Link to={`/checks/receipts/${result.checkId}`} className="gx-no-print">
          <PrinterOutlined aria-hidden /> 打印回执
        </Link>
      }
    >
      <SubjectDescriptions subject={result.subject} />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'scenario', label: '应用场景', children: labelOf(scenarioLabels, result.scenario) },
          { key: 'at', label: '核查时间', children: formatInstant(result.at) },
          { key: 'id', label: '核查编号', children: <CheckNumber number={result.number} checkId={result.checkId} /> },
        ]}
      />
      {result.hits.length === 0 ? (
        <Empty
          description={
            result.exclusions?.length
              ? '该主体在本场景下没有应实施的奖惩措施：下列措施因存在排除情形不予适用。'
              : '该主体在本场景下没有应实施的奖惩措施。'
          }
        />
      ) : (
        <>
          <Typography.Paragraph strong>命中措施 {result.hits.length} 项：</Typography.Paragraph>
          {result.hits.map((hit) => (
            <HitCard
              key={hit.measure}
              hit={hit}
              feedback={current(hit.measure)}
              onFeedback={onFeedback ? () => onFeedback(hit) : undefined}
            />
          ))}
        </>
      )}
      <ExclusionList exclusions={result.exclusions} />
    </Card>
  )
}

export function CheckSinglePage() {
  const [form] = Form.useForm<FormValues>()
  const scenarioOptions = useScenarioOptions()
  const mode = Form.useWatch('mode', form) ?? 'uscc'
  const [params, setParams] = useSearchParams()
  const [result, setResult] = useState<CheckResult | null>(null)
  const [feedback, setFeedback] = useState<Feedback[]>([])
  const [error, setError] = useState<string | null>(null)
  const [running, setRunning] = useState(false)
  const [feedbackFor, setFeedbackFor] = useState<CheckHit | null>(null)
  const shown = params.get('check')

  // The check just run, until ?check= names it: the address still names the previous check for a render or two,
  // which must not bring the previous result back (a check run again would show the older one for a moment).
  const ran = useRef<string | null>(null)

  // Reopening the page with ?check=<id> shows that check again (from its receipt).
  useEffect(() => {
    if (ran.current !== null) {
      if (shown !== ran.current) return
      ran.current = null
    }
    if (!shown || result?.checkId === shown) return
    const controller = new AbortController()
    api<CheckReceipt>(`/api/v1/checks/${encodeURIComponent(shown)}`, { signal: controller.signal })
      .then((r) => {
        setResult(r)
        setFeedback(r.feedback)
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(cause))
      })
    return () => controller.abort()
  }, [shown, result?.checkId])

  const run = async (v: FormValues) => {
    setRunning(true)
    setError(null)
    try {
      const r = await api<CheckResult>('/api/v1/checks', {
        method: 'POST',
        body: {
          subject: subjectOf(v),
          scenario: v.scenario,
          ...(v.purpose?.trim() ? { purpose: v.purpose.trim() } : {}),
          allMeasures: v.allMeasures === true,
        },
      })
      ran.current = r.checkId
      setResult(r)
      setFeedback([])
      setParams({ check: r.checkId }, { replace: true })
    } catch (cause) {
      setResult(null)
      setError(errorMessage(cause))
    } finally {
      setRunning(false)
    }
  }

  return (
    <Page
      title="单个核查"
      description="审批、采购、评优等事项办理前，按应用场景核查主体应实施的守信激励或失信惩戒措施。每次核查都记录在案并记入审计日志。"
    >
      <Card className="gx-block">
        <Form<FormValues>
          form={form}
          layout="vertical"
          name="check-single"
          initialValues={{ mode: 'uscc', allMeasures: false }}
          onFinish={(v) => void run(v)}
          disabled={running}
        >
          <Form.Item label="主体标识" name="mode">
            <Radio.Group options={modeOptions} optionType="button" />
          </Form.Item>
          {mode === 'uscc' ? (
            <Form.Item
              label="统一社会信用代码"
              name="uscc"
              rules={[{ required: true, whitespace: true, message: '请输入 18 位统一社会信用代码' }]}
            >
              <Input maxLength={26} placeholder="18 位统一社会信用代码" style={{ maxWidth: 360 }} />
            </Form.Item>
          ) : null}
          {mode === 'name_code' ? (
            <Form.Item
              label="主体名称"
              name="name"
              rules={[{ required: true, whitespace: true, message: '请输入主体名称' }]}
            >
              <Input maxLength={200} style={{ maxWidth: 480 }} />
            </Form.Item>
          ) : null}
          {mode === 'code' || mode === 'name_code' ? (
            <Form.Item
              label="代码"
              name="code"
              rules={[{ required: true, whitespace: true, message: '请输入组织机构代码、工商注册号等代码' }]}
              extra="组织机构代码（9 位）、工商注册号（15 位）或统一社会信用代码。"
            >
              <Input maxLength={40} style={{ maxWidth: 360 }} />
            </Form.Item>
          ) : null}
          {mode === 'idNumber' ? (
            <Form.Item
              label="身份证件号码"
              name="idNumber"
              rules={[{ required: true, whitespace: true, message: '请输入身份证件号码' }]}
              extra="核查自然人须填写查询用途，用途和查询记入审计日志。"
            >
              <Input maxLength={30} style={{ maxWidth: 360 }} autoComplete="off" />
            </Form.Item>
          ) : null}
          <Space wrap size="large" align="start">
            <Form.Item label="应用场景" name="scenario" rules={[{ required: true, message: '请选择应用场景' }]}>
              <Select options={scenarioOptions} placeholder="请选择" style={{ width: 260 }} />
            </Form.Item>
            <Form.Item
              label="查询用途"
              name="purpose"
              rules={[
                {
                  required: mode === 'idNumber',
                  min: 2,
                  max: 200,
                  whitespace: true,
                  message: '核查自然人须填写查询用途（2 到 200 个字）',
                },
              ]}
            >
              <Input placeholder="如：政府采购供应商资格审查" style={{ width: 360 }} maxLength={200} />
            </Form.Item>
          </Space>
          <Form.Item>
            <Space align="center">
              <Form.Item name="allMeasures" valuePropName="checked" noStyle>
                <Switch id="check-all-measures" />
              </Form.Item>
              <label htmlFor="check-all-measures">显示全部部门的措施（默认只显示本部门实施的措施）</label>
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} loading={running}>
            核查
          </Button>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" data-testid="check-error" /> : null}
      {result ? (
        <CheckResultCard result={result} feedback={feedback} onFeedback={(hit) => setFeedbackFor(hit)} />
      ) : null}
      {result ? (
        <FeedbackModal
          checkId={result.checkId}
          hit={feedbackFor}
          previous={feedbackFor ? feedback.find((f) => f.measure === feedbackFor.measure && f.current) : undefined}
          onClose={() => setFeedbackFor(null)}
          onSaved={(saved) => {
            setFeedback((list) => [
              ...list.map((f) => (f.measure === saved.measure ? { ...f, current: false } : f)),
              saved,
            ])
            setFeedbackFor(null)
          }}
        />
      ) : null}
    </Page>
  )
}
