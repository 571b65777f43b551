// The portal's top navigation. `coming` is shown on pages that are not built yet,
// so every link leads somewhere that says what will be there.

export interface PortalNavItem {
  path: string
  label: string
  /** One sentence on what the page will offer, shown until it is built. */
  coming?: string
}

export const portalNav: readonly PortalNavItem[] = [
  { path: '/', label: '首页' },
  {
    path: '/search',
    label: '信用查询',
    coming: '按企业名称、统一社会信用代码或个体工商户名称查询主体的公示信用信息。',
  },
  {
    path: '/lists',
    label: '红黑名单',
    coming: '公示守信激励对象（红名单）、失信惩戒对象（黑名单）和重点关注名单。',
  },
  {
    path: '/publicity',
    label: '双公示',
    coming: '集中公示行政许可和行政处罚信息，可按部门、日期和主体筛选。',
  },
  { path: '/repair', label: '信用修复' },
  { path: '/objection', label: '异议申诉' },
  { path: '/tips', label: '信用举报' },
  { path: '/report', label: '信用报告' },
  {
    path: '/policies',
    label: '政策法规',
    coming: '汇集社会信用体系建设相关的法律法规、政策文件和标准规范。',
  },
  {
    path: '/about',
    label: '关于我们',
    coming: '介绍平台的建设单位、服务范围、个人信息保护规则和联系方式。',
  },
]

export const searchPlaceholder = '输入企业名称、统一社会信用代码或个体工商户名称'
