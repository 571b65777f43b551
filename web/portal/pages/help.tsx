import { Link, useParams } from 'react-router-dom'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'

/** Plain-words help: what is published and for how long, how to object, how repair works, personal data. */
const TOPICS = {
  periods: {
    title: '公示期限',
    body: (
      <>
        <p>失信信息按严重程度分为轻微、一般、严重三类，公示期自处罚（认定）决定作出之日起计算：</p>
        <table className="gx-help-table">
          <thead>
            <tr>
              <th scope="col">严重程度</th>
              <th scope="col">2026 年 4 月 1 日起作出的决定</th>
              <th scope="col">此前作出的决定</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>轻微</td>
              <td>一般不公示；公示的最长 3 个月</td>
              <td>按一般失信信息处理</td>
            </tr>
            <tr>
              <td>一般</td>
              <td>最短 3 个月，最长 1 年</td>
              <td>最短 3 个月，最长 1 年</td>
            </tr>
            <tr>
              <td>严重</td>
              <td>最短 1 年，最长 3 年</td>
              <td>最短 6 个月，最长 3 年</td>
            </tr>
          </tbody>
        </table>
        <p>到达最长公示期的次日零时（北京时间），信息自动停止公示，无需申请。每条记录的“公示期至”即公示的最后一天。</p>
        <p>撤销、已修复的记录和未成年人的记录不予公示；被提出异议的记录在处理期间标注“异议处理中”。</p>
      </>
    ),
  },
  objection: {
    title: '异议申诉',
    body: (
      <>
        <p>信用主体（或经其授权的人）认为公示的信息有错误、遗漏或已超过公示期限的，可以提出异议。</p>
        <ol>
          <li>在记录详情页点击“异议申诉”，说明异议内容并提交证明材料。</li>
          <li>平台在 2 个工作日内决定是否受理；受理后该记录在所有展示位置标注“异议处理中”。</li>
          <li>平台转请信息提供单位核实，提供单位一般在 10 个工作日内答复。</li>
          <li>处理结果为更正、撤销或维持，并告知申请人；每一步都留有记录。</li>
        </ol>
      </>
    ),
  },
  repair: {
    title: '信用修复',
    body: (
      <>
        <p>信用修复是对已纠正失信行为、履行法定义务的主体，终止公示失信信息、停止共享使用并解除相关惩戒措施。</p>
        <ul>
          <li>条件：已达到最短公示期；已纠正失信行为并履行义务（如缴清罚款）；作出公开信用承诺。</li>
          <li>材料：履行义务的证明、信用修复承诺书。</li>
          <li>
            “谁认定、谁修复”：由作出认定的单位决定，本平台为统一受理窗口；一般 10 个工作日内办结，结果在 3
            个工作日内同步至相关系统。
          </li>
          <li>轻微失信信息在履行义务后即可申请修复。修复后的记录在平台内部留档，不再公示。</li>
        </ul>
      </>
    ),
  },
  tips: {
    title: '信用举报',
    body: (
      <>
        <p>
          任何单位和个人发现企业或个人有失信行为（如销售假冒伪劣商品、拖欠工资、偷逃税款、污染环境），都可以在线举报，可以匿名。
        </p>
        <ol>
          <li>
            在<Link to="/tips">信用举报</Link>
            页面选择举报类别，写明谁、在何时何地、有什么失信行为，可附上照片或文件作为证据。
          </li>
          <li>提交后页面显示举报编号和查询码。查询码只显示这一次，平台只保存其校验值，请立即记下。</li>
          <li>
            信用办一般在 5 个工作日内把举报转交主管部门；主管部门一般在 30
            个工作日内核查并作出结论（查证属实或查无实据），不属本部门职责的移交其他部门办理。
          </li>
          <li>
            凭举报编号和查询码可在<Link to="/tips/status">举报查询</Link>
            页面查看办理状态。为保护举报人和被举报人，查询结果只显示状态和日期。
          </li>
          <li>申请奖励的须留下联系电话或电子邮箱；查证属实的，由承办部门按规定确定奖励并与您联系发放。</li>
        </ol>
        <p>
          举报人的联系方式加密保存，只有承办部门能看到，不会告知被举报人。请如实举报，捏造事实诬告他人的须承担法律责任。
        </p>
      </>
    ),
  },
  privacy: {
    title: '个人信息保护',
    body: (
      <>
        <p>
          本平台只公示法律法规规定应当公开的信息。自然人的身份证件号码加密保存，页面上只显示脱敏形式（如
          1101**********002X），任何人都不能按身份证件号码查询自然人。
        </p>
        <p>
          政府部门查看个人信息或授权查询信息时必须说明用途，每一次查看都记入审计日志，信息主体可以查询谁查看过自己的信息。未成年人的失信信息不予公示。
        </p>
      </>
    ),
  },
} as const

type Topic = keyof typeof TOPICS

export default function HelpPage({ topic }: { topic?: Topic }) {
  const params = useParams()
  const site = useSite()
  const asked = topic ?? params.topic ?? 'periods'
  const current: Topic = asked in TOPICS ? (asked as Topic) : 'periods'
  const t = TOPICS[current]
  useDocumentTitle(t.title, site.name)
  return (
    <div className="gx-container gx-page gx-help">
      <nav aria-label="帮助主题" className="gx-help-nav">
        {(Object.keys(TOPICS) as Topic[]).map((k) => (
          <Link key={k} to={`/help/${k}`} aria-current={k === current ? 'page' : undefined}>
            {TOPICS[k].title}
          </Link>
        ))}
      </nav>
      <article>
        <h1 className="gx-page-title">{t.title}</h1>
        {t.body}
        {current === 'objection' ? (
          <p>
            <Link to="/objection/apply">在线提出异议</Link>（信用主体账号登录后办理）· <Link to="/my/cases">我的办件</Link>
          </p>
        ) : null}
        {current === 'repair' ? (
          <p className="gx-muted">在线申请功能即将上线，目前请联系信息提供单位或信用服务窗口办理。</p>
        ) : null}
      </article>
    </div>
  )
}
