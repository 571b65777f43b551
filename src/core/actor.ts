/** Who did something: written into every audit event. */
export interface Actor {
  kind: 'user' | 'api_key' | 'public' | 'system'
  id: string | null
  role: string | null
  dept: string | null
  /** Request id (HTTP) or command run id (CLI). */
  requestId?: string | undefined
  /** Stated purpose of a read of personal or authorised-only data. */
  purpose?: string | undefined
  /**
   * The entity a subject account (or its agent) acts for: its reads of that entity's data are reads of its own and
   * are not audited as reads by somebody else (auditRead leaves it out).
   */
  entityId?: string | null | undefined
}

/** The platform itself or an operator at the command line (no login on the server's console). */
export function systemActor(id: string, requestId?: string): Actor {
  return { kind: 'system', id, role: 'operator', dept: null, requestId }
}
