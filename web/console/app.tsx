import { lazy, Suspense } from 'react'
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react'
import { Button, Result, Spin } from 'antd'
import { Navigate, Route, Routes, useLocation } from 'react-router-dom'
import { useAuth } from './auth.js'
import { ConsoleLayout } from './layout.js'
import { allNavItems, canSee } from './nav.js'
import type { ConsoleNavItem } from './nav.js'
import { ForbiddenPage, NotFoundPage } from './pages/status-pages.js'
import { LoginPage } from './pages/login.js'
import { HomePage } from './pages/home.js'

// Built pages load on demand (antd Table and friends stay out of the login page's bundle).
const builtPages: Readonly<Record<string, LazyExoticComponent<ComponentType>>> = {
  'lists-red': lazy(() => import('./pages/lists/list-pages.js').then((m) => ({ default: m.RedListPage }))),
  'lists-black': lazy(() => import('./pages/lists/list-pages.js').then((m) => ({ default: m.BlackListPage }))),
  'lists-focus': lazy(() => import('./pages/lists/list-pages.js').then((m) => ({ default: m.FocusListPage }))),
  'lists-sme': lazy(() => import('./pages/sme/sme.js').then((m) => ({ default: m.SmeListPage }))),
  'system-users': lazy(() => import('./pages/system/users.js').then((m) => ({ default: m.UsersPage }))),
  'system-keys': lazy(() => import('./pages/system/keys.js').then((m) => ({ default: m.ApiKeysPage }))),
  'system-departments': lazy(() => import('./pages/departments.js').then((m) => ({ default: m.DepartmentsPage }))),
  'system-peers': lazy(() => import('./pages/system/peers.js').then((m) => ({ default: m.PeersPage }))),
  'checks-share': lazy(() => import('./pages/sharing/share-query.js').then((m) => ({ default: m.ShareQueryPage }))),
  'checks-watches': lazy(() => import('./pages/sharing/watches.js').then((m) => ({ default: m.WatchesPage }))),
  'system-agencies': lazy(() => import('./pages/system/agencies.js').then((m) => ({ default: m.AgenciesPage }))),
  'entities-lookup': lazy(() => import('./pages/entity-lookup.js').then((m) => ({ default: m.EntityLookupPage }))),
  'entities-unmatched': lazy(() =>
    import('./pages/entities/unmatched.js').then((m) => ({ default: m.UnmatchedQueuePage })),
  ),
  'entities-subjects': lazy(() =>
    import('./pages/entities/subject-accounts.js').then((m) => ({ default: m.SubjectAccountsPage })),
  ),
  'audit-events': lazy(() => import('./pages/audit-events.js').then((m) => ({ default: m.AuditEventsPage }))),
  'audit-verify': lazy(() => import('./pages/audit-verify.js').then((m) => ({ default: m.AuditVerifyPage }))),
  'ingest-upload': lazy(() => import('./pages/collection/upload.js').then((m) => ({ default: m.UploadPage }))),
  'ingest-batches': lazy(() => import('./pages/collection/batches.js').then((m) => ({ default: m.BatchesPage }))),
  'ingest-records': lazy(() => import('./pages/records/search.js').then((m) => ({ default: m.RecordSearchPage }))),
  'ingest-quality': lazy(() => import('./pages/collection/quality.js').then((m) => ({ default: m.QualityPage }))),
  'catalog-classes': lazy(() => import('./pages/catalog/classes.js').then((m) => ({ default: m.CatalogClassesPage }))),
  'catalog-periods': lazy(() =>
    import('./pages/catalog/periods.js').then((m) => ({ default: m.PublicationRulesPage })),
  ),
  'catalog-calendar': lazy(() => import('./pages/calendar/calendar.js').then((m) => ({ default: m.CalendarPage }))),
  'checks-commitments': lazy(() =>
    import('./pages/commitments/commitments.js').then((m) => ({ default: m.CommitmentsPage })),
  ),
  'checks-inspections': lazy(() =>
    import('./pages/inspections/inspections.js').then((m) => ({ default: m.InspectionsPage })),
  ),
  'checks-review': lazy(() => import('./pages/commitments/review.js').then((m) => ({ default: m.CreditReviewPage }))),
  'checks-single': lazy(() => import('./pages/checks/single.js').then((m) => ({ default: m.CheckSinglePage }))),
  'checks-compare': lazy(() => import('./pages/checks/compare.js').then((m) => ({ default: m.ComparePage }))),
  'checks-batch': lazy(() => import('./pages/checks/batch.js').then((m) => ({ default: m.CheckBatchPage }))),
  'checks-feedback': lazy(() => import('./pages/checks/feedback.js').then((m) => ({ default: m.CheckFeedbackPage }))),
  'catalog-measures': lazy(() => import('./pages/measures/measures.js').then((m) => ({ default: m.MeasuresPage }))),
  'rights-objections': lazy(() => import('./pages/rights/queues.js').then((m) => ({ default: m.ObjectionQueuePage }))),
  'rights-repairs': lazy(() => import('./pages/rights/queues.js').then((m) => ({ default: m.RepairQueuePage }))),
  'rights-tips': lazy(() => import('./pages/rights/queues.js').then((m) => ({ default: m.TipQueuePage }))),
  'rights-list-exits': lazy(() =>
    import('./pages/rights/list-exits.js').then((m) => ({ default: m.ListExitQueuePage })),
  ),
  'catalog-deadlines': lazy(() => import('./pages/deadlines/deadlines.js').then((m) => ({ default: m.DeadlinesPage }))),
  'system-outbox': lazy(() => import('./pages/outbox/outbox.js').then((m) => ({ default: m.OutboxPage }))),
  'system-inbox': lazy(() => import('./pages/inbox/inbox.js').then((m) => ({ default: m.InboxPage }))),
  'stats-ingest': lazy(() => import('./pages/stats/ingest.js').then((m) => ({ default: m.IngestStatsPage }))),
  'stats-units': lazy(() => import('./pages/stats/units.js').then((m) => ({ default: m.UnitStatsPage }))),
  'reports-issue': lazy(() => import('./pages/reports/issue.js').then((m) => ({ default: m.ReportIssuePage }))),
  'reports-list': lazy(() => import('./pages/reports/list.js').then((m) => ({ default: m.ReportListPage }))),
  'reports-batch': lazy(() => import('./pages/reports/batch.js').then((m) => ({ default: m.ReportBatchPage }))),
  'audit-proofs': lazy(() => import('./pages/audit-proofs.js').then((m) => ({ default: m.AuditProofsPage }))),
  'stats-checks': lazy(() => import('./pages/checks/stats.js').then((m) => ({ default: m.CheckStatsPage }))),
  'catalog-grading': lazy(() => import('./pages/grading/models.js').then((m) => ({ default: m.GradingModelsPage }))),
  'stats-grades': lazy(() =>
    import('./pages/grading/distribution.js').then((m) => ({ default: m.GradeDistributionPage })),
  ),
  'portal-content': lazy(() => import('./pages/content/content.js').then((m) => ({ default: m.ContentListPage }))),
}

