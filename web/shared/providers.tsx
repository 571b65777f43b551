import type { ReactNode } from 'react'
import { ConfigProvider } from 'antd'
import { LoadingOutlined } from '@ant-design/icons'
import zhCN from 'antd/locale/zh_CN'

/** Brand colour shared by portal and console. */
export const brandColor = '#1d4fa3'

/**
 * antd with the zh_CN locale and the house theme; both areas wrap their root in this.
 * (No antd <App> here: it pulls message/modal/notification, which the portal does not need.
 * The console adds <App> itself.)
 */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      locale={zhCN}
      // Keep button texts exactly as written (登录, not 登 录): screen readers and tests read them.
      // The spinner is decorative: antd's default one is named "loading" and, when its exit
      // animation does not finish, stays in the button's accessible name ("loading 登录").
      button={{ autoInsertSpace: false, loadingIcon: <LoadingOutlined aria-hidden /> }}
      theme={{
        token: {
          colorPrimary: brandColor,
          borderRadius: 6,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
        },
      }}
    >
      {children}
    </ConfigProvider>
  )
}
