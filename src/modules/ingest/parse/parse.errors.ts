// Error codes of the file readers. File-level codes are thrown as AppError by openRowSource (the whole file is
// refused); row-level codes come back in SourceRow.error and the pipeline reports the row and goes on.
import { defineErrors, type ErrorDetails } from '../../../core/errors.js'

function num(d: ErrorDetails, k: string): string {
  return String(d[k] ?? '?')
}

/** Bytes as megabytes for a message: 64 MB, 0.5 MB. */
function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return `${Number.isInteger(mb) ? mb : Number(mb.toFixed(mb < 1 ? 3 : 1))} MB`
}

export const PARSE_ERROR_SPECS = {
  // file level
  'ingest.unsupported_format': {
    status: 415,
    message: (d: ErrorDetails) => {
      const ext = String(d.ext ?? '')
      if (d.kind === 'xls') {
        return `不支持 ${ext || '.xls'} 格式（Excel 97-2003 工作簿，或已加密的 Excel 文件）：请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再上传；加密的文件请先取消密码。`
      }
      return `不支持 ${ext || '该'} 格式的文件：请上传 CSV（.csv，UTF-8 或 GBK 编码）、Excel 工作簿（.xlsx）或 JSON Lines（.jsonl）文件。`
    },
  },
  'ingest.unreadable': {
    status: 422,
    message: (d: ErrorDetails) => `无法读取文件：${String(d.reason ?? '文件为空或已损坏')}。请检查文件后重新上传。`,
  },
  'ingest.xlsx_too_large': {
    status: 413,
    message: (d: ErrorDetails) => {
      const resave = '请在 Excel 中打开并另存为新的 .xlsx 文件，或另存为 CSV（UTF-8）后重新上传'
      if (d.kind === 'entries')
        return `XLSX 文件包含的部件超过 ${num(d, 'limit')} 个，文件可能已损坏或被恶意构造：${resave}。`
      if (d.kind === 'elements')
        return `XLSX 文件的工作表中「${String(d.element ?? '')}」元素超过 ${num(d, 'limit')} 个（超出 Excel 自身的上限），文件可能已损坏或被恶意构造：${resave}。`
      if (d.kind === 'cell')
        return `XLSX 文件中有单元格（或标记）超过 ${num(d, 'limit')} 个字符：请精简内容过长的单元格，或另存为 CSV（UTF-8）后重新上传。`
      const limit = Number(d.limitBytes)
      const declared = typeof d.declaredBytes === 'number' ? d.declaredBytes : null
      const what =
        d.kind === 'sheet'
          ? '工作表'
          : d.kind === 'shared_strings'
            ? '文字内容（共享字符串表）'
            : `部件「${String(d.part ?? '')}」`
      const head = `XLSX 文件中的${what}解压后超过 ${megabytes(limit)} 的上限${declared !== null ? `（文件声明为 ${megabytes(declared)}）` : ''}`
      if (d.kind === 'part') return `${head}，文件可能已损坏或被恶意构造：${resave}。`
      const files = declared !== null ? Math.ceil(declared / limit) : null
      return `${head}：请按行把数据拆分为${files !== null ? ` ${files} 个或更多` : '多个'}较小的文件（每个文件保留表头行）分别上传，或在 Excel 中另存为 CSV（UTF-8）后上传（CSV 不受此限制）。`
    },
  },
  // row level (SourceRow.error)
  'ingest.ragged_row': {
    status: 422,
    message: (d: ErrorDetails) =>
      d.format === 'xlsx'
        ? `第 ${num(d, 'row')} 行有 ${num(d, 'got')} 列，表头有 ${num(d, 'expected')} 列：表头以外的列有内容，请删除多余内容或补上表头。`
        : `第 ${num(d, 'row')} 行有 ${num(d, 'got')} 列，表头有 ${num(d, 'expected')} 列：请检查该行是否多了或少了分隔符（逗号），含逗号的内容须用英文双引号括起来。`,
  },
  'ingest.bad_quotes': {
    status: 422,
    message: (d: ErrorDetails) =>
      `第 ${num(d, 'row')} 行的引号不配对：以双引号开头的内容须以双引号结束，内容中的双引号须写成两个（""）。该行未导入，其后各行照常处理。`,
  },
  'ingest.cell_too_large': {
    status: 422,
    message: (d: ErrorDetails) =>
      `第 ${num(d, 'row')} 行有单元格超过 ${num(d, 'limit')} 个字符（约 1 MB）：请精简内容，或检查是否有引号未闭合。`,
  },
  'ingest.bad_json': {
    status: 422,
    message: (d: ErrorDetails) =>
      `第 ${num(d, 'row')} 行不是有效的 JSON 对象：${String(d.reason ?? '')}。每行应为一个 {"字段":"值"} 形式的对象。`,
  },
  'ingest.bad_encoding': {
    status: 422,
    message: (d: ErrorDetails) =>
      `第 ${num(d, 'row')} 行含有无法识别的字符：文件可能混用了 UTF-8 和 GBK 编码。请将整个文件另存为 UTF-8 编码后重新上传。`,
  },
  'ingest.too_many_columns': {
    status: 422,
    message: (d: ErrorDetails) => `第 ${num(d, 'row')} 行超过 ${num(d, 'limit')} 列：请检查分隔符是否正确。`,
  },
} as const

export type ParseErrorCode = keyof typeof PARSE_ERROR_SPECS
export type RowErrorCode = Exclude<
  ParseErrorCode,
  'ingest.unsupported_format' | 'ingest.unreadable' | 'ingest.xlsx_too_large'
>

/** Throws-ready factory for the file-level codes (and any other code of this table). */
export const parseError = defineErrors(PARSE_ERROR_SPECS)

/** The { code, message } of a row-level problem, as SourceRow.error carries it. */
export function rowError(code: RowErrorCode, details: ErrorDetails): { code: string; message: string } {
  return { code, message: PARSE_ERROR_SPECS[code].message(details) }
}
