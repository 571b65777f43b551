// 核查回执: the stored check (GET /api/v1/checks/:id) laid out for printing and the approval file.
import { Alert, Button, Card, Descriptions, Result, Skeleton, Space, Table, Typography } from 'antd'
import { PrinterOutlined } from '@ant-design/icons'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { feedbackActionLabels, labelOf, scenarioLabels } from '../../../shared/labels.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'
import { CheckNumber, ExclusionList, HitCard, OutcomeTag } from './parts.js'
import type { CheckReceipt, Feedback } from './types.js'
import './checks.css'

export function CheckReceiptPage() {
  const { id = '' } = useParams()
  const depts = useDepartments()
  const receipt = useRequest(
    (signal) => api<CheckReceipt>(`/api/v1/checks/${encodeURIComponent(id)}`, { signal }),
    [id],
  )
  const r = receipt.data
  if (receipt.error && !r)
    return (
      <Page title="核查回执">
        <Result
          status="warning"
          title="无法显示该回执"
          subTitle={receipt.error}
          extra={<Link to="/checks/single">返回核查</Link>}
        />
      </Page>
    )
  return (
    <Page
      title="核查回执"
      extra={
        <Space className="gx-no-print">
          <Link to={`/checks/single?check=${encodeURIComponent(id)}`}>返回核查结果</Link>
          <Button type="primary" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()} disabled={!r}>
            打印
          </Button>
        </Space>
      }
    >
      {!r ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <div className="gx-receipt" data-testid="check-receipt">
          <Typography.Title level={2} className="gx-receipt-title">
            联合奖惩核查回执
          </Typography.Title>
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              {
                key: 'id',
                label: '核查编号',
                children: <CheckNumber number={r.number} checkId={r.checkId} />,
                span: 2,
              },
              { key: 'at', label: '核查时间', children: formatInstant(r.at) },
              { key: 'dept', label: '核查部门', children: depts.nameOf(r.requester.dept) },
              { key: 'scenario', label: '应用场景', children: labelOf(scenarioLabels, r.scenario) },
              { key: 'purpose', label: '查询用途', children: r.purpose ?? '—' },
              { key: 'name', label: '主体名称', children: r.subject.name },
              {
                key: 'code',
                label: r.subject.uscc ? '统一社会信用代码' : '证件号码',
                children: r.subject.uscc ?? r.subject.idMasked ?? '—',
              },
              { key: 'outcome', label: '核查结果', children: <OutcomeTag value={r.outcome} /> },
              {
                key: 'range',
                label: '措施范围',
                children: r.allMeasures ? '全部部门的措施' : '本部门实施的措施',
              },
            ]}
          />
          <div style={{ marginTop: 16 }}>
            {r.hits.length === 0 ? (
              <Alert
                type="success"
                showIcon
                title={
                  r.exclusions?.length
                    ? '该主体在本场景下没有应实施的奖惩措施：下列措施因存在排除情形不予适用。'
                    : '该主体在本场景下没有应实施的奖惩措施。'
                }
              />
            ) : (
              r.hits.map((hit) => (
                <HitCard
                  key={hit.measure}
                  hit={hit}
                  feedback={r.feedback.find((f) => f.measure === hit.measure && f.current)}
                />
              ))
            )}
            <ExclusionList exclusions={r.exclusions} />
          </div>
          {r.feedback.length ? (
            <Card size="small" title="反馈记录（含历史版本）" className="gx-block">
              <Table<Feedback>
                rowKey={(f) => `${f.measure}@${f.version}`}
                size="small"
                pagination={false}
                dataSource={r.feedback}
                columns={[
                  {
                    title: '措施',
                    dataIndex: 'measure',
                    key: 'measure',
                    render: (v: string) => r.hits.find((h) => h.measure === v)?.nameZh ?? v,
                  },
                  { title: '版本', dataIndex: 'version', key: 'version', width: 60 },
                  {
                    title: '实施情况',
                    dataIndex: 'action',
                    key: 'action',
                    width: 100,
                    render: (v: string) => labelOf(feedbackActionLabels, v),
                  },
                  { title: '原因', dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '—' },
                  { title: '成效', dataIndex: 'effect', key: 'effect', render: (v: string | null) => v ?? '—' },
                  { title: '时间', dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatInstant(v) },
                ]}
              />
            </Card>
          ) : null}
          <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
            本回执依据核查时的奖惩措施清单和信用记录生成，可附入审批档案；核查编号可在平台查验。
          </Typography.Paragraph>
        </div>
      )}
    </Page>
  )
}
