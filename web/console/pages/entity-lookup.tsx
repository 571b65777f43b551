import { useState } from 'react'
import { Alert, Button, Card, Descriptions, Empty, Form, Grid, Input, Space, Tag } from 'antd'
import type { DescriptionsProps } from 'antd'
import { KeyOutlined, SearchOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { ApiError, api, errorMessage } from '../../shared/api.js'
import {
  codeSchemeLabels,
  entityKindLabels,
  entityNameKindLabels,
  entityStatusLabels,
  labelOf,
} from '../../shared/labels.js'
import { useAuth } from '../auth.js'
import { Page } from '../page.js'

export interface EntityName {
  name: string
  kind?: string | null
  validFrom?: string | null
  validTo?: string | null
}

/** GET /api/v1/entities/by-uscc/:uscc and GET /api/v1/entities/:id (fields beyond the first six are optional). */
export interface EntityView {
  id: string
  kind: string
  name: string
  uscc: string | null
  district: string | null
  industry: string | null
  status: string | null
  names?: (string | EntityName)[]
  identifiers?: { scheme: string; value: string }[]
  districtName?: string | null
  legalRep?: string | null
  establishedOn?: string | null
  idNumberMasked?: string | null
}

/** GB 32100: 18 characters, registration-authority code, category, region (6 digits), org code, check char. */
const usccPattern = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

export function entityPath(query: string): string {
  const q = query.trim()
  const upper = q.toUpperCase()
  return usccPattern.test(upper)
    ? `/api/v1/entities/by-uscc/${encodeURIComponent(upper)}`
    : `/api/v1/entities/${encodeURIComponent(q)}`
}

function nameTag(entry: string | EntityName) {
  if (typeof entry === 'string') return <Tag key={entry}>{entry}</Tag>
  const range =
    entry.validFrom && entry.validTo
      ? `${entry.validFrom} 至 ${entry.validTo}`
      : entry.validFrom
        ? `${entry.validFrom} 起`
        : entry.validTo
          ? `至 ${entry.validTo}`
          : ''
  const kind = entry.kind ? `${labelOf(entityNameKindLabels, entry.kind)}：` : ''
  return (
    <Tag key={`${entry.kind}-${entry.name}-${entry.validFrom}`} color={entry.kind === 'current' ? 'blue' : undefined}>
      {kind}
      {entry.name}
      {range ? `（${range}）` : ''}
    </Tag>
  )
}

function describe(entity: EntityView): DescriptionsProps['items'] {
  const names = entity.names ?? []
  const identifiers = entity.identifiers ?? []
  const district = entity.districtName ? `${entity.districtName}（${entity.district}）` : entity.district || '—'
  const items: NonNullable<DescriptionsProps['items']> = [
    { key: 'name', label: '名称', children: entity.name, span: 2 },
    { key: 'uscc', label: '统一社会信用代码', children: entity.uscc || '—' },
    { key: 'kind', label: '主体类型', children: labelOf(entityKindLabels, entity.kind) },
    { key: 'status', label: '登记状态', children: labelOf(entityStatusLabels, entity.status) },
    { key: 'district', label: '行政区划', children: district },
    { key: 'industry', label: '行业门类', children: entity.industry || '—' },
    { key: 'legalRep', label: '法定代表人', children: entity.legalRep || '—' },
    { key: 'establishedOn', label: '成立日期', children: entity.establishedOn || '—' },
  ]
  if (entity.idNumberMasked) {
    items.push({ key: 'idNumber', label: '证件号码', children: entity.idNumberMasked })
  }
  items.push({ key: 'id', label: '主体编号', children: <code>{entity.id}</code> })
  if (identifiers.length) {
    items.push({
      key: 'identifiers',
      label: '证照号码',
      span: 2,
      children: (
        <Space orientation="vertical" size={2}>
          {identifiers.map((i) => (
            <span key={`${i.scheme}-${i.value}`}>
              {labelOf(codeSchemeLabels, i.scheme)}：{i.value}
            </span>
          ))}
        </Space>
      ),
    })
  }
  items.push({
    key: 'names',
    label: '名称（含曾用名）',
    span: 2,
    children: names.length ? (
      <Space wrap size={[0, 6]}>
        {names.map(nameTag)}
      </Space>
    ) : (
      '—'
    ),
  })
  return items
}

export function EntityLookupPage() {
  const [entity, setEntity] = useState<EntityView | null>(null)
  const [notFound, setNotFound] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const wide = Grid.useBreakpoint().md !== false
  const { state } = useAuth()
  // operators (user.write) issue activation codes for subject accounts
  const canInvite = state.status === 'authenticated' && state.user.role === 'operator'

  const onFinish = async ({ query }: { query: string }) => {
    setLoading(true)
    setError(null)
    setNotFound(null)
    setEntity(null)
    try {
      setEntity(await api<EntityView>(entityPath(query)))
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 404) setNotFound(cause.message)
      else setError(errorMessage(cause))
    } finally {
      setLoading(false)
    }
  }

  return (
    <Page title="主体查询" description="输入 18 位统一社会信用代码或平台主体编号，查看主体的登记信息和曾用名。">
      <Card className="gx-block">
        <Form layout={wide ? 'inline' : 'vertical'} name="entity-lookup" onFinish={onFinish} className="gx-lookup-form">
          <Form.Item
            label="统一社会信用代码或主体编号"
            name="query"
            rules={[{ required: true, whitespace: true, message: '请输入统一社会信用代码或主体编号。' }]}
          >
            <Input allowClear style={{ width: wide ? 320 : '100%' }} maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} loading={loading}>
              查询
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <div aria-live="polite">
        {notFound !== null ? (
          <Card>
            <Empty description={notFound || '未找到该主体。请核对统一社会信用代码或主体编号。'} />
          </Card>
        ) : null}
        {entity ? (
          <Card>
            <Descriptions
              title="主体信息"
              bordered
              column={{ xs: 1, md: 2 }}
              items={describe(entity)}
              extra={
                canInvite ? (
                  <Link to={`/entities/subjects?entityId=${encodeURIComponent(entity.id)}`}>
                    <KeyOutlined aria-hidden /> 发放账户激活码
                  </Link>
                ) : null
              }
            />
          </Card>
        ) : null}
      </div>
    </Page>
  )
}
