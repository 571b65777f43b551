// A small city for the disclosure and public API tests: records created through the collection pipeline.
import { runIngest } from '../../src/flows/ingest/index.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment } from '../../src/modules/access/index.js'
import { rebuildEntityFlags } from '../../src/modules/disclosure/index.js'
import {
  ADULT_ID,
  actor,
  COMPANY_USCC,
  MINOR_ID,
  OTHER_USCC,
  penaltyRow,
  rowsOf,
  seedDepartments,
} from '../ingest/helpers.js'
import type { TestContext } from '../support/context.js'

export { ADULT_ID, actor, COMPANY_USCC, MINOR_ID, OTHER_USCC }

const rng = createRng(4404)
export const FY_USCC = generateUscc(rng, { dept: '1', category: '1', region: '120000' })
export const DEFAULTER_ID = generateResidentId(rng, { region: '120103', birthDate: '1975-03-09', sex: 'male' })
export const COMPANY_NAME = '天津市滨海测试贸易有限公司'
export const SHOP_NAME = '和平区测试小吃店'
export const ADULT_NAME = '李大'
export const MINOR_NAME = '王小'
export const DEFAULTER_NAME = '张三丰'

const person = {
  CF_XDR_LB: '自然人',
  CF_XDR_SHXYM: '',
  CF_FRDB: '',
  CF_XDR_ZJLX: '身份证',
  CF_CFLB: '罚款',
  CF_NR_FK: '0.05',
}

function defaulterRow(over: Record<string, string>): Record<string, string> {
  return {
    case_no: '（2026）津0101执100号',
    subject_name: COMPANY_NAME,
    subject_category: '法人及非法人组织',
    uscc: COMPANY_USCC,
    legal_rep: '王五',
    court: '天津市和平区人民法院',
    basis_doc_no: '（2025）津0101民初1号',
    basis_issuer: '天津市和平区人民法院',
    obligation: '支付货款人民币十万元',
    performance: '全部未履行',
    conduct: '有履行能力而拒不履行生效法律文书确定义务',
    filed_on: '2026-01-05',
    published_on: '2026-04-01',
    ...over,
  }
}

export interface Fixture {
  /** Record ids by provider key. */
  rec: Record<string, string>
  /** Entity ids: company, shop, adult, minor, defaulter. */
  ent: Record<'company' | 'shop' | 'adult' | 'minor' | 'defaulter', string>
}

/**
 * Records (clock 2026-06-01T02:00Z, i.e. 10:00 in Shanghai):
 * PUB-GEN  penalty, general, decided 2026-05-28: public until 2027-05-28 (inclusive)
 * PUB-SER  penalty, serious (吊销), 2026-05-06: public until 2029-05-06
 * PUB-REV  penalty, revoked: hidden (state)
 * PUB-MINOR penalty 警告 only, 2026-05-20: 轻微, hidden (minor_severity)
 * PUB-OLD  penalty, general, 2025-01-10 under the 2019 rules: ended 2026-01-10 (window)
 * P-ADULT  penalty of an adult person: public, name masked, no entity file
 * P-MINOR  penalty of a person who was 15 on the decision date: hidden (minor)
 * CD-ORG   court defaulter (black list), the company, 2026-04-01: list until 2028-04-01
 * CD-PERSON court defaulter, a person: public by name, never by ID number
 * HON-1    honour (red list), the shop, 2026-03-01
 */