/** Pages below a nav item or outside the menu: a path (below /console) and the roles that may open it. */
const subPages: readonly { path: string; roles: readonly string[]; Page: LazyExoticComponent<ComponentType> }[] = [
  {
    path: 'catalog/classes/:code',
    roles: allNavItems().find((item) => item.key === 'catalog-classes')?.roles ?? [],
    Page: lazy(() => import('./pages/catalog/class-detail.js').then((m) => ({ default: m.CatalogClassDetailPage }))),
  },
  {
    path: 'catalog/measures/:code',
    roles: allNavItems().find((item) => item.key === 'catalog-measures')?.roles ?? [],
    Page: lazy(() => import('./pages/measures/measure-detail.js').then((m) => ({ default: m.MeasureDetailPage }))),
  },
  {
    path: 'catalog/deadlines/:code',
    roles: allNavItems().find((item) => item.key === 'catalog-deadlines')?.roles ?? [],
    Page: lazy(() => import('./pages/deadlines/deadlines.js').then((m) => ({ default: m.DeadlineDetailPage }))),
  },
  {
    // check.run or check.feedback (the department's own checks)
    path: 'checks/receipts/:id',
    roles: allNavItems().find((item) => item.key === 'checks-single')?.roles ?? [],
    Page: lazy(() => import('./pages/checks/receipt.js').then((m) => ({ default: m.CheckReceiptPage }))),
  },
  {
    // objection.review, or the providing department (record.correct) on the cases forwarded to it
    path: 'rights/objections/:id',
    roles: allNavItems().find((item) => item.key === 'rights-objections')?.roles ?? [],
    Page: lazy(() => import('./pages/rights/objection.js').then((m) => ({ default: m.ObjectionCasePage }))),
  },
  {
    // the routing table: tip.review or tip.handle read it, operators change it
    path: 'rights/tips/routing',
    roles: allNavItems().find((item) => item.key === 'rights-tips')?.roles ?? [],
    Page: lazy(() => import('./pages/rights/tip-routing.js').then((m) => ({ default: m.TipRoutingPage }))),
  },
  {
    // tip.review (the credit office) or tip.handle (the handling department)
    path: 'rights/tips/:id',
    roles: allNavItems().find((item) => item.key === 'rights-tips')?.roles ?? [],
    Page: lazy(() => import('./pages/rights/tip.js').then((m) => ({ default: m.TipCasePage }))),
  },
  {
    // the repair queue's case page (the server decides who sees which case)
    path: 'rights/repairs/:id',
    roles: allNavItems().find((item) => item.key === 'rights-repairs')?.roles ?? [],
    Page: lazy(() => import('./pages/rights/repair-case.js').then((m) => ({ default: m.RepairCasePage }))),
  },
  {
    path: 'rights/list-exits/:id',
    roles: allNavItems().find((item) => item.key === 'rights-list-exits')?.roles ?? [],
    Page: lazy(() => import('./pages/rights/list-exits.js').then((m) => ({ default: m.ListExitCasePage }))),
  },
  {
    // content.write: new (id "new") or one article
    path: 'portal/content/:id',
    roles: allNavItems().find((item) => item.key === 'portal-content')?.roles ?? [],
    Page: lazy(() => import('./pages/content/content.js').then((m) => ({ default: m.ContentEditPage }))),
  },
  {
    path: 'catalog/grading/:code',
    roles: allNavItems().find((item) => item.key === 'catalog-grading')?.roles ?? [],
    Page: lazy(() => import('./pages/grading/model-detail.js').then((m) => ({ default: m.GradingModelPage }))),
  },
  {
    // 一户一档: entity.read (the sections follow the reader's permissions, decided by the server)
    path: 'entities/:id',
    roles: allNavItems().find((item) => item.key === 'entities-lookup')?.roles ?? [],
    Page: lazy(() => import('./pages/entities/entity.js').then((m) => ({ default: m.EntityPage }))),
  },
  {
    // record.read; providers (record.correct) their own department's records
    path: 'records/:id',
    roles: ['operator', 'consumer', 'provider'],
    Page: lazy(() => import('./pages/records/record.js').then((m) => ({ default: m.RecordPage }))),
  },
]

