// What the subject's application pages (申请信用修复, 申请移出) share: the session's CSRF token and the record's
// eligibility loaded together, and the panel that confirms a filed application with its number and due date.
import { useEffect, useState } from 'react'
import { ApiError, api, errorMessage, setCsrfToken } from '../shared/api.js'

export type EligibilityLoad<E> =
  | { state: 'loading' }
  | { state: 'anonymous' }
  | { state: 'error'; message: string }
  | { state: 'ok'; eligibility: E }

/**
 * The record's eligibility (GET /api/v1/records/:id/<path>) for the subject signed in; `anonymous` without a subject
 * session. The session's CSRF token is kept for filing the application.
 */
export function useEligibility<E>(recordId: string, path: string): EligibilityLoad<E> {
  const [load, setLoad] = useState<EligibilityLoad<E>>({ state: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    // the session (a subject account signed in): its CSRF token is needed to file the application
    api<{ csrfToken: string }>('/api/v1/auth/me', { signal: controller.signal })
      .then((me) => {
        setCsrfToken(me.csrfToken)
        return api<E>(`/api/v1/records/${encodeURIComponent(recordId)}/${path}`, { signal: controller.signal })
      })
      .then((eligibility) => setLoad({ state: 'ok', eligibility }))
      .catch((e: unknown) => {
        if (controller.signal.aborted) return
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setLoad({ state: 'anonymous' })
        else setLoad({ state: 'error', message: errorMessage(e) })
      })
    return () => controller.abort()
  }, [recordId, path])
  return load
}

/** The application filed: its number, state and when the deciding department is due to decide. */
export function FiledPanel({
  filed,
  testId,
}: {
  filed: { number: string; stateLabel: string; deadlines: readonly { dueOn: string }[] }
  testId: string
}) {
  return (
    <section className="gx-panel" data-testid={testId}>
      <h2 className="gx-panel-title">申请已提交</h2>
      <p>
        办件编号 <span className="gx-code">{filed.number}</span>，状态：{filed.stateLabel}。
        {filed.deadlines[0] ? `认定单位应于 ${filed.deadlines[0].dueOn} 前作出决定。` : ''}
      </p>
    </section>
  )
}
