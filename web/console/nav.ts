// Console navigation: the ONE place that says which role sees which page.
// Groups follow docs/design ui.md ("left navigation grouped by task, filtered by role").
// Plain data (no React) so it can be unit-tested and reused by the router.
import type { Role } from '../shared/labels.js'

export type GroupKey =
  | 'ingest'
  | 'checks'
  | 'reports'
  | 'rights'
  | 'lists'
  | 'catalog'
  | 'entities'
  | 'stats'
  | 'audit'
  | 'portal'
  | 'system'

export interface ConsoleNavItem {
  key: string
  label: string
  /** Path below /console (the router's basename). */
  path: string
  roles: readonly Role[]
  /** One sentence on what the page does (the 工作台's 功能导航). */
  summary: string
  /**
   * The roles that change what the page shows; the others only read it and are told so by `readSummary` (a reader
   * is never told it 维护/管理 a page it cannot change). Absent: the summary fits every role.
   */
  editors?: readonly Role[]
  readSummary?: string
  /** Always true: the menu lists built pages only (a page in the making stays out of the menu, never a placeholder). */
  built: boolean
}

export interface ConsoleNavGroup {
  key: GroupKey
  label: string
  items: readonly ConsoleNavItem[]
}

const providerOps: readonly Role[] = ['provider', 'operator']
/** Departments that run checks and report on the measures they applied (check.run, check.feedback). */
const checkers: readonly Role[] = ['consumer']
const ops: readonly Role[] = ['operator']
/** Cases (异议、修复、举报): the credit office reviews; departments handle the cases about their own records. */
const caseHandlers: readonly Role[] = ['operator', 'provider', 'consumer']
const opsAuditor: readonly Role[] = ['operator', 'auditor']
/** Console roles with record.read see the list entries; operators also decide focus-list proposals. */
const listReaders: readonly Role[] = ['operator', 'consumer']
/** Console roles with measure.read: operators maintain the measure list, the others read it. */
const measureReaders: readonly Role[] = ['operator', 'consumer', 'provider']
/** Console roles with catalog.read: operators edit, the others read. */
const catalogReaders: readonly Role[] = ['operator', 'auditor', 'provider', 'consumer']
/** Console roles with grading.read: operators edit the models (grading.write), departments using data read them. */
const gradingReaders: readonly Role[] = ['operator', 'consumer']

