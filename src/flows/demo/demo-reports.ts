// The demo city's credit reports: a few issued the way users issue them - the demo subject's own full and special
// reports, and public overviews of two other companies taken anonymously - so that the report list, the subject's
// 「我的信用」 and online verification have something to show. Four reports: bounded, whatever the city's size.
import { type Principal, permissionsOf, publicPrincipal } from '../../modules/access/index.js'
import { issueReport } from '../reports/index.js'
import type { DemoStep } from './demo.types.js'

export const reportsStep: DemoStep = {
  name: 'reports',
  async run(ctx, state) {
    const subject = state.subjectEntityId
    if (subject) {
      const own: Principal = {
        kind: 'user',
        id: null,
        role: 'subject',
        dept: null,
        district: null,
        entityId: subject,
        permissions: permissionsOf('subject'),
      }
      for (const kind of ['full', 'special'])
        await issueReport(
          ctx,
          own,
          { subject: { entityId: subject }, kind },
          { actor: { ...state.actor, entityId: subject } },
        )
    }
    const others = (state.samples.legal_person ?? []).filter((id) => id !== subject).slice(0, 2)
    for (const entityId of others)
      await issueReport(
        ctx,
        publicPrincipal,
        { subject: { entityId }, kind: 'public_overview' },
        { actor: state.actor },
      )
  },
}
