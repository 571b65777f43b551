// 申请移出 (list exits): the queue (the shared case queue, kind list_exit) and one case's page with the listing
// department's approve and reject dialogs - the same case flow as a credit repair.
import { Alert, Card, Descriptions, Skeleton, Typography } from 'antd'
import { useParams } from 'react-router-dom'
import type { ListExitDetailJson } from '../../../../src/modules/repairs/index.js'
import { api } from '../../../shared/api.js'
import { useUser } from '../../auth.js'
import { CaseFrame, CaseQueuePage, DecisionActions } from '../../components/cases/index.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { useDepartments } from '../catalog/lookups.js'

export function ListExitQueuePage() {
  return (
    <CaseQueuePage
      kind="list_exit"
      title="申请移出"
      description="信用主体按名单类别的移出条件申请提前移出（如经营异常名录补报年报后申请移出）：由列入部门审核，同意后即移出名单、停止公示和核查使用。"
      detailPath={(id) => `/rights/list-exits/${encodeURIComponent(id)}`}
    />
  )
}

export function ListExitCasePage() {
  const { id = '' } = useParams()
  const user = useUser()
  const depts = useDepartments()
  const { data, error, loading, reload } = useRequest(
    (signal) => api<ListExitDetailJson>(`/api/v1/list-exits/${encodeURIComponent(id)}`, { signal }),
    [id],
  )
  const decides = data?.state === 'submitted' && user.dept !== null && user.dept === data.handlerDept
  const url = (action: string) => `/api/v1/list-exits/${encodeURIComponent(id)}/${action}`
  return (
    <Page
      title={data ? `申请移出 ${data.number}` : '申请移出'}
      description="由列入名单的部门审核；同意后即日移出名单。"
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {loading && !data ? <Skeleton active /> : null}
      {data ? (
        <CaseFrame
          summary={{ ...data, kind: 'list_exit', applicantKind: 'subject' }}
          history={data.history}
          deptName={depts.nameOf}
          evidence={data.evidenceFiles}
          actions={
            decides ? (
              <DecisionActions
                url={url}
                version={data.version}
                approve={{ label: '同意移出', reasons: '同意理由' }}
                reject={{ label: '不予移出', reasons: '不予移出理由' }}
                onDone={reload}
              />
            ) : null
          }
        >
          <Card title="移出申请">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="名单记录">{data.recordId}</Descriptions.Item>
              <Descriptions.Item label="信息类别">{data.classCode}</Descriptions.Item>
              <Descriptions.Item label="移出情形" span={2}>
                {data.ground}
              </Descriptions.Item>
              <Descriptions.Item label="申请说明" span={2}>
                <Typography.Paragraph className="gx-case-reason">{data.statement}</Typography.Paragraph>
              </Descriptions.Item>
              {data.decisionReason ? (
                <Descriptions.Item label={data.outcome === 'approved' ? '同意理由' : '不予移出理由'} span={2}>
                  {data.decisionReason}
                </Descriptions.Item>
              ) : null}
              {data.lastDay ? <Descriptions.Item label="名单最后一日">{data.lastDay}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
        </CaseFrame>
      ) : null}
    </Page>
  )
}
