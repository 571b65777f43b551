// A realistic 公共信用信息概况 (public overview) of an enterprise with `records` administrative records, for the report
// benchmark and the PDF tests: every block type, a table long enough to break across pages, footnotes.
import type { ReportDocument } from '../../src/modules/reports/report.document.js'

const CAUSES = [
  ['未按规定公示年度报告', '《企业信息公示暂行条例》第八条', '警告'],
  ['销售不符合食品安全标准的食品', '《中华人民共和国食品安全法》第一百二十四条', '罚款人民币二万元，没收违法所得'],
  ['擅自改变建设工程用途', '《建设工程质量管理条例》第六十九条', '责令改正，罚款人民币五万元'],
  ['未按规定办理排污许可证', '《排污许可管理条例》第三十三条', '罚款人民币十二万元'],
  ['虚假宣传商品功效', '《中华人民共和国反不正当竞争法》第二十条', '罚款人民币八万元'],
] as const

const AUTHORITIES = [
  '浙江省杭州市市场监督管理局',
  '杭州市生态环境局',
  '杭州市住房和城乡建设局',
  '杭州市西湖区应急管理局',
]

export function sampleReportDocument(
  options: { records?: number; number?: string; keyId?: string; issuedAt?: string } = {},
): ReportDocument {
  const records = options.records ?? 20
  const number = options.number ?? 'XYBG-20260601-000123'
  const rows = Array.from({ length: records }, (_, i) => {
    const [cause, basis, result] = CAUSES[i % CAUSES.length] as readonly [string, string, string]
    const day = String(1 + ((i * 7) % 28)).padStart(2, '0')
    const month = String(1 + (i % 12)).padStart(2, '0')
    const marks = i === 3 ? '（已修复，注1）' : i === 7 ? '（异议处理中，注2）' : ''
    return {
      docNo: `杭市监罚〔2025〕${1000 + i * 37}号`,
      cause: `${cause}${marks}`,
      basis,
      result,
      authority: AUTHORITIES[i % AUTHORITIES.length] as string,
      date: `2025-${month}-${day}`,
    }
  })
  return {
    format: 'gongxin-report/v1',
    number,
    kind: 'public_overview',
    title: '公共信用信息概况',
    issuedAt: options.issuedAt ?? '2026-06-01T02:00:00.000Z',
    validUntil: '2026-06-30',
    issuer: { name: '浙江省公共信用信息平台', url: 'https://credit.example.gov.cn' },
    template: {
      code: 'public_overview',
      version: 1,
      hash: 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    },
    subject: {
      entityId: '01J0000000000000000000ABCD',
      name: '杭州西溪云栖数字科技有限公司',
      kind: 'enterprise',
      kindLabel: '企业法人',
      uscc: '91330106MA2H0ABC1X',
    },
    recipient: { kind: 'public' },
    period: { from: '2021-06-01', to: '2026-06-01' },
    keyId: options.keyId ?? '0000000000000000',
    verify: { url: `https://credit.example.gov.cn/portal/reports/verify?number=${number}`, code: 'K7Q2-M9XD' },
    sections: [
      {
        code: 'basic',
        title: '基本信息',
        blocks: [
          {
            type: 'fields',
            rows: [
              { label: '法定代表人', value: '王**' },
              { label: '成立日期', value: '2018年03月12日' },
              { label: '注册资本', value: '5000万元人民币' },
              { label: '登记机关', value: '杭州市西湖区市场监督管理局' },
              { label: '经营状态', value: '存续（在营、开业、在册）' },
              {
                label: '住所',
                value: '浙江省杭州市西湖区三墩镇西园八路11号2幢5层501室，浙江省杭州市西湖区文三路478号华星时代广场A座',
              },
              {
                label: '经营范围',
                value:
                  '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；数据处理和存储支持服务；人工智能应用软件开发；物联网技术服务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。',
              },
            ],
          },
        ],
      },
      {
        code: 'counts',
        title: '信用信息概况',
        note: '统计期间内平台归集的公共信用信息条数（不含已撤销的信息）。',
        blocks: [
          {
            type: 'table',
            columns: [
              { key: 'cls', label: '信息类别', width: 3 },
              { key: 'n', label: '条数', width: 1 },
              { key: 'note', label: '说明', width: 4 },
            ],
            rows: [
              { cls: '行政许可', n: '6', note: '均在有效期内' },
              { cls: '行政处罚', n: String(records), note: `其中简易程序 ${Math.floor(records / 4)} 条，已修复 1 条` },
              { cls: '行政强制', n: '0', note: '无' },
              { cls: '严重失信主体名单', n: '0', note: '无' },
              { cls: '守信激励', n: '2', note: 'A 级纳税人（2024、2025 年度）' },
            ],
            empty: '无',
          },
        ],
      },
      {
        code: 'penalties',
        title: '行政处罚信息',
        note: '标注「已修复」的记录已完成信用修复，仅作历史记录展示。',
        blocks: [
          {
            type: 'table',
            caption: `行政处罚（共 ${records} 条）`,
            columns: [
              { key: 'docNo', label: '决定书文号', width: 2.2 },
              { key: 'cause', label: '违法行为类型', width: 2.6 },
              { key: 'basis', label: '处罚依据', width: 2.6 },
              { key: 'result', label: '处罚结果', width: 2.2 },
              { key: 'authority', label: '处罚机关', width: 2.2 },
              { key: 'date', label: '决定日期', width: 1.4 },
            ],
            rows,
            empty: '无',
          },
        ],
      },
      {
        code: 'lists',
        title: '严重失信主体名单',
        blocks: [
          {
            type: 'table',
            columns: [
              { key: 'list', label: '名单', width: 2 },
              { key: 'authority', label: '认定机关', width: 2 },
              { key: 'date', label: '列入日期', width: 1 },
            ],
            rows: [],
            empty: '无',
          },
        ],
      },
      {
        code: 'commitments',
        title: '信用承诺及履行情况',
        blocks: [
          {
            type: 'text',
            text: '该主体于2025年04月作出行政审批告知承诺1项（食品经营许可），承诺事项已按期履行，未发现违反承诺的情形。',
          },
        ],
      },
    ],
    footnotes: [
      { mark: '注1', text: '该记录已于2025年11月完成信用修复，自修复之日起不再公示，本报告仅作为历史记录列示。' },
      { mark: '注2', text: '该记录的主体已提出异议，正在核实处理中，处理结果以认定机关的结论为准。' },
    ],
  }
}
