import type { ReactNode } from 'react'
import { Drawer } from 'antd'

/** The phone navigation drawer; loaded on the first tap of 菜单, not with the page. */
export default function MenuDrawer({
  id,
  open,
  onClose,
  children,
  extra,
}: {
  id: string
  open: boolean
  onClose: () => void
  children: ReactNode
  /** Links beside the main navigation (the subject's account). */
  extra?: ReactNode
}) {
  return (
    <Drawer id={id} title="导航" placement="right" size={280} open={open} onClose={onClose}>
      <nav aria-label="主导航（菜单）" className="gx-drawer-nav">
        {children}
      </nav>
      {extra}
    </Drawer>
  )
}
