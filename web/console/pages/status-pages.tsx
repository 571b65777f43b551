import { Result } from 'antd'
import { Link } from 'react-router-dom'
import { Page } from '../page.js'

export function ForbiddenPage() {
  return (
    <Page title="无权访问">
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色不能使用此功能。如需开通，请联系本单位的运维管理员。"
        extra={<Link to="/">返回工作台</Link>}
      />
    </Page>
  )
}

export function NotFoundPage() {
  return (
    <Page title="页面不存在">
      <Result
        status="404"
        title="页面不存在"
        subTitle="链接可能有误，请从左侧导航进入。"
        extra={<Link to="/">返回工作台</Link>}
      />
    </Page>
  )
}
