import { lazy, Suspense, type ReactNode } from 'react'
import { Route, Routes } from 'react-router-dom'
import { PortalLayout } from './layout.js'
import { contentSections } from './nav.js'
import { HomePage } from './pages/home.js'
import { NotFoundPage } from './pages/not-found.js'

// Pages past the home page load on first visit, so the home page's first load stays small.
const SearchPage = lazy(() => import('./pages/search.js'))
const EntityPage = lazy(() => import('./pages/entity.js'))
const RecordPage = lazy(() => import('./pages/record.js'))
const ListsPage = lazy(() => import('./pages/lists.js'))
const ListPage = lazy(() => import('./pages/list.js'))
const HelpPage = lazy(() => import('./pages/help.js'))
const ActivatePage = lazy(() => import('./pages/account.js').then((m) => ({ default: m.ActivatePage })))
const SubjectLoginPage = lazy(() => import('./pages/account.js').then((m) => ({ default: m.SubjectLoginPage })))
const MyCreditPage = lazy(() => import('./pages/my-credit.js').then((m) => ({ default: m.MyCreditPage })))
const TipFormPage = lazy(() => import('./pages/tips.js').then((m) => ({ default: m.TipFormPage })))
const TipStatusPage = lazy(() => import('./pages/tips.js').then((m) => ({ default: m.TipStatusPage })))
const MyFilePage = lazy(() => import('./pages/me/file.js'))
const MyAccessLogPage = lazy(() => import('./pages/me/access-log.js'))
const MyCasesPage = lazy(() => import('./pages/me/cases.js'))
const MyInboxPage = lazy(() => import('./pages/me/inbox.js'))
const RepairGuidePage = lazy(() => import('./pages/rights.js').then((m) => ({ default: m.RepairGuidePage })))
const ObjectionGuidePage = lazy(() => import('./pages/rights.js').then((m) => ({ default: m.ObjectionGuidePage })))
const ObjectionApplyPage = lazy(() => import('./pages/objection-apply.js'))
const RepairApplyPage = lazy(() => import('./pages/repair-apply.js'))
const VerifyPage = lazy(() => import('./pages/verify.js'))
const ReportsGuidePage = lazy(() => import('./pages/reports-guide.js'))
const MyReportsPage = lazy(() => import('./pages/me/reports.js'))
const MyAuthorizationsPage = lazy(() => import('./pages/me/authorizations.js'))
const ListExitApplyPage = lazy(() => import('./pages/list-exit-apply.js'))
const PublicityPage = lazy(() => import('./pages/publicity.js'))
const ContentListPage = lazy(() => import('./pages/content.js').then((m) => ({ default: m.ContentListPage })))
const ArticlePage = lazy(() => import('./pages/content.js').then((m) => ({ default: m.ArticlePage })))
const AboutPage = lazy(() => import('./pages/about.js'))
const InspectionsPage = lazy(() => import('./pages/inspections.js').then((m) => ({ default: m.InspectionsPage })))
const InspectionPlanPage = lazy(() => import('./pages/inspections.js').then((m) => ({ default: m.InspectionPlanPage })))

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="gx-container gx-page gx-loading" aria-busy="true" />}>{children}</Suspense>
}

export function PortalApp() {
  return (
    <Routes>
      <Route element={<PortalLayout />}>
        <Route index element={<HomePage />} />
        <Route
          path="search"
          element={
            <Page>
              <SearchPage />
            </Page>
          }
        />
        <Route
          path="entities/:id"
          element={
            <Page>
              <EntityPage />
            </Page>
          }
        />
        <Route
          path="records/:id"
          element={
            <Page>
              <RecordPage />
            </Page>
          }
        />
        <Route
          path="lists"
          element={
            <Page>
              <ListsPage />
            </Page>
          }
        />
        <Route
          path="lists/:class"
          element={
            <Page>
              <ListPage />
            </Page>
          }
        />
        <Route
          path="help/:topic?"
          element={
            <Page>
              <HelpPage />
            </Page>
          }
        />
        <Route
          path="objection"
          element={
            <Page>
              <ObjectionGuidePage />
            </Page>
          }
        />
        <Route
          path="objection/apply"
          element={
            <Page>
              <ObjectionApplyPage />
            </Page>
          }
        />
        <Route
          path="my/cases"
          element={
            <Page>
              <MyCasesPage />
            </Page>
          }
        />
        <Route
          path="list-exit/apply/:id"
          element={
            <Page>
              <ListExitApplyPage />
            </Page>
          }
        />
        <Route
          path="repair/apply/:id"
          element={
            <Page>
              <RepairApplyPage />
            </Page>
          }
        />
        <Route
          path="repair"
          element={
            <Page>
              <RepairGuidePage />
            </Page>
          }
        />
        <Route
          path="account/activate"
          element={
            <Page>
              <ActivatePage />
            </Page>
          }
        />
        <Route
          path="account/login"
          element={
            <Page>
              <SubjectLoginPage />
            </Page>
          }
        />
        <Route
          path="my"
          element={
            <Page>
              <MyCreditPage />
            </Page>
          }
        />
        <Route
          path="tips"
          element={
            <Page>
              <TipFormPage />
            </Page>
          }
        />
        <Route
          path="tips/status"
          element={
            <Page>
              <TipStatusPage />
            </Page>
          }
        />
        <Route
          path="my/file"
          element={
            <Page>
              <MyFilePage />
            </Page>
          }
        />
        <Route
          path="my/access-log"
          element={
            <Page>
              <MyAccessLogPage />
            </Page>
          }
        />
        <Route
          path="my/inbox"
          element={
            <Page>
              <MyInboxPage />
            </Page>
          }
        />
        <Route
          path="inspections"
          element={
            <Page>
              <InspectionsPage />
            </Page>
          }
        />
        <Route
          path="inspections/:id"
          element={
            <Page>
              <InspectionPlanPage />
            </Page>
          }
        />
        <Route
          path="report"
          element={
            <Page>
              <ReportsGuidePage />
            </Page>
          }
        />
        <Route
          path="verify"
          element={
            <Page>
              <VerifyPage />
            </Page>
          }
        />
        <Route
          path="my/reports"
          element={
            <Page>
              <MyReportsPage />
            </Page>
          }
        />
        <Route
          path="my/authorizations"
          element={
            <Page>
              <MyAuthorizationsPage />
            </Page>
          }
        />
        <Route
          path="publicity"
          element={
            <Page>
              <PublicityPage />
            </Page>
          }
        />
        {contentSections.map((s) => (
          <Route
            key={s.code}
            path={s.path.slice(1)}
            element={
              <Page>
                <ContentListPage section={s.code} />
              </Page>
            }
          />
        ))}
        <Route
          path="articles/:id"
          element={
            <Page>
              <ArticlePage />
            </Page>
          }
        />
        <Route
          path="about"
          element={
            <Page>
              <AboutPage />
            </Page>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
