import { defineErrors } from '../../core/errors.js'

export const recordError = defineErrors({
  'record.not_found': { status: 404, message: '未找到该信用记录，请核对记录编号。' },
  'record.batch_not_found': { status: 404, message: '未找到该报送批次，请核对批次编号。' },
  'record.reason_required': { status: 422, message: '撤销或更正须填写原因（reason）。' },
  'record.already_revoked': { status: 409, message: '该记录已撤销。' },
  'record.not_provider': { status: 403, message: '只能撤销或更正本部门报送的记录。' },
  'record.conflict': { status: 409, message: '记录已被其他操作修改，请刷新后重试。' },
  'record.inactive': {
    status: 409,
    message: (d) =>
      `该记录当前状态为「${d.state === 'revoked' ? '已撤销' : d.state === 'repaired' ? '已信用修复' : String(d.state)}」，不能更正。`,
  },
  'record.not_listed': { status: 409, message: '该记录不是仍在名单期内的名单记录，无需移出。' },
  'record.list_exit_same_day': {
    status: 422,
    message: (d) =>
      `该名单条目今天（${String(d.from ?? '')}）才列入，提前移出会使移出日期早于列入日期：如列入有误，请撤销该记录。`,
  },
  'record.list_exit_unsupported': {
    status: 422,
    message: (d) => `「${String(d.className ?? '')}」没有「移出日期」字段，不能通过更正提前移出：请撤销该记录。`,
  },
  // refusals of a correction (更正) or early removal (提前移出) through the collection pipeline
  // (flows/objections/correction.ts); `action` names which of the two was refused
  'record.fields_required': {
    status: 400,
    message: '请在 fields 中填写要更正的字段（字段代码 -> 新值），至少一项。',
  },
  'record.field_unknown': {
    status: 422,
    message: (d) =>
      `记录类别「${String(d.className ?? '')}」没有字段「${String(d.field ?? '')}」：请使用该类别的字段代码。`,
  },
  'record.field_locked': {
    status: 422,
    message: (d) =>
      `字段「${String(d.label ?? d.field ?? '')}」标识记录本身（主体身份或文书号），不能更正；如记录整体有误，请撤销该记录后重新报送。`,
  },
  'record.correction_rejected': {
    status: 422,
    message: (d) =>
      `${String(d.action ?? '更正')}未通过数据校验，记录未作任何修改：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : '请检查更正字段'}。`,
  },
  'record.correction_unchanged': {
    status: 422,
    message: '更正后的内容与现有记录相同，记录未作修改：请修改至少一个字段的值。',
  },
  'record.not_active': {
    status: 409,
    message: (d) =>
      `该记录当前状态为「${d.state === 'revoked' ? '已撤销' : d.state === 'repaired' ? '已信用修复' : String(d.state)}」，不能信用修复。`,
  },
})
