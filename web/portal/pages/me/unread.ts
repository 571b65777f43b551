import { useEffect, useSyncExternalStore } from 'react'
import { api } from '../../../shared/api.js'

// The unread count of the signed-in subject's 消息 (GET /api/v1/me/inbox?unread=true): one value for the page, shown
// as a badge on the 「我的信用」 tabs; the inbox page sets it after it loads or marks a notice read.

let unread: number | null = null
const listeners = new Set<() => void>()

export function setUnread(n: number | null): void {
  if (n === unread) return
  unread = n
  for (const l of listeners) l()
}

/** Asks the server again; a visitor who is not signed in (401) or another account (403) has no count. */
export async function refreshUnread(): Promise<void> {
  try {
    const answer = await api<{ unread: number }>('/api/v1/me/inbox', {
      query: { unread: true, pageSize: 1 },
      notifyUnauthorized: false,
    })
    setUnread(answer.unread)
  } catch {
    setUnread(null)
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** The current unread count (null: unknown or not a subject), read once when the component mounts. */
export function useUnread(): number | null {
  useEffect(() => {
    void refreshUnread()
  }, [])
  return useSyncExternalStore(
    subscribe,
    () => unread,
    () => null,
  )
}
