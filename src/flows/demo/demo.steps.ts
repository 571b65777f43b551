// The demo city's built-in steps: departments, entities (organisations), persons, logins (with subject accounts).
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import {
  addDepartment,
  createApiKey,
  createUser,
  findRole,
  listDepartments,
  listUsers,
} from '../../modules/access/index.js'
import { recordAudit } from '../../modules/audit/index.js'
import { type EntityKind, insertEntitiesBulk, type NewEntity } from '../../modules/entities/index.js'
import type { DemoState, DemoStep } from './demo.types.js'
import { creditOffice } from './demo-data.js'
import { OrganisationGenerator, PersonGenerator } from './demo-entities.js'
import { randomPassword } from './demo-logins.js'
import { addDemoSubjectAccounts } from './demo-subjects.js'

/** Entity ids kept per kind for later steps (records, cases, ...). */
export const SAMPLE_SIZE = 50

/** The municipal departments of data/demo/departments.json (existing codes are left alone). */
export const departmentsStep: DemoStep = {
  name: 'departments',
  async run(ctx, state) {
    const existing = new Set((await listDepartments(ctx)).map((d) => d.code))
    let done = 0
    for (const d of state.departments) {
      if (!existing.has(d.code))
        await addDepartment(ctx, state.actor, { code: d.code, name: d.name, uscc: d.uscc, district: d.district })
      state.counts.departments += 1
      state.progress('departments', ++done, state.departments.length)
    }
  },
}

/** The order in which a chunk is inserted: by USCC (natural persons, without one, by name). */
export const insertOrder = (a: NewEntity, b: NewEntity): number => {
  const x = a.uscc ?? a.name
  const y = b.uscc ?? b.name
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Inserts one chunk and its audit event in one transaction; remembers samples. The chunk is inserted in code
 * order: the unique code indexes then grow by runs instead of at random places (about 40% faster on SQLite
 * at a million entities), and the order is still fixed by the seed.
 */
async function insertChunk(ctx: Ctx, state: DemoState, step: string, chunk: NewEntity[], index: number): Promise<void> {
  chunk.sort(insertOrder)
  const byKind: Partial<Record<EntityKind, number>> = {}
  for (const e of chunk) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1
  const ids = await runCommand(ctx, state.actor, async ({ trx, ctx: tctx }) => {
    const ids = await insertEntitiesBulk(tctx, trx, chunk)
    await recordAudit(trx, ctx.clock, state.actor, {
      action: 'demo.generate',
      targetType: 'entities',
      targetId: null,
      details: { run: state.runId, seed: state.seed, step, chunk: index, entities: chunk.length, byKind },
    })
    return ids
  })
  chunk.forEach((e, i) => {
    const id = ids[i] as string
    const list = state.samples[e.kind] ?? []
    state.samples[e.kind] = list
    if (list.length < SAMPLE_SIZE) list.push(id)
    if (state.subjectEntityId === null && e.kind === 'legal_person' && e.status === 'active') {
      state.subjectEntityId = id
      state.subjectName = e.name
    }
    state.counts.byKind[e.kind] += 1
  })
  state.counts.entities += chunk.length
  if (step === 'persons') state.counts.persons += chunk.length
}

/** Organisations of every kind (all kinds except natural_person), chunk by chunk. */
export const entitiesStep: DemoStep = {
  name: 'entities',
  async run(ctx, state) {
    const gen = new OrganisationGenerator(state.seed, state.size, state.codes)
    const total = state.size.organisations
    let index = 0
    while (gen.remaining > 0) {
      await insertChunk(ctx, state, 'entities', gen.chunk(state.chunkSize), index++)
      state.progress('entities', total - gen.remaining, total)
    }
  },
}

/** Natural persons: their resident ID numbers are stored only as HMAC, cipher text and masked form. */
export const personsStep: DemoStep = {
  name: 'persons',
  async run(ctx, state) {
    const gen = new PersonGenerator(state.seed, state.size.persons)
    const total = state.size.persons
    let index = 0
    while (gen.remaining > 0) {
      await insertChunk(ctx, state, 'persons', gen.chunk(state.chunkSize), index++)
      state.progress('persons', total - gen.remaining, total)
    }
  },
}

interface LoginPlan {
  username: string
  role: string
  displayName: string
  dept: string | null
  /** Bind to the demo subject (an active legal person). */
  subject?: boolean
}

/** One console login per role. Departments: data/demo/departments.json codes. */
export function loginPlan(): LoginPlan[] {
  const office = creditOffice().code
  return [
    { username: 'operator', role: 'operator', displayName: '平台运维管理员（演示）', dept: office },
    { username: 'auditor', role: 'auditor', displayName: '平台审计员（演示）', dept: office },
    { username: 'provider', role: 'provider', displayName: '市市场监管委信用信息报送员（演示）', dept: 'tj-scjg' },
    { username: 'consumer', role: 'consumer', displayName: '市财政局政府采购核查员（演示）', dept: 'tj-czj' },
    { username: 'agency', role: 'agency', displayName: '信用服务机构（演示）', dept: null },
    { username: 'peer', role: 'peer', displayName: '对接平台（演示）', dept: null },
    { username: 'subject', role: 'subject', displayName: '信用主体（演示）', dept: null, subject: true },
  ]
}

/**
 * The demo logins, with random strong passwords (crypto, never from the seed). A role that only API keys
 * may hold (data/access/roles.json) gets an API key instead; its "password" is the key.
 */
export const loginsStep: DemoStep = {
  name: 'logins',
  async run(ctx, state) {
    const taken = new Set((await listUsers(ctx)).map((u) => u.username))
    const plan = loginPlan()
    let done = 0
    for (const p of plan) {
      state.progress('logins', done++, plan.length)
      if (taken.has(p.username)) continue
      const entityId = p.subject ? state.subjectEntityId : null
      if (p.subject && !entityId) continue // a city too small to have an active legal person
      const role = findRole(p.role)
      if (!role) continue
      if (!role.principals.includes('user') && role.principals.includes('api_key')) {
        const key = await createApiKey(ctx, state.actor, { name: p.displayName, role: p.role, dept: p.dept })
        state.logins.push({ username: p.username, password: key.key, role: p.role, dept: p.dept, kind: 'api_key' })
        continue
      }
      const password = randomPassword()
      const displayName = p.subject && state.subjectName ? [...state.subjectName].slice(0, 64).join('') : p.displayName
      await createUser(ctx, state.actor, {
        username: p.username,
        displayName,
        role: p.role,
        dept: p.dept,
        entityId,
        password,
      })
      state.logins.push({ username: p.username, password, role: p.role, dept: p.dept, kind: 'user' })
    }
    await addDemoSubjectAccounts(ctx, state, taken)
    state.progress('logins', plan.length, plan.length)
  },
}
