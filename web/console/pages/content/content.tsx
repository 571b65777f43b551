// 门户内容: operators write the portal's articles (政策法规, 新闻动态, 典型案例, 通知公告), save versions, publish one
// of them and take an article down; the history lists every version with who saved it and when it went live.
import { useEffect, useState } from 'react'
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd'
import type { TableColumnsType } from 'antd'
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import type {
  ContentDetailJson,
  ContentPageJson,
  ContentSummaryJson,
  ContentVersionSummaryJson,
} from '../../../../src/modules/content/index.js'
import { api, errorMessage } from '../../../shared/api.js'
import { formatInstant } from '../../../shared/format.js'
import { Page } from '../../page.js'
import { useRequest } from '../../use-request.js'

const sections = [
  { value: 'policies', label: '政策法规', path: '/policies' },
  { value: 'news', label: '新闻动态', path: '/news' },
  { value: 'cases', label: '典型案例', path: '/cases' },
  { value: 'notices', label: '通知公告', path: '/notices' },
]
const statuses = [
  { value: 'draft', label: '草稿', color: 'default' },
  { value: 'published', label: '已发布', color: 'green' },
  { value: 'unpublished', label: '已撤下', color: 'orange' },
]

function StatusTag({ item }: { item: Pick<ContentSummaryJson, 'status' | 'statusLabel' | 'unpublishedChanges'> }) {
  const s = statuses.find((x) => x.value === item.status)
  return (
    <Space size={4} wrap>
      <Tag color={s?.color}>{item.statusLabel}</Tag>
      {item.unpublishedChanges ? <Tag color="blue">有未发布的修改</Tag> : null}
    </Space>
  )
}

