import { Card, Col, Row, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { roleLabel } from '../../shared/labels.js'
import { useUser } from '../auth.js'
import { navForRole, summaryFor } from '../nav.js'
import { Page } from '../page.js'
import { Workbench } from './workbench.js'

/** What the roles without console pages do today, and where (portal pages and the open API). */
const elsewhere: Readonly<Record<string, { intro: string; links: { href: string; label: string; text: string }[] }>> = {
  agency: {
    intro: '信用服务机构通过信用门户和开放接口办理业务，控制台不提供管理功能。目前可以：',
    links: [
      { href: '/search', label: '信用查询', text: '按名称（至少 2 个字）或统一社会信用代码查询主体的公示信用信息。' },
      { href: '/lists', label: '红黑名单', text: '查看守信激励、失信惩戒和重点关注名单。' },
      {
        href: '/api/docs',
        label: '开放接口文档',
        text: '使用运维管理员为本机构签发的访问密钥，经主体授权查询其信用记录、出具信用报告，拉取信用修复和撤销推送，按代码解析主体、核验信用报告（接口说明与调用示例）。',
      },
    ],
  },
  subject: {
    intro: '信用主体（企业和个人）在信用门户查看和维护自己的信用信息，控制台不提供相应功能。目前可以：',
    links: [
      { href: '/my', label: '我的信用', text: '查看本主体的账户和经办人。' },
      { href: '/my/file', label: '我的档案', text: '查看本主体全部信用信息，包括仅政务共享的信息。' },
      { href: '/my/access-log', label: '查询记录', text: '查看哪些部门在何时、为何查询了本主体的信息。' },
      { href: '/objection', label: '异议申诉', text: '对有误的信用信息提出异议。' },
      { href: '/repair', label: '信用修复', text: '符合条件的失信信息申请提前终止公示。' },
      { href: '/my/cases', label: '我的办件', text: '查看异议、修复等申请的办理进度。' },
    ],
  },
}

export function HomePage() {
  const user = useUser()
  const groups = navForRole(user.role)
  const other = elsewhere[user.role]
  const name = user.displayName || user.username
  return (
    <Page
      title="工作台"
      // the role after the name, not in brackets: display names often end in brackets of their own (「…（演示）」)
      description={`欢迎，${name}。当前角色：${roleLabel(user.role)}。${groups.length ? '以下是需要您处理的事项和可以使用的功能。' : ''}`}
    >
      {groups.length === 0 ? (
        <Card title="您可以办理的业务" className="gx-block">
          <Typography.Paragraph>
            {other?.intro ?? `${roleLabel(user.role)}角色通过信用门户或开放接口办理业务。目前可以：`}
          </Typography.Paragraph>
          <ul className="gx-home-list">
            {(other?.links ?? [{ href: '/', label: '信用门户', text: '查询公示信用信息。' }]).map((l) => (
              <li key={l.href}>
                <a href={l.href}>{l.label}</a>
                <Typography.Text type="secondary" className="gx-home-summary">
                  {l.text}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </Card>
      ) : (
        <>
          <Workbench role={user.role} />
          <section aria-labelledby="gx-features-title">
            <Typography.Title level={2} id="gx-features-title" className="gx-section-title">
              功能导航
            </Typography.Title>
            <Row gutter={[16, 16]}>
              {groups.map((group) => (
                <Col key={group.key} xs={24} md={12} xl={8}>
                  <Card title={group.label} size="small">
                    <ul className="gx-home-list">
                      {group.items.map((item) => (
                        <li key={item.key}>
                          <Link to={item.path}>{item.label}</Link>
                          <Typography.Text type="secondary" className="gx-home-summary">
                            {summaryFor(item, user.role)}
                          </Typography.Text>
                        </li>
                      ))}
                    </ul>
                  </Card>
                </Col>
              ))}
            </Row>
          </section>
        </>
      )}
    </Page>
  )
}
