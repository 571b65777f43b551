import { systemActor } from '../../src/core/actor.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment } from '../../src/modules/access/index.js'
import type { TestContext } from '../support/context.js'

export const actor = systemActor('test')

export const rng = createRng(2026)
export const SCJG_USCC = generateUscc(rng, { dept: '1', category: '1', region: '120000' })
export const SW_USCC = generateUscc(rng, { dept: '1', category: '1', region: '120000' })

export async function seedDepartments(ctx: TestContext): Promise<void> {
  await addDepartment(ctx, actor, {
    code: 'tj-scjg',
    name: '天津市市场监督管理委员会',
    uscc: SCJG_USCC,
    district: '120000',
  })
  await addDepartment(ctx, actor, {
    code: 'tj-sw',
    name: '国家税务总局天津市税务局',
    uscc: SW_USCC,
    district: '120000',
  })
}

/** One national-format 行政处罚 row (CF_ codes), valid unless overridden. */
export function penaltyRow(over: Record<string, string> = {}): Record<string, string> {
  return {
    CF_XDR_MC: '天津市滨海测试贸易有限公司',
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: COMPANY_USCC,
    CF_FRDB: '王五',
    CF_WSH: '津市监罚〔2026〕1号',
    CF_WFXW: '销售不合格产品',
    CF_SY: '经查，当事人销售不合格产品。',
    CF_YJ: '《中华人民共和国产品质量法》第四十九条',
    CF_CFLB: '罚款;没收违法所得',
    CF_NR: '罚款人民币2万元，没收违法所得。',
    CF_NR_FK: '2',
    CF_JDRQ: '2026-05-28',
    CF_CFJG: '天津市市场监督管理委员会',
    CF_CFJGDM: SCJG_USCC,
    CF_SJLY: '天津市市场监督管理委员会',
    CF_SJLYDM: SCJG_USCC,
    ...over,
  }
}

export const COMPANY_USCC = generateUscc(rng, { dept: '9', category: '1', region: '120116' })
export const OTHER_USCC = generateUscc(rng, { dept: '9', category: '2', region: '120101' })
export const ADULT_ID = generateResidentId(rng, { region: '120101', birthDate: '1980-06-15', sex: 'male' })
export const MINOR_ID = generateResidentId(rng, { region: '120101', birthDate: '2010-06-15', sex: 'female' })

export function rowsOf(list: Record<string, string>[]): {
  headers: string[]
  rows: { rowNo: number; values: Record<string, string> }[]
} {
  const headers = [...new Set(list.flatMap((r) => Object.keys(r)))]
  return { headers, rows: list.map((values, i) => ({ rowNo: i + 2, values })) }
}

/** Rows as CSV text: the union of their keys as headers, missing cells empty (no quoting: test values have no commas). */
export function csvOf(rows: Record<string, string>[]): string {
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  return `${headers.join(',')}\n${rows.map((r) => headers.map((h) => r[h] ?? '').join(',')).join('\n')}\n`
}
