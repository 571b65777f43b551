import { type Static, Type } from '@sinclair/typebox'
import { StringEnum } from '../../http/typed.js'
import { FILE_MIMES } from './files.content.js'
import type { FileRow } from './files.repository.js'

const fileProperties = {
  id: Type.String(),
  name: Type.String({ description: '上传时的文件名（去除路径与控制字符，身份证号码已脱敏；扩展名与内容类型一致）' }),
  size: Type.Integer({ description: '字节数' }),
  sha256: Type.String({ description: '内容的 SHA-256（十六进制）' }),
  mime: StringEnum(FILE_MIMES, { description: '按内容识别的类型' }),
}

/** A file as every answer shows it (upload, meta, a case's evidence). */
export const FileSchema = Type.Object({ ...fileProperties, createdAt: Type.String() })
export type FileJson = Static<typeof FileSchema>

/** The answer to an upload: the file, and for an anonymous upload the token that attaches it (shown once). */
export const UploadedFileSchema = Type.Object({
  ...fileProperties,
  createdAt: Type.String(),
  uploadToken: Type.Optional(
    Type.String({
      description:
        '仅匿名上传返回：提交举报时与文件编号一并提交；同一次举报的其他文件上传时在表单字段 uploadToken 中带上它（24 小时内有效）',
    }),
  ),
})
export type UploadedFileJson = Static<typeof UploadedFileSchema>

/** A file attached to a case, with the instant it was attached. */
export const AttachedFileSchema = Type.Object({
  ...fileProperties,
  createdAt: Type.String(),
  attachedAt: Type.String(),
})
export type AttachedFileJson = Static<typeof AttachedFileSchema>

export function presentFile(row: FileRow): FileJson {
  return {
    id: row.id,
    name: row.name,
    size: Number(row.size),
    sha256: row.sha256,
    mime: row.mime as FileJson['mime'],
    createdAt: row.created_at,
  }
}

export function presentAttachedFile(row: FileRow & { attached_at: string }): AttachedFileJson {
  return { ...presentFile(row), attachedAt: row.attached_at }
}
