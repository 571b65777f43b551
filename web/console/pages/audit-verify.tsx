import { useState } from 'react'
import { Alert, Button, Card, Result } from 'antd'
import { SafetyOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../shared/api.js'
import { Page } from '../page.js'

/** POST /api/v1/audit/verify */
export interface VerifyResult {
  ok: boolean
  checked: number
  firstBad?: unknown
}

function describeBad(firstBad: unknown): string {
  if (firstBad === undefined || firstBad === null) return '未知位置'
  if (typeof firstBad === 'number' || typeof firstBad === 'string') return `序号 ${firstBad}`
  const seq = (firstBad as { seq?: unknown }).seq
  return seq !== undefined ? `序号 ${String(seq)}` : JSON.stringify(firstBad)
}

export function AuditVerifyPage() {
  const [result, setResult] = useState<VerifyResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [running, setRunning] = useState(false)

  const run = async () => {
    setRunning(true)
    setError(null)
    setResult(null)
    try {
      setResult(await api<VerifyResult>('/api/v1/audit/verify', { method: 'POST' }))
    } catch (cause) {
      setError(errorMessage(cause))
    } finally {
      setRunning(false)
    }
  }

  return (
    <Page
      title="完整性校验"
      description="按顺序重新计算全部审计事件的哈希链，确认审计日志没有被删除、插入或篡改。校验本身也会记入审计日志。"
    >
      <Card className="gx-block">
        <Button type="primary" icon={<SafetyOutlined aria-hidden />} loading={running} onClick={() => void run()}>
          {running ? '正在校验…' : '开始校验'}
        </Button>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <div aria-live="polite">
        {result ? (
          result.ok ? (
            <Result
              status="success"
              title="审计日志完整"
              subTitle={`已校验 ${result.checked} 条审计事件，哈希链连续且一致。`}
            />
          ) : (
            <Result
              status="error"
              title="发现异常"
              subTitle={`已校验 ${result.checked} 条审计事件，第一处不一致位于${describeBad(result.firstBad)}。请立即报告安全管理员并保全数据库备份。`}
            />
          )
        ) : null}
      </div>
    </Page>
  )
}
