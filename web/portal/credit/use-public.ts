import { useEffect, useState } from 'react'
import { ApiError, api, errorMessage, type Query } from '../../shared/api.js'
import type { PublicStats } from './types.js'

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string; notFound: boolean }
  | { state: 'ok'; data: T }

/** GET a public API path; reloads when the path or query (compared as a URL) changes. */
export function usePublic<T>(path: string | null, query?: Query): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' })
  const key = path ? `${path}?${JSON.stringify(query ?? {})}` : ''
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for path and query
  useEffect(() => {
    if (!path) return
    const controller = new AbortController()
    setResult({ state: 'loading' })
    api<T>(path, { query, signal: controller.signal, notifyUnauthorized: false })
      .then((data) => setResult({ state: 'ok', data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return
        setResult({
          state: 'error',
          message: errorMessage(error),
          notFound: error instanceof ApiError && error.status === 404,
        })
      })
    return () => controller.abort()
  }, [key])
  return result
}

let statsPending: Promise<PublicStats | null> | null = null

/** GET /api/v1/public/stats once per page load (district names for search results and filters). */
export function loadStats(): Promise<PublicStats | null> {
  statsPending ??= api<PublicStats>('/api/v1/public/stats', { notifyUnauthorized: false }).catch(() => null)
  return statsPending
}

export function useStats(): PublicStats | null {
  const [stats, setStats] = useState<PublicStats | null>(null)
  useEffect(() => {
    let alive = true
    void loadStats().then((value) => {
      if (alive) setStats(value)
    })
    return () => {
      alive = false
    }
  }, [])
  return stats
}
