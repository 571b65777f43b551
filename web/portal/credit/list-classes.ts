/**
 * The list kinds with what they mean, and the public list classes of the default catalog (data/catalog/classes/*.json
 * with `list`) shown until GET /api/v1/public/lists answers with every class and its counts.
 */
export const listGroups: readonly {
  kind: 'red' | 'black' | 'focus'
  label: string
  text: string
  classes: readonly { code: string; name: string }[]
}[] = [
  {
    kind: 'red',
    label: '红名单',
    text: '守信激励对象：依法认定的诚实守信主体，可在行政审批、评优评先等方面享受激励措施。',
    classes: [
      { code: 'honor', name: '诚实守信相关荣誉信息' },
      { code: 'tax_a_grade', name: '纳税信用A级纳税人' },
      { code: 'customs_aeo', name: '海关高级认证企业' },
    ],
  },
  {
    kind: 'black',
    label: '黑名单',
    text: '失信惩戒对象：依法依规认定的严重失信主体，在列入期间依法实施联合惩戒。',
    classes: [
      { code: 'court_defaulter', name: '失信被执行人' },
      { code: 'serious_dishonest', name: '严重违法失信名单' },
      { code: 'tax_violation', name: '重大税收违法失信主体' },
      { code: 'wage_arrears', name: '拖欠农民工工资失信联合惩戒对象' },
      { code: 'work_safety_dishonest', name: '安全生产严重失信主体名单' },
      { code: 'statistics_dishonest', name: '统计严重失信企业' },
    ],
  },
  {
    kind: 'focus',
    label: '重点关注名单',
    text: '存在失信行为、尚未达到严重失信认定标准的主体，列入期间加强监管。',
    classes: [
      { code: 'abnormal_operation', name: '经营异常名录' },
      { code: 'focus_list', name: '重点关注名单' },
    ],
  },
]
