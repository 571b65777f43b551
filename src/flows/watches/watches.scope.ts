// Who may receive what: the disclosure module's audience of the watcher's permissions (a watch has no stated
// purpose, so authorised-scope events are never delivered; public-only watchers get public-scope events only).
import { visibleTo } from '../../modules/disclosure/index.js'
import type { ScopeFilter } from '../../modules/watches/index.js'

export const watcherMaySee: ScopeFilter = (permissions, scope) =>
  visibleTo({ permissions }).scope({ scope }, { scope: scope as 'public' | 'government' | 'authorized' }).public
