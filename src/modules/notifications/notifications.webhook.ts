// The signed webhook: POST the delivery as JSON, signed with the target's secret (HMAC-SHA256 over
// `<timestamp>.<body>`), so the receiver can check who sent it and that it is fresh.
import { createHmac } from 'node:crypto'

export const SIGNATURE_HEADER = 'x-gongxin-signature'
export const TIMESTAMP_HEADER = 'x-gongxin-timestamp'
export const DELIVERY_HEADER = 'x-gongxin-delivery'

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** Posts one delivery; resolves on a 2xx answer, rejects with a short reason otherwise. */
export async function postWebhook(
  url: string,
  secret: string,
  deliveryId: string,
  body: string,
  at: Date,
  timeoutSeconds: number,
): Promise<void> {
  const timestamp = String(Math.floor(at.getTime() / 1000))
  await postJson(
    url,
    {
      [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
      [TIMESTAMP_HEADER]: timestamp,
      [DELIVERY_HEADER]: deliveryId,
    },
    body,
    timeoutSeconds,
  )
}

/**
 * POSTs a JSON body with the given headers (the caller signs it); resolves on a 2xx answer, rejects with a short
 * Chinese reason otherwise (no answer in time, connection refused, another status). Redirects are not followed.
 * Shared by the outbox and the watch webhooks (src/modules/watches).
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutSeconds: number,
): Promise<void> {
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    })
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } }
    throw new Error(
      err.name === 'TimeoutError' ? `${timeoutSeconds} 秒内无应答` : `连接失败：${err.cause?.code ?? err.message}`,
    )
  }
  await res.body?.cancel().catch(() => {})
  if (res.status < 200 || res.status >= 300) throw new Error(`接收方应答 HTTP ${res.status}`)
}
