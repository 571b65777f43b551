// Public surface of the federation module (peer platforms, docs/federation.md): the peer registry, the signed feed
// served to peers, the checks and bookkeeping of pulls from them (applied through src/flows/federation).
export { federationError } from './federation.errors.js'
export { cellText, exchangeData, yuanToWan } from './federation.exchange.js'
export { FeedPageSchema, PeerListSchema, PeerSchema } from './federation.presenter.js'
export { federationRoutes } from './federation.routes.js'
export {
  type AddPeerInput,
  addPeer,
  addPeerKey,
  checkEntry,
  checkPage,
  type EditPeerInput,
  editPeer,
  FEED_PENDING_CAP,
  FEED_MAX_LIMIT,
  type FeedPage,
  getPeer,
  listPeerRows,
  listPeerViews,
  type PeerRow,
  type PeerView,
  platformId,
  presentPeer,
  type ProvenanceRow,
  provenanceOf,
  provenanceOfRecords,
  pullKeyOf,
  REFUSAL_LABELS,
  type Refusal,
  recordPullFailure,
  recordPullBehind,
  recordPullReached,
  serveFeed,
  setPeerStatus,
  settlePage,
} from './federation.service.js'
export {
  entryText,
  type FeedEntry,
  type PageHead,
  signEntry,
  signPage,
  verifyEntry,
  verifyPage,
} from './federation.sign.js'
export type { FederationPeersTable, FederationRecordsTable, FederationTables } from './federation.tables.js'
