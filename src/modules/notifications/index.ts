// Public surface of the notifications module: the in-app inbox (notices to a user, an entity, a department, a role)
// and the outbox (deliveries to departments and peers by signed webhook or their console inbox, retried, due dates).
export { notificationError } from './notifications.errors.js'
export { notificationRoutes } from './notifications.routes.js'
export {
  ADDRESSEE_KINDS,
  type AddresseeKind,
  backoffSeconds,
  type DeliverResult,
  type DeliveryInput,
  type DeliveryTarget,
  type DeliveryTargetInput,
  type DeliveryTargetKind,
  type DeliveryView,
  deliverDue,
  enqueueDelivery,
  getDelivery,
  type InboxPage,
  type InboxReader,
  inbox,
  listDeliveries,
  listDeliveryTargets,
  markNoticeRead,
  type Notice,
  type NotifyInput,
  notify,
  notifyOnce,
  noticeSentAt,
  outboxProvisionalDeadlines,
  putDeliveryTarget,
  retryDelivery,
} from './notifications.service.js'
export {
  DELIVERY_HEADER,
  postJson,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  webhookSignature,
} from './notifications.webhook.js'
export { startOutboxWorker } from './notifications.worker.js'
