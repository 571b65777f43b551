import { Tag } from 'antd'
import { api } from '../../../shared/api.js'
import { useRequest } from '../../use-request.js'
import type { TemplateVersion } from './types.js'

// What the console's report pages share: the kinds a department may issue, the status tag, recipient words.

/** Report templates a department may issue (recipients include `department`). */
export function useDepartmentKinds(): { kinds: TemplateVersion[]; error: string | null } {
  const { data, error } = useRequest(
    (signal) => api<{ items: TemplateVersion[] }>('/api/v1/report-templates', { signal }),
    [],
  )
  return { kinds: (data?.items ?? []).filter((t) => t.recipients.includes('department')), error }
}

const statusColors: Record<string, string> = { valid: 'green', expired: 'orange', superseded: 'gold' }

export function ReportStatusTag({ status, label }: { status: string; label: string }) {
  return (
    <Tag color={statusColors[status] ?? 'default'} title={label}>
      {label.replace(/（.*$/, '')}
    </Tag>
  )
}

export const recipientLabels: Record<string, string> = {
  subject: '主体本身',
  department: '部门',
  agency: '信用服务机构',
  public: '社会公众',
}

export const pdfHref = (number: string) => `/api/v1/reports/${encodeURIComponent(number)}/pdf`
