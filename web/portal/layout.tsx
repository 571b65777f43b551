import { lazy, Suspense, useEffect, useId, useState } from 'react'
import { Button } from 'antd'
import { MenuOutlined } from '@ant-design/icons'
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom'
import { useSite } from '../shared/site.js'
import { portalNav } from './nav.js'

const MenuDrawer = lazy(() => import('./menu-drawer.js'))

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <ul className="gx-nav-list">
      {portalNav.map((item) => (
        <li key={item.path}>
          <NavLink to={item.path} end={item.path === '/'} onClick={onNavigate}>
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  )
}

export function PortalLayout() {
  const site = useSite()
  const location = useLocation()
  const [menuOpen, setMenuOpen] = useState(false)
  // The drawer's code is fetched the first time the menu is opened.
  const [menuUsed, setMenuUsed] = useState(false)
  const drawerId = useId()

  // A route change closes the phone menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => {
    setMenuOpen(false)
  }, [location.pathname])

  return (
    <div className="gx-portal">
      <a className="gx-skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="gx-header">
        <div className="gx-header-inner">
          <Link to="/" className="gx-brand" aria-label={`${site.name} 首页`}>
            <img src="/favicon.svg" alt="" width={36} height={36} />
            <span className="gx-brand-text">
              <span className="gx-brand-name">{site.name}</span>
              <span className="gx-brand-sub">公共信用信息服务平台</span>
            </span>
          </Link>
          <span className="gx-header-account">
            <Link to="/my">我的信用</Link> · <Link to="/account/activate">账户激活</Link>
          </span>
          <Button
            className="gx-menu-button"
            icon={<MenuOutlined aria-hidden />}
            aria-label="菜单"
            aria-expanded={menuOpen}
            aria-controls={drawerId}
            onClick={() => {
              setMenuUsed(true)
              setMenuOpen(true)
            }}
          >
            菜单
          </Button>
        </div>
        <nav className="gx-nav" aria-label="主导航">
          <div className="gx-nav-inner">
            <NavLinks />
          </div>
        </nav>
      </header>
      {menuUsed ? (
        <Suspense fallback={null}>
          <MenuDrawer
            id={drawerId}
            open={menuOpen}
            onClose={() => setMenuOpen(false)}
            extra={
              <nav aria-label="主体账户" className="gx-drawer-nav">
                <ul className="gx-nav-list gx-drawer-account">
                  <li>
                    <NavLink to="/my" onClick={() => setMenuOpen(false)}>
                      我的信用
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/account/activate" onClick={() => setMenuOpen(false)}>
                      账户激活
                    </NavLink>
                  </li>
                </ul>
              </nav>
            }
          >
            <NavLinks onNavigate={() => setMenuOpen(false)} />
          </MenuDrawer>
        </Suspense>
      ) : null}
      <main id="main" className="gx-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="gx-footer">
        <div className="gx-footer-inner">
          <p>
            {site.name}
            {site.city ? `（${site.city}）` : ''} · 公共信用信息服务平台
          </p>
          <p>
            <Link to="/about">关于我们</Link> · <Link to="/policies">政策法规</Link> ·{' '}
            <Link to="/objection">异议申诉</Link> · <Link to="/verify">报告核验</Link> ·{' '}
            <Link to="/help/periods">公示期限</Link> · <Link to="/help/privacy">个人信息保护</Link>
          </p>
          <p className="gx-footer-note">公示信息由各级行政机关依法归集，如有异议请通过“异议申诉”提出。</p>
        </div>
      </footer>
    </div>
  )
}
