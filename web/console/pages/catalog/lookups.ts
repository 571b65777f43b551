// Reference data several console pages need (catalog classes, departments), fetched once per few minutes
// and shared between pages, so moving between 上传数据, 批次记录 and 数据质量 does not refetch them.
import { useMemo } from 'react'
import { api } from '../../../shared/api.js'
import type { Department } from '../departments.js'
import { useRequest } from '../../use-request.js'
import type { ClassSummary } from './types.js'

const TTL_MS = 5 * 60_000
const cache = new Map<string, { at: number; promise: Promise<unknown> }>()

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.promise as Promise<T>
  const promise = load()
  cache.set(key, { at: Date.now(), promise })
  promise.catch(() => {
    if (cache.get(key)?.promise === promise) cache.delete(key)
  })
  return promise
}

/** Drops the cached class list (after a class was edited). */
export function invalidateClasses(): void {
  for (const key of cache.keys()) if (key.startsWith('classes')) cache.delete(key)
}

export interface ClassLookup {
  classes: ClassSummary[]
  byCode: ReadonlyMap<string, ClassSummary>
  error: string | null
  loading: boolean
  /** 行政处罚信息 for admin_penalty; the code itself when unknown. */
  nameOf(code: string | null | undefined): string
  /** Refetches (drop the cache first with invalidateClasses()). */
  reload(): void
}

export function useClasses(includeRetired = false): ClassLookup {
  const { data, error, loading, reload } = useRequest(
    () =>
      cached(`classes:${includeRetired}`, () =>
        api<{ items: ClassSummary[] }>('/api/v1/catalog/classes', {
          query: includeRetired ? { includeRetired: true } : undefined,
        }),
      ),
    [includeRetired],
  )
  return useMemo(() => {
    const classes = data?.items ?? []
    const byCode = new Map(classes.map((c) => [c.code, c]))
    return {
      classes,
      byCode,
      error,
      loading,
      nameOf: (code) => (code ? (byCode.get(code)?.nameZh ?? code) : '—'),
      reload,
    }
  }, [data, error, loading, reload])
}

export interface DepartmentLookup {
  departments: Department[]
  byCode: ReadonlyMap<string, Department>
  error: string | null
  loading: boolean
  nameOf(code: string | null | undefined): string
}

export function useDepartments(): DepartmentLookup {
  const { data, error, loading } = useRequest(
    () => cached('departments', () => api<{ items: Department[] }>('/api/v1/departments')),
    [],
  )
  return useMemo(() => {
    const departments = data?.items ?? []
    const byCode = new Map(departments.map((d) => [d.code, d]))
    return {
      departments,
      byCode,
      error,
      loading,
      nameOf: (code) => (code ? (byCode.get(code)?.name ?? code) : '—'),
    }
  }, [data, error, loading])
}
