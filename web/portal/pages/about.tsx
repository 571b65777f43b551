import { Link } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'

/** Where to ask: the site's contact when it has one, else plainly who answers which question. */
export function WhereToAsk() {
  const site = useSite()
  return (
    <div data-testid="where-to-ask">
      {site.contact ? (
        <p>
          咨询电话和地址：<strong>{site.contact}</strong>
        </p>
      ) : null}
      <ul className="gx-basis">
        <li>
          对某条公示信息的内容有疑问：联系信息详情页上的「决定机关」（作出许可、处罚或认定决定的部门），或在线提出异议。
        </li>
        <li>
          申请信用修复、异议申诉、提前移出名单：在本网站在线办理（<Link to="/repair">信用修复</Link>、
          <Link to="/objection">异议申诉</Link>），办理进度在<Link to="/my/cases">我的办件</Link>中查看。
        </li>
        <li>
          信用报告：企业在信用档案页下载公共信用信息概况报告，主体登录后在<Link to="/my/reports">我的信用</Link>
          出具完整报告（见<Link to="/report">信用报告</Link>）。
        </li>
        <li>
          平台本身的问题（账户激活、网站使用）：联系{site.city || '本地'}社会信用体系建设牵头部门
          {site.contact ? '（见上）' : ''}。
        </li>
      </ul>
    </div>
  )
}

/** 关于我们: who runs the platform, what it offers, what it does with personal data, where to ask. */
export default function AboutPage() {
  const site = useSite()
  useDocumentTitle('关于我们', site.name)
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / 关于我们
      </nav>
      <h1 className="gx-page-title">关于我们</h1>
      <section className="gx-panel gx-prose" aria-labelledby="gx-about-platform">
        <h2 id="gx-about-platform" className="gx-panel-title">
          平台简介
        </h2>
        <p>
          「{site.name}」是{site.city}公共信用信息服务平台，由{site.city || '本地'}
          社会信用体系建设牵头部门建设和运行。各级行政机关、司法机关和公共服务单位依法将履职中产生的公共信用信息报送到平台，
          平台按照公共信用信息目录和公示期限规则，向社会公开其中属于社会公开范围的信息。
        </p>
      </section>
      <section className="gx-panel gx-prose gx-file-tabs" aria-labelledby="gx-about-services">
        <h2 id="gx-about-services" className="gx-panel-title">
          服务内容
        </h2>
        <ul className="gx-basis">
          <li>
            <Link to="/search">信用查询</Link>：按名称或统一社会信用代码查询企业等主体的公示信用信息（一户一档）。
          </li>
          <li>
            <Link to="/publicity">双公示</Link>：集中公示行政许可和行政处罚信息。
          </li>
          <li>
            <Link to="/lists">红黑名单</Link>：守信激励对象、失信惩戒对象和重点关注名单。
          </li>
          <li>
            <Link to="/repair">信用修复</Link>、<Link to="/objection">异议申诉</Link>、<Link to="/tips">信用举报</Link>
            ：在线申请和办理。
          </li>
          <li>
            <Link to="/report">信用报告</Link>与<Link to="/verify">报告核验</Link>。
          </li>
          <li>
            <Link to="/policies">政策法规</Link>、<Link to="/news">新闻动态</Link>、<Link to="/cases">典型案例</Link>、
            <Link to="/notices">通知公告</Link>。
          </li>
        </ul>
      </section>
      <section className="gx-panel gx-prose gx-file-tabs" aria-labelledby="gx-about-privacy">
        <h2 id="gx-about-privacy" className="gx-panel-title">
          个人信息保护
        </h2>
        <p>
          网站不公开自然人的身份证件号码；除失信被执行人等依法公开的名单外，自然人的姓名也不公开。匿名浏览和查询不作记录。
          详见<Link to="/help/privacy">个人信息保护</Link>和<Link to="/help/periods">公示期限</Link>。
        </p>
      </section>
      <section className="gx-panel gx-prose gx-file-tabs" aria-labelledby="gx-about-contact">
        <h2 id="gx-about-contact" className="gx-panel-title">
          联系我们
        </h2>
        <WhereToAsk />
      </section>
    </div>
  )
}
