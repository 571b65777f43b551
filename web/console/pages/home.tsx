import { Card, Col, Result, Row, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { roleLabel } from '../../shared/labels.js'
import { useUser } from '../auth.js'
import { navForRole } from '../nav.js'
import { Page } from '../page.js'

export function HomePage() {
  const user = useUser()
  const groups = navForRole(user.role)
  return (
    <Page
      title="工作台"
      description={`欢迎，${user.displayName || user.username}（${roleLabel(user.role)}）。${groups.length ? '以下是您可以使用的功能。' : ''}`}
    >
      {groups.length === 0 ? (
        <Result
          status="info"
          title="暂无控制台功能"
          subTitle={`${roleLabel(user.role)}角色通过信用门户或开放接口办理业务，控制台暂不提供相应功能。`}
        />
      ) : (
        <Row gutter={[16, 16]}>
          {groups.map((group) => (
            <Col key={group.key} xs={24} md={12} xl={8}>
              <Card title={group.label} size="small">
                <ul className="gx-home-list">
                  {group.items.map((item) => (
                    <li key={item.key}>
                      <Link to={item.path}>{item.label}</Link>
                      {item.built ? null : <Tag className="gx-home-tag">建设中</Tag>}
                      <Typography.Text type="secondary" className="gx-home-summary">
                        {item.summary}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Page>
  )
}
