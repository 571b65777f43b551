/**
 * Activation codes (一次性激活码): issued by an operator for one entity; the code itself is shown once, only its keyed
 * hash (HMAC, purpose `subject-code`) is kept. At most one code of an entity is open: issuing a new one revokes the
 * old (`revoke_reason` = 'superseded').
 */
export interface SubjectInvitationsTable {
  id: string
  entity_id: string
  code_hash: string
  expires_at: string
  created_at: string
  created_by: string | null
  used_at: string | null
  /** The subject user the code activated. */
  used_by: string | null
  revoked_at: string | null
  revoked_by: string | null
  /** 'revoked' (by an operator) | 'superseded' (a newer code was issued). */
  revoke_reason: string | null
}

/**
 * Agent accounts (经办人): a user of role `subject` bound to the same entity, added by the entity's subject account
 * with a letter of authorisation (an evidence file id). The user is disabled until an operator approves.
 */
export interface SubjectAgentsTable {
  id: string
  entity_id: string
  user_id: string
  letter_file_id: string
  /** pending | approved | rejected */
  state: string
  /** The operator's reason for a rejection (masked free text). */
  reason: string | null
  created_at: string
  created_by: string | null
  decided_at: string | null
  decided_by: string | null
}

export interface SubjectTables {
  subject_invitations: SubjectInvitationsTable
  subject_agents: SubjectAgentsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends SubjectTables {}
}
