import { defineErrors } from '../../core/errors.js'

/** Errors that refuse a whole batch. Row problems are not thrown: they go to the batch's error report. */
export const ingestError = defineErrors({
  'ingest.unknown_class': {
    status: 422,
    message: (d) =>
      `未知的信用信息类别「${String(d.class)}」：请使用信用信息目录中的类别代码（gongxin catalog list）。`,
  },
  'ingest.missing_columns': {
    status: 422,
    message: (d) => `缺少必填列：${((d.columns as string[]) ?? []).join('、')}。请按模板补齐表头后重新提交。`,
  },
  'ingest.unknown_dept': {
    status: 422,
    message: (d) => `未登记的部门「${String(d.dept)}」：请核对部门代码（gongxin dept list）。`,
  },
  'ingest.dept_required': {
    status: 422,
    message: '无法确定报送部门：请指定 --dept，或在每行填写已登记部门的数据来源单位统一社会信用代码。',
  },
  'ingest.provider_not_allowed': {
    status: 403,
    message: (d) => `部门「${String(d.dept)}」不是「${String(d.className)}」的报送单位。`,
  },
  'ingest.too_many_rows': { status: 413, message: (d) => `单次最多提交 ${String(d.max)} 行，请分批提交。` },
  'ingest.batch_not_found': { status: 404, message: '未找到该报送批次。' },
  'ingest.batch_in_progress': {
    status: 409,
    message: (d) =>
      `同一文件正在处理中（批次 ${String(d.batchId)}）：请等它处理完毕后在「批次记录」查看结果，无需重复提交。`,
  },
  'ingest.rows_too_large': {
    status: 413,
    message: '文件中的行过大，解析时内存不足：请把内容很长的单元格精简，或把文件拆小后重新提交（已入库的行不会重复）。',
  },
})

/** Row-level issue codes and their Chinese messages (reports and docs read these). */
export const ROW_MESSAGES = {
  provider_mismatch: (d: string) => `数据来源单位（${d}）与报送部门不一致：只能报送本部门的数据。`,
  provider_unknown: (d: string) => `数据来源单位统一社会信用代码 ${d} 不属于已登记的部门：请核对，或指定报送部门。`,
  provider_not_allowed: (d: string) => `部门「${d}」不是该类信息的报送单位。`,
  /** Why the subject could not be determined (the resolver's message names the codes and names involved). */
  subject_unresolved_because: (why: string, queued: boolean) =>
    `无法确定行政相对人：${why}${queued ? '（该行已转入平台「待匹配主体」，由运维人员匹配或登记主体后代为归集；报送单位核对后重新报送亦可）' : ''}`,
  subject_no_identifier:
    '无法确定行政相对人：未填写统一社会信用代码、组织机构代码、工商注册号或行政相对人名称。请填写统一社会信用代码（自然人填写身份证件号码）。',
  subject_person_id_missing:
    '无法确定行政相对人：行政相对人为自然人，但未填写证件号码。自然人只按居民身份证号码确定，请填写证件类型「身份证」和居民身份证号码。',
  subject_person_id_type: (type: string) =>
    `无法确定行政相对人：证件类型为「${type}」。平台目前只按居民身份证号码确定自然人，请填写居民身份证号码；持其他证件的自然人暂不能归集，请联系平台运维人员。`,
  name_conflict: (uscc: string, name: string, others: readonly { name: string; uscc: string | null }[]) =>
    `名称「${name}」与已登记的主体${others.map((o) => `「${o.name}」（统一社会信用代码 ${o.uscc ?? '无'}）`).join('、')}相同，但统一社会信用代码不同：已按统一社会信用代码 ${uscc} 登记为新主体（统一社会信用代码终身唯一，以代码为准）。请核对名称。`,
  subject_kind_mismatch:
    '行政相对人类别与所填代码不一致：自然人应填写身份证件号码，法人及非法人组织、个体工商户应填写统一社会信用代码。',
  decision_in_future: '决定日期晚于今天：请核对日期。',
  valid_range: '有效期至早于有效期自：请核对有效期。',
  list_range: (until: string, from: string) =>
    `移出日期 ${until} 早于列入（决定）日期 ${from}：请核对移出日期；如列入有误，请撤销该记录。`,
  correct_unknown: '要更正的记录不存在：请先新增（_op 留空或填 add）。',
  revoke_unknown: '要撤销的记录不存在：请核对文书号与行政相对人。',
  record_repaired: (on: string) =>
    `该记录已于 ${on} 经认定单位同意信用修复，不再公示、共享和使用：已修复的记录不能重新报送、更正或撤销。如确属新的失信行为，请以新的决定文书号报送。`,
  reason_required: '撤销须在 _reason 列填写原因。',
  severity_invalid: '_severity 应为 minor（轻微）、general（一般）或 serious（严重）。',
  severity_reason_required: '调整失信严重程度须在 _reason 列说明理由。',
  publish_until_differs: (given: string, computed: string) =>
    `公示截止期 ${given} 与按规则计算的 ${computed} 不一致，以计算结果为准。`,
  calendar_year_unknown: (y: string) => `工作日历缺少 ${y} 年数据，无法判断是否超期报送。`,
  reason_missing: '更正未填写原因（_reason），建议补充。',
} as const
