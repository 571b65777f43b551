/** One notice of the in-app inbox, addressed to a user, an entity's accounts, a department's users or a role. */
export interface NotificationsTable {
  id: string
  /** user | entity | dept | role | agency */
  to_kind: string
  to_id: string
  topic: string
  /** Masked (personal text sealed in `sealed`). */
  title: string
  body: string
  link: string | null
  /** JSON text of SealedTexts, or null. */
  sealed: string | null
  created_at: string
  created_by: string | null
  /** Read by any of its addressees (shared by an entity's or department's accounts). */
  read_at: string | null
  read_by: string | null
}

/** Where deliveries to a department or peer go: a signed webhook, or (none) the target's console inbox. */
export interface DeliveryTargetsTable {
  /** A department's code or a peer platform's code. */
  code: string
  /** dept | peer */
  kind: string
  name: string
  webhook_url: string | null
  /** The webhook's HMAC secret, encrypted with the key ring (AES-GCM). */
  secret: string | null
  active: number
  created_at: string
  updated_at: string
}

/** One delivery of the outbox. */
export interface DeliveriesTable {
  id: string
  /** dept | peer */
  target_kind: string
  target: string
  topic: string
  /** JSON text (masked). */
  payload: string
  ref_type: string | null
  ref_id: string | null
  /** The working-day duty: delivered within `due_days` working days after `due_start`, i.e. by `due_on`. */
  due_start: string | null
  due_days: number | null
  due_on: string | null
  due_provisional: number
  /** pending | delivered | failed */
  state: string
  /** webhook | inbox, once delivered */
  channel: string | null
  attempts: number
  next_attempt_at: string | null
  last_error: string | null
  created_at: string
  delivered_at: string | null
}

/**
 * Notices sent exactly once (the proactive notices: publication ending, repair possible, a case overdue): the key
 * names what was told (topic, record or case, date or deadline), so a later run skips it.
 */
export interface NoticeLogTable {
  /** e.g. record.publication_ends:<record id>:<last day>, case.overdue:<case id>:<deadline code>:<due date>. */
  key: string
  sent_at: string
}

export interface NotificationTables {
  notifications: NotificationsTable
  delivery_targets: DeliveryTargetsTable
  deliveries: DeliveriesTable
  notice_log: NoticeLogTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends NotificationTables {}
}
