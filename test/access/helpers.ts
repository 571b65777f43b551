import { systemActor } from '../../src/core/actor.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, type Department } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import type { TestContext } from '../support/context.js'

export const admin = systemActor('test-admin')

const rng = createRng(20260601)

/** A valid USCC of a government body (登记管理部门 1 = 机构编制, 类别 1 = 机关). */
export function govUscc(): string {
  return generateUscc(rng, { dept: '1', category: '1', region: '120101' })
}

export function companyUscc(): string {
  return generateUscc(rng, { region: '120103' })
}

let n = 0
export async function seedDept(
  ctx: TestContext,
  overrides: Partial<{ code: string; name: string; uscc: string; district: string | null }> = {},
): Promise<Department> {
  n += 1
  return addDepartment(ctx, admin, {
    code: `D${n}`,
    name: `测试部门${n}`,
    uscc: govUscc(),
    district: '120101',
    ...overrides,
  })
}

export async function auditEvents(ctx: TestContext, action: string) {
  return (await searchAuditEvents(ctx.db, { action }, 1, 100)).items.filter((e) => e.action === action)
}

export const PASSWORD = 'correct horse battery'
