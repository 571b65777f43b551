import type { ReactNode } from 'react'
import { InfoCircleOutlined } from '@ant-design/icons'

/**
 * The portal's notice block (nothing found, where to go instead). A light stand-in for antd Result
 * (whose status illustrations would add ~15 KB gzip to the portal's first load).
 */
export function Notice({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="gx-notice">
      <InfoCircleOutlined className="gx-notice-icon" aria-hidden />
      <h2 className="gx-notice-title">{title}</h2>
      {children ? <div className="gx-notice-text">{children}</div> : null}
      {action ? <div className="gx-notice-action">{action}</div> : null}
    </div>
  )
}
