// 名单管理: one page per list. Every console role with record.read sees the entries; on the focus list operators
// also work the escalation proposals and maintain the escalation rule.
import { useState } from 'react'
import { Tabs } from 'antd'
import { useSearchParams } from 'react-router-dom'
import { useUser } from '../../auth.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'
import { api } from '../../../shared/api.js'
import { ListEntries } from './entries.js'
import { ProposalsPanel } from './proposals.js'
import { RulePanel } from './rule.js'
import type { RuleVersion } from './types.js'

export function RedListPage() {
  return (
    <Page
      title="红名单"
      description="守信激励对象名单（纳税信用 A 级、海关高级认证企业、表彰奖励等）：在列主体、列入决定、期限、公示情况和移出原因。"
    >
      <ListEntries kind="red" />
    </Page>
  )
}

export function BlackListPage() {
  return (
    <Page
      title="黑名单"
      description="失信惩戒对象名单（失信被执行人、严重失信主体等）：在列主体、列入决定、期限、公示情况和移出原因（期满、提前移出、撤销、信用修复）。"
    >
      <ListEntries kind="black" />
    </Page>
  )
}

export function FocusListPage() {
  const user = useUser()
  // measure.write: operators work the proposals and edit the rule
  const operator = user.role === 'operator'
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'entries'
  const [saved, setSaved] = useState(0)
  const rule = useRequest(
    (signal) => (operator ? api<RuleVersion>('/api/v1/lists/escalation-rule', { signal }) : Promise.resolve(undefined)),
    [operator, saved],
  )
  const items = [
    { key: 'entries', label: '名单条目', children: <ListEntries kind="focus" /> },
    ...(operator
      ? [
          { key: 'proposals', label: '列入建议', children: <ProposalsPanel rule={rule.data?.rule} /> },
          {
            key: 'rule',
            label: '升级规则',
            children: <RulePanel current={rule.data} canEdit onSaved={() => setSaved((n) => n + 1)} />,
          },
        ]
      : []),
  ]
  return (
    <Page
      title="重点关注名单"
      description="存在失信行为但未达到严重失信主体名单认定标准、需加强监管的主体，期限短于黑名单。升级规则（默认关闭）只提出列入建议，须经确认才列入。"
    >
      <Tabs
        destroyOnHidden
        activeKey={items.some((i) => i.key === tab) ? tab : 'entries'}
        onChange={(key) => setParams(key === 'entries' ? {} : { tab: key }, { replace: true })}
        items={items}
      />
    </Page>
  )
}
