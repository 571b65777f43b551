// The field-level difference between two versions of a class (GET /api/v1/catalog/classes/:code/diff).
import { Card, Empty, Space, Tag, Typography } from 'antd'
import { ChangesTable } from '../../components/versions.js'
import { propertyLabel } from './format.js'
import type { CatalogDiff } from './types.js'

export function DiffView({ diff }: { diff: CatalogDiff }) {
  const { added, removed, changed, reordered } = diff.fields
  const nothing = !diff.changes.length && !added.length && !removed.length && !changed.length && !reordered
  if (nothing) return <Empty description={`第 ${diff.from} 版与第 ${diff.to} 版内容相同。`} />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="catalog-diff">
      <Typography.Text strong>
        第 {diff.from} 版 → 第 {diff.to} 版：类别属性 {diff.changes.length} 项变化，新增字段 {added.length} 个，删除字段{' '}
        {removed.length} 个，修改字段 {changed.length} 个{reordered ? '，字段顺序有调整' : ''}。
      </Typography.Text>
      {diff.changes.length ? (
        <Card size="small" title="类别属性">
          <ChangesTable changes={diff.changes} labelOf={propertyLabel} />
        </Card>
      ) : null}
      {added.length ? (
        <Card size="small" title="新增字段">
          <Space wrap>
            {added.map((f) => (
              <Tag color="green" key={f.code}>
                + {f.label}（{f.code}）
              </Tag>
            ))}
          </Space>
        </Card>
      ) : null}
      {removed.length ? (
        <Card size="small" title="删除字段">
          <Space wrap>
            {removed.map((f) => (
              <Tag color="red" key={f.code}>
                − {f.label}（{f.code}）
              </Tag>
            ))}
          </Space>
        </Card>
      ) : null}
      {changed.map((f) => (
        <Card size="small" key={f.code} title={`修改字段：${f.label}（${f.code}）`}>
          <ChangesTable changes={f.changes} labelOf={propertyLabel} />
        </Card>
      ))}
    </Space>
  )
}
