// Peer platforms, inbound (docs/federation.md): pulling a peer's signed feed into the store through the collection
// pipeline; and the 双公示 export for the national platform.
export { type PullOptions, type PullResult, pullAllPeers, pullPeer, startFederationPulls } from './pull.js'
export { exportShuanggongshi, SHUANGGONGSHI, type ShuanggongshiFile } from './shuanggongshi.js'
export { peerPullRoutes } from './routes.js'
