// 站内通知: the signed-in user's notices (its own, its department's, its role's), newest first.
import { useState } from 'react'
import { App, Button, List, Segmented, Space, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { ErrorAlert, ReloadButton } from '../../components/list-page.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'

interface Notice {
  id: string
  topic: string
  title: string
  body: string
  link: string | null
  createdAt: string
  read: boolean
}

export function InboxPage() {
  const { message } = App.useApp()
  const [unread, setUnread] = useState(false)
  const [page, setPage] = useState(1)
  const box = useRequest(
    (signal) =>
      api<{ items: Notice[]; total: number; unread: number }>('/api/v1/me/inbox', {
        query: { unread: unread || undefined, page },
        signal,
      }),
    [unread, page],
  )
  const markRead = async (id: string) => {
    try {
      await api(`/api/v1/me/inbox/${id}/read`, { method: 'POST' })
      box.reload()
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  return (
    <Page
      title="站内通知"
      description={`发给您本人、本部门和本角色的通知。${box.data ? `未读 ${box.data.unread} 条。` : ''}`}
      extra={<ReloadButton loading={box.loading} onClick={box.reload} />}
    >
      <Space style={{ marginBottom: 16 }}>
        <Segmented
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: '未读' },
          ]}
          value={unread ? 'unread' : 'all'}
          onChange={(v) => {
            setUnread(v === 'unread')
            setPage(1)
          }}
        />
      </Space>
      <ErrorAlert error={box.error} />
      <List<Notice>
        loading={box.loading}
        dataSource={box.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: box.data?.total ?? 0, onChange: setPage }}
        renderItem={(n) => (
          <List.Item
            actions={
              n.read
                ? []
                : [
                    <Button key="read" size="small" onClick={() => void markRead(n.id)}>
                      标为已读
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {n.read ? null : <Tag color="red">未读</Tag>}
                  {n.link?.startsWith('/console/') ? (
                    <Link to={n.link.slice('/console'.length)}>{n.title}</Link>
                  ) : (
                    n.title
                  )}
                </Space>
              }
              description={
                <Typography.Text type="secondary">
                  {formatInstant(n.createdAt)} · {n.topic}
                </Typography.Text>
              }
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.body}</Typography.Paragraph>
          </List.Item>
        )}
      />
    </Page>
  )
}
