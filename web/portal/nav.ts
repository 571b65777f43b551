// The portal's top navigation. Every item leads to a page that is built; `summary` says in one sentence what it
// offers (the home page's 信用服务).

export interface PortalNavItem {
  path: string
  label: string
  /** One sentence on what the page offers, shown on the home page. */
  summary?: string
}

export const portalNav: readonly PortalNavItem[] = [
  { path: '/', label: '首页' },
  {
    path: '/search',
    label: '信用查询',
    summary: '按企业名称、统一社会信用代码或个体工商户名称查询主体的公示信用信息。',
  },
  {
    path: '/lists',
    label: '红黑名单',
    summary: '公示守信激励对象（红名单）、失信惩戒对象（黑名单）和重点关注名单，可按名称、代码查找。',
  },
  {
    path: '/publicity',
    label: '双公示',
    summary: '集中公示行政许可和行政处罚信息，可按部门、区县、决定日期和关键字筛选。',
  },
  {
    path: '/repair',
    label: '信用修复',
    summary: '纠正失信行为后申请停止公示：条件、最短公示期、材料和各环节办理时限。',
  },
  {
    path: '/objection',
    label: '异议申诉',
    summary: '认为公示的信用信息有错误、遗漏的，可在线提出异议，查看办理进度。',
  },
  { path: '/tips', label: '信用举报', summary: '举报失信行为，凭举报编号和查询码查询办理结果。' },
  {
    path: '/report',
    label: '信用报告',
    summary: '出具和核验公共信用信息报告：企业信用档案页下载概况报告，主体登录后出具完整报告。',
  },
  {
    path: '/policies',
    label: '政策法规',
    summary: '社会信用体系建设相关的法律法规、政策文件和解读，以及新闻动态、典型案例和通知公告。',
  },
  {
    path: '/about',
    label: '关于我们',
    summary: '平台的建设单位、服务范围、个人信息保护规则和联系方式。',
  },
]

export const searchPlaceholder = '输入企业名称、统一社会信用代码或个体工商户名称'

/** The content sections (门户内容) and their portal paths; 政策法规 is the one in the top navigation. */
export const contentSections: readonly { code: string; label: string; path: string }[] = [
  { code: 'policies', label: '政策法规', path: '/policies' },
  { code: 'news', label: '新闻动态', path: '/news' },
  { code: 'cases', label: '典型案例', path: '/cases' },
  { code: 'notices', label: '通知公告', path: '/notices' },
]
