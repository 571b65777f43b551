import { defineErrors } from '../../core/errors.js'

export const contentError = defineErrors({
  'content.not_found': {
    status: 404,
    message: (d) => `内容「${String(d.id ?? '')}」不存在${d.version ? `（或没有第 ${String(d.version)} 版）` : ''}。`,
  },
  'content.field_invalid': {
    status: 400,
    message: (d) => `「${String(d.label)}」不正确：${String(d.rule)}。`,
  },
  'content.conflict': {
    status: 409,
    message: (d) =>
      `该内容已被他人修改（当前为第 ${String(d.version)} 版，您编辑的是第 ${String(d.expected)} 版）：请刷新后在最新版本上修改。`,
  },
  'content.already_published': {
    status: 409,
    message: (d) => `第 ${String(d.version)} 版已在门户发布，无需再次发布。`,
  },
  'content.not_published': {
    status: 409,
    message: '该内容当前未在门户发布，无需撤下。',
  },
})
