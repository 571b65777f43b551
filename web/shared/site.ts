import { useEffect, useState } from 'react'
import { api } from './api.js'

export interface SiteInfo {
  /** e.g. 信用天津; the product name 公信 when the server does not say. */
  name: string
  city: string
  /** Who to ask (GONGXIN_SITE_CONTACT), null when the site does not say. */
  contact: string | null
}

export const defaultSite: SiteInfo = { name: '公信', city: '', contact: null }

let pending: Promise<SiteInfo> | null = null

/** GET /api/v1/public/site once per page load; falls back to 公信 on any failure. */
export function loadSite(): Promise<SiteInfo> {
  pending ??= api<Partial<SiteInfo>>('/api/v1/public/site', { notifyUnauthorized: false })
    .then((site) => ({
      name: typeof site?.name === 'string' && site.name.trim() ? site.name.trim() : defaultSite.name,
      city: typeof site?.city === 'string' ? site.city : '',
      contact: typeof site?.contact === 'string' && site.contact.trim() ? site.contact.trim() : null,
    }))
    .catch(() => defaultSite)
  return pending
}

export function useSite(): SiteInfo {
  const [site, setSite] = useState<SiteInfo>(defaultSite)
  useEffect(() => {
    let alive = true
    void loadSite().then((value) => {
      if (alive) setSite(value)
    })
    return () => {
      alive = false
    }
  }, [])
  return site
}
