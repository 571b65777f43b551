import { Link } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'

// 信用报告 (/report): which report is for whom and where to get it, and the way to 报告核验 (docs/reports.md).

const kinds: { name: string; who: string; where: React.ReactNode }[] = [
  {
    name: '公共信用信息概况',
    who: '任何人均可获取组织（企业、个体工商户、社会组织等）的报告，只含社会公开的信用信息；不对自然人出具。',
    where: (
      <>
        在「<Link to="/search">信用查询</Link>」中找到该主体，在其信用档案页点击「下载公共信用信息概况报告」。
      </>
    ),
  },
  {
    name: '完整信用报告、专项信用报告、场景信用报告',
    who: '含政务共享和授权查询范围的信息。主体本身可以随时免费出具；信用服务机构凭主体的授权出具；政府部门说明用途后出具。专项信用报告可替代有无违法违规记录证明。',
    where: (
      <>
        主体登录后在「<Link to="/my/reports">我的信用 · 信用报告</Link>」出具和下载，在「
        <Link to="/my/authorizations">授权管理</Link>」中授权机构查询。
      </>
    ),
  },
  {
    name: '个人信用报告',
    who: '只出具给本人、经本人授权的机构和说明用途的部门，从不向公众出具。',
    where: (
      <>
        本人登录后在「<Link to="/my/reports">我的信用 · 信用报告</Link>」出具。
      </>
    ),
  },
]

export default function ReportsGuidePage() {
  const site = useSite()
  useDocumentTitle('信用报告', site.name)
  return (
    <div className="gx-container gx-page">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / 信用报告
      </nav>
      <h1 className="gx-page-title">信用报告</h1>
      <p>
        平台出具的信用报告是带平台数字签名的 PDF
        文件，内嵌报告内容、签名和审计日志中出具记录的证明：收到报告的一方不必联网也能确认报告由平台出具、未被改动。
      </p>
      <section className="gx-section" aria-labelledby="gx-report-kinds">
        <h2 className="gx-section-title" id="gx-report-kinds">
          报告种类与获取方式
        </h2>
        {kinds.map((k) => (
          <div key={k.name} className="gx-panel gx-report-kind">
            <h3 className="gx-panel-title">{k.name}</h3>
            <p>{k.who}</p>
            <p>{k.where}</p>
          </div>
        ))}
      </section>
      <section className="gx-section" aria-labelledby="gx-report-verify">
        <h2 className="gx-section-title" id="gx-report-verify">
          报告核验
        </h2>
        <p>
          收到信用报告后，可在「<Link to="/verify">报告核验</Link>
          」页面凭报告编号和核验码在线查看报告状态（有效、已过期、记录已变化），或上传 PDF
          文件离线核验签名。扫描报告首页的二维码也会打开该页面。
        </p>
      </section>
    </div>
  )
}
