// 检查点与证明: the audit log's latest signed checkpoint (GET /api/v1/audit/checkpoint), checked here against the
// published keys, and the two RFC 6962 proofs - an event's inclusion, the consistency of two tree sizes - fetched
// from the server and verified in this browser with the report verifier's Merkle functions
// (src/modules/reports/verify), so the auditor does not have to trust the server's own answer (docs/audit-log.md).
import { useState } from 'react'
import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Space, Tag } from 'antd'
import { SafetyCertificateOutlined } from '@ant-design/icons'
import type { ConsistencyProof, InclusionProof } from '../../../src/modules/audit/index.js'
import type { PublishedKeys } from '../../../src/modules/reports/index.js'
import { api, errorMessage } from '../../shared/api.js'
import { formatInstant } from '../../shared/format.js'
import { ErrorAlert, ReloadButton } from '../components/list-page.js'
import { Page } from '../page.js'
import { useRequest } from '../use-request.js'

interface Checkpoint {
  size: number
  root: string
  time: string
  keyId: string
  signature: string
}
interface Check {
  label: string
  ok: boolean
}
type Outcome = { checks: Check[]; facts: { label: string; value: string }[] } | { error: string } | null

const verifier = () => import('../../../src/modules/reports/verify/index.js')
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
const checkpointProblems: Record<string, string> = {
  keys_invalid: '公钥文件格式不正确',
  checkpoint_key_unknown: '检查点签名所用的密钥不在公布的密钥中',
  checkpoint_signature_invalid: '检查点签名无效：该检查点不是平台签发的',
}

async function loadCheckpoint(signal: AbortSignal) {
  const [{ checkpoint }, keys, core] = await Promise.all([
    api<{ checkpoint: Checkpoint | null }>('/api/v1/audit/checkpoint', { signal }),
    api<PublishedKeys>('/.well-known/gongxin-keys.json', { signal }),
    verifier(),
  ])
  const problem = checkpoint ? await core.checkCheckpoint(checkpoint, keys) : null
  return { checkpoint, problem }
}

function OutcomeView({ outcome, testId }: { outcome: Outcome; testId: string }) {
  if (!outcome) return null
  if ('error' in outcome) return <Alert type="error" showIcon title={outcome.error} className="gx-block" />
  const ok = outcome.checks.every((c) => c.ok)
  return (
    <div data-testid={testId} className="gx-block">
      <Alert
        type={ok ? 'success' : 'error'}
        showIcon
        title={ok ? '证明成立' : '证明不成立'}
        description={
          <ul className="gx-proof-checks">
            {outcome.checks.map((c) => (
              <li key={c.label}>
                <Tag color={c.ok ? 'green' : 'red'}>{c.ok ? '通过' : '未通过'}</Tag>
                {c.label}
              </li>
            ))}
          </ul>
        }
      />
      <Descriptions
        column={1}
        size="small"
        className="gx-block"
        items={outcome.facts.map((f) => ({
          key: f.label,
          label: f.label,
          children: <span className="gx-code gx-break">{f.value}</span>,
        }))}
      />
    </div>
  )
}

