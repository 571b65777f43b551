import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../shared/api.js'

export interface RequestState<T> {
  data: T | undefined
  error: string | null
  loading: boolean
  reload(): void
}

/** Runs `load` when `deps` change (aborting the previous run) and on reload(). */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps (and reload) drive the request
  useEffect(() => {
    const controller = new AbortController()
    setLoading(true)
    setError(null)
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) setData(value)
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(cause))
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false)
      })
    return () => controller.abort()
  }, [...deps, tick])

  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { data, error, loading, reload }
}
