// The blank template of a class (下载模板): Chinese headers (the Excel one with each field's code, whether it is
// required and its values in a note) and one example row, marked 【示例】 in its first cell and skipped on import.
import type { CatalogClass, CatalogField } from '../../modules/catalog/index.js'
import { EXAMPLE_ROW_MARK } from './plan-rows.js'

/** The roles the submitting department fills when left empty (prepare.ts fillOwnDept). */
const OWN_DEPT_ROLES = new Set(['authority_name', 'authority_uscc', 'provider_name', 'provider_uscc'])

export const OWN_DEPT_NOTE = '留空时按上传部门（本部门）的名称和统一社会信用代码填写'

/** An example value for one field (the example row is never imported: it only shows the expected form). */
function exampleValue(f: CatalogField): string {
  if (f.role && OWN_DEPT_ROLES.has(f.role)) return ''
  switch (f.role) {
    case 'subject_name':
      return '天津市某某商贸有限公司'
    case 'uscc':
      return '91120116MA05XXXX0X'
    case 'legal_rep':
      return '张三'
    case 'document_no':
      return '津某罚〔2026〕1号'
    case 'id_type':
    case 'id_number':
    case 'org_code':
    case 'reg_no':
      return ''
    default:
      break
  }
  switch (f.type) {
    case 'date':
      return f.role === 'valid_to' || f.role === 'publish_until' || f.role === 'list_until' ? '' : '2026-01-15'
    case 'amount':
      return f.unit === '万元' ? '0.5' : '5000'
    case 'integer':
      return '1'
    case 'enum':
      return f.enum?.[0] ?? ''
    case 'code':
      return ''
    default:
      return f.required ? `（填写${f.label}）` : ''
  }
}

/** The example row's cells in field order; the first cell opens with the example mark. */
export function exampleRow(cls: CatalogClass): string[] {
  const cells = cls.fields.map(exampleValue)
  cells[0] = `${EXAMPLE_ROW_MARK}${cells[0] ?? ''}`
  return cells
}

/** The Excel header note of a field: its code, required, its values, and the department's fill. */
export function headerNote(f: CatalogField): string {
  const own = f.role && OWN_DEPT_ROLES.has(f.role) ? `；${OWN_DEPT_NOTE}` : ''
  return `${f.code}${f.required ? '（必填）' : ''}${f.enum ? `：${f.enum.join('/')}` : ''}${own}`
}

/** The note on the example row's first cell (Excel) and what docs/file-formats.md says of it. */
export const EXAMPLE_NOTE = `第 2 行是示例，第一格以「${EXAMPLE_ROW_MARK}」开头的行导入时忽略，可直接删除或覆盖`
