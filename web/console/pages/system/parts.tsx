// Pieces the 系统管理 pages share: the departments and roles they choose from, a secret shown once, Beijing times.
import { useMemo } from 'react'
import { Alert, Space, Typography } from 'antd'
import { api } from '../../../shared/api.js'
import { useRequest } from '../../use-request.js'
import type { Department, RoleCatalogAnswer } from './types.js'

/** GET /api/v1/departments once per page: the list and code -> name. */
export function useDepartments() {
  const request = useRequest((signal) => api<{ items: Department[] }>('/api/v1/departments', { signal }), [])
  const names = useMemo(() => new Map((request.data?.items ?? []).map((d) => [d.code, d.name])), [request.data])
  const options = useMemo(
    () => (request.data?.items ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
    [request.data],
  )
  return { ...request, names, options }
}

/** GET /api/v1/roles: roles with their principals and permissions, and the permissions' labels. */
export function useRoles() {
  const request = useRequest((signal) => api<RoleCatalogAnswer>('/api/v1/roles', { signal }), [])
  const permissionLabels = useMemo(
    () => new Map((request.data?.permissions ?? []).map((p) => [p.code ?? '', p.label ?? p.code ?? ''])),
    [request.data],
  )
  return { ...request, roles: request.data?.roles ?? [], permissionLabels }
}

/** The department's name with its code, or a dash. */
export function deptText(names: ReadonlyMap<string, string>, code: string | null): string {
  if (!code) return '—'
  const name = names.get(code)
  return name ? `${name}（${code}）` : code
}

/** An instant as Beijing time, minutes precision. */
export function beijing(iso: string | null | undefined): string {
  if (!iso) return '—'
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** A secret (password, API key) shown once, with a copy button and what to do with it. */
export function SecretOnce({
  title,
  secret,
  note,
  testId,
}: {
  title: string
  secret: string
  note: string
  testId: string
}) {
  return (
    <Alert
      type="success"
      showIcon
      className="gx-block"
      title={title}
      description={
        <Space direction="vertical" style={{ maxWidth: '100%' }}>
          <Typography.Text copyable={{ text: secret, tooltips: ['复制', '已复制'] }} strong code className="gx-secret">
            <span data-testid={testId}>{secret}</span>
          </Typography.Text>
          <span>{note}</span>
        </Space>
      }
    />
  )
}
