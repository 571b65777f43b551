import { defineErrors } from '../../core/errors.js'

export const demoError = defineErrors({
  'demo.not_empty': {
    status: 409,
    message: (d) =>
      `数据库 ${String(d.target ?? '')} 中已有 ${String(d.entities ?? '')} 个主体：演示城市只能建在空数据库上，以免与真实数据混在一起。` +
      '请用 --db 指定一个新的数据库文件（例如 gongxin demo --db var/demo-2.db），或先备份并删除旧的数据库文件。',
  },
  'demo.bad_options': {
    status: 400,
    message: (d) => `演示城市参数不正确：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
})