export const consoleNav: readonly ConsoleNavGroup[] = [
  {
    key: 'ingest',
    label: '数据归集',
    items: [
      {
        key: 'ingest-upload',
        label: '上传数据',
        path: '/ingest/upload',
        roles: ['provider'],
        built: true,
        summary: '按信用信息目录上传 Excel/CSV 文件，逐行校验并给出可定位的错误提示后入库。',
      },
      {
        key: 'ingest-batches',
        label: '批次记录',
        path: '/ingest/batches',
        roles: providerOps,
        built: true,
        summary: '查看每次上传的批次、处理进度、成功与失败行数，并下载错误明细。',
      },
      {
        key: 'ingest-records',
        label: '信用记录',
        path: '/ingest/records',
        roles: ['provider', 'operator', 'consumer'],
        built: true,
        summary: '按部门、类别、决定日期、主体和状态查询入库记录，逐条更正、撤销，提前移出名单。',
        editors: ['provider', 'operator'],
        readSummary: '按部门、类别、决定日期、主体和状态查询入库的信用记录。',
      },
      {
        key: 'ingest-quality',
        label: '数据质量',
        path: '/ingest/quality',
        roles: providerOps,
        built: true,
        summary: '按部门和信息类别统计归集数据的完整性、及时性和准确性问题。',
      },
    ],
  },
  {
    key: 'checks',
    label: '信用核查',
    items: [
      {
        key: 'checks-single',
        label: '单个核查',
        path: '/checks/single',
        roles: checkers,
        built: true,
        summary: '按应用场景核查单个主体，给出应实施的守信激励或失信惩戒措施。',
      },
      {
        key: 'checks-compare',
        label: '批量比对',
        path: '/checks/compare',
        roles: checkers,
        built: true,
        summary: '上传主体名单（最多 100,000 行）批量比对红黑名单、严重失信记录与措施清单，后台处理并可下载结果。',
      },
      {
        key: 'checks-share',
        label: '共享查询',
        path: '/checks/share',
        // share.query: departments using shared data
        roles: ['consumer'],
        built: true,
        summary:
          '按统一社会信用代码、名称和代码或身份证号查询主体的政务共享信用记录，须说明用途（记入主体的查询记录）。',
      },
      {
        key: 'checks-watches',
        label: '监测预警',
        path: '/checks/watches',
        // watch.manage
        roles: ['consumer'],
        built: true,
        summary: '管理本部门的监测名单：订阅主体的信用变化和预警，查看事件与推送状态，重新推送失败的事件。',
      },
      {
        key: 'checks-batch',
        label: '批量核查',
        path: '/checks/batch',
        roles: checkers,
        built: true,
        summary: '上传 1,000 个以内的主体名单，立即逐个核查应实施的措施并出具核查回执（可登记反馈）。',
      },
      {
        key: 'checks-feedback',
        label: '反馈待办',
        path: '/checks/feedback',
        roles: checkers,
        built: true,
        summary: '对核查结果登记措施实施情况（已实施、未实施、部分实施）。',
      },
      {
        key: 'checks-commitments',
        label: '信用承诺',
        path: '/checks/commitments',
        roles: ['consumer', 'provider', 'operator'],
        built: true,
        summary: '登记申请人作出的信用承诺（告知承诺、容缺受理等），跟踪履约期限，登记履约或认定违诺。',
      },
      {
        key: 'checks-review',
        label: '信用审查',
        path: '/checks/review',
        // check.run: only departments using data run checks
        roles: ['consumer'],
        built: true,
        summary: '审批前对申请人进行信用审查：行政审批场景的奖惩措施核查结果和信用承诺履约记录。',
      },
      {
        key: 'checks-inspections',
        label: '双随机抽查',
        path: '/checks/inspections',
        // inspection.read: departments run their own plans (inspection.manage), the credit office and auditors read
        roles: ['provider', 'operator', 'auditor'],
        built: true,
        summary: '按信用等级分层随机抽取检查对象、随机匹配执法检查人员，公布种子承诺并揭示种子，登记并公示检查结果。',
      },
    ],
  },
  {
    key: 'reports',
    label: '信用报告',
    items: [
      {
        key: 'reports-issue',
        label: '出具报告',
        path: '/reports/issue',
        // report.issue
        roles: ['operator', 'consumer'],
        built: true,
        summary: '为信用主体出具完整、专项、场景或公共信用信息概况报告，说明用途，下载带签名的 PDF。',
      },
      {
        key: 'reports-list',
        label: '已出具报告',
        path: '/reports/list',
        // report.read: the credit office and auditors see every report, a department its own
        roles: ['operator', 'auditor', 'consumer'],
        built: true,
        summary: '按种类、部门、主体和日期查看已出具的信用报告及其状态，下载 PDF。',
      },
      {
        key: 'reports-batch',
        label: '批量出具',
        path: '/reports/batch',
        roles: ['operator', 'consumer'],
        built: true,
        summary: '上传主体名单（最多 500 个）批量出具同一种报告，查看进度，下载全部报告的压缩包。',
      },
    ],
  },
  {
    key: 'rights',
    label: '异议与修复',
    items: [
      {
        key: 'rights-objections',
        label: '异议处理',
        path: '/rights/objections',
        roles: caseHandlers,
        built: true,
        summary: '受理信用主体对信用信息提出的异议，转提供单位核实并作出决定，按工作日计时。',
      },
      {
        key: 'rights-repairs',
        label: '信用修复',
        path: '/rights/repairs',
        roles: caseHandlers,
        built: true,
        summary: '办理信用修复申请：认定单位审核并作出决定，修复后终止公示并通知相关单位。',
      },
      {
        key: 'rights-list-exits',
        label: '申请移出',
        path: '/rights/list-exits',
        roles: caseHandlers,
        built: true,
        summary: '办理信用主体按名单移出条件提出的提前移出申请：列入部门审核，同意后即日移出名单。',
      },
      {
        key: 'rights-tips',
        label: '举报处理',
        path: '/rights/tips',
        roles: caseHandlers,
        built: true,
        summary: '分办公众举报，承办部门核查并登记结果与奖励。',
      },
    ],
  },
  {
    key: 'lists',
    label: '名单管理',
    items: [
      {
        key: 'lists-red',
        label: '红名单',
        path: '/lists/red',
        roles: listReaders,
        built: true,
        summary: '管理守信激励对象名单的认定、公示、移出及其依据。',
        editors: ops,
        readSummary: '查看守信激励对象名单的认定、公示、移出及其依据。',
      },
      {
        key: 'lists-black',
        label: '黑名单',
        path: '/lists/black',
        roles: listReaders,
        built: true,
        summary: '管理失信惩戒对象名单的认定、公示、移出及其依据。',
        editors: ops,
        readSummary: '查看失信惩戒对象名单的认定、公示、移出及其依据。',
      },
      {
        key: 'lists-focus',
        label: '重点关注',
        path: '/lists/focus',
        roles: listReaders,
        built: true,
        summary: '管理重点关注名单，跟踪关注期限与整改情况。',
        editors: ops,
        readSummary: '查看重点关注名单及其关注期限。',
      },
      {
        key: 'lists-sme',
        label: '优质中小企业',
        path: '/lists/sme',
        // grading.read
        roles: listReaders,
        built: true,
        summary:
          '信易贷：按信用等级、红黑名单和严重失信记录筛选信用良好的中小企业、个体工商户和农民专业合作社，列明入选理由。',
      },
    ],
  },
  {
    key: 'catalog',
    label: '目录与规则',
    items: [
      {
        key: 'catalog-classes',
        label: '信用信息目录',
        path: '/catalog/classes',
        roles: catalogReaders,
        built: true,
        summary: '维护信用信息目录中的信息类别、字段定义和版本。',
        editors: ops,
        readSummary: '查看信用信息目录中的信息类别、字段定义和历次版本。',
      },
      {
        key: 'catalog-periods',
        label: '公示期规则',
        path: '/catalog/periods',
        roles: catalogReaders,
        built: true,
        summary: '按信息类别和严重程度（轻微、一般、严重）设置公示期限规则。',
        editors: ops,
        readSummary: '查看各信息类别按严重程度（轻微、一般、严重）确定的公示期限。',
      },
      {
        key: 'catalog-measures',
        label: '措施清单',
        path: '/catalog/measures',
        roles: measureReaders,
        built: true,
        summary: '维护各应用场景下的守信激励和失信惩戒措施清单及法律依据。',
        editors: ops,
        readSummary: '查看各应用场景下的守信激励和失信惩戒措施清单及法律依据。',
      },
      {
        key: 'catalog-grading',
        label: '评价模型',
        path: '/catalog/grading',
        roles: gradingReaders,
        built: true,
        summary: '维护公共信用综合评价模型（维度、评分项、等级划分）的版本，校验后保存；设定评价结果是否在门户公开。',
        editors: ops,
        readSummary: '查看公共信用综合评价模型的维度、评分项、等级划分和历次版本。',
      },
      {
        key: 'catalog-calendar',
        label: '工作日历',
        path: '/catalog/calendar',
        roles: catalogReaders,
        built: true,
        summary: '维护法定节假日与调休安排，用于计算办理时限。',
        editors: ops,
        readSummary: '查看法定节假日与调休安排（计算办理时限所用的工作日）。',
      },
      {
        key: 'catalog-deadlines',
        label: '办理期限',
        path: '/catalog/deadlines',
        roles: catalogReaders,
        built: true,
        summary: '异议、信用修复、举报各环节的办理期限（工作日）及依据；修改只适用于新开始的案件。',
        editors: ops,
        readSummary: '查看异议、信用修复、举报各环节的办理期限（工作日）及依据。',
      },
    ],
  },
  {
    key: 'entities',
    label: '主体管理',
    items: [
      {
        key: 'entities-lookup',
        label: '主体查询',
        path: '/entities/lookup',
        roles: ['operator', 'consumer'],
        built: true,
        summary:
          '按名称片段、任意代码或身份证件号码（须说明用途）查询主体，查看一户一档：各范围的信用记录、名单、承诺、核查和变更。',
      },
      {
        key: 'entities-unmatched',
        label: '待匹配主体',
        path: '/entities/unmatched',
        roles: ops,
        built: true,
        summary: '处理归集时未能自动匹配到主体的记录，人工确认或新建主体。',
      },
      {
        key: 'entities-subjects',
        label: '主体账户',
        path: '/entities/subjects',
        roles: ops,
        built: true,
        summary: '为企业和个人发放账户激活码，审核主体添加的经办人。',
      },
    ],
  },
  {
    key: 'stats',
    label: '统计分析',
    items: [
      {
        key: 'stats-ingest',
        label: '归集统计',
        path: '/stats/ingest',
        roles: opsAuditor,
        built: true,
        summary: '按月、信息类别和部门统计数据归集量、拒收率、超期报送及主要错误。',
      },
      {
        key: 'stats-checks',
        label: '核查统计',
        path: '/stats/checks',
        roles: opsAuditor,
        built: true,
        summary: '统计信用核查次数、应用场景分布和措施反馈情况。',
      },
      {
        key: 'stats-grades',
        label: '评价分布',
        path: '/stats/grades',
        roles: gradingReaders,
        built: true,
        summary: '按评价等级、区县、行业门类和逐月月末统计公共信用综合评价结果的分布。',
      },
      {
        key: 'stats-units',
        label: '部门/区县',
        path: '/stats/units',
        roles: opsAuditor,
        built: true,
        summary: '按部门和区县对比报送质量（拒收率、超期率、待匹配）与信用核查的使用和反馈。',
      },
    ],
  },
  {
    key: 'audit',
    label: '审计',
    items: [
      {
        key: 'audit-events',
        label: '审计日志',
        path: '/audit/events',
        roles: ['auditor', 'operator'],
        built: true,
        summary: '按操作、操作人和时间筛选审计事件并导出。',
      },
      {
        key: 'audit-verify',
        label: '完整性校验',
        path: '/audit/verify',
        roles: ['auditor'],
        built: true,
        summary: '重新计算审计日志的哈希链，确认日志未被篡改。',
      },
      {
        key: 'audit-proofs',
        label: '检查点与证明',
        path: '/audit/proofs',
        roles: ['auditor'],
        built: true,
        summary: '核对审计日志的最新签名检查点，在浏览器中验证事件的包含证明和两个检查点之间的一致性证明。',
      },
    ],
  },
  {
    key: 'portal',
    label: '门户管理',
    items: [
      {
        key: 'portal-content',
        label: '门户内容',
        path: '/portal/content',
        roles: ops,
        built: true,
        summary: '编辑门户的政策法规、新闻动态、典型案例和通知公告：保存版本、发布、撤下，查看版本历史。',
      },
    ],
  },
  {
    key: 'system',
    label: '系统管理',
    items: [
      {
        key: 'system-departments',
        label: '部门',
        path: '/system/departments',
        roles: ops,
        built: true,
        summary: '登记接入平台的部门，维护其名称、统一社会信用代码和所属区县。',
      },
      {
        key: 'system-users',
        label: '用户',
        path: '/system/users',
        roles: ops,
        built: true,
        summary: '创建、停用和启用用户账号，分配角色、所属部门、区县和绑定主体，重置密码，解除登录限制。',
      },
      {
        key: 'system-keys',
        label: '访问密钥',
        path: '/system/keys',
        roles: ops,
        built: true,
        summary: '为对接系统签发（只显示一次）和吊销 API 访问密钥，查看最近使用时间。',
      },
      {
        key: 'system-agencies',
        label: '信用服务机构',
        path: '/system/agencies',
        roles: ops,
        built: true,
        summary: '信用服务机构备案：登记备案编号和业务范围，暂停、恢复、注销，管理机构的账户和接口密钥。',
      },
      {
        key: 'system-peers',
        label: '对接平台',
        path: '/system/peers',
        roles: ops,
        built: true,
        summary: '登记与本平台交换数据的其他平台：交换类别、最近同步、同步滞后与错误，修改、停用、立即拉取。',
      },
      {
        key: 'system-outbox',
        label: '对外投递',
        path: '/system/outbox',
        roles: opsAuditor,
        built: true,
        summary: '推送给部门和其他平台的结果：投递状态、重试、应投递期限（剩余工作日，逾期标红）。',
      },
      {
        key: 'system-inbox',
        label: '站内通知',
        path: '/system/inbox',
        roles: ['operator', 'auditor', 'provider', 'consumer'],
        built: true,
        summary: '发给本人、本部门、本角色的通知（案件进展、待办投递、期限提醒）。',
      },
    ],
  },
]

export function allNavItems(): ConsoleNavItem[] {
  return consoleNav.flatMap((group) => group.items)
}

/** The groups (and within them the items) a role may see; empty groups are dropped. */
export function navForRole(role: string): ConsoleNavGroup[] {
  return consoleNav
    .map((group) => ({
      ...group,
      items: group.items.filter((item) => (item.roles as readonly string[]).includes(role)),
    }))
    .filter((group) => group.items.length > 0)
}

/** What a role is told the page does: the read-only wording for a role that cannot change it. */
export function summaryFor(item: ConsoleNavItem, role: string): string {
  if (item.editors && item.readSummary && !(item.editors as readonly string[]).includes(role)) return item.readSummary
  return item.summary
}

export function canSee(item: ConsoleNavItem, role: string): boolean {
  return (item.roles as readonly string[]).includes(role)
}

/** The nav item and its group for a console path (below the basename), if any. */
export function findNavItem(path: string): { group: ConsoleNavGroup; item: ConsoleNavItem } | undefined {
  for (const group of consoleNav) {
    for (const item of group.items) {
      if (path === item.path || path.startsWith(`${item.path}/`)) return { group, item }
    }
  }
  return undefined
}