export function FullPageSpin() {
  return (
    <div className="gx-fullpage" role="status" aria-live="polite">
      <Spin size="large" description="正在加载…" />
    </div>
  )
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { state, refresh } = useAuth()
  const location = useLocation()
  if (state.status === 'loading') return <FullPageSpin />
  if (state.status === 'error') {
    return (
      <main className="gx-fullpage">
        <Result
          status="warning"
          title="无法连接服务器"
          subTitle={`${state.message} 请检查网络后重试。`}
          extra={
            <Button type="primary" onClick={() => void refresh()}>
              重试
            </Button>
          }
        />
      </main>
    )
  }
  if (state.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />
  }
  return <>{children}</>
}

function NavPage({ item }: { item: ConsoleNavItem }) {
  const { state } = useAuth()
  if (state.status !== 'authenticated') return null
  if (!canSee(item, state.user.role)) return <ForbiddenPage />
  const Page = builtPages[item.key]
  if (!Page) return <NotFoundPage />
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Page />
    </Suspense>
  )
}

function SubPage({ roles, Page }: { roles: readonly string[]; Page: LazyExoticComponent<ComponentType> }) {
  const { state } = useAuth()
  if (state.status !== 'authenticated') return null
  if (!roles.includes(state.user.role)) return <ForbiddenPage />
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Page />
    </Suspense>
  )
}

export function ConsoleApp() {
  return (
    <Routes>
      <Route path="login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <ConsoleLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        {allNavItems().map((item) => (
          <Route key={item.key} path={item.path.slice(1)} element={<NavPage item={item} />} />
        ))}
        {subPages.map(({ path, roles, Page }) => (
          <Route key={path} path={path} element={<SubPage roles={roles} Page={Page} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
