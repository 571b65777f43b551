// The queues of the cases the credit office and the departments handle (the shared case queue, one per kind).
import { CaseQueuePage } from '../../components/cases/index.js'

export function ObjectionQueuePage() {
  return (
    <CaseQueuePage
      kind="objection"
      title="异议处理"
      description="信用主体对信用信息提出的异议：信用办受理审查并转提供单位核实（谁提供谁核实），提供单位作出更正、撤销或维持的决定。"
      detailPath={(id) => `/rights/objections/${encodeURIComponent(id)}`}
    />
  )
}

export function RepairQueuePage() {
  return (
    <CaseQueuePage
      kind="repair"
      title="信用修复"
      description="信用修复申请：由作出认定的单位审核（谁认定谁修复），同意后即终止公示、移出名单并通知相关单位。"
      detailPath={(id) => `/rights/repairs/${encodeURIComponent(id)}`}
    />
  )
}

export function TipQueuePage() {
  return (
    <CaseQueuePage
      kind="tip"
      title="举报处理"
      description="公众举报：信用办按举报分办表分办到主管部门，承办部门核查后登记查实、不实或移交，查实的登记奖励。"
      detailPath={(id) => `/rights/tips/${encodeURIComponent(id)}`}
    />
  )
}