/** The list: every article in any state, filtered by section, state and title. */
export function ContentListPage() {
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const section = params.get('section') ?? ''
  const status = params.get('status') ?? ''
  const q = params.get('q') ?? ''
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)
  const [pageSize, setPageSize] = useState(20)
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      api<ContentPageJson>('/api/v1/content', {
        signal,
        query: { ...(section ? { section } : {}), ...(status ? { status } : {}), ...(q ? { q } : {}), page, pageSize },
      }),
    [section, status, q, page, pageSize],
  )
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    setParams(next)
  }

  const columns: TableColumnsType<ContentSummaryJson> = [
    {
      title: '标题',
      dataIndex: 'title',
      key: 'title',
      render: (title: string, item) => <Link to={`/portal/content/${item.id}`}>{title}</Link>,
    },
    { title: '栏目', dataIndex: 'sectionLabel', key: 'section', width: 110 },
    { title: '状态', key: 'status', width: 200, render: (_, item) => <StatusTag item={item} /> },
    {
      title: '版本',
      key: 'version',
      width: 190,
      render: (_, item) =>
        item.publishedVersion && item.publishedVersion !== item.version
          ? `第 ${item.version} 版（门户显示第 ${item.publishedVersion} 版）`
          : `第 ${item.version} 版`,
    },
    {
      title: '发布时间',
      dataIndex: 'firstPublishedAt',
      key: 'firstPublishedAt',
      width: 180,
      render: (v: string | null) => <span className="gx-nowrap">{v ? formatInstant(v) : '—'}</span>,
    },
    {
      title: '最近修改',
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      width: 180,
      render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
  ]

  return (
    <Page
      title="门户内容"
      description="门户「政策法规」「新闻动态」「典型案例」「通知公告」栏目的文章。保存的每次修改都是一个版本；发布后门户显示所发布的版本，撤下后门户不再显示。"
      extra={
        <Space>
          <Button icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/portal/content/new')}>
            新建内容
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      <div className="gx-toolbar">
        <Space wrap>
          <Select
            aria-label="栏目"
            value={section}
            onChange={(v: string) => set({ section: v, page: '' })}
            options={[{ value: '', label: '全部栏目' }, ...sections]}
            style={{ width: 140 }}
          />
          <Select
            aria-label="状态"
            value={status}
            onChange={(v: string) => set({ status: v, page: '' })}
            options={[{ value: '', label: '全部状态' }, ...statuses.map((s) => ({ value: s.value, label: s.label }))]}
            style={{ width: 140 }}
          />
          <Input.Search
            aria-label="按标题查找"
            placeholder="标题中的文字"
            defaultValue={q}
            allowClear
            onSearch={(v) => set({ q: v.trim(), page: '' })}
            style={{ width: 260 }}
          />
        </Space>
      </div>
      <Table<ContentSummaryJson>
        rowKey="id"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 篇`,
          onChange: (p, size) => {
            if (size !== pageSize) setPageSize(size)
            set({ page: p === 1 ? '' : String(p) })
          },
        }}
      />
    </Page>
  )
}

interface ArticleForm {
  section: string
  title: string
  source?: string
  summary?: string
  body: string
  note?: string
}

function Preview({ body }: { body: string }) {
  const [html, setHtml] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    const controller = new AbortController()
    api<{ html: string }>('/api/v1/content/preview', { method: 'POST', body: { body }, signal: controller.signal })
      .then((r) => setHtml(r.html))
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setProblem(errorMessage(e))
      })
    return () => controller.abort()
  }, [body])
  if (problem) return <Alert type="error" showIcon title={problem} />
  // the server's rendering (raw HTML shown as text, only safe links, no images): what the portal will show
  return (
    <div
      className="gx-article-preview"
      data-testid="content-preview"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server (content.markdown.ts)
      dangerouslySetInnerHTML={{ __html: html ?? '' }}
    />
  )
}

/** New article, or one article: edit (a new version), publish a version, take it down, the version history. */
export function ContentEditPage() {
  const { id = 'new' } = useParams()
  const isNew = id === 'new'
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const version = Number(params.get('version') ?? '') || undefined
  const [form] = Form.useForm<ArticleForm>()
  const [tab, setTab] = useState('edit')
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [unpublishing, setUnpublishing] = useState(false)
  const [reason, setReason] = useState('')
  const [detail, setDetail] = useState<ContentDetailJson | null>(null)
  const { modal } = App.useApp()
  const { data, error, loading } = useRequest(
    (signal) =>
      isNew
        ? Promise.resolve(null)
        : api<ContentDetailJson>(`/api/v1/content/${encodeURIComponent(id)}`, {
            signal,
            query: version ? { version } : {},
          }),
    [id, version],
  )
  useEffect(() => {
    if (data === undefined) return
    setDetail(data)
  }, [data])
  useEffect(() => {
    if (!detail) {
      if (isNew) form.setFieldsValue({ section: params.get('section') ?? 'news' })
      return
    }
    const c = detail.current
    form.setFieldsValue({
      section: detail.section,
      title: c.title,
      source: c.source ?? '',
      summary: c.summary ?? '',
      body: c.body,
      note: '',
    })
    setBody(c.body)
  }, [detail, form, isNew, params])

  const viewing = detail?.current.version
  const newest = detail?.version
  const oldVersion = detail && viewing !== newest

  const save = async () => {
    const v = await form.validateFields()
    setBusy(true)
    setProblem(null)
    setNotice(null)
    try {
      const payload = {
        title: v.title,
        summary: v.summary?.trim() || null,
        source: v.source?.trim() || null,
        body: v.body,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      }
      if (isNew) {
        const created = await api<ContentDetailJson>('/api/v1/content', {
          method: 'POST',
          body: { section: v.section, ...payload },
        })
        navigate(`/portal/content/${created.id}`, { replace: true })
        setNotice('已保存为草稿（第 1 版）。发布后门户才会显示。')
      } else if (detail) {
        const saved = await api<ContentDetailJson>(`/api/v1/content/${encodeURIComponent(detail.id)}`, {
          method: 'PUT',
          body: { version: detail.version, section: v.section, ...payload },
        })
        setDetail(saved)
        setParams({}, { replace: true })
        setNotice(
          saved.status === 'published'
            ? `已保存第 ${saved.version} 版。门户仍显示第 ${saved.publishedVersion} 版，发布后显示新版本。`
            : `已保存第 ${saved.version} 版。`,
        )
      }
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const publish = (target: number) => {
    if (!detail) return
    modal.confirm({
      title: `发布第 ${target} 版？`,
      content:
        detail.status === 'published'
          ? `门户将改为显示第 ${target} 版（现在显示第 ${detail.publishedVersion} 版），发布日期不变。`
          : `门户「${detail.sectionLabel}」栏目将显示这篇内容${detail.firstPublishedAt ? '（发布日期不变）' : '，发布日期为今天'}。`,
      okText: '发布',
      cancelText: '取消',
      onOk: async () => {
        setProblem(null)
        try {
          const r = await api<ContentDetailJson>(`/api/v1/content/${encodeURIComponent(detail.id)}/publish`, {
            method: 'POST',
            body: { version: target },
          })
          setDetail(r)
          setParams({}, { replace: true })
          setNotice(`已发布第 ${target} 版，门户「${r.sectionLabel}」栏目现在显示这一版。`)
        } catch (e) {
          setProblem(errorMessage(e))
        }
      },
    })
  }

  const unpublish = async () => {
    if (!detail) return
    setBusy(true)
    setProblem(null)
    try {
      const r = await api<ContentDetailJson>(`/api/v1/content/${encodeURIComponent(detail.id)}/unpublish`, {
        method: 'POST',
        body: { reason: reason.trim() },
      })
      setDetail(r)
      setUnpublishing(false)
      setReason('')
      setNotice('已从门户撤下。内容和全部版本仍保留，可再次发布。')
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const versionColumns: TableColumnsType<ContentVersionSummaryJson> = [
    {
      title: '版本',
      dataIndex: 'version',
      key: 'version',
      width: 170,
      render: (v: number, row) => (
        <Space size={4}>
          第 {v} 版{row.live ? <Tag color="green">门户显示中</Tag> : null}
        </Space>
      ),
    },
    { title: '标题', dataIndex: 'title', key: 'title' },
    { title: '修改说明', dataIndex: 'note', key: 'note', width: 200, render: (v: string | null) => v ?? '—' },
    {
      title: '保存人',
      key: 'actor',
      width: 140,
      render: (_, row) => row.actor.name ?? (row.actor.kind === 'system' ? '系统' : '—'),
    },
    {
      title: '保存时间',
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      render: (v: string) => <span className="gx-nowrap">{formatInstant(v)}</span>,
    },
    {
      title: '发布时间',
      dataIndex: 'publishedAt',
      key: 'publishedAt',
      width: 170,
      render: (v: string | null) => <span className="gx-nowrap">{v ? formatInstant(v) : '—'}</span>,
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setParams({ version: String(row.version) })}>
            查看
          </Button>
          {row.live ? null : (
            <Button type="link" size="small" onClick={() => publish(row.version)}>
              发布此版本
            </Button>
          )}
        </Space>
      ),
    },
  ]

  const sectionPath = sections.find((s) => s.value === detail?.section)?.path
  return (
    <Page
      title={isNew ? '新建内容' : (detail?.current.title ?? '门户内容')}
      description={
        detail ? (
          <Space wrap>
            <StatusTag item={detail} />
            <span>
              {detail.sectionLabel} · 第 {detail.version} 版
              {detail.publishedVersion ? `，门户显示第 ${detail.publishedVersion} 版` : ''}
            </span>
            {detail.status === 'published' && sectionPath ? (
              <a href={`/articles/${detail.id}`} target="_blank" rel="noreferrer">
                在门户查看
              </a>
            ) : null}
          </Space>
        ) : (
          '正文使用 Markdown：## 小标题、- 列表、**加粗**、[链接文字](https://...)、表格；不支持 HTML 和图片。保存后为草稿，发布后门户才显示。'
        )
      }
      extra={
        <Space wrap>
          <Button onClick={() => navigate('/portal/content')}>返回列表</Button>
          {detail && !oldVersion ? (
            <Button onClick={() => publish(detail.version)} disabled={detail.publishedVersion === detail.version}>
              发布第 {detail.version} 版
            </Button>
          ) : null}
          {detail?.status === 'published' ? (
            <Button danger onClick={() => setUnpublishing(true)}>
              撤下
            </Button>
          ) : null}
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} className="gx-block" /> : null}
      {problem ? <Alert type="error" showIcon title={problem} className="gx-block" role="alert" /> : null}
      {notice ? (
        <Alert type="success" showIcon closable title={notice} className="gx-block" onClose={() => setNotice(null)} />
      ) : null}
      {oldVersion ? (
        <Alert
          type="info"
          showIcon
          className="gx-block"
          title={`正在查看第 ${viewing} 版（最新为第 ${newest} 版）。在此基础上保存会成为第 ${(newest ?? 0) + 1} 版。`}
          action={
            <Space>
              {detail?.current.live ? null : (
                <Button size="small" onClick={() => viewing && publish(viewing)}>
                  发布此版本
                </Button>
              )}
              <Button size="small" onClick={() => setParams({})}>
                回到最新版本
              </Button>
            </Space>
          }
        />
      ) : null}
      <Form<ArticleForm>
        form={form}
        layout="vertical"
        disabled={loading && !isNew}
        onValuesChange={(changed) => {
          if (typeof changed.body === 'string') setBody(changed.body)
        }}
      >
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item name="section" label="栏目" rules={[{ required: true, message: '请选择栏目' }]}>
            <Select options={sections} style={{ width: 160 }} aria-label="栏目" />
          </Form.Item>
          <Form.Item name="source" label="来源" style={{ minWidth: 280 }}>
            <Input maxLength={60} placeholder="如：市发展改革委" />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label="标题"
          rules={[
            { required: true, whitespace: true, message: '请填写标题' },
            { max: 120, message: '标题最多 120 个字' },
          ]}
        >
          <Input maxLength={120} showCount />
        </Form.Item>
        <Form.Item name="summary" label="摘要" extra="可不填：门户列表显示正文开头。">
          <Input.TextArea maxLength={300} showCount autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'edit',
              label: '正文（Markdown）',
              forceRender: true,
              children: (
                <Form.Item
                  name="body"
                  label="正文"
                  rules={[{ required: true, whitespace: true, message: '请填写正文' }]}
                >
                  <Input.TextArea autoSize={{ minRows: 12, maxRows: 30 }} maxLength={100_000} />
                </Form.Item>
              ),
            },
            { key: 'preview', label: '预览', children: tab === 'preview' ? <Preview body={body} /> : null },
          ]}
        />
        <Form.Item name="note" label="修改说明" extra="记入版本历史，如「补充申请材料」。">
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" onClick={() => void save()} loading={busy}>
          {isNew ? '保存草稿' : '保存为新版本'}
        </Button>
      </Form>
      {detail ? (
        <section className="gx-block-top" aria-labelledby="gx-content-history">
          <h2 id="gx-content-history" className="gx-section-heading">
            版本历史
          </h2>
          <Table<ContentVersionSummaryJson>
            rowKey="version"
            columns={versionColumns}
            dataSource={detail.versions}
            size="small"
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="content-versions"
          />
        </section>
      ) : null}
      <Modal
        title="从门户撤下"
        open={unpublishing}
        okText="撤下"
        okButtonProps={{ danger: true, loading: busy, disabled: reason.trim().length < 2 }}
        cancelText="取消"
        onOk={() => void unpublish()}
        onCancel={() => setUnpublishing(false)}
      >
        <p>
          撤下后门户不再显示「{detail?.current.title}」（第 {detail?.publishedVersion}{' '}
          版）；内容和全部版本保留，可再次发布。 撤下原因记入审计日志。
        </p>
        <label htmlFor="gx-unpublish-reason">撤下原因</label>
        <Input.TextArea
          id="gx-unpublish-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          autoSize={{ minRows: 2 }}
        />
      </Modal>
    </Page>
  )
}
