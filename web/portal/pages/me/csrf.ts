import { api, getCsrfToken, setCsrfToken } from '../../../shared/api.js'

/** The CSRF token comes with the session (GET /api/v1/auth/me); a 我的信用 page opened directly has none yet. */
export async function ensureCsrf(): Promise<void> {
  if (getCsrfToken()) return
  const s = await api<{ csrfToken: string | null }>('/api/v1/auth/me', { notifyUnauthorized: false })
  setCsrfToken(s.csrfToken)
}
