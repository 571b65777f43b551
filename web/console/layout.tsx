import { useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import { Alert, App, Button, Layout, Menu, Tag } from 'antd'
import type { MenuProps } from 'antd'
import {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  GlobalOutlined,
  LogoutOutlined,
  MenuOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom'
import { api, errorMessage } from '../shared/api.js'
import { roleLabel } from '../shared/labels.js'
import { useSite } from '../shared/site.js'
import { useAuth, useUser } from './auth.js'
import { allNavItems, findNavItem, navForRole } from './nav.js'
import { useRequest } from './use-request.js'
import type { GroupKey } from './nav.js'

const groupIcons: Readonly<Record<GroupKey, ReactNode>> = {
  ingest: <CloudUploadOutlined />,
  checks: <SafetyCertificateOutlined />,
  reports: <FileProtectOutlined />,
  rights: <MessageOutlined />,
  lists: <UnorderedListOutlined />,
  catalog: <AppstoreOutlined />,
  entities: <TeamOutlined />,
  stats: <BarChartOutlined />,
  audit: <AuditOutlined />,
  portal: <GlobalOutlined />,
  system: <SettingOutlined />,
}

interface CalendarStatus {
  lastYear: number | null
  nextYearMissing: boolean
  warn: boolean
  message: string | null
}

/** From October 1, while next year's holiday notice is missing: deadlines crossing into it are provisional. */
function CalendarBanner({ role }: { role: string }) {
  const status = useRequest((signal) => api<CalendarStatus>('/api/v1/calendar/status', { signal }), [])
  if (!status.data?.warn) return null
  return (
    <Alert
      type="warning"
      showIcon
      banner
      data-testid="calendar-banner"
      title={status.data.message}
      action={
        allNavItems().some((i) => i.key === 'catalog-calendar' && (i.roles as readonly string[]).includes(role)) ? (
          <Link to="/catalog/calendar">
            <Button size="small">去导入</Button>
          </Link>
        ) : null
      }
    />
  )
}

export function ConsoleLayout() {
  const user = useUser()
  const { logout } = useAuth()
  const site = useSite()
  const location = useLocation()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const groups = useMemo(() => navForRole(user.role), [user.role])
  const current = findNavItem(location.pathname)
  const [openKeys, setOpenKeys] = useState<string[]>(current ? [current.group.key] : [])
  const [loggingOut, setLoggingOut] = useState(false)
  // Below the lg breakpoint the sider is an overlay opened by the 菜单 button in the header.
  // (The Sider itself is never "collapsed": that would fold the menu to icons and drop its open groups.)
  const [narrow, setNarrow] = useState(false)
  const [collapsed, setCollapsed] = useState(false)

  // Escape closes the overlay menu.
  useEffect(() => {
    if (!narrow || collapsed) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setCollapsed(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [narrow, collapsed])

  // On narrow screens, following a menu link closes the overlay.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => {
    if (narrow) setCollapsed(true)
  }, [location.pathname])

  // Opening a page (by link or URL) also opens its group in the menu.
  const currentGroup = current?.group.key
  useEffect(() => {
    if (currentGroup) setOpenKeys((keys) => (keys.includes(currentGroup) ? keys : [...keys, currentGroup]))
  }, [currentGroup])

  const items: MenuProps['items'] = [
    { key: 'home', icon: <DashboardOutlined />, label: <Link to="/">工作台</Link> },
    ...groups.map((group) => ({
      key: group.key,
      icon: groupIcons[group.key],
      label: group.label,
      children: group.items.map((item) => ({ key: item.key, label: <Link to={item.path}>{item.label}</Link> })),
    })),
  ]

  const onLogout = async () => {
    setLoggingOut(true)
    try {
      await logout()
      void message.success('已退出登录。')
    } catch (error) {
      void message.warning(`退出时服务器未响应（${errorMessage(error)}），本机登录状态已清除。`)
    } finally {
      setLoggingOut(false)
      navigate('/login', { replace: true })
    }
  }

  return (
    <Layout className="gx-console">
      <a className="gx-skip-link" href="#main">
        跳到主要内容
      </a>
      <Layout.Sider
        theme="light"
        width={224}
        breakpoint="lg"
        collapsedWidth={0}
        collapsible
        collapsed={false}
        trigger={null}
        onBreakpoint={(broken) => {
          setNarrow(broken)
          setCollapsed(broken)
        }}
        className={narrow ? `gx-sider gx-sider-overlay${collapsed ? ' gx-sider-hidden' : ''}` : 'gx-sider'}
        id="gx-console-nav"
      >
        <Link to="/" className="gx-console-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>
            {site.name}
            <small>管理控制台</small>
          </span>
        </Link>
        <nav aria-label="控制台导航">
          <Menu
            mode="inline"
            items={items}
            selectedKeys={[current?.item.key ?? (location.pathname === '/' ? 'home' : '')]}
            openKeys={openKeys}
            onOpenChange={(keys) => setOpenKeys(keys as string[])}
          />
        </nav>
      </Layout.Sider>
      {narrow && !collapsed ? <div className="gx-sider-mask" aria-hidden onClick={() => setCollapsed(true)} /> : null}
      <Layout>
        <Layout.Header className="gx-console-header">
          {narrow ? (
            <Button
              className="gx-nav-toggle"
              icon={<MenuOutlined aria-hidden />}
              aria-label="导航菜单"
              aria-controls="gx-console-nav"
              aria-expanded={!collapsed}
              onClick={() => setCollapsed((c) => !c)}
            />
          ) : null}
          <div className="gx-console-user">
            <UserOutlined aria-hidden />
            <span className="gx-console-username" data-testid="current-user">
              {user.displayName || user.username}
            </span>
            <Tag color="blue" data-testid="current-role">
              {roleLabel(user.role)}
            </Tag>
            <Button icon={<LogoutOutlined aria-hidden />} onClick={() => void onLogout()} loading={loggingOut}>
              退出登录
            </Button>
          </div>
        </Layout.Header>
        <Layout.Content id="main" className="gx-console-content" tabIndex={-1}>
          <CalendarBanner role={user.role} />
          <Outlet />
        </Layout.Content>
        <Layout.Footer className="gx-console-footer">
          {site.name} · 公共信用信息共享平台 · 操作均记入审计日志
        </Layout.Footer>
      </Layout>
    </Layout>
  )
}
