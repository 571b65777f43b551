// Public surface of the watches module: watch lists (信用监测) with their transactional outbox of events
// (emitWatchEvents, called by the changes in their own transaction), the feed, signed webhooks, and the
// early-warning rules (预警规则, a versioned policy kind).
export { watchError } from './watches.errors.js'
export {
  currentWatchRules,
  defaultRulesFile,
  getWatchRule,
  loadDefaultWatchRules,
  readDefaultRules,
  watchRulePolicy,
} from './watches.policy.js'
export type { CountCondition, EventCondition, WatchRule } from './watches.rules.js'
export {
  type AlertDeriver,
  createWatch,
  type DeadLetterJson,
  type DeliveryStatus,
  deleteWatch,
  deliverWatchWebhooks,
  emitRecordWatchEvents,
  emitWatchEvents,
  getWatch,
  listWatches,
  MAX_WATCH_ENTITIES,
  OWNER_GONE,
  replayWatch,
  type ScopeFilter,
  type SequencedEvent,
  sequenceWatchEvents,
  type WatchEventJson,
  type WatchInput,
  type WatchView,
  type WebhookRunResult,
  watchDeliveries,
  watchFeed,
} from './watches.service.js'
export type { WatchTables } from './watches.tables.js'
export {
  recordWatchEvent,
  WATCH_EVENT_LABELS,
  WATCH_EVENT_TYPES,
  type WatchedRecordFacts,
  type WatchEventInput,
  type WatchEventType,
} from './watches.types.js'
export { newWatchSecret, WATCH_SIGNATURE_HEADER, watchSignature, webhookAllowList } from './watches.webhook.js'
export {
  CreatedWatchSchema,
  DeliveryStatusSchema,
  WatchDeliveriesSchema,
  WatchDetailSchema,
  WatchFeedSchema,
  WatchRuleSchema,
  WatchSchema,
} from './watches.presenter.js'
