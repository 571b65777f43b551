// One credit repair case (信用修复申请): the application and the record it is about, the clocks, the history, and
// for the deciding department (谁认定、谁修复) the approve and reject dialogs.
import { Alert, Card, Descriptions, Skeleton, Table, Typography } from 'antd'
import { Link, useParams } from 'react-router-dom'
import type { RepairDetailJson } from '../../../../src/modules/repairs/index.js'
import { api } from '../../../shared/api.js'
import { labelOf, severityLabels } from '../../../shared/labels.js'
import { useUser } from '../../auth.js'
import { CaseFrame, DecisionActions } from '../../components/cases/index.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'

export function RepairCasePage() {
  const { id = '' } = useParams()
  const user = useUser()
  const depts = useDepartments()
  const { data, error, loading, reload } = useRequest(
    (signal) => api<RepairDetailJson>(`/api/v1/repairs/${encodeURIComponent(id)}`, { signal }),
    [id],
  )
  const title = data ? `信用修复 ${data.number}` : '信用修复'
  const decides = data?.state === 'submitted' && user.dept !== null && user.dept === data.handlerDept
  const url = (action: string) => `/api/v1/repairs/${encodeURIComponent(id)}/${action}`
  return (
    <Page
      title={title}
      description="由作出认定的单位审核（谁认定、谁修复）；同意后立即终止公示、移出名单、停止核查使用，并推送相关单位。"
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {loading && !data ? <Skeleton active /> : null}
      {data ? (
        <CaseFrame
          summary={{ ...data, kind: 'repair', applicantKind: 'subject' }}
          history={data.history}
          deptName={depts.nameOf}
          evidence={data.evidenceFiles}
          actions={
            decides ? (
              <DecisionActions
                url={url}
                version={data.version}
                approve={{
                  label: '同意修复',
                  reasons: '同意理由',
                  placeholder: '如：已履行行政处罚决定，罚款已缴清，已作出信用承诺。',
                }}
                reject={{
                  label: '不予修复',
                  reasons: '不予修复理由',
                  placeholder: '如：尚未履行行政处罚决定确定的义务。',
                }}
                onDone={reload}
              />
            ) : null
          }
        >
          <Card title="修复申请">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="信用记录">
                {user.role === 'operator' || user.role === 'consumer' ? (
                  <Link to={`/records/${encodeURIComponent(data.recordId)}`}>{data.recordId}</Link>
                ) : (
                  data.recordId
                )}
              </Descriptions.Item>
              <Descriptions.Item label="信息类别">{data.classCode}</Descriptions.Item>
              <Descriptions.Item label="适用规则">{data.ruleSet ? `${data.ruleSet} 年规则` : '—'}</Descriptions.Item>
              <Descriptions.Item label="失信程度">
                {data.severity ? labelOf(severityLabels, data.severity) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="最早可申请日">{data.earliestDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="信用修复承诺">{data.commitmentId ? '已随申请提交' : '—'}</Descriptions.Item>
              <Descriptions.Item label="申请说明" span={2}>
                <Typography.Paragraph className="gx-case-reason">{data.statement}</Typography.Paragraph>
              </Descriptions.Item>
              {data.decisionReason ? (
                <Descriptions.Item label={data.outcome === 'approved' ? '同意理由' : '不予修复理由'} span={2}>
                  {data.decisionReason}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          {data.recipients.length ? (
            <Card title="修复结果推送">
              <Table
                size="small"
                rowKey="dept"
                pagination={false}
                dataSource={data.recipients}
                columns={[
                  { title: '接收单位', dataIndex: 'dept', render: (d: string) => depts.nameOf(d) },
                  {
                    title: '关系',
                    dataIndex: 'role',
                    render: (r: string) => (r === 'decider' ? '认定单位' : '曾通过核查获取该记录'),
                  },
                  {
                    title: '推送期限',
                    dataIndex: 'dueOn',
                    render: (d: string | null, row) =>
                      d ? `${d} 前${row.provisional ? '（暂按周末计算）' : ''}` : '—',
                  },
                ]}
              />
            </Card>
          ) : null}
        </CaseFrame>
      ) : null}
    </Page>
  )
}