export async function seedFixture(ctx: TestContext): Promise<Fixture> {
  await seedDepartments(ctx)
  await addDepartment(ctx, actor, { code: 'tj-fy', name: '天津市高级人民法院', uscc: FY_USCC, district: '120000' })
  const penalty = (list: Record<string, string>[]) =>
    runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'api', ...rowsOf(list) })
  await penalty([
    penaltyRow({ CF_WSH: 'PUB-GEN' }),
    penaltyRow({ CF_WSH: 'PUB-SER', CF_CFLB: '吊销许可证件', CF_JDRQ: '2026-05-06' }),
    penaltyRow({ CF_WSH: 'PUB-REV' }),
    penaltyRow({ CF_WSH: 'PUB-MINOR', CF_CFLB: '警告', CF_NR_FK: '', CF_JDRQ: '2026-05-20' }),
    penaltyRow({ CF_WSH: 'PUB-OLD', CF_JDRQ: '2025-01-10' }),
    penaltyRow({ ...person, CF_WSH: 'P-ADULT', CF_XDR_MC: ADULT_NAME, CF_XDR_ZJHM: ADULT_ID }),
    penaltyRow({ ...person, CF_WSH: 'P-MINOR', CF_XDR_MC: MINOR_NAME, CF_XDR_ZJHM: MINOR_ID, CF_JDRQ: '2026-05-10' }),
  ])
  await penalty([{ ...penaltyRow({ CF_WSH: 'PUB-REV' }), _op: 'revoke', _reason: '处罚决定已撤销' }])
  await runIngest(ctx, actor, {
    classCode: 'court_defaulter',
    dept: 'tj-fy',
    channel: 'api',
    ...rowsOf([
      defaulterRow({ case_no: 'CD-ORG' }),
      defaulterRow({
        case_no: 'CD-PERSON',
        subject_name: DEFAULTER_NAME,
        subject_category: '自然人',
        uscc: '',
        legal_rep: '',
        id_number: DEFAULTER_ID,
        published_on: '2026-05-15',
      }),
    ]),
  })
  await runIngest(ctx, actor, {
    classCode: 'honor',
    dept: 'tj-scjg',
    channel: 'api',
    ...rowsOf([
      {
        subject_name: SHOP_NAME,
        subject_category: '个体工商户',
        uscc: OTHER_USCC,
        legal_rep: '赵六',
        honor_name: '诚信经营示范店',
        level: '市级',
        document_no: 'HON-1',
        decision_date: '2026-03-01',
        authority_name: '天津市市场监督管理委员会',
      },
    ]),
  })
  const records = await ctx.db.selectFrom('records').select(['id', 'provider_key', 'entity_id']).execute()
  const rec = Object.fromEntries(records.map((r) => [r.provider_key, r.id]))
  const entOf = (key: string) => records.find((r) => r.provider_key === key)?.entity_id as string
  await rebuildEntityFlags(ctx)
  return {
    rec,
    ent: {
      company: entOf('PUB-GEN'),
      shop: entOf('HON-1'),
      adult: entOf('P-ADULT'),
      minor: entOf('P-MINOR'),
      defaulter: entOf('CD-PERSON'),
    },
  }
}

/**
 * Two consumers' departments (tj-czj 天津市财政局, tj-rsj 天津市人力资源和社会保障局) and a record of each beyond the
 * public scope: a 政务共享 contract record of the company (document GOV-CONTRACT) and a 授权查询 integrity record of
 * the adult person (AUTH-CS) - what the entity-file, own-file and read-audit tests read.
 */
export async function seedScopedRecords(ctx: TestContext): Promise<void> {
  const own = createRng(4405)
  for (const [code, name] of [
    ['tj-czj', '天津市财政局'],
    ['tj-rsj', '天津市人力资源和社会保障局'],
  ] as const)
    await addDepartment(ctx, actor, {
      code,
      name,
      uscc: generateUscc(own, { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
  const contract = await runIngest(ctx, actor, {
    classCode: 'contract_performance',
    dept: 'tj-czj',
    channel: 'api',
    ...rowsOf([
      {
        subject_name: COMPANY_NAME,
        uscc: COMPANY_USCC,
        contract_name: '办公设备采购合同',
        document_no: 'GOV-CONTRACT',
        counterparty: '天津市财政局',
        decision_date: '2026-04-01',
        performance: '未履行',
        authority_name: '天津市财政局',
      },
    ]),
  })
  const integrity = await runIngest(ctx, actor, {
    classCode: 'civil_servant_integrity',
    dept: 'tj-rsj',
    channel: 'api',
    ...rowsOf([
      {
        subject_name: ADULT_NAME,
        id_type: '身份证',
        id_number: ADULT_ID,
        employer: '天津市某区人民政府',
        position: '科员',
        record_type: '年度考核结果',
        content: '2025年度考核结果为称职',
        document_no: 'AUTH-CS',
        decision_date: '2026-02-01',
        authority_name: '天津市人力资源和社会保障局',
      },
    ]),
  })
  if (contract.accepted !== 1 || integrity.accepted !== 1)
    throw new Error(`scoped records not accepted: ${JSON.stringify({ contract, integrity })}`)
}
