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
        <p>
          信用主体（或经其授权的经办人）认为平台上关于自己的信息有错误、遗漏，或已超过公示期仍在公示的，可以提出异议。办理方法和当前的办理期限见
          <Link to="/objection">异议申诉</Link>页面。
        </p>
        <ol>
          <li>
            登录信用主体账户，在「我的信用 ›
            我的档案」中找到该记录，点击“提出异议”，写明理由并上传证明材料；也可到信用服务窗口由工作人员代为录入。
          </li>
          <li>平台在 2 个工作日内决定是否受理，不予受理的说明理由；受理后该记录在所有展示位置标注“异议处理中”。</li>
          <li>
            平台先自行核查（2 个工作日）；不能确认的转请信息提供单位核实（谁提供、谁核实），一般在 10
            个工作日内作出结论。
          </li>
          <li>结论为更正（形成新版本）、撤销或维持原信息（解除标注并说明理由）；作出结论前可以撤回。</li>
          <li>每一步都有记录，进度在「我的办件」查看，结果发到「消息」。同一条记录同时只能有一件正在处理的异议。</li>
        </ol>
        <p className="gx-muted">以上天数为默认值，以办理期限的现行规定为准；期限按工作日计算，不含周末和法定节假日。</p>
      </>
    ),
  },
  repair: {
    title: '信用修复',
    body: (
      <>
        <p>
          信用修复是对已纠正失信行为、履行法定义务的主体，终止公示失信信息、停止共享使用并解除相关惩戒措施。条件、材料和当前的办理期限见
          <Link to="/repair">信用修复</Link>页面。
        </p>
        <ul>
          <li>条件：已达到最短公示期；已纠正失信行为并履行义务（如缴清罚款）；作出公开的信用修复承诺。</li>
          <li>
            最短公示期按决定作出时的规则：2026 年 4 月 1 日起作出的，轻微失信信息履行义务后即可申请，一般满 3
            个月、严重满 1 年；此前作出的，一般满 3 个月、严重满 6 个月。
          </li>
          <li>材料：履行义务的证明、信用修复承诺书（在线填写）。申请前平台会显示能否修复和最早可申请日期。</li>
          <li>
            “谁认定、谁修复”：由作出认定的单位决定，本平台为统一受理窗口；一般 10 个工作日内作出决定，结果在 3
            个工作日内同步至相关系统。
          </li>
          <li>同意修复的，即时停止公示、名单以“已修复”退出；修复后的记录在平台内部留档，不再公示。</li>
        </ul>
      </>
    ),
  },
  activation: {
    title: '主体账户激活',
    body: (
      <>
        <p>
          企业、个体工商户等组织和个人可以开通信用主体账户，查看本主体的全部信用信息、谁查询过自己的信息，并在线提出异议、申请信用修复。账户不能自行注册，须凭激活码开通。
        </p>
        <ol>
          <li>
            向信用办（信用服务窗口）申请激活码。激活码为一次性的 16 位字母数字（如 XXXX-XXXX-XXXX-XXXX），默认 30
            天内有效；再次发放后，旧的激活码作废。
          </li>
          <li>
            在<Link to="/account/activate">账户激活</Link>
            页面填写：组织填统一社会信用代码和法定代表人（负责人）姓名，个人填身份证号码和本人姓名；再填激活码，自设用户名和密码。
          </li>
          <li>
            信息不符、激活码错误、过期或已使用的，页面只提示“激活码无效”，不说明哪一项不对；多次失败会暂时限制尝试。
          </li>
          <li>
            激活后在<Link to="/account/login">主体登录</Link>
            页面登录，进入「我的信用」。主体账户可以添加经办人，须上传授权委托书，经信用办审核通过后经办人才能登录。
          </li>
        </ol>
      </>
    ),
  },
  'access-log': {
    title: '查询记录',
    body: (
      <>
        <p>
          政府部门查询您的非公开信息时，每一次都记入审计日志。登录信用主体账户后，在「我的信用 ›
          查询记录」可以看到：查询时间、哪个部门、什么角色、说明的用途，以及查了什么（联合奖惩核查、信用审查、查阅信用档案或记录、查看完整身份证号码等）。
        </p>
        <ul>
          <li>一次批量核查涉及多个主体的，每个被核查主体的查询记录中都会列出。</li>
          <li>可按日期（北京时间，含起止当日）筛选，并导出为 Excel 文件。</li>
          <li>社会公众在门户网站浏览公示信息、您本人查看自己的档案，不在查询记录之列。</li>
          <li>只显示查询的部门和角色，不显示具体工作人员；审计人员可核对同一份日志。</li>
        </ul>
        <p>认为某次查询没有正当用途的，可以向信用办反映。</p>
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
      </article>
    </div>
  )
}
