import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { api, onUnauthorized, setCsrfToken } from '../shared/api.js'
import type { Role } from '../shared/labels.js'

/** The user as the server presents it (POST /api/v1/auth/login and GET /api/v1/auth/me). */
export interface SessionUser {
  id: string
  username: string
  displayName: string
  role: Role
  dept: string | null
  district: string | null
  entityId: string | null
}

export interface SessionResponse {
  user: SessionUser
  csrfToken: string
}

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; message: string }
  | { status: 'authenticated'; user: SessionUser }

interface AuthContextValue {
  state: AuthState
  login(username: string, password: string): Promise<SessionUser>
  logout(): Promise<void>
  refresh(): Promise<void>
}

const AuthContext = createContext<AuthContextValue | null>(null)

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' })

  const refresh = useCallback(async () => {
    try {
      const session = await api<SessionResponse>('/api/v1/auth/me', { notifyUnauthorized: false })
      setCsrfToken(session.csrfToken)
      setState({ status: 'authenticated', user: session.user })
    } catch (error) {
      setCsrfToken(null)
      const status = (error as { status?: number }).status
      if (status === 401 || status === 403) setState({ status: 'anonymous' })
      else setState({ status: 'error', message: error instanceof Error ? error.message : '无法获取登录状态。' })
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  // Any API call that answers 401 means the session is gone: drop it, the router shows the login page.
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null)
        setState({ status: 'anonymous' })
      }),
    [],
  )

  const login = useCallback(async (username: string, password: string) => {
    const session = await api<SessionResponse>('/api/v1/auth/login', {
      method: 'POST',
      body: { username, password },
      notifyUnauthorized: false,
    })
    setCsrfToken(session.csrfToken)
    setState({ status: 'authenticated', user: session.user })
    return session.user
  }, [])

  const logout = useCallback(async () => {
    try {
      await api<unknown>('/api/v1/auth/logout', { method: 'POST', notifyUnauthorized: false })
    } finally {
      // Even if the server is unreachable, forget the session locally.
      setCsrfToken(null)
      setState({ status: 'anonymous' })
    }
  }, [])

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh])
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext)
  if (!value) throw new Error('useAuth outside AuthProvider')
  return value
}

/** The signed-in user; only call below <RequireAuth>. */
export function useUser(): SessionUser {
  const { state } = useAuth()
  if (state.status !== 'authenticated') throw new Error('useUser without a session')
  return state.user
}