export function AuditProofsPage() {
  const cp = useRequest(loadCheckpoint, [])
  const checkpoint = cp.data?.checkpoint ?? null
  const [inclusion, setInclusion] = useState<Outcome>(null)
  const [consistency, setConsistency] = useState<Outcome>(null)
  const [busy, setBusy] = useState<'inclusion' | 'consistency' | null>(null)

  const proveInclusion = async (v: { event: string; size?: number | null }) => {
    setBusy('inclusion')
    setInclusion(null)
    try {
      const [p, core] = await Promise.all([
        api<InclusionProof>('/api/v1/audit/proofs/inclusion', {
          query: { event: v.event.trim(), size: v.size ?? undefined },
        }),
        verifier(),
      ])
      const leaf = core.leafHashOf(p.eventHash)
      const root = core.rootFromInclusion(p.index, p.size, leaf, p.path.map(core.hexToBytes))
      const checks: Check[] = [
        { label: '叶哈希 = SHA-256(0x00 ‖ 事件哈希)', ok: hex(leaf) === p.leafHash },
        {
          label: `审计路径（${p.path.length} 个哈希）推出的根哈希与树的根哈希相同`,
          ok: !!root && hex(root) === p.root,
        },
      ]
      if (checkpoint && p.size === checkpoint.size)
        checks.push({
          label: `根哈希与签名检查点（大小 ${checkpoint.size}）的根哈希相同，检查点签名有效`,
          ok: p.root === checkpoint.root && cp.data?.problem === null,
        })
      setInclusion({
        checks,
        facts: [
          { label: '事件', value: p.event },
          { label: '叶序号 / 树大小', value: `${p.index} / ${p.size}` },
          { label: '事件哈希', value: p.eventHash },
          { label: '根哈希', value: p.root },
        ],
      })
    } catch (cause) {
      setInclusion({ error: errorMessage(cause) })
    } finally {
      setBusy(null)
    }
  }

  const proveConsistency = async (v: { from: number; to: number }) => {
    setBusy('consistency')
    setConsistency(null)
    try {
      const [p, core] = await Promise.all([
        api<ConsistencyProof>('/api/v1/audit/proofs/consistency', { query: { from: v.from, to: v.to } }),
        verifier(),
      ])
      const ok = core.verifyConsistency(
        p.from,
        p.to,
        core.hexToBytes(p.fromRoot),
        core.hexToBytes(p.toRoot),
        p.proof.map(core.hexToBytes),
      )
      const checks: Check[] = [
        { label: `一致性证明（${p.proof.length} 个哈希）：前 ${p.from} 条事件的树是前 ${p.to} 条的前缀`, ok },
      ]
      if (checkpoint && p.to === checkpoint.size)
        checks.push({
          label: `大小 ${p.to} 的根哈希与签名检查点相同，检查点签名有效`,
          ok: p.toRoot === checkpoint.root && cp.data?.problem === null,
        })
      setConsistency({
        checks,
        facts: [
          { label: `大小 ${p.from} 的根哈希`, value: p.fromRoot },
          { label: `大小 ${p.to} 的根哈希`, value: p.toRoot },
        ],
      })
    } catch (cause) {
      setConsistency({ error: errorMessage(cause) })
    } finally {
      setBusy(null)
    }
  }

  return (
    <Page
      title="检查点与证明"
      description="审计日志按 RFC 6962 组成默克尔树，平台定期签发检查点（树大小、根哈希、时间，Ed25519 签名）。在此核对最新检查点，并在本浏览器中验证某条事件的包含证明和两个树大小之间的一致性证明：删除、插入或改写已签检查点内的事件都会使证明不成立。"
      extra={<ReloadButton loading={cp.loading} onClick={cp.reload} />}
    >
      <ErrorAlert error={cp.error} />
      <Card className="gx-block" title="最新签名检查点" data-testid="checkpoint">
        {checkpoint ? (
          <>
            {cp.data?.problem ? (
              <Alert type="error" showIcon title={checkpointProblems[cp.data.problem] ?? cp.data.problem} />
            ) : (
              <Alert type="success" showIcon title="检查点签名有效（已用公布的平台公钥在本浏览器中核验）" />
            )}
            <Descriptions
              column={1}
              size="small"
              className="gx-block"
              items={[
                { key: 'size', label: '树大小（事件数）', children: checkpoint.size },
                { key: 'root', label: '根哈希', children: <span className="gx-code gx-break">{checkpoint.root}</span> },
                { key: 'time', label: '签发时间', children: formatInstant(checkpoint.time) },
                { key: 'key', label: '签名密钥', children: <span className="gx-code">{checkpoint.keyId}</span> },
              ]}
            />
          </>
        ) : cp.loading ? null : (
          <Alert type="info" title="尚未签发检查点。" />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="包含证明" className="gx-block">
            <Form
              layout="vertical"
              name="inclusion-proof"
              onFinish={(v: { event: string; size?: number | null }) => void proveInclusion(v)}
            >
              <Form.Item
                label="事件编号"
                name="event"
                rules={[{ required: true, whitespace: true, message: '请填写审计事件编号（审计日志中的「编号」）' }]}
              >
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item label="树大小" name="size" extra="不填：最新签名检查点的大小。">
                <InputNumber min={1} style={{ width: 200 }} />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                icon={<SafetyCertificateOutlined aria-hidden />}
                loading={busy === 'inclusion'}
              >
                验证包含证明
              </Button>
            </Form>
            <div aria-live="polite">
              <OutcomeView outcome={inclusion} testId="inclusion-result" />
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="一致性证明" className="gx-block">
            <Form
              layout="vertical"
              name="consistency-proof"
              onFinish={(v: { from: number; to: number }) => void proveConsistency(v)}
            >
              <Space wrap>
                <Form.Item label="较早的树大小" name="from" rules={[{ required: true, message: '请填写较早的树大小' }]}>
                  <InputNumber min={1} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item
                  label="较晚的树大小"
                  name="to"
                  rules={[{ required: true, message: '请填写较晚的树大小' }]}
                  extra={checkpoint ? `最新检查点：${checkpoint.size}` : undefined}
                >
                  <InputNumber min={1} style={{ width: 180 }} />
                </Form.Item>
              </Space>
              <div>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SafetyCertificateOutlined aria-hidden />}
                  loading={busy === 'consistency'}
                >
                  验证一致性证明
                </Button>
              </div>
            </Form>
            <div aria-live="polite">
              <OutcomeView outcome={consistency} testId="consistency-result" />
            </div>
          </Card>
        </Col>
      </Row>
    </Page>
  )
}
