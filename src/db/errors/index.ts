import { AppError, defineErrors } from '../../core/errors.js'

export const dbError = defineErrors({
  'db.unique_violation': { status: 409, message: (d) => `数据重复：${String(d.constraint ?? '唯一约束')}已存在相同的值。` },
  'db.foreign_key_violation': { status: 409, message: '引用的数据不存在或仍被其他数据引用。' },
  'db.not_null_violation': { status: 500, message: '缺少必填的数据列。' },
  'db.busy': { status: 503, message: '数据库繁忙，请稍后重试。' },
  'db.unreachable': {
    status: 503,
    message: (d) => `无法连接数据库 ${String(d.target)}：${String(d.reason)}。请检查 GONGXIN_DB 设置以及数据库服务是否已启动。`,
  },
  'db.unwritable': {
    status: 500,
    message: (d) => `无法打开数据库文件 ${String(d.path)}：${String(d.reason)}。请检查路径是否存在、是否有写权限（GONGXIN_DB 或 --db）。`,
  },
  'db.not_migrated': {
    status: 503,
    message: (d) => `数据库 ${String(d.target)} 尚未初始化或版本过旧，请先运行 \`gongxin migrate\`（或 \`gongxin demo\`）。`,
  },
  'db.error': { status: 500, message: '数据库操作失败。' },
})

/** Maps a driver error to a coded AppError; returns the input when it is not a driver error. */
export type ErrorTranslator = (e: unknown) => unknown

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof AppError && e.code === 'db.unique_violation'
}
