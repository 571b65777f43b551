import { defineErrors } from '../../core/errors.js'

export const publicError = defineErrors({
  'public.entity_not_found': { status: 404, message: '未找到该主体的公开信用信息，请核对主体编号或通过搜索查找。' },
  'public.record_not_found': {
    status: 404,
    message: '未找到该公开信用记录：记录不存在，或已撤销、已修复、已过公示期、不属于社会公开范围。',
  },
  'public.not_a_list': {
    status: 404,
    message: (d) => `「${String(d.class ?? '')}」不是红名单、黑名单或重点关注名单类别。`,
  },
  'public.class_not_public': {
    status: 404,
    message: (d) => `信息类别「${String(d.class ?? '')}」不存在或不向社会公开。`,
  },
})
