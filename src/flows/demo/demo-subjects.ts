// The demo city's subject accounts (docs/rights.md, "主体账户"): besides the `subject` login of the first active
// company, an enterprise with an active negative record and an adult natural person, so that the subject's pages
// have something to show. Their logins are printed with the others.
import type { Ctx } from '../../core/context.js'
import { createUser } from '../../modules/access/index.js'
import { getEntity } from '../../modules/entities/index.js'
import { recordsOfEntity } from '../../modules/records/index.js'
import type { DemoState } from './demo.types.js'
import { DEMO_LAST_DATE } from './demo-entities.js'
import { randomPassword } from './demo-logins.js'

export const DEMO_SUBJECT_USERNAMES = { firm: 'subject.firm', person: 'subject.person' } as const

/** The first sampled active company, other than the `subject` login's, with an active negative record. */
async function firmWithNegativeRecord(ctx: Ctx, state: DemoState): Promise<string | null> {
  for (const id of state.samples.legal_person ?? []) {
    if (id === state.subjectEntityId) continue
    const e = await getEntity(ctx.db, id)
    if (e.status !== 'active') continue
    const records = await recordsOfEntity(ctx.db, id)
    if (records.some((r) => r.polarity === 'negative' && r.state === 'active')) return id
  }
  return null
}

/** The first sampled natural person who is an adult on the city's last day (the seed decides, not the clock). */
async function adultPerson(ctx: Ctx, state: DemoState): Promise<string | null> {
  const today = DEMO_LAST_DATE
  for (const id of state.samples.natural_person ?? []) {
    const e = await getEntity(ctx.db, id)
    if (e.adultOn !== null && e.adultOn <= today) return id
  }
  return null
}

/** Adds the subject accounts whose user names are not taken; each one found is pushed to state.logins. */
export async function addDemoSubjectAccounts(ctx: Ctx, state: DemoState, taken: ReadonlySet<string>): Promise<void> {
  const plan: Array<{ username: string; find: () => Promise<string | null> }> = [
    { username: DEMO_SUBJECT_USERNAMES.firm, find: () => firmWithNegativeRecord(ctx, state) },
    { username: DEMO_SUBJECT_USERNAMES.person, find: () => adultPerson(ctx, state) },
  ]
  for (const p of plan) {
    if (taken.has(p.username)) continue
    const entityId = await p.find()
    if (!entityId) continue // a city too small, or built without records
    const entity = await getEntity(ctx.db, entityId)
    const password = randomPassword()
    await createUser(ctx, state.actor, {
      username: p.username,
      displayName: [...entity.name].slice(0, 64).join(''),
      role: 'subject',
      entityId,
      password,
    })
    state.logins.push({ username: p.username, password, role: 'subject', dept: null, kind: 'user' })
  }
}
